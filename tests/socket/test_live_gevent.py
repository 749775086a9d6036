"""The live room on the production server (README, Production): gunicorn's gevent worker, where a room's
messages are written straight into each viewer's WebSocket (core/fanout.py). Viewers on WebSockets and
on long-polling, on one process and on two sharing Redis, each hear every message once and in order."""
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.socket.live_client import LiveClient, session_cookie

ROOT = Path(__file__).resolve().parents[2]
WEBSOCKET = ("websocket",)
UPGRADING = ("polling", "websocket")  # a browser's way: long-polling first, then the upgrade


def gunicorn_options() -> list[str]:
    """gunicorn 25.1 and later open a control socket at one path per user (~/.gunicorn/gunicorn.ctl):
    servers started side by side (two processes of a test, parallel test runs) would take it from each
    other. Tests do not use it."""
    from gunicorn import config

    flags = {flag for setting in config.KNOWN_SETTINGS for flag in setting.cli or ()}
    return ["--no-control-socket"] if "--no-control-socket" in flags else []


class Gunicorn:
    """`gunicorn -k gevent -w 1` on a listening socket the test opened (so no port race: connections queue
    until the worker accepts them)."""

    def __init__(self, database_url: str, log_path: Path, **environment):
        listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret", "SERAMBI_LANGUAGE": "id",
               "SOCKETIO_ASYNC_MODE": "gevent", **environment}
        with open(log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1", *gunicorn_options(),
                 "--bind", f"fd://{listener.fileno()}", "app:create_app()"],
                cwd=ROOT, env=env, pass_fds=[listener.fileno()], stdout=log, stderr=log)
        listener.close()  # gunicorn holds its own copy
        self._wait_until_answering(log_path)

    def _wait_until_answering(self, log_path: Path, deadline: float = 120) -> None:
        """Until the worker has loaded the app: on a busy machine that takes longer than a client's
        handshake may wait."""
        end = time.monotonic() + deadline
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=deadline):
                    return
            except urllib.error.HTTPError:
                return  # an answer all the same (503 while a service is away)
            except OSError:
                assert self.process.poll() is None and time.monotonic() < end, f"gunicorn did not start; see {log_path}"
                time.sleep(0.2)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a graceful stop waits for open connections: enough
            self.process.kill()
            self.process.wait()


@pytest.fixture
def gunicorn(_schema, tmp_path):
    started = []

    def start(**environment) -> Gunicorn:
        started.append(Gunicorn(_schema, tmp_path / "gunicorn.log", **environment))
        return started[-1]
    yield start
    for server in started:
        server.stop()


def chat_ids_heard(client: LiveClient, last_id: int) -> list[int]:
    client.wait_for("chat", lambda message: message["id"] == last_id)
    return [message["id"] for message in client.heard["chat"]]


def converse(senders: list[LiveClient], event_id: int, rounds: int = 5) -> list[int]:
    """Each sender sends `rounds` messages in turn (5 is the flood limit's allowance); the ids acknowledged."""
    acknowledged = []
    for number in range(rounds * len(senders)):
        answer = senders[number % len(senders)].call(
            "chat", {"event_id": event_id, "body": f"Pesan **{number}** " + "kata " * 300, "client_id": f"g{number}"})
        assert answer["ok"], answer
        acknowledged.append(answer["id"])
    return acknowledged


def test_every_viewer_hears_every_message_once_and_in_order(app, gunicorn, clients, event, host, member,
                                                            make_user):
    server = gunicorn()
    senders = [LiveClient(server.url, session_cookie(app, user), transports=WEBSOCKET)
               for user in (member, make_user("siti"), make_user("ani"))]
    sari = LiveClient(server.url, session_cookie(app, host), transports=UPGRADING)
    guests = [LiveClient(server.url, transports=WEBSOCKET), LiveClient(server.url, transports=UPGRADING)]
    everyone = senders + [sari] + guests
    clients.extend(everyone)
    for person in everyone:
        person.join(event.id)

    acknowledged = converse(senders, event.id)
    for person in everyone:
        assert chat_ids_heard(person, acknowledged[-1]) == acknowledged

    assert sari.call("delete", {"event_id": event.id, "message_id": acknowledged[3]}) == {"ok": True}
    for person in everyone:
        assert person.wait_for("chat_deleted") == {"id": acknowledged[3]}
    assert guests[0].sio.transport() == "websocket" and guests[1].sio.transport() == "websocket"


def test_a_viewer_who_drops_out_gets_what_it_missed_when_it_comes_back(app, gunicorn, clients, event, member,
                                                                        make_user):
    server = gunicorn()
    budi = LiveClient(server.url, session_cookie(app, member), transports=WEBSOCKET)
    ani_cookie = session_cookie(app, make_user("ani"))
    ani = LiveClient(server.url, ani_cookie, transports=WEBSOCKET)
    clients.extend([budi, ani])
    budi.join(event.id)
    ani.join(event.id)
    before = converse([budi], event.id, rounds=2)
    last_heard = chat_ids_heard(ani, before[-1])[-1]
    ani.close()  # the phone loses its connection; the room goes on (budi's five messages: the flood limit)
    while_away = [budi.call("chat", {"event_id": event.id, "body": f"Saat Ani pergi {number}",
                                     "client_id": f"away{number}"})["id"] for number in range(3)]

    back = LiveClient(server.url, ani_cookie, transports=UPGRADING)
    clients.append(back)
    assert [message["id"] for message in back.join(event.id)["history"]] == before + while_away
    missed = back.call("resume", {"event_id": event.id, "after_id": last_heard})["messages"]
    assert [message["id"] for message in missed] == while_away
    siti = LiveClient(server.url, session_cookie(app, make_user("siti")), transports=WEBSOCKET)
    clients.append(siti)
    siti.join(event.id)
    reply = siti.call("chat", {"event_id": event.id, "body": "Selamat datang kembali", "client_id": "welcome"})
    assert chat_ids_heard(back, reply["id"]) == [reply["id"]], "live again, each message once"


def test_two_production_processes_share_a_room_through_redis(app, gunicorn, clients, redis_url, event, member,
                                                             make_user):
    channel = f"serambi-test-{uuid.uuid4().hex}"
    first, second = (gunicorn(REDIS_URL=redis_url, SOCKETIO_CHANNEL=channel) for _ in range(2))
    senders = [LiveClient(first.url, session_cookie(app, member), transports=WEBSOCKET),
               LiveClient(second.url, session_cookie(app, make_user("siti")), transports=WEBSOCKET)]
    watchers = [LiveClient(first.url, transports=UPGRADING), LiveClient(second.url, transports=WEBSOCKET)]
    clients.extend(senders + watchers)
    for person in senders + watchers:
        person.join(event.id)
    assert watchers[-1].wait_for("presence", lambda count: count["online"] == 4)

    acknowledged = converse(senders, event.id)
    for person in senders + watchers:
        assert chat_ids_heard(person, acknowledged[-1]) == acknowledged


def test_websocket_connections_are_not_compressed(gunicorn):
    """Frames are shared between viewers, so a browser's offer of per-message compression is declined."""
    server = gunicorn()
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(
            f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Origin: {server.url}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n".encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = connection.recv(4096)
            assert chunk, f"the server closed the connection: {response!r}"
            response += chunk
    head = response.split(b"\r\n\r\n")[0].decode().lower()
    assert head.startswith("http/1.1 101") and "sec-websocket-extensions" not in head
