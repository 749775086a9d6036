"""In-app notifications: stored, counted, and pushed live over Socket.IO to the member's room.

Features call `notify()` inside their transaction and `push_unread_counts()` after committing, so a
browser never hears of a notification the database does not have.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from core.timeutil import UTCDateTime, utcnow
from extensions import db, socketio

KINDS = {"reply": _l("Replies in threads I watch"), "mention": _l("Mentions of me"),
         "quote": _l("Quotes of my posts"), "reaction": _l("Reactions to my posts"),
         "moderation": _l("Moderator actions on my posts"),
         "new_thread": _l("New threads in categories I watch"),
         "event_reminder": _l("Reminders a day and an hour before events I am going to"),
         "suggestion": _l("Staff decisions on my book suggestions"),
         "group_request": _l("Requests to join reading groups I facilitate"),
         "group_milestone": _l("New milestone discussions in my reading groups")}
WARNING = "warning"  # a moderator's warning: always delivered, so not in KINDS (which members may turn off)
EVENT_SEAT = "event_seat"  # a seat freed up and the member left the waitlist: always delivered
EVENT_CANCELLED = "event_cancelled"  # always delivered
GROUP_INVITED = "group_invited"  # an invitation to a reading group: always delivered
GROUP_APPROVED = "group_approved"  # a request to join was approved: always delivered
NAMESPACE = "/live"


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (db.Index("ix_notifications_inbox", "user_id", "read_at", "id"),)

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    kind = db.Column(db.String(20), nullable=False)  # a key of KINDS, or WARNING
    actor_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    post_id = db.Column(db.Integer, db.ForeignKey("forum_posts.id"), nullable=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id"), nullable=True)
    group_id = db.Column(db.Integer, db.ForeignKey("reading_groups.id"), nullable=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    read_at = db.Column(UTCDateTime, nullable=True)
    message = db.Column(db.String(500), nullable=False, default="", server_default="")  # staff's words, if any

    actor = db.relationship("User", foreign_keys=[actor_id])
    post = db.relationship("Post")
    event = db.relationship("Event")
    group = db.relationship("ReadingGroup")


def room(user_id: int) -> str:
    return f"user:{user_id}"


def notify(recipients: dict, actor, post=None, message: str = "", event=None, group=None) -> set[int]:
    """{user: kind} -> stored notifications, skipping the actor and kinds a member turned off.
    `actor` is None for what the site itself sends (event reminders)."""
    notified = set()
    for user, kind in recipients.items():
        if (actor and user.id == actor.id) or kind in (user.notifications_off or []):
            continue
        db.session.add(Notification(user_id=user.id, kind=kind, actor_id=actor.id if actor else None,
                                    post_id=post.id if post else None, event_id=event.id if event else None,
                                    group_id=group.id if group else None, message=message[:500]))
        notified.add(user.id)
    return notified


def unread_count(user_id: int) -> int:
    return db.session.scalar(db.select(db.func.count(Notification.id))
                             .where(Notification.user_id == user_id, Notification.read_at.is_(None)))


def push_unread_counts(user_ids) -> None:
    for user_id in user_ids:
        socketio.emit("notification_count", {"unread": unread_count(user_id)}, to=room(user_id),
                      namespace=NAMESPACE)


def inbox(user, before_id: int | None = None, limit: int = 30) -> list[Notification]:
    select = (db.select(Notification).options(joinedload(Notification.actor), joinedload(Notification.post),
                                              joinedload(Notification.event), joinedload(Notification.group))
              .where(Notification.user_id == user.id))
    if before_id:
        select = select.where(Notification.id < before_id)
    return db.session.execute(select.order_by(Notification.id.desc()).limit(limit + 1)).scalars().all()


def mark_all_read(user) -> None:
    db.session.execute(db.update(Notification).where(Notification.user_id == user.id,
                                                     Notification.read_at.is_(None)).values(read_at=utcnow()))
    db.session.commit()
    push_unread_counts([user.id])


def set_kinds_off(user, kinds_off: list[str]) -> None:
    user.notifications_off = [kind for kind in kinds_off if kind in KINDS]
    db.session.commit()
