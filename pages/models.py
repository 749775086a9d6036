"""The library's own pages (services, how-to guides, digital literacy campaigns) and the announcements on
the home page. Both are written by staff in Markdown; the sanitised HTML is stored beside it."""
from flask_babel import lazy_gettext as _l

from core.timeutil import UTCDateTime, utcnow
from extensions import db

# A page's kind is the section of /pages/ it is listed in, in this order.
KINDS = {"service": _l("Service"), "tutorial": _l("How-to guide"), "campaign": _l("Digital literacy campaign"),
         "other": _l("About the library")}
SECTIONS = {"service": _l("Services"), "tutorial": _l("How-to guides"),
            "campaign": _l("Digital literacy"), "other": _l("About the library")}
ANNOUNCEMENTS_ON_HOME = 3


class Page(db.Model):
    __tablename__ = "pages"
    __table_args__ = (db.Index("ix_pages_listing", "published", "kind", "position"),)

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(80), nullable=False, unique=True)  # the page is at /p/<slug>
    title = db.Column(db.String(150), nullable=False)
    kind = db.Column(db.String(20), nullable=False, default="service")  # a key of KINDS
    summary = db.Column(db.String(300), nullable=False, default="")  # one line under the title in /pages/
    body_md = db.Column(db.Text, nullable=False, default="")
    body_html = db.Column(db.Text, nullable=False, default="")
    published = db.Column(db.Boolean, nullable=False, default=False)  # a draft is seen by staff only
    position = db.Column(db.Integer, nullable=False, default=0)  # order within its section, smallest first
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    updated_by = db.relationship("User", foreign_keys=[updated_by_id])


class Announcement(db.Model):
    """Shown on the home page from `starts_at` (or at once) until `ends_at` (or until staff remove it)."""
    __tablename__ = "announcements"

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(150), nullable=False)
    body_md = db.Column(db.Text, nullable=False, default="")
    body_html = db.Column(db.Text, nullable=False, default="")
    starts_at = db.Column(UTCDateTime, nullable=True)
    ends_at = db.Column(UTCDateTime, nullable=True)
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    def state(self, now) -> str:
        """'scheduled', 'current' or 'ended'."""
        if self.starts_at is not None and self.starts_at > now:
            return "scheduled"
        if self.ends_at is not None and self.ends_at <= now:
            return "ended"
        return "current"
