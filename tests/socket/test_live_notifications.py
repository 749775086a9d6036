"""The unread count reaches an open page live, through Socket.IO, with the real python-socketio client."""
import threading

import socketio

from forum import actions
from tests.socket.live_client import ANSWER_DEADLINE, CONNECT_DEADLINE, NAMESPACE


def connect_as(live_server, app, user=None) -> tuple[socketio.Client, list, threading.Event]:
    """A socket with the browser's session cookie (or none, for a guest), recording counts it hears."""
    headers = {}
    if user is not None:
        browser = app.test_client()
        browser.login(user)
        headers["Cookie"] = f"session={browser.get_cookie('session').value}"
    heard, arrived = [], threading.Event()
    sio = socketio.Client(reconnection=False, request_timeout=CONNECT_DEADLINE)

    @sio.on("notification_count", namespace=NAMESPACE)
    def on_count(data):
        heard.append(data)
        arrived.set()

    # Long-polling: the threaded test server does not carry the WebSocket upgrade (gevent does, see README).
    sio.connect(live_server, headers=headers, namespaces=[NAMESPACE], transports=["polling"],
                wait_timeout=CONNECT_DEADLINE)
    return sio, heard, arrived


def test_a_reply_updates_the_authors_unread_count_live(app, live_server, member, make_user, admin):
    category = actions.save_category(admin, None, name="Buku", slug="buku", description="", colour="#0f6b5c",
                                     position=0, who_starts="members")
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Isi")
    author_socket, heard, arrived = connect_as(live_server, app, member)
    bystander_socket, bystander_heard, _ = connect_as(live_server, app, make_user("ani"))
    guest_socket, guest_heard, _ = connect_as(live_server, app)
    try:
        actions.reply(make_user("siti"), thread, "Balasan pertama")
        assert arrived.wait(ANSWER_DEADLINE), "no live count arrived"
        assert heard == [{"unread": 1}]
        arrived.clear()
        actions.reply(make_user("joko"), thread, "Balasan kedua")
        assert arrived.wait(ANSWER_DEADLINE)
        assert heard[-1] == {"unread": 2}
        # The other two sockets joined no room of the author's: a count sent to them would have
        # arrived before the author's second one, on the same server thread.
        assert bystander_heard == [] and guest_heard == []
    finally:
        for sio in (author_socket, bystander_socket, guest_socket):
            sio.disconnect()
