"""The live room's chat through faults, under the production server on the suite's own Redis and
PostgreSQL: a worker killed with SIGKILL between storing a message and broadcasting it, and Redis stopped
and restarted mid-conversation. Every acknowledged message is stored once and reaches the viewers."""
import psycopg
import pytest
import socketio

from tests.faults.browser import Browser
from tests.faults.services import wait_until
from tests.faults.traffic import healthz
from tests.socket.conftest import clients  # noqa: F401  (fixture)
from tests.socket.live_client import LiveClient


def member_in_room(server, username: str, event_id: int, clients: list) -> LiveClient:
    browser = Browser(server.url)
    assert browser.sign_in(username) == 302
    client = LiveClient(server.url, browser.cookie_header())
    clients.append(client)
    client.join(event_id)
    return client


def say(client: LiveClient, event_id: int, body: str, client_id: str) -> dict:
    return client.call("chat", {"event_id": event_id, "body": body, "client_id": client_id}, timeout=30)


def stored(postgres, client_id: str) -> list[int]:
    with psycopg.connect(postgres.url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        return [row[0] for row in connection.execute(
            "SELECT id FROM event_chat_messages WHERE client_id = %s", (client_id,))]


def heard_ids(client: LiveClient) -> list[int]:
    return [message["id"] for message in client.heard["chat"]]


def test_a_worker_killed_between_storing_and_broadcasting_loses_no_message(production, postgres, site, clients):
    doomed, other = production(SERAMBI_FAULT_POINTS="chat-after-commit"), production()
    event_id = site["event"]
    sender = member_in_room(doomed, "budi", event_id, clients)
    viewer = member_in_room(other, "ani", event_id, clients)
    with pytest.raises((socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError)):
        say(sender, event_id, "Pesan yang hampir hilang", "kill-1")  # stored, then the worker dies
    wait_until(lambda: len(stored(postgres, "kill-1")) == 1, "the message to be stored")
    [message_id] = stored(postgres, "kill-1")
    # The sender's page reconnects to the other process and goes on; a newer message is broadcast...
    again = member_in_room(other, "budi", event_id, clients)
    newer = say(again, event_id, "Lanjut", "kill-2")["id"]
    viewer.wait_for("chat", lambda message: message["id"] == newer, timeout=30)
    # ...and a viewer who stayed on the other process is told of the lost one by the room's heartbeat:
    viewer.wait_for("chat_recent", lambda data: message_id in data["ids"], timeout=30)
    resumed = viewer.call("resume", {"event_id": event_id, "after_id": message_id - 1})["messages"]
    assert [message["id"] for message in resumed] == [message_id, newer]
    # The page sends the unanswered message again: stored once, broadcast this time.
    assert say(again, event_id, "Pesan yang hampir hilang", "kill-1") == {"ok": True, "id": message_id}
    viewer.wait_for("chat", lambda message: message["id"] == message_id, timeout=30)
    assert heard_ids(viewer).count(message_id) == 1
    assert stored(postgres, "kill-1") == [message_id]


def test_the_chat_goes_on_while_redis_is_away_and_catches_up(production, redis_server, postgres, site, clients):
    server = production()
    event_id = site["event"]
    sender = member_in_room(server, "siti", event_id, clients)
    viewer = member_in_room(server, "ratna", event_id, clients)
    before = say(sender, event_id, "Sebelum", "redis-before")
    viewer.wait_for("chat", lambda message: message["id"] == before["id"])

    redis_server.stop()
    wait_until(lambda: healthz(server.url) == 503, "/healthz to say 503 while Redis is away")
    during = say(sender, event_id, "Selama Redis pergi", "redis-during")
    assert during["ok"], during  # stored, so acknowledged: never "Something went wrong"
    viewer.wait_for("chat_recent", lambda data: during["id"] in data["ids"], timeout=30)  # from this process

    redis_server.start()
    wait_until(lambda: healthz(server.url) == 200, "/healthz to say 200 once Redis is back")
    after = say(sender, event_id, "Sesudah", "redis-after")
    viewer.wait_for("chat", lambda message: message["id"] == after["id"], timeout=90)
    for client_id, answer in (("redis-before", before), ("redis-during", during), ("redis-after", after)):
        assert stored(postgres, client_id) == [answer["id"]]
