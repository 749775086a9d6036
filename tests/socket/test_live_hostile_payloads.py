"""Every Socket.IO event with hostile payloads, from a host who joined the room (so every check past the
join is reached): each is answered, none crashes a handler, and the room works afterwards."""
from core import realtime
from core.realtime import HANDLERS
from tests.socket.live_client import refused

HUGE = 2**70


def hostile_payloads(event_id: int) -> list:
    values = [None, True, HUGE, -1.5, "\x00", [[[[["dalam"]]]]]]
    keys = ["body", "client_id", "message_id", "question_id", "poll_id", "option_id", "after_id", "username",
            "seconds", "paused", "question", "options"]
    payloads = [None, "hello", 7, [event_id], {"event_id": HUGE}, {"event_id": "\x00"}]
    payloads += [{"event_id": event_id, key: value} for key in keys for value in values]
    return payloads


def test_every_event_answers_hostile_payloads_and_the_room_still_works(room, event, host, member, monkeypatch):
    monkeypatch.setattr(realtime, "BURST", 10**9)  # the socket's budget would refuse most of them unread
    crashed = refused("Something went wrong on our side. Please try again.")
    sari = room.client(host)
    sari.join(event.id)
    for name in sorted(HANDLERS):
        for payload in hostile_payloads(event.id):
            answer = sari.call(name, payload)
            assert isinstance(answer, dict) and isinstance(answer.get("ok"), bool), (name, payload, answer)
            assert answer != crashed, (name, payload)
    budi = room.client(member)  # the host's "end" among them ended the session: the room is read-only now
    assert budi.join(event.id)["room"]["ended"]
    assert budi.call("resume", {"event_id": event.id, "after_id": 0})["ok"]
