"""Who is online in a live room: a process killed outright (which cannot say its viewers left) stops
counting within a few heartbeats, and the count goes on, for this process's own viewers, while Redis is away."""
from events import sockets
from tests.faults.services import free_port
from tests.socket.live_client import LiveClient, session_cookie
from tests.socket.test_live_scale import servers  # noqa: F401  (fixture)

QUICK_HEARTBEAT = {"SERAMBI_LIVE_HEARTBEAT_SECONDS": "1"}


def test_the_viewers_of_a_killed_process_leave_the_count(app, servers, clients, event, member):
    doomed, survivor = servers(**QUICK_HEARTBEAT), servers(**QUICK_HEARTBEAT)
    budi, guest = LiveClient(doomed.url, session_cookie(app, member)), LiveClient(survivor.url)
    clients.extend([budi, guest])
    budi.join(event.id)
    assert guest.join(event.id)["online"] == 2
    doomed.kill()
    guest.wait_for("presence", lambda count: count["online"] == 1, timeout=60)
    again = LiveClient(survivor.url)
    clients.append(again)
    assert again.join(event.id)["online"] == 2, "the guest and the newcomer"


def test_the_count_goes_on_while_redis_is_away(app, room, monkeypatch, event, member, host):
    monkeypatch.setitem(app.extensions, "serambi_presence", app.extensions["serambi_presence"])
    monkeypatch.setitem(app.config, "REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")  # nobody listens there
    sockets.init_app(app)
    budi, sari = room.client(member), room.client(host)
    assert budi.join(event.id)["online"] == 1
    assert sari.join(event.id)["online"] == 2
    budi.close()
    sari.wait_for("presence", lambda count: count["online"] == 1)
