"""Every stored message reaches every viewer exactly once, even when its broadcast is lost (its process
killed between the commit and the emit: tests/faults/test_live_kill.py does that for real), and who is
online is counted truly when a process dies."""
import uuid

from core.notifications import NAMESPACE
from events.models import ChatMessage
from events.presence import Presence
from extensions import db
from tests.faults.services import wait_until
from tests.socket.test_live_chat import say

BEAT = 0.2  # seconds: a fast heartbeat for the test


def stored_without_broadcast(event, author, body: str, client_id: str) -> int:
    """As if the sender's process died right after the commit."""
    message = ChatMessage(event_id=event.id, author_id=author.id, client_id=client_id, body=body, html=body)
    db.session.add(message)
    db.session.commit()
    return message.id


def test_a_viewer_is_told_of_a_message_whose_broadcast_was_lost(app, room, event, member, make_user):
    app.extensions["serambi_presence"].heartbeat = BEAT
    viewer, budi = room.client(make_user("siti")), room.client(member)
    viewer.join(event.id)
    budi.join(event.id)
    lost = stored_without_broadcast(event, member, "Hilang di jalan", "lost-1")
    arrived = say(budi, event, "Yang ini sampai", "after-1")["id"]  # a newer message is broadcast
    # A heartbeat may fall between the two messages (it then lists the lost one alone): wait for one after both.
    assert viewer.wait_for("chat_recent", lambda data: arrived in data["ids"]) == {"event_id": event.id,
                                                                                    "ids": [lost, arrived]}
    assert [message["id"] for message in viewer.call("resume", {"event_id": event.id, "after_id": 0})["messages"]] \
        == [lost, arrived]


def test_a_resent_message_that_was_stored_is_broadcast_again(room, event, member, make_user):
    viewer, budi = room.client(make_user("siti")), room.client(member)
    viewer.join(event.id)
    budi.join(event.id)
    lost = stored_without_broadcast(event, member, "Kirim ulang", "resend-1")
    assert say(budi, event, "Kirim ulang", "resend-1") == {"ok": True, "id": lost}
    assert viewer.wait_for("chat", lambda message: message["id"] == lost)["html"] == "Kirim ulang"


def test_the_viewers_of_a_process_that_died_leave_the_count(app, redis_url):
    channel = f"presence-{uuid.uuid4().hex}"
    dead, alive = (Presence(redis_url, NAMESPACE, channel, BEAT) for _ in range(2))
    dead.enter(7, "socket-on-the-dead-process")
    assert alive.enter(7, "socket-on-the-live-one") == 2
    dead.here.clear()  # it stops vouching for its socket, as a process killed with SIGKILL would
    wait_until(lambda: alive.count(7) == 1, "the dead process's viewer to leave the count", deadline=10)
    assert alive.count(7) == 1  # the live process's own socket still counts, heartbeat after heartbeat
