"""The live room of an event (/events/<id>/live): every change to its chat, its settings, its questions
and its polls. Each action checks who asks (the member as the database has them now), validates,
writes, queues what the room is to hear (`emit_on_commit`) and commits: the room hears of it only once
it is stored.
events/sockets.py turns Socket.IO events into these calls; docs/realtime.md lists the events."""
import math
from datetime import timedelta

from flask import current_app
from flask_babel import gettext
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy.exc import IntegrityError

from accounts.models import User
from core import audit, fanout
from core.errors import ActionError
from core.i18n import format_when
from core.markdown import render_markdown
from core.notifications import NAMESPACE
from core.notifications import room as user_room
from core.realtime import emit_on_commit
from core.timeutil import utcnow
from events.models import ChatMessage, Event, EventMute, LiveRoom
from events.permissions import can_host_live
from extensions import db, limiter, socketio

HISTORY = 50  # messages a newcomer gets
MESSAGE_MAX = 2000
CLIENT_ID_MAX = 64
FLOOD_LIMIT = parse("5 per 10 seconds")
SLOW_MODE_MAX = 600
OPEN_AFTER_END = timedelta(hours=3)  # sessions run over: the room stays open this long after the end time
RECENT = timedelta(minutes=1)  # how far back each heartbeat lists a room's messages (tell_recent)


def room_name(event_id: int) -> str:
    return f"event:{event_id}"


def hosts_room(event_id: int) -> str:
    """The event's hosts, co-hosts and admins in the room: they also hear of questions awaiting approval."""
    return f"event:{event_id}:hosts"


# -- reading ------------------------------------------------------------------------------------------

def settings(event: Event) -> LiveRoom:
    """The room's settings; the defaults (not stored) until a host changes one."""
    return db.session.get(LiveRoom, event.id) or LiveRoom(event_id=event.id, paused=False, slow_mode_seconds=0,
                                                          approve_questions=False)


def has_ended(event: Event, room: LiveRoom) -> bool:
    return room.ended_at is not None or utcnow() > event.ends_at + OPEN_AFTER_END


def room_state(event: Event, room: LiveRoom | None = None) -> dict:
    room = room or settings(event)
    return {"paused": room.paused, "slow_mode": room.slow_mode_seconds, "ended": has_ended(event, room),
            "approve_questions": room.approve_questions}


def message_payload(message: ChatMessage) -> dict:
    return {"id": message.id, "event_id": message.event_id,
            "author": {"username": message.author.username, "display_name": message.author.display_name},
            "html": message.html, "created_at": message.created_at.isoformat()}


def _visible_messages(event: Event):
    return db.select(ChatMessage).where(ChatMessage.event_id == event.id, ChatMessage.deleted_at.is_(None))


def recent_messages(event: Event, limit: int = HISTORY) -> list[ChatMessage]:
    """The last `limit` messages, oldest first."""
    newest = db.session.execute(_visible_messages(event).order_by(ChatMessage.id.desc()).limit(limit)).scalars()
    return list(reversed(newest.all()))


def messages_after(event: Event, after_id: int) -> list[ChatMessage]:
    return db.session.execute(_visible_messages(event).where(ChatMessage.id > after_id)
                              .order_by(ChatMessage.id)).scalars().all()


def transcript_page(event: Event, page: int, per_page: int = 100):
    return db.paginate(_visible_messages(event).order_by(ChatMessage.id), page=page, per_page=per_page,
                       error_out=False)


def is_muted(user, event: Event) -> bool:
    return user.is_authenticated and db.session.execute(
        db.select(EventMute.id).filter_by(event_id=event.id, user_id=user.id)).first() is not None


def slow_mode_wait(user, event: Event, room: LiveRoom) -> int:
    """Seconds this member must still wait before sending (0: now). Hosts never wait."""
    if not room.slow_mode_seconds or can_host_live(user, event):
        return 0
    last = db.session.scalar(db.select(db.func.max(ChatMessage.created_at))
                             .where(ChatMessage.event_id == event.id, ChatMessage.author_id == user.id))
    if last is None:
        return 0
    return max(0, math.ceil(room.slow_mode_seconds - (utcnow() - last).total_seconds()))


def sending_refusal(user, event: Event, room: LiveRoom | None = None) -> str | None:
    """Why this person may not send in the room now, or None when they may."""
    room = room or settings(event)
    if not user.is_authenticated:
        return gettext("Sign in to take part in the chat.")
    if user.silence:
        return gettext("Your account is read-only until %(until)s: you cannot post. Reason: %(reason)s",
                       until=format_when(user.silence.until), reason=user.silence.reason)
    if has_ended(event, room):
        return gettext("The live session has ended: the chat is read-only.")
    if can_host_live(user, event):
        return None
    if is_muted(user, event):
        return gettext("A host has muted you in this room.")
    if room.paused:
        return gettext("The hosts have paused the chat for a moment.")
    return None


def viewer_state(user, event: Event, room: LiveRoom) -> dict:
    """What the page needs to know about the person looking at it; `read_only` says why a member whose
    whole account is read-only cannot send."""
    refusal = sending_refusal(user, event, room)
    return {"signed_in": user.is_authenticated, "host": can_host_live(user, event), "may_send": refusal is None,
            "why_not": refusal, "muted": is_muted(user, event),
            "read_only": refusal if user.is_authenticated and user.silence else None}


# -- chat ---------------------------------------------------------------------------------------------

def _client_id(value) -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= CLIENT_ID_MAX or not value.isprintable():
        raise ActionError(gettext("This message could not be sent: please reload the page and try again."))
    return value


def _chat_body(value) -> tuple[str, str]:
    body = value.strip() if isinstance(value, str) else ""
    if len(body) > MESSAGE_MAX:
        raise ActionError(gettext("A message can have at most %(count)d characters (this one has %(length)d).",
                                  count=MESSAGE_MAX, length=len(body)), "body")
    html = render_markdown(body, inline=True)
    if not html:
        raise ActionError(gettext("Write a message first."), "body")
    return body, html


def _sent_before(author, client_id: str) -> ChatMessage | None:
    return db.session.execute(db.select(ChatMessage).filter_by(author_id=author.id, client_id=client_id)
                              ).scalar_one_or_none()


_counted_here = MovingWindowRateLimiter(MemoryStorage())


def check_flood(user) -> None:
    """At most 5 messages in any 10 seconds per member, counted in Redis when the site uses it (apart for
    each site sharing that Redis, by its Socket.IO channel); while Redis is away, by each process alone."""
    keys = ("live-chat", current_app.config["SOCKETIO_CHANNEL"], str(user.id))
    try:
        allowed = MovingWindowRateLimiter(limiter.storage).hit(FLOOD_LIMIT, *keys)
    except Exception:  # the storage's own errors (redis' ConnectionError, TimeoutError...) share no base class
        current_app.logger.warning("live chat: the flood counter's storage is away; counting in this process")
        allowed = _counted_here.hit(FLOOD_LIMIT, *keys)
    if not allowed:
        raise ActionError(gettext("You are sending messages too quickly: at most 5 in 10 seconds. "
                                  "Wait a moment, then try again."), "body")


def send_message(author, event: Event, body, client_id) -> int:
    """Stores and broadcasts a message; returns its id. A `client_id` this author used before returns the id
    of the message stored then (its acknowledgement may have been lost) and stores nothing.

    This runs for every message in a room of hundreds, on the event loop that also writes to all of their
    sockets: the payload is built from the values in hand before the commit (the commit expires every
    object, and reading them again would cost a query each), and nothing is read after it."""
    client_id = _client_id(client_id)
    if author.is_authenticated:
        earlier = _sent_before(author, client_id)
        if earlier is not None:
            if earlier.event_id != event.id:
                raise ActionError(gettext("This message could not be sent: please reload the page and try again."))
            if earlier.deleted_at is None:  # its broadcast may have died with a process: pages drop repeats
                socketio.emit("chat", message_payload(earlier), to=room_name(event.id), namespace=NAMESPACE)
            return earlier.id
    room = settings(event)
    refusal = sending_refusal(author, event, room)
    if refusal:
        raise ActionError(refusal)
    check_flood(author)  # before the rendering, the costly part
    wait = slow_mode_wait(author, event, room)
    if wait:
        raise ActionError(gettext("Slow mode is on: you can send again in %(seconds)d seconds.", seconds=wait))
    body, html = _chat_body(body)
    message = ChatMessage(event_id=event.id, author_id=author.id, author=author, client_id=client_id, body=body,
                          html=html, created_at=utcnow())
    db.session.add(message)
    try:
        db.session.flush()  # the INSERT, which gives the id
        payload = message_payload(message)
        emit_on_commit("chat", payload, room_name(event.id))  # the fault point chat-after-commit comes first
        db.session.commit()
    except IntegrityError:  # the same client_id, sent twice at once: the other one was stored
        db.session.rollback()
        return _sent_before(author, client_id).id
    return payload["id"]


def tell_recent(event_ids: list[int]) -> None:
    """On each heartbeat of the rooms (events/presence.py): this process tells its own viewers in each room
    the ids of the room's messages of the last minute, read from the database, and a page that lacks one
    asks for what it missed (`resume`). So a message whose broadcast was lost (its process killed between
    the commit and the emit, or Redis away) still reaches every viewer, once: pages drop an id they already
    show. All the recent ids, not the newest: a lost message may be followed by one that arrived."""
    since = utcnow() - RECENT
    for event_id in event_ids:
        ids = db.session.execute(db.select(ChatMessage.id).where(
            ChatMessage.event_id == event_id, ChatMessage.created_at >= since, ChatMessage.deleted_at.is_(None))
            .order_by(ChatMessage.id.desc()).limit(HISTORY)).scalars().all()
        if ids:
            fanout.emit_here(socketio.server, "chat_recent", {"event_id": event_id, "ids": sorted(ids)}, NAMESPACE,
                             room_name(event_id))


# -- host controls ------------------------------------------------------------------------------------

def require_host(actor, event: Event) -> None:
    if not can_host_live(actor, event):
        raise ActionError(gettext("Only the event's hosts can do that."))


def changeable(event: Event) -> LiveRoom:
    room = db.session.get(LiveRoom, event.id)
    if room is None:
        room = settings(event)
        db.session.add(room)
    return room


def _changed(actor, event: Event, room: LiveRoom, action: str, details: str = "") -> None:
    """Audits, and tells the room its new state once committed."""
    audit.record(actor, action, "event", event.id, details=details)
    emit_on_commit("room_state", room_state(event, room), room_name(event.id))
    db.session.commit()


def delete_message(actor, event: Event, message_id: int) -> None:
    require_host(actor, event)
    message = db.session.get(ChatMessage, message_id)
    if message is None or message.event_id != event.id or message.deleted_at:
        raise ActionError(gettext("That message has already been removed."))
    message.deleted_at = utcnow()
    audit.record(actor, "event.chat_delete", "event", event.id,
                 details=f"{message.author.username}: {message.body}")
    emit_on_commit("chat_deleted", {"id": message.id}, room_name(event.id))
    db.session.commit()


def muted_members(event: Event) -> list[dict]:
    users = db.session.execute(db.select(User).join(EventMute, EventMute.user_id == User.id)
                               .where(EventMute.event_id == event.id).order_by(EventMute.id)).scalars()
    return [{"username": user.username, "display_name": user.display_name} for user in users]


def set_muted(actor, event: Event, username, muted: bool) -> None:
    """Mutes (or unmutes) a member in this event's room only. Hosts and admins cannot be muted."""
    require_host(actor, event)
    target = db.session.execute(db.select(User).where(User.username == str(username))).scalar_one_or_none()
    if target is None:
        raise ActionError(gettext("No member is called %(names)s.", names=str(username)[:30]))
    if can_host_live(target, event):
        raise ActionError(gettext("Hosts cannot be muted."))
    mute = db.session.execute(db.select(EventMute).filter_by(event_id=event.id, user_id=target.id)).scalar_one_or_none()
    if muted and mute is None:
        db.session.add(EventMute(event_id=event.id, user_id=target.id, created_by_id=actor.id))
    elif not muted and mute is not None:
        db.session.delete(mute)
    else:
        return
    audit.record(actor, "event.mute" if muted else "event.unmute", "event", event.id, details=target.username)
    emit_on_commit("muted", {"event_id": event.id, "muted": muted}, user_room(target.id))
    emit_on_commit("mutes", {"members": muted_members(event)}, hosts_room(event.id))
    db.session.commit()


@audit.describes("event.slow_mode")
def _slow_mode_details(details: str) -> str:
    seconds = int(details) if details.isdigit() else 0
    return gettext("one message every %(seconds)d seconds", seconds=seconds) if seconds else gettext("off")


@audit.describes("event.question_approval")
def _approval_details(details: str) -> str:
    return gettext("questions wait for a host's approval") if details == "on" else gettext("off")


def set_slow_mode(actor, event: Event, seconds: int) -> None:
    require_host(actor, event)
    if not 0 <= seconds <= SLOW_MODE_MAX:
        raise ActionError(gettext("Slow mode: from 0 (off) to %(most)d seconds.", most=SLOW_MODE_MAX))
    room = changeable(event)
    room.slow_mode_seconds = seconds
    _changed(actor, event, room, "event.slow_mode", str(seconds))


def set_paused(actor, event: Event, paused: bool) -> None:
    require_host(actor, event)
    room = changeable(event)
    room.paused = paused
    _changed(actor, event, room, "event.chat_pause" if paused else "event.chat_unpause")


def end_session(actor, event: Event) -> None:
    """The room becomes read-only for good; its transcript stays on the event page."""
    require_host(actor, event)
    room = changeable(event)
    if room.ended_at:
        raise ActionError(gettext("The live session has ended: the chat is read-only."))
    room.ended_at = utcnow()
    _changed(actor, event, room, "event.live_end")


def set_question_approval(actor, event: Event, on: bool) -> None:
    require_host(actor, event)
    room = changeable(event)
    room.approve_questions = on
    _changed(actor, event, room, "event.question_approval", "on" if on else "off")
