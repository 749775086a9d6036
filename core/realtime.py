"""Socket.IO on namespace /live: what every page shares. A signed-in member's socket joins the room
user:<id>, where their unread notification count arrives (`notification_count` {"unread": n}).
Features register their client events with `on()`, which answers every event the same way and checks
the cheap things first, and tell rooms what changed with `emit_on_commit()`, sent once the change is
committed; see docs/realtime.md.

When a member loses the right to be somewhere (signed out, banned, suspended, a new password, a new role,
no longer hosting an event, removed from a private group), `access_lost()` has every server process
disconnect the member's open sockets once the change is committed; when fewer people may see a room (an
event moved into a private group, a group made private), `room_closed()` does the same for everyone in
it. Their pages reconnect and join their rooms again, checked afresh."""
import json
import threading
import time
from functools import wraps

import redis
from flask import current_app, request
from flask_babel import gettext
from flask_login import current_user
from flask_socketio import join_room

from core import faults
from core.errors import ActionError
from core.fields import database_int_or_none
from core.notifications import NAMESPACE, room
from core.oncommit import call_on_commit
from core.text import without_nul
from extensions import db, socketio

HANDLERS: dict = {}
PAYLOAD_TEXT_MAX = 10_000  # characters of text in one event: a chat line or a question is at most 2,000
BURST, PER_SECOND = 20, 5  # events one socket may send at once, and on average


def on(name: str):
    """Registers the handler of the client event `name`. Before it runs, and before anything that costs a
    query: the socket must be within its budget of events, the payload a dict of reasonable size; NUL is
    removed from its text. The answer is {"ok": true, ...what the handler returns} or {"ok": false, "error"}."""
    def register(handler):
        @wraps(handler)
        def answered(payload=None, *_):
            try:
                return {"ok": True, **handler(_checked_payload(payload))}
            except ActionError as error:
                db.session.rollback()
                return {"ok": False, "error": error.message}
            except Exception:
                db.session.rollback()
                current_app.logger.exception("socket event %s failed", name)
                return {"ok": False, "error": gettext("Something went wrong on our side. Please try again.")}
        HANDLERS[name] = answered
        return answered
    return register


def payload_id(payload: dict, key: str) -> int | None:
    """An id or count in a payload: a JSON number (not a string of digits) that fits the database; None
    for anything else."""
    value = payload.get(key)
    return database_int_or_none(value) if type(value) is int else None


def emit_on_commit(event: str, data, to: str, namespace: str = NAMESPACE) -> None:
    """The server event `event` goes to the room `to` once the current transaction commits, and never if it
    rolls back (core/oncommit.py: what is not the outcome of a write is emitted directly instead). The fault
    suite can kill the process after the commit, before this is sent, at the fault point `<event>-after-commit`."""
    call_on_commit(_emit, event, data, to, namespace)


def _emit(event: str, data, to: str, namespace: str) -> None:
    faults.reached(f"{event}-after-commit")
    socketio.emit(event, data, to=to, namespace=namespace)


def _checked_payload(payload) -> dict:
    if not _budget.spend(request.sid):
        raise ActionError(gettext("You are sending too quickly. Wait a moment, then try again."))
    if not isinstance(payload, dict):
        raise ActionError(gettext("That request was not understood."))
    if _text_length(payload) > PAYLOAD_TEXT_MAX:
        raise ActionError(gettext("That is too long to send."))
    return without_nul(payload)


def _text_length(value, depth: int = 0) -> int:
    """Characters of text in a payload; nesting past a few levels counts as too long (no event needs it)."""
    if isinstance(value, str):
        return len(value)
    if depth > 4:
        return PAYLOAD_TEXT_MAX + 1
    if isinstance(value, dict):
        return sum(len(str(key)) + _text_length(item, depth + 1) for key, item in value.items())
    if isinstance(value, list):
        return sum(_text_length(item, depth + 1) for item in value)
    return 0


class _SocketBudget:
    """A token bucket per socket, in this process (a socket lives in one): a thousand events in a second
    from one socket are refused at the cost of a dictionary lookup each, before any query or rendering."""

    def __init__(self):
        self.buckets: dict[str, tuple[float, float]] = {}  # sid -> (tokens, when counted)
        self.lock = threading.Lock()

    def spend(self, sid: str) -> bool:
        now = time.monotonic()
        with self.lock:
            tokens, then = self.buckets.get(sid, (BURST, now))
            tokens = min(BURST, tokens + (now - then) * PER_SECOND)
            if tokens < 1:
                self.buckets[sid] = (tokens, now)
                return False
            self.buckets[sid] = (tokens - 1, now)
            return True

    def forget(self, sid: str) -> None:
        with self.lock:
            self.buckets.pop(sid, None)


_budget = _SocketBudget()


def unknown_event(name, *_):
    """Any event no feature handles: answered, never ignored."""
    _budget.spend(request.sid)
    return {"ok": False, "error": gettext("That request was not understood.")}


def connect(auth=None):
    """Guests may connect (to watch public event rooms); members also get their own room."""
    if current_user.is_authenticated:
        join_room(room(current_user.id))


DISCONNECT_HOOKS: list = []  # features' functions of the sid that went


def disconnect(*_):
    _budget.forget(request.sid)
    for hook in DISCONNECT_HOOKS:
        hook(request.sid)


# -- losing access ------------------------------------------------------------------------------------

def access_lost(user_id: int) -> None:
    """Once the current transaction commits, the member's open sockets, in every process, are disconnected."""
    call_on_commit(current_app.extensions["serambi_access_watch"].announce, [user_id], [])


def room_closed(name: str) -> None:
    """Once the current transaction commits, every socket in the room `name`, in every process, is
    disconnected: for a room that fewer people may now see (an event moved into a private group, a group
    made private). Those who still may are back in it as soon as their page has reconnected."""
    call_on_commit(current_app.extensions["serambi_access_watch"].announce, [], [name])


class AccessWatch:
    """Carries "this member lost access" to every process: through a Redis channel of the site's own when
    REDIS_URL is set (each process listens), else straight to this one. A process that cannot reach Redis
    disconnects its own sockets of the member and logs it."""

    def __init__(self, redis_url: str | None, channel: str):
        self.redis_url = redis_url
        # Timeouts: a Redis that hangs must not hold up a sign-out (announce falls back to this process)
        self.redis = redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2) \
            if redis_url else None
        self.channel = f"serambi:{channel}:access-lost"
        self.listening = False

    def announce(self, user_ids, room_names=()) -> None:
        if self.redis is None:
            self._disconnect_here(user_ids, room_names)
            return
        try:
            self.redis.publish(self.channel, json.dumps({"users": sorted(user_ids), "rooms": sorted(room_names)}))
        except redis.RedisError:
            current_app.logger.exception("access lost: Redis is away; only this process's sockets are closed")
            self._disconnect_here(user_ids, room_names)

    def listen(self) -> None:
        """Started once per process, with its first socket."""
        if self.redis is not None and not self.listening:
            self.listening = True
            socketio.start_background_task(self._listen)

    def _listen(self) -> None:
        # A client of its own without a read timeout: listening waits, however long nothing is said
        listener = redis.Redis.from_url(self.redis_url, socket_connect_timeout=2, health_check_interval=30)
        while True:
            try:
                with listener.pubsub(ignore_subscribe_messages=True) as pubsub:
                    pubsub.subscribe(self.channel)
                    for message in pubsub.listen():
                        lost = json.loads(message["data"])
                        self._disconnect_here(lost["users"], lost["rooms"])
            except (redis.RedisError, ValueError, KeyError, TypeError):
                socketio.sleep(1)  # Redis is away: listen again once it is back

    @staticmethod
    def _disconnect_here(user_ids, room_names=()) -> None:
        manager = socketio.server.manager
        rooms = [room(user_id) for user_id in user_ids] + list(room_names)
        for name in rooms:
            for sid, _ in list(manager.get_participants(NAMESPACE, name)):
                socketio.server.disconnect(sid, namespace=NAMESPACE)


def init_app(app) -> None:
    app.extensions["serambi_access_watch"] = AccessWatch(app.config["REDIS_URL"], app.config["SOCKETIO_CHANNEL"])


def register_handlers(app) -> None:
    """Once every feature has declared its events with on() (app.py calls this last): registers them on
    this app's Socket.IO server. Registered per app: a decorator at import time would bind a handler only
    to whichever server existed then."""
    def connected(auth=None):
        app.extensions["serambi_access_watch"].listen()
        return connect(auth)
    socketio.on_event("connect", connected, namespace=NAMESPACE)
    socketio.on_event("disconnect", disconnect, namespace=NAMESPACE)
    socketio.on_event("*", unknown_event, namespace=NAMESPACE)
    for name, handler in HANDLERS.items():
        socketio.on_event(name, handler, namespace=NAMESPACE)
