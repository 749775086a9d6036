"""Photos in members' writing (core/photos.py)."""
from core.timeutil import UTCDateTime, utcnow
from extensions import db


class Photo(db.Model):
    """One uploaded photo, stored as WebP files `<key>-<width>.webp`, one per width in `widths`.

    The key is random (128 bits): a file's name cannot be guessed. A photo belongs to what its Markdown
    (`![alt](upload:<key>)`) was posted in, `owner_kind`/`owner_id` ("post", 12); until then it belongs to
    nobody, only its uploader sees it, and it is removed after a day (`flask media collect`)."""

    __tablename__ = "photos"
    __table_args__ = (db.Index("ix_photos_owner", "owner_kind", "owner_id"),
                      db.Index("ix_photos_unattached", "owner_kind", "created_at"))

    id = db.Column(db.Integer, primary_key=True)
    key = db.Column(db.String(22), nullable=False, unique=True)
    uploader_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    owner_kind = db.Column(db.String(16), nullable=True)
    owner_id = db.Column(db.Integer, nullable=True)
    widths = db.Column(db.String(40), nullable=False)  # "480,960,1600": the stored widths, smallest first
    width = db.Column(db.Integer, nullable=False)  # the largest stored size
    height = db.Column(db.Integer, nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    @property
    def stored_widths(self) -> list[int]:
        return [int(width) for width in self.widths.split(",")]
