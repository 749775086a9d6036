"""In-app notifications: stored, counted, and pushed live over Socket.IO to the member's room.

Features call `notify()` and then `push_unread_counts()` with whom it told, inside their transaction: the
counts are pushed once the transaction commits, and never if it rolls back (core/oncommit.py), so a
browser never hears of a notification the database does not have.

A notification may point at one thing (a post, an event, a group: its target). Core names no such kind:
each feature registers its own with `register_target()` in its init_app, saying how to load many at once,
where a notification about one leads and what it says.
"""
import secrets
import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from core import outbox
from core.oncommit import call_on_commit
from core.timeutil import UTCDateTime, utcnow
from extensions import db, socketio

KINDS = {"reply": _l("Replies in threads I watch"), "mention": _l("Mentions of me"),
         "quote": _l("Quotes of my posts"), "reaction": _l("Reactions to my posts"),
         "moderation": _l("Moderator actions on my posts"),
         "new_thread": _l("New threads in categories I watch"),
         "event_reminder": _l("Reminders a day and an hour before events I am going to"),
         "suggestion": _l("Staff decisions on my book suggestions"),
         "group_request": _l("Requests to join reading groups I facilitate"),
         "group_milestone": _l("New milestone discussions in my reading groups"),
         "live_open": _l("The live room of an event I am going to opening")}
WARNING = "warning"  # a moderator's warning: always delivered, so not in KINDS (which members may turn off)
EVENT_SEAT = "event_seat"  # a seat freed up and the member left the waitlist: always delivered
EVENT_CANCELLED = "event_cancelled"  # always delivered
GROUP_INVITED = "group_invited"  # an invitation to a reading group: always delivered
GROUP_APPROVED = "group_approved"  # a request to join was approved: always delivered
NAMESPACE = "/live"
DELIVERY_CHANNEL = "notify"  # one outbox message per notify(): the e-mails and pushes it causes

# Beyond the site: e-mail at once, in the daily digest or never, and Web Push, per kind (core/delivery.py).
NOW, DAILY, NEVER = "now", "daily", "never"
EMAIL_CHOICES = {NOW: _l("At once"), DAILY: _l("In a daily digest"), NEVER: _l("Never")}
REACHABLE = {**KINDS, WARNING: _l("Warnings from the moderators"),
             EVENT_SEAT: _l("A seat freed up for me on an event's waitlist"),
             EVENT_CANCELLED: _l("Events I am going to being cancelled"),
             GROUP_INVITED: _l("Invitations to reading groups"), GROUP_APPROVED: _l("My requests to join reading groups")}
EMAIL_DEFAULTS = {"reply": DAILY, "mention": DAILY, "moderation": NOW, WARNING: NOW, EVENT_SEAT: NOW,
                  EVENT_CANCELLED: NOW, "event_reminder": NOW, GROUP_INVITED: DAILY, GROUP_APPROVED: DAILY}
PUSH_KINDS = ("reply", "mention", EVENT_SEAT, "live_open")  # what is worth a buzz on the phone


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (db.Index("ix_notifications_inbox", "user_id", "read_at", "id"),)

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    kind = db.Column(db.String(20), nullable=False)  # a key of KINDS, or WARNING
    actor_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    target_kind = db.Column(db.String(20), nullable=True)  # a key of TARGETS
    target_id = db.Column(db.Integer, nullable=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    read_at = db.Column(UTCDateTime, nullable=True)
    message = db.Column(db.String(500), nullable=False, default="", server_default="")  # staff's words, or what it is about (a milestone's label)

    actor = db.relationship("User", foreign_keys=[actor_id])
    target = None  # the loaded target, set by inbox()


@dataclass(frozen=True)
class TargetKind:
    model: type
    load: Callable[[list[int]], dict]  # ids -> {id: target}, with what url and label read loaded, in one query
    url: Callable[[Notification, object], str]  # (notification, its target) -> where opening it leads
    label: Callable[[Notification, object], str]  # (notification, its target) -> what the inbox says
    heading: Callable[[Notification, object], str]  # what the daily digest groups it under (a thread, an event)
    attachments: Callable[[Notification, object], list] | None  # [(file name, type, bytes)] for its e-mail


TARGETS: dict[str, TargetKind] = {}


def register_target(kind: str, model: type, load, url, label, heading, attachments=None) -> None:
    """A feature's kind of notification target (e.g. "post"); see TargetKind."""
    TARGETS[kind] = TargetKind(model, load, url, label, heading, attachments)


def _kind_of(target) -> str:
    return next(kind for kind, registered in TARGETS.items() if isinstance(target, registered.model))


def room(user_id: int) -> str:
    return f"user:{user_id}"


def notify(recipients: dict[int, str], actor, target=None, message: str = "") -> set[int]:
    """{member id: kind} -> stored notifications, skipping the actor and members who turned that kind off, in
    two statements however many are told. Returns who was told. `actor` is None for what the site itself
    sends (event reminders); `target`, if any, is of a registered kind."""
    actor_id = actor.id if actor else None  # once: the actor is often current_user, a proxy
    recipients = {user_id: kind for user_id, kind in recipients.items() if user_id != actor_id}
    if not recipients:
        return set()
    users, phones = db.metadata.tables["users"], db.metadata.tables["push_subscriptions"]
    has_phone = db.exists().where(phones.c.user_id == users.c.id)
    choices = {user_id: (kinds_off or [], email or {}, (push_off or []) if phone else PUSH_KINDS)
               for user_id, kinds_off, email, push_off, phone in db.session.execute(
                   db.select(users.c.id, users.c.notifications_off, users.c.notification_email,
                             users.c.notification_push_off, has_phone).where(users.c.id.in_(recipients)))}
    common = {"actor_id": actor_id, "target_kind": _kind_of(target) if target else None,
              "target_id": target.id if target else None, "message": message[:500], "created_at": utcnow(),
              "read_at": None}
    rows = [{**common, "user_id": user_id, "kind": kind} for user_id, kind in recipients.items()
            if user_id in choices and kind not in choices[user_id][0]]
    if rows:
        db.session.execute(db.insert(Notification.__table__), rows)
        _reach_beyond_the_site({row["user_id"]: row["kind"] for row in rows}, choices, common)
    return {row["user_id"] for row in rows}


def email_choice(email_choices: dict, kind: str) -> str:
    return email_choices.get(kind) or EMAIL_DEFAULTS.get(kind, NEVER)


def wants_push(push_off: list, kind: str) -> bool:
    return kind in PUSH_KINDS and kind not in push_off


def _reach_beyond_the_site(told: dict[int, str], choices: dict, common: dict) -> None:
    """Those who want this at once by e-mail or on their phone: one outbox message for all of them, which the
    deliverer turns into their e-mails and pushes (core/delivery.py), so the request pays one INSERT."""
    reached = {user_id: kind for user_id, kind in told.items()
               if email_choice(choices[user_id][1], kind) == NOW or wants_push(choices[user_id][2], kind)}
    if reached:
        payload = {**common, "created_at": common["created_at"].isoformat(), "told": reached}
        outbox.enqueue(DELIVERY_CHANNEL, f"{len(reached)}", payload, f"notify-{secrets.token_hex(12)}")




UNREAD_SHOWN = 99  # the bell says "99+" beyond this, so counting one member's unread reads at most 100 rows


def _unread_count_of(user_id):
    """The member's unread count, up to UNREAD_SHOWN + 1: a member with thousands unread costs no more."""
    unread = db.select(Notification.id).where(Notification.user_id == user_id, Notification.read_at.is_(None)) \
        .limit(UNREAD_SHOWN + 1).correlate_except(Notification)
    return db.select(db.func.count()).select_from(unread.subquery()).scalar_subquery()


UNREAD_COUNT = db.select(_unread_count_of(db.bindparam("user_id")))  # built once: every member's page asks


def unread_count(user_id: int) -> int:
    return db.session.scalar(UNREAD_COUNT, {"user_id": user_id})


def unread_counts(user_ids) -> dict[int, int]:
    """{member: unread (capped as above)} for many members in one query."""
    users = db.metadata.tables["users"]
    return dict(db.session.execute(db.select(users.c.id, _unread_count_of(users.c.id))
                                   .where(users.c.id.in_(user_ids))).all())


def push_unread_counts(user_ids) -> None:
    """Once the current transaction commits, these members' unread counts reach their open pages shortly
    after, counted together with those of every other write in the meantime, outside the request."""
    if user_ids:
        call_on_commit(current_app.extensions["serambi_unread_pusher"].add, user_ids)


class UnreadCountPusher:
    """Gathers the members whose unread count changed and pushes their counts from a background task: one
    grouped COUNT for all of them, then one emit each. A reply to a thread 200 members watch thus costs the
    request nothing, and 20 replies in a moment cost one count per member, not 20."""

    GATHER_SECONDS = 0.2  # what other writes add meanwhile joins the same count

    def __init__(self, app):
        self.app = app
        self.waiting: set[int] = set()
        self.running = False
        self.lock = threading.Lock()
        self.idle = threading.Event()  # set while nothing waits to be pushed: a test's app ends on it
        self.idle.set()

    def add(self, user_ids) -> None:
        with self.lock:
            self.waiting.update(user_ids)
            if self.running:
                return
            self.running = True
            self.idle.clear()
        socketio.start_background_task(self._run)

    def _run(self) -> None:
        socketio.sleep(self.GATHER_SECONDS)
        while True:
            with self.lock:
                user_ids, self.waiting = sorted(self.waiting), set()
                if not user_ids:
                    self.running = False
                    self.idle.set()
                    return
            try:
                self._push(user_ids)
            except Exception:  # a database that is away loses these counts, not the task: pages show the truth
                self.app.logger.exception("unread counts: push failed")

    def _push(self, user_ids: list[int]) -> None:
        with self.app.app_context():
            try:
                counts = unread_counts(user_ids)
            finally:
                db.session.remove()
        for user_id, unread in counts.items():
            socketio.emit("notification_count", {"unread": unread}, to=room(user_id), namespace=NAMESPACE)


def inbox(user, before_id: int | None = None, limit: int = 30) -> list[Notification]:
    """The member's newest notifications (limit + 1, so the page knows of older ones), their targets loaded:
    one query for the notifications and one per kind of target among them."""
    select = db.select(Notification).options(joinedload(Notification.actor)).where(Notification.user_id == user.id)
    if before_id:
        select = select.where(Notification.id < before_id)
    found = db.session.execute(select.order_by(Notification.id.desc()).limit(limit + 1)).scalars().all()
    load_targets(found)
    return found


def load_targets(found: list[Notification]) -> None:
    """Sets each notification's `target`: one query per kind of target among them."""
    wanted = defaultdict(set)
    for item in found:
        if item.target_kind in TARGETS:
            wanted[item.target_kind].add(item.target_id)
    loaded = {kind: TARGETS[kind].load(sorted(ids)) for kind, ids in wanted.items()}
    for item in found:
        item.target = loaded.get(item.target_kind, {}).get(item.target_id)


def link(item: Notification) -> tuple[str, str] | None:
    """(where it leads, what it says) for a notification whose target inbox() loaded; None without one."""
    if item.target is None:
        return None
    kind = TARGETS[item.target_kind]
    return kind.url(item, item.target), kind.label(item, item.target)


def mark_read(user, notification_id: int) -> None:
    """One of the member's own notifications (another's number changes nothing)."""
    db.session.execute(db.update(Notification).where(Notification.id == notification_id,
                                                     Notification.user_id == user.id,
                                                     Notification.read_at.is_(None)).values(read_at=utcnow()))
    push_unread_counts([user.id])
    db.session.commit()


def mark_all_read(user) -> None:
    db.session.execute(db.update(Notification).where(Notification.user_id == user.id,
                                                     Notification.read_at.is_(None)).values(read_at=utcnow()))
    push_unread_counts([user.id])
    db.session.commit()


def save_choices(user, kinds_off: list[str], email_choices: dict[str, str], push_on: list[str]) -> None:
    """The member's choice per kind: shown on the site or not, e-mailed at once, daily or never, and whether
    it reaches the phone. A kind the site does not show is neither e-mailed nor pushed."""
    user.notifications_off = [kind for kind in kinds_off if kind in KINDS]
    user.notification_email = {kind: choice for kind, choice in email_choices.items()
                               if kind in REACHABLE and choice in EMAIL_CHOICES}
    user.notification_push_off = [kind for kind in PUSH_KINDS if kind not in push_on]
    db.session.commit()
