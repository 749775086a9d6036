"""The leaderboard reaches a page watching the challenge live, with the real python-socketio client."""
import threading

import socketio

from challenges import actions
from tests.challenge_helpers import log, make_challenge
from tests.socket.live_client import ANSWER_DEADLINE, CONNECT_DEADLINE, NAMESPACE


def watcher(live_server, challenge_id):
    """A guest's socket in the room challenge:<id>, recording the leaderboards it hears."""
    heard, arrived = [], threading.Event()
    sio = socketio.Client(reconnection=False, request_timeout=CONNECT_DEADLINE)

    @sio.on("leaderboard", namespace=NAMESPACE)
    def on_leaderboard(data):
        heard.append(data)
        arrived.set()

    sio.connect(live_server, namespaces=[NAMESPACE], transports=["polling"], wait_timeout=CONNECT_DEADLINE)
    answer = sio.call("challenge_watch", {"challenge_id": challenge_id}, namespace=NAMESPACE, timeout=ANSWER_DEADLINE)
    return sio, answer, heard, arrived


def test_a_watcher_hears_the_leaderboard_when_someone_logs(app, live_server, admin, member, make_user):
    challenge = make_challenge(admin)
    other = make_challenge(admin, title="Tantangan Lain")
    actions.join(member, challenge)
    sio, answer, heard, arrived = watcher(live_server, challenge.id)
    elsewhere, _, elsewhere_heard, _ = watcher(live_server, other.id)
    try:
        assert answer == {"ok": True}
        log(member, challenge, 120)
        assert arrived.wait(ANSWER_DEADLINE), "no leaderboard arrived"
        assert heard[-1]["challenge_id"] == challenge.id
        assert heard[-1]["members"] == [{"rank": 1, "name": "Budi Santoso", "amount": 120, "points": 0}]
        arrived.clear()
        ani = make_user("ani", display_name="Ani")
        actions.join(ani, challenge, hide_name=True)
        assert arrived.wait(ANSWER_DEADLINE)
        arrived.clear()
        log(ani, challenge, 200)
        assert arrived.wait(ANSWER_DEADLINE)
        assert [(row["name"], row["amount"]) for row in heard[-1]["members"]] == [(None, 200), ("Budi Santoso", 120)]
        assert elsewhere_heard == []  # the other challenge's room heard nothing
    finally:
        sio.disconnect()
        elsewhere.disconnect()


def test_watching_a_missing_challenge_is_refused(app, live_server):
    sio, answer, _, _ = watcher(live_server, 999)
    try:
        assert answer["ok"] is False and answer["error"]
    finally:
        sio.disconnect()
