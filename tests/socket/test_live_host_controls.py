"""Host controls in the live room: only the event's hosts, co-hosts and admins use them; each one is
audited and reaches every screen in the room at once."""
import pytest

from core.audit import AuditEntry
from events.models import ChatMessage
from extensions import db
from tests.event_factory import new_event
from tests.socket.live_client import refused
from tests.socket.test_live_chat import say, stored_bodies


def not_a_host() -> dict:
    return refused("Only the event's hosts can do that.")  # in a test, where the catalogue is loaded


def audited(action: str) -> list[str]:
    return db.session.execute(db.select(AuditEntry.details).where(AuditEntry.action == action)).scalars().all()


@pytest.fixture
def cohosted(host, make_user):
    make_user("ani", display_name="Ani Cohost")
    return new_event(host, cohosts=["ani"])


@pytest.mark.parametrize("who, allowed", [("sari", True), ("ani", True), ("ratna", True), ("dimas", False),
                                          ("joko", False), ("budi", False), (None, False)])
def test_only_the_events_hosts_cohosts_and_admins_use_host_controls(room, cohosted, member, admin, moderator,
                                                                     make_user, who, allowed):
    from accounts.models import User
    make_user("joko", "host")  # hosts other events, not this one
    user = db.session.execute(db.select(User).filter_by(username=who)).scalar_one() if who else None
    client = room.client(user)
    assert client.join(cohosted.id)["you"]["host"] is allowed
    answer = client.call("slow_mode", {"event_id": cohosted.id, "seconds": 30})
    assert answer == ({"ok": True} if allowed else not_a_host())
    assert audited("event.slow_mode") == (["30"] if allowed else [])


def test_a_host_deletes_a_message_and_it_disappears_for_everyone(room, event, host, member):
    sari, budi = room.client(host), room.client(member)
    sari.join(event.id)
    budi.join(event.id)
    message_id = say(budi, event, "Iklan obat kuat", "spam")["id"]
    assert budi.call("delete", {"event_id": event.id, "message_id": message_id}) == not_a_host()
    assert sari.call("delete", {"event_id": event.id, "message_id": message_id}) == {"ok": True}
    assert budi.wait_for("chat_deleted") == {"id": message_id}
    assert budi.call("resume", {"event_id": event.id, "after_id": 0})["messages"] == []
    assert room.client(member).join(event.id)["history"] == []
    assert audited("event.chat_delete") == ["budi: Iklan obat kuat"]


def test_a_muted_member_cannot_send_until_unmuted_and_is_told_at_once(room, event, host, member, make_user):
    sari, budi = room.client(host), room.client(member)
    sari.join(event.id)
    budi.join(event.id)
    assert sari.call("mute", {"event_id": event.id, "username": "budi"}) == {"ok": True}
    assert budi.wait_for("muted") == {"event_id": event.id, "muted": True}
    assert say(budi, event, "Halo?", "m1") == refused("A host has muted you in this room.")
    assert budi.call("ask", {"event_id": event.id, "body": "Boleh tanya?"})["ok"] is False
    assert sari.wait_for("mutes")["members"] == [{"username": "budi", "display_name": "Budi Santoso"}]
    other_event = new_event(host, title="Acara lain tanpa mute")
    budi.join(other_event.id)
    assert say(budi, other_event, "Di sini boleh", "m2")["ok"], "a mute holds for one event only"
    assert sari.call("unmute", {"event_id": event.id, "username": "budi"}) == {"ok": True}
    assert say(budi, event, "Terima kasih", "m3")["ok"]
    assert audited("event.mute") == ["budi"] and audited("event.unmute") == ["budi"]
    assert sari.call("mute", {"event_id": event.id, "username": "sari"})["ok"] is False


def test_slow_mode_makes_members_wait_but_not_hosts(room, event, host, member):
    sari, budi = room.client(host), room.client(member)
    sari.join(event.id)
    budi.join(event.id)
    assert sari.call("slow_mode", {"event_id": event.id, "seconds": 60})["ok"]
    assert budi.wait_for("room_state")["slow_mode"] == 60
    assert say(budi, event, "Satu", "s1")["ok"]
    refused_now = say(budi, event, "Dua", "s2")
    assert refused_now["ok"] is False and refused_now["error"] in [refused(
        "Slow mode is on: you can send again in %(seconds)d seconds.", seconds=seconds)["error"] for seconds in (59, 60)]
    assert say(sari, event, "Tuan rumah bebas", "h1")["ok"] and say(sari, event, "Lagi", "h2")["ok"]
    assert sari.call("slow_mode", {"event_id": event.id, "seconds": 601})["ok"] is False


def test_pausing_the_chat_stops_members_until_it_continues(room, event, host, member):
    sari, budi = room.client(host), room.client(member)
    sari.join(event.id)
    budi.join(event.id)
    assert sari.call("pause", {"event_id": event.id, "paused": True})["ok"]
    assert budi.wait_for("room_state") == {"paused": True, "slow_mode": 0, "ended": False, "approve_questions": False}
    assert say(budi, event, "Halo", "p1") == refused("The hosts have paused the chat for a moment.")
    assert say(sari, event, "Pengumuman", "h1")["ok"]
    assert sari.call("pause", {"event_id": event.id, "paused": False})["ok"]
    budi.wait_for("room_state", lambda state: not state["paused"])
    assert say(budi, event, "Halo lagi", "p2")["ok"]
    assert len(audited("event.chat_pause")) == 1 and len(audited("event.chat_unpause")) == 1


def test_ending_the_session_makes_the_room_read_only_and_keeps_the_transcript(room, client, event, host, member):
    sari, budi = room.client(host), room.client(member)
    sari.join(event.id)
    budi.join(event.id)
    say(budi, event, "Terima kasih, **seru** sekali", "e1")
    assert sari.call("end", {"event_id": event.id}) == {"ok": True}
    assert budi.wait_for("room_state")["ended"] is True
    ended = refused("The live session has ended: the chat is read-only.")
    assert say(budi, event, "Masih bisa?", "e2") == ended and say(sari, event, "Saya juga?", "h1") == ended
    assert room.client().join(event.id)["room"]["ended"] is True
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Terima kasih, <strong>seru</strong> sekali" in page
    assert len(audited("event.live_end")) == 1
    assert stored_bodies(event) == ["Terima kasih, **seru** sekali"]


def test_a_deleted_message_cannot_be_deleted_twice_nor_one_of_another_event(room, event, host, member):
    sari, budi = room.client(host), room.client(member)
    other = new_event(host, title="Acara lain sekali")
    budi.join(other.id)
    message_id = say(budi, other, "Di acara lain", "o1")["id"]
    sari.join(event.id)
    gone = refused("That message has already been removed.")
    assert sari.call("delete", {"event_id": event.id, "message_id": message_id}) == gone
    assert db.session.get(ChatMessage, message_id).deleted_at is None
