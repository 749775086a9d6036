"""The staff audit log: who did what, to what, when and why."""
from extensions import db
from core.timeutil import UTCDateTime, utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id = db.Column(db.Integer, primary_key=True)
    actor_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True, index=True)
    action = db.Column(db.String(60), nullable=False, index=True)
    target_type = db.Column(db.String(40), nullable=False)
    target_id = db.Column(db.Integer, nullable=True)
    details = db.Column(db.String(500), nullable=False, default="")
    reason = db.Column(db.String(500), nullable=False, default="")
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow, index=True)

    actor = db.relationship("User", foreign_keys=[actor_id])


def record(actor, action: str, target_type: str, target_id: int | None,
           details: str = "", reason: str = "") -> AuditEntry:
    """Adds an entry to the current transaction; the caller's commit writes it with the change."""
    entry = AuditEntry(actor_id=actor.id if actor else None, action=action, target_type=target_type,
                       target_id=target_id, details=details[:500], reason=reason[:500])
    db.session.add(entry)
    return entry
