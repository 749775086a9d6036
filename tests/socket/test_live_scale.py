"""The live room across processes: two real server processes on two ports share one Redis and one
database, and what happens through one reaches the people connected to the other. And a server killed
mid-conversation loses no acknowledged message."""
import os
import signal
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
import socketio

from events import polls
from tests.socket.live_client import LiveClient, session_cookie

ROOT = Path(__file__).resolve().parents[2]


class ServerProcess:
    """`python -m tests.socket.live_process`, started and stopped by the test."""

    def __init__(self, database_url: str, redis_url: str, channel: str, **environment):
        env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "SECRET_KEY": "test-secret",
               "SOCKETIO_CHANNEL": channel, **environment}
        self.process = subprocess.Popen([sys.executable, "-m", "tests.socket.live_process"], cwd=ROOT, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        port = self.process.stdout.readline().strip()
        assert port.isdigit(), f"the server process did not start (exit code {self.process.poll()})"
        self.url = f"http://127.0.0.1:{port}"

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def servers(_schema, redis_url):
    """Starts server processes on demand against the tests' database; stops them all afterwards."""
    channel = f"serambi-test-{uuid.uuid4().hex}"  # other Redis users' Socket.IO messages stay apart
    started = []

    def start(**environment) -> ServerProcess:
        started.append(ServerProcess(_schema, redis_url, channel, **environment))
        return started[-1]
    yield start
    for server in started:
        server.stop()


def test_a_message_a_deletion_and_a_vote_through_one_process_reach_the_other(app, servers, clients, event, host,
                                                                            member, make_user):
    first, second = servers(), servers()
    budi = LiveClient(first.url, session_cookie(app, member))
    sari = LiveClient(second.url, session_cookie(app, host))
    clients.extend([budi, sari])
    budi.join(event.id)
    assert sari.join(event.id)["online"] == 2, "presence is counted across processes"

    sent = budi.call("chat", {"event_id": event.id, "body": "Dari proses pertama", "client_id": "p1"})
    assert sari.wait_for("chat")["id"] == sent["id"]
    assert sari.call("delete", {"event_id": event.id, "message_id": sent["id"]}) == {"ok": True}
    assert budi.wait_for("chat_deleted") == {"id": sent["id"]}

    poll = sari.call("poll_open", {"event_id": event.id, "question": "Lanjut?", "options": ["Ya", "Tidak"]})["poll"]
    assert budi.wait_for("poll")["id"] == poll["id"]
    option = poll["options"][0]["id"]
    assert budi.call("poll_vote", {"event_id": event.id, "poll_id": poll["id"], "option_id": option})["ok"]
    assert sari.wait_for("poll_updated")["options"][0]["votes"] == 1
    assert polls.of_event(event)[0].options[0].votes == 1


def test_a_server_killed_mid_conversation_keeps_every_acknowledged_message(app, servers, clients, event, member,
                                                                          make_user):
    server = servers()
    people = [LiveClient(server.url, session_cookie(app, user)) for user in (member, make_user("siti"),
                                                                              make_user("ani"))]
    clients.extend(people)
    for person in people:
        person.join(event.id)
    acknowledged, halfway = [], threading.Event()
    killer = threading.Thread(target=lambda: halfway.wait(120) and server.kill())  # set below in any case
    killer.start()
    try:
        for number in range(15):  # five each: the flood limit allows no more in ten seconds
            answer = people[number % 3].call("chat", {"event_id": event.id, "body": f"Pesan {number}",
                                                      "client_id": f"k{number}"}, timeout=15)
            assert answer["ok"], answer
            acknowledged.append(answer["id"])
            if len(acknowledged) == 7:
                halfway.set()  # the server dies while the conversation goes on
    except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError,
            socketio.exceptions.DisconnectedError):
        pass
    halfway.set()
    killer.join()
    assert server.process.returncode == -signal.SIGKILL and len(acknowledged) < 15

    back = LiveClient(servers().url, session_cookie(app, member))
    clients.append(back)
    history = [message["id"] for message in back.join(event.id)["history"]]
    resumed = [message["id"] for message in back.call("resume", {"event_id": event.id, "after_id": 0})["messages"]]
    assert set(acknowledged) <= set(history) and set(acknowledged) <= set(resumed) and resumed == sorted(resumed)
