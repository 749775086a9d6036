"""The live room's chat as the contract has it (join, chat, resume), with the real python-socketio client
against a live server."""
from datetime import timedelta

from events import actions, live
from events.models import ChatMessage
from extensions import db
from tests.event_factory import at, new_event
from tests.socket.live_client import NOT_IN_ROOM, refused


def say(client, event, body, client_id):
    event_id = event if isinstance(event, int) else event.id
    return client.call("chat", {"event_id": event_id, "body": body, "client_id": client_id})


def stored_bodies(event) -> list[str]:
    db.session.expire_all()
    return db.session.execute(db.select(ChatMessage.body).where(ChatMessage.event_id == event.id)
                              .order_by(ChatMessage.id)).scalars().all()


def test_a_message_is_acknowledged_stored_and_heard_by_everyone_in_the_room(room, event, member, make_user):
    budi, siti = room.client(member), room.client(make_user("siti"))
    budi.join(event.id)
    assert siti.join(event.id)["online"] == 2
    answer = say(budi, event, "Halo **semua**", "c-1")
    assert answer["ok"] and stored_bodies(event) == ["Halo **semua**"]
    heard = siti.wait_for("chat")
    assert heard == {"id": answer["id"], "event_id": event.id,
                     "author": {"username": "budi", "display_name": "Budi Santoso"},
                     "html": "Halo <strong>semua</strong>", "created_at": heard["created_at"]}


def test_join_gives_the_last_fifty_messages_oldest_first_and_tells_the_room(room, event, member, make_user):
    budi = room.client(member)
    for number in range(55):
        db.session.add(ChatMessage(event_id=event.id, author_id=member.id, client_id=f"m{number}",
                                   body=str(number), html=str(number)))
    db.session.commit()
    first = budi.join(event.id)
    assert [message["html"] for message in first["history"]] == [str(number) for number in range(5, 55)]
    assert first["online"] == 1
    room.client(make_user("siti")).join(event.id)
    budi.wait_for("presence", lambda data: data == {"online": 2})


def test_messages_are_inline_markdown_through_the_sanitiser(room, event, member):
    budi = room.client(member)
    budi.join(event.id)
    say(budi, event, "# Judul\n![foto](https://contoh.id/a.png) <script>alert(1)</script> [x](javascript:alert(1))", "x")
    html = budi.wait_for("chat")["html"]
    assert "<h1" not in html and "<img" not in html and "<script" not in html and "javascript:" not in html
    assert "Judul" in html and "&lt;script&gt;" in html


def test_a_repeated_client_id_returns_the_first_message_and_stores_nothing(room, event, member):
    budi = room.client(member)
    budi.join(event.id)
    first = say(budi, event, "Sekali saja", "same")
    again = say(budi, event, "Sekali saja", "same")
    assert first["ok"] and again == {"ok": True, "id": first["id"]}
    assert stored_bodies(event) == ["Sekali saja"]


def test_a_message_over_two_thousand_characters_is_refused_and_not_stored(room, event, member):
    budi = room.client(member)
    budi.join(event.id)
    answer = say(budi, event, "a" * 2001, "long")
    assert answer == refused("A message can have at most %(count)d characters (this one has %(length)d).",
                             count=2000, length=2001)
    assert say(budi, event, "a" * 2000, "just-fits")["ok"]
    assert say(budi, event, "   ", "empty") == refused("Write a message first.")
    assert stored_bodies(event) == ["a" * 2000]


def test_resume_after_a_lost_connection_gives_what_was_missed_in_order(room, event, member, make_user):
    budi, siti = room.client(member), room.client(make_user("siti"))
    budi.join(event.id)
    siti.join(event.id)
    last_seen = say(budi, event, "Sebelum putus", "b1")["id"]
    budi.close()  # the phone loses its connection
    missed = [say(siti, event, f"Pesan {number}", f"s{number}")["id"] for number in range(3)]
    back = room.client(member)
    back.join(event.id)
    answer = back.call("resume", {"event_id": event.id, "after_id": last_seen})
    assert answer["ok"] and [message["id"] for message in answer["messages"]] == missed
    assert [message["html"] for message in answer["messages"]] == ["Pesan 0", "Pesan 1", "Pesan 2"]
    assert back.call("resume", {"event_id": event.id, "after_id": missed[-1]}) == {"ok": True, "messages": []}


def test_the_author_comes_from_the_session_never_from_the_payload(room, event, member, make_user):
    siti = make_user("siti")
    budi = room.client(member)
    budi.join(event.id)
    budi.call("chat", {"event_id": event.id, "body": "Saya Siti", "client_id": "z", "author_id": siti.id,
                       "user_id": siti.id, "username": "siti"})
    assert budi.wait_for("chat")["author"]["username"] == "budi"


def test_guests_watch_a_public_room_but_cannot_send(room, event, member):
    guest, budi = room.client(), room.client(member)
    joined = guest.join(event.id)
    assert joined["you"]["may_send"] is False
    assert say(guest, event, "Halo", "g1") == refused("Sign in to take part in the chat.")
    budi.join(event.id)
    say(budi, event, "Halo tamu", "b1")
    assert guest.wait_for("chat")["html"] == "Halo tamu"


def test_unknown_cancelled_and_malformed_events_are_refused(room, event, host, member):
    budi = room.client(member)
    gone = new_event(host, title="Acara yang batal")
    actions.delete_event(host, gone)
    missing = refused("This event does not exist or has been cancelled.")
    for event_id in (9999, gone.id):
        assert budi.call("join", {"event_id": event_id}) == missing
        assert say(budi, event_id, "Halo", f"x{event_id}") == refused(NOT_IN_ROOM)
    not_understood = refused("That request was not understood.")
    assert budi.call("join", {"event_id": str(event.id)}) == not_understood
    assert budi.call("join", "hello") == not_understood
    budi.join(event.id)
    assert budi.call("resume", {"event_id": event.id, "after_id": True}) == not_understood
    assert stored_bodies(gone) == []


def test_the_sixth_message_in_ten_seconds_is_refused_with_a_clear_reason(room, event, member):
    budi = room.client(member)
    budi.join(event.id)
    assert all(say(budi, event, f"Pesan {number}", f"f{number}")["ok"] for number in range(5))
    assert say(budi, event, "Satu lagi", "f5") == refused(
        "You are sending messages too quickly: at most 5 in 10 seconds. Wait a moment, then try again.")
    assert len(stored_bodies(event)) == 5


def test_a_room_is_read_only_hours_after_its_event_ended(room, host, member):
    event = at(new_event(host), starts_in=-timedelta(hours=6), hours=2)
    budi = room.client(member)
    assert budi.join(event.id)["room"]["ended"] is True
    assert say(budi, event, "Masih ada?", "late") == refused(
        "The live session has ended: the chat is read-only.")
    assert live.has_ended(event, live.settings(event))
