"""Socket.IO handlers of the live rooms (namespace /live): thin, like views. Each one reads the payload,
loads the event, and calls events/live.py with the member as the database has them at this moment:
Flask-Login loads the user afresh for every event (a new app context each time), and the loader refuses
a signed-out session token, a ban or a suspension, so those take effect on sockets already open.
Payloads never say who is asking. Every event is answered {"ok": true, ...} or {"ok": false, "error"}."""
from flask import current_app, request
from flask_babel import gettext
from flask_login import current_user
from flask_socketio import join_room, leave_room, rooms

from core import realtime
from core.errors import ActionError
from core.notifications import NAMESPACE
from core.realtime import on, payload_id
from events import live, polls, queries, questions, snapshot
from events.permissions import can_host_live
from events.visibility import can_see
from events.presence import Presence


def _presence() -> Presence:
    return current_app.extensions["serambi_presence"]


def _number(payload: dict, key: str) -> int:
    number = payload_id(payload, key)
    if number is None:
        raise ActionError(gettext("That request was not understood."))
    return number


def _flag(payload: dict, key: str) -> bool:
    value = payload.get(key)
    if not isinstance(value, bool):
        raise ActionError(gettext("That request was not understood."))
    return value


def _event(payload: dict):
    """The event the payload names, if this socket has joined its room and the member may still see it."""
    event_id = _number(payload, "event_id")
    if live.room_name(event_id) not in rooms():
        raise ActionError(gettext("You are not in this room any more: reload the page."))
    return _visible_event(event_id)


def _visible_event(event_id: int):
    event = queries.event_by_id(event_id)
    if event is None or not can_see(_user(), event):
        raise ActionError(gettext("This event does not exist or has been cancelled."))
    return event


def _user():
    return current_user._get_current_object()


@on("join")
def join(payload):
    event = _visible_event(_number(payload, "event_id"))
    join_room(live.room_name(event.id))
    (join_room if can_host_live(_user(), event) else leave_room)(live.hosts_room(event.id))
    online = _presence().enter(event.id, request.sid)
    return {**snapshot.live_room(_user(), event), "online": online}


@on("chat")
def chat(payload):
    return {"id": live.send_message(_user(), _event(payload), payload.get("body"), payload.get("client_id"))}


@on("resume")
def resume(payload):
    event = _event(payload)
    return {"messages": [live.message_payload(message)
                         for message in live.messages_after(event, _number(payload, "after_id"))]}


# -- host controls ------------------------------------------------------------------------------------

@on("delete")
def delete(payload):
    live.delete_message(_user(), _event(payload), _number(payload, "message_id"))
    return {}


@on("mute")
def mute(payload):
    live.set_muted(_user(), _event(payload), payload.get("username"), True)
    return {}


@on("unmute")
def unmute(payload):
    live.set_muted(_user(), _event(payload), payload.get("username"), False)
    return {}


@on("slow_mode")
def slow_mode(payload):
    live.set_slow_mode(_user(), _event(payload), _number(payload, "seconds"))
    return {}


@on("pause")
def pause(payload):
    live.set_paused(_user(), _event(payload), _flag(payload, "paused"))
    return {}


@on("end")
def end(payload):
    live.end_session(_user(), _event(payload))
    return {}


@on("question_approval")
def question_approval(payload):
    live.set_question_approval(_user(), _event(payload), _flag(payload, "on"))
    return {}


# -- questions ----------------------------------------------------------------------------------------

def _about_question(action, payload: dict, *args) -> dict:
    event = _event(payload)
    question = action(_user(), event, *args)
    return {"question": questions.payload(question, live.settings(event))}


@on("ask")
def ask(payload):
    return _about_question(questions.ask, payload, payload.get("body"))


@on("upvote")
def upvote(payload):
    return _about_question(questions.upvote, payload, _number(payload, "question_id"))


@on("approve")
def approve(payload):
    return _about_question(questions.approve, payload, _number(payload, "question_id"))


@on("answer")
def answer(payload):
    return _about_question(questions.mark_answered, payload, _number(payload, "question_id"))


@on("question_reject")
def question_reject(payload):
    questions.reject(_user(), _event(payload), _number(payload, "question_id"))
    return {}


@on("highlight")
def highlight(payload):
    question_id = None if payload.get("question_id") is None else _number(payload, "question_id")
    questions.highlight(_user(), _event(payload), question_id)
    return {}


# -- polls --------------------------------------------------------------------------------------------

@on("poll_open")
def poll_open(payload):
    return {"poll": polls.payload(polls.open_poll(_user(), _event(payload), payload.get("question"),
                                                  payload.get("options")))}


@on("poll_vote")
def poll_vote(payload):
    return {"poll": polls.payload(polls.vote(_user(), _event(payload), _number(payload, "poll_id"),
                                             _number(payload, "option_id")))}


@on("poll_close")
def poll_close(payload):
    return {"poll": polls.payload(polls.close_poll(_user(), _event(payload), _number(payload, "poll_id")))}


def init_app(app) -> None:
    app.extensions["serambi_presence"] = Presence(app.config["REDIS_URL"], NAMESPACE, app.config["SOCKETIO_CHANNEL"],
                                                  app.config["LIVE_HEARTBEAT_SECONDS"], on_beat=live.tell_recent)


realtime.DISCONNECT_HOOKS.append(lambda sid: _presence().leave_all(sid))
