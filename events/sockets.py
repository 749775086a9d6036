"""Socket.IO handlers of the live rooms (namespace /live): thin, like views. Each one reads the payload,
loads the event, and calls events/live.py with the member as the database has them at this moment:
Flask-Login loads the user afresh for every event (a new app context each time), and the loader refuses
a signed-out session token, a ban or a suspension, so those take effect on sockets already open.
Payloads never say who is asking. Every event is answered {"ok": true, ...} or {"ok": false, "error"}."""
from functools import wraps

from flask import current_app, request
from flask_babel import gettext
from flask_login import current_user
from flask_socketio import join_room, leave_room

from core.errors import ActionError
from core.notifications import NAMESPACE
from events import live, queries
from events.permissions import can_host_live
from events.presence import Presence
from extensions import db, socketio

HANDLERS = {}


def _presence() -> Presence:
    return current_app.extensions["serambi_presence"]


def handles(name: str):
    """Registers a handler for a client event; refusals become {"ok": false, "error": ...}."""
    def register(handler):
        @wraps(handler)
        def answered(payload=None, *_):
            try:
                if not isinstance(payload, dict):
                    raise ActionError(gettext("That request was not understood."))
                return {"ok": True, **handler(payload)}
            except ActionError as error:
                db.session.rollback()
                return {"ok": False, "error": error.message}
            except Exception:
                db.session.rollback()
                current_app.logger.exception("live room: %s failed", name)
                return {"ok": False, "error": gettext("Something went wrong on our side. Please try again.")}
        HANDLERS[name] = answered
        return answered
    return register


def _number(payload: dict, key: str) -> int:
    value = payload.get(key)
    if type(value) is not int or value < 0:  # bool is an int: refused too
        raise ActionError(gettext("That request was not understood."))
    return value


def _event(payload: dict):
    event = queries.event_by_id(_number(payload, "event_id"))
    if event is None:
        raise ActionError(gettext("This event does not exist or has been cancelled."))
    return event


def _user():
    return current_user._get_current_object()


@handles("join")
def join(payload):
    event = _event(payload)
    join_room(live.room_name(event.id))
    (join_room if can_host_live(_user(), event) else leave_room)(live.hosts_room(event.id))
    online = _presence().enter(event.id, request.sid)
    return {**live.snapshot(_user(), event), "online": online}


@handles("chat")
def chat(payload):
    message = live.send_message(_user(), _event(payload), payload.get("body"), payload.get("client_id"))
    return {"id": message.id}


@handles("resume")
def resume(payload):
    event = _event(payload)
    return {"messages": [live.message_payload(message)
                         for message in live.messages_after(event, _number(payload, "after_id"))]}


def disconnect(*_):
    _presence().leave_all(request.sid)


def init_app(app) -> None:
    """Per app, after socketio.init_app (see core/realtime.py)."""
    app.extensions["serambi_presence"] = Presence(app.config["REDIS_URL"], NAMESPACE)
    for name, handler in HANDLERS.items():
        socketio.on_event(name, handler, namespace=NAMESPACE)
    socketio.on_event("disconnect", disconnect, namespace=NAMESPACE)
