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
from events import live, polls, queries, questions
from events.permissions import can_host_live, can_see
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


def _flag(payload: dict, key: str) -> bool:
    value = payload.get(key)
    if not isinstance(value, bool):
        raise ActionError(gettext("That request was not understood."))
    return value


def _event(payload: dict):
    event = queries.event_by_id(_number(payload, "event_id"))
    if event is None or not can_see(_user(), event):
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
    return {"id": live.send_message(_user(), _event(payload), payload.get("body"), payload.get("client_id"))}


@handles("resume")
def resume(payload):
    event = _event(payload)
    return {"messages": [live.message_payload(message)
                         for message in live.messages_after(event, _number(payload, "after_id"))]}


# -- host controls ------------------------------------------------------------------------------------

@handles("delete")
def delete(payload):
    live.delete_message(_user(), _event(payload), _number(payload, "message_id"))
    return {}


@handles("mute")
def mute(payload):
    live.set_muted(_user(), _event(payload), payload.get("username"), True)
    return {}


@handles("unmute")
def unmute(payload):
    live.set_muted(_user(), _event(payload), payload.get("username"), False)
    return {}


@handles("slow_mode")
def slow_mode(payload):
    live.set_slow_mode(_user(), _event(payload), _number(payload, "seconds"))
    return {}


@handles("pause")
def pause(payload):
    live.set_paused(_user(), _event(payload), _flag(payload, "paused"))
    return {}


@handles("end")
def end(payload):
    live.end_session(_user(), _event(payload))
    return {}


@handles("question_approval")
def question_approval(payload):
    live.set_question_approval(_user(), _event(payload), _flag(payload, "on"))
    return {}


# -- questions ----------------------------------------------------------------------------------------

def _about_question(action, payload: dict, *args) -> dict:
    event = _event(payload)
    question = action(_user(), event, *args)
    return {"question": questions.payload(question, live.settings(event))}


@handles("ask")
def ask(payload):
    return _about_question(questions.ask, payload, payload.get("body"))


@handles("upvote")
def upvote(payload):
    return _about_question(questions.upvote, payload, _number(payload, "question_id"))


@handles("approve")
def approve(payload):
    return _about_question(questions.approve, payload, _number(payload, "question_id"))


@handles("answer")
def answer(payload):
    return _about_question(questions.mark_answered, payload, _number(payload, "question_id"))


@handles("question_reject")
def question_reject(payload):
    questions.reject(_user(), _event(payload), _number(payload, "question_id"))
    return {}


@handles("highlight")
def highlight(payload):
    question_id = None if payload.get("question_id") is None else _number(payload, "question_id")
    questions.highlight(_user(), _event(payload), question_id)
    return {}


# -- polls --------------------------------------------------------------------------------------------

@handles("poll_open")
def poll_open(payload):
    return {"poll": polls.payload(polls.open_poll(_user(), _event(payload), payload.get("question"),
                                                  payload.get("options")))}


@handles("poll_vote")
def poll_vote(payload):
    return {"poll": polls.payload(polls.vote(_user(), _event(payload), _number(payload, "poll_id"),
                                             _number(payload, "option_id")))}


@handles("poll_close")
def poll_close(payload):
    return {"poll": polls.payload(polls.close_poll(_user(), _event(payload), _number(payload, "poll_id")))}


def disconnect(*_):
    _presence().leave_all(request.sid)


def init_app(app) -> None:
    """Per app, after socketio.init_app (see core/realtime.py)."""
    app.extensions["serambi_presence"] = Presence(app.config["REDIS_URL"], NAMESPACE, app.config["SOCKETIO_CHANNEL"])
    for name, handler in HANDLERS.items():
        socketio.on_event(name, handler, namespace=NAMESPACE)
    socketio.on_event("disconnect", disconnect, namespace=NAMESPACE)
