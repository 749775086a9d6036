from core.timeutil import UTCDateTime, utcnow
from extensions import db

PENDING, APPROVED, REJECTED, WITHDRAWN = "pending", "approved", "rejected", "withdrawn"
STATES = (PENDING, APPROVED, REJECTED, WITHDRAWN)
BODY_MAX = 500
ROLE_MAX = 80


class Testimonial(db.Model):
    """A member's few words about the library, plain text. Shown on the home page once staff approve it,
    until staff withdraw it. A member has at most one waiting for staff (a partial unique index)."""
    __tablename__ = "testimonials"
    __table_args__ = (
        db.Index("ix_testimonials_state", "state", "id"),
        db.Index("uq_testimonials_one_pending", "user_id", unique=True,
                 sqlite_where=db.text("state = 'pending'"), postgresql_where=db.text("state = 'pending'")),
    )

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    body = db.Column(db.String(BODY_MAX), nullable=False)
    role_line = db.Column(db.String(ROLE_MAX), nullable=False, default="")  # "Guru SD, pembaca sejarah"
    state = db.Column(db.String(10), nullable=False, default=PENDING)  # one of STATES
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    decided_at = db.Column(UTCDateTime, nullable=True)
    decided_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    staff_note = db.Column(db.String(500), nullable=False, default="")

    author = db.relationship("User", foreign_keys=[user_id])
