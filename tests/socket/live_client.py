"""A real python-socketio client in a live room, as a browser's page would be: it signs in with the session
cookie, records every server event it hears, and waits for one without sleeping."""
import threading
from collections import defaultdict

import socketio

NAMESPACE = "/live"
NOT_IN_ROOM = "You are not in this room any more: reload the page."
# Deadlines, not durations: a wait ends as soon as its event arrives, so they can be generous enough for a
# machine with a load average of 10 (where starting a server or answering one event can take seconds).
CONNECT_DEADLINE = 30
ANSWER_DEADLINE = 30


def session_cookie(app, user) -> str:
    browser = app.test_client()
    response = browser.login(user)
    assert response.status_code == 302, "sign-in should redirect"
    return f"session={browser.get_cookie('session').value}"


class LiveClient:
    def __init__(self, base_url: str, cookie: str | None = None, headers: dict | None = None,
                 transports: tuple = ("polling",)):
        self.heard: dict[str, list] = defaultdict(list)
        self.changed = threading.Condition()
        # request_timeout: python-engineio's 5 s for the handshake is less than a busy machine's server start
        self.sio = socketio.Client(reconnection=False, request_timeout=CONNECT_DEADLINE)
        self.sio.on("*", self._record, namespace=NAMESPACE)
        self.disconnected = threading.Event()
        self.sio.on("disconnect", lambda *_: self.disconnected.set(), namespace=NAMESPACE)
        headers = {**(headers or {}), **({"Cookie": cookie} if cookie else {})}
        # Long-polling by default: the threaded test server does not carry the WebSocket upgrade (gevent does).
        self.sio.connect(base_url, headers=headers, namespaces=[NAMESPACE], transports=list(transports),
                         wait_timeout=CONNECT_DEADLINE)

    def _record(self, event, data):
        with self.changed:
            self.heard[event].append(data)
            self.changed.notify_all()

    def call(self, event: str, payload=None, timeout: float = ANSWER_DEADLINE) -> dict:
        return self.sio.call(event, payload, namespace=NAMESPACE, timeout=timeout)

    def join(self, event_id: int) -> dict:
        answer = self.call("join", {"event_id": event_id})
        assert answer["ok"], answer
        return answer

    def wait_for(self, event: str, match=lambda data: True, timeout: float = ANSWER_DEADLINE):
        """The first `event` heard (now or within `timeout`) whose payload matches."""
        with self.changed:
            found = self.changed.wait_for(lambda: next((d for d in self.heard[event] if match(d)), None), timeout)
        assert found is not None, f"no {event} matching arrived; heard {dict(self.heard)}"
        return found

    def wait_until_disconnected(self, timeout: float = ANSWER_DEADLINE) -> None:
        assert self.disconnected.wait(timeout), f"still connected after {timeout} s"

    def close(self):
        self.sio.disconnect()


class Room:
    """Opens clients for a test and closes them all afterwards."""
    def __init__(self, app, base_url: str):
        self.app, self.base_url, self.clients = app, base_url, []

    def client(self, user=None, **kwargs) -> LiveClient:
        client = LiveClient(self.base_url, session_cookie(self.app, user) if user else None, **kwargs)
        self.clients.append(client)
        return client

    def close(self):
        for client in self.clients:
            client.close()


def refused(message: str, **params) -> dict:
    """The answer to a refused event: `message` (an English msgid) as an Indonesian page's socket hears it."""
    from flask_babel import force_locale, gettext

    with force_locale("id"):
        return {"ok": False, "error": gettext(message, **params)}
