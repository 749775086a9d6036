"""A private group's event: its live room admits the group's members and no one else, over the socket too."""
import pytest

from events import live
from tests.http.test_forum import category  # noqa: F401  (fixture)
from tests.http.test_group_privacy import MARKER, secret  # noqa: F401  (fixture)
from tests.socket.live_client import NOT_IN_ROOM, refused

GONE = "This event does not exist or has been cancelled."


@pytest.mark.parametrize("who", ["guest", "outsider"])
def test_outsiders_cannot_join_hear_or_read_a_private_groups_room(room, make_user, member, secret, who):
    event = secret["event"]
    live.send_message(member, event, f"Rahasia {MARKER}", "c-1")
    outsider = room.client(None if who == "guest" else make_user("joko"))
    assert outsider.call("join", {"event_id": event.id}) == refused(GONE)
    assert outsider.call("resume", {"event_id": event.id, "after_id": 0}) == refused(NOT_IN_ROOM)
    insider = room.client(member)
    assert [message["id"] for message in insider.join(event.id)["history"]] != []
    insider.call("chat", {"event_id": event.id, "body": f"Lagi {MARKER}", "client_id": "c-2"})
    insider.wait_for("chat", lambda message: "Lagi" in message["html"])
    assert MARKER not in str(dict(outsider.heard))
