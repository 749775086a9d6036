"""core/fanout.py: a room broadcast written straight into a viewer's WebSocket keeps the viewer's messages
whole and in order, also when the viewer reads slowly (real gevent sockets, no server); and the site refuses
to start on engine.io versions that lack what the fan-out reads."""
from importlib.metadata import version

import engineio.base_socket
import gevent
import gevent.queue
import gevent.socket
import pytest
from engineio import packet as eio_packet

from core.fanout import (_direct_websocket_class, check_engineio_internals, use_direct_websockets,
                         websocket_text_frame)
from extensions import socketio


@pytest.mark.parametrize("size, header", [(125, b"\x81\x7d"), (126, b"\x81\x7e\x00\x7e"),
                                          (65_536, b"\x81\x7f" + (65_536).to_bytes(8, "big"))])
def test_a_frame_says_its_length_the_way_rfc_6455_asks(size, header):
    frame = websocket_text_frame("é" * (size // 2) + "a" * (size % 2))
    assert frame.startswith(header) and len(frame) == len(header) + size


class Connection:
    """What FanOut reads of python-engineio's socket: its queue and state."""
    def __init__(self):
        self.queue = gevent.queue.JoinableQueue()
        self.upgraded, self.closing, self.closed = True, False, False


class FramingWebSocket:
    """simple-websocket's part: frames what engine.io's writer sends."""
    def __init__(self, sock):
        self.sock = sock

    def send(self, message: str):
        self.sock.sendall(websocket_text_frame(message))


@pytest.fixture
def viewer():
    server_side, client_side = gevent.socket.socketpair()
    websocket = object.__new__(_direct_websocket_class())  # as DirectWebSocket.__call__ leaves it
    websocket.ws, websocket.unsent, websocket.writing = FramingWebSocket(server_side), b"", False
    yield websocket, Connection(), client_side
    server_side.close()
    client_side.close()


def engineio_writer(websocket, connection):
    """python-engineio's writer loop, in short: every packet queued, through `send`."""
    while True:
        packet = connection.queue.get()
        if packet is None:
            return
        websocket.send(packet.encode())


def read_exactly(sock, size: int) -> bytes:
    received = b""
    while len(received) < size:
        chunk = sock.recv(size - len(received))
        assert chunk, "the connection closed early"
        received += chunk
    return received


def test_an_idle_connection_gets_the_frame_at_once(viewer):
    websocket, connection, client = viewer
    frame = websocket_text_frame('42/live,["chat",{"id":1}]')
    assert websocket.write_now(connection, frame)
    assert read_exactly(client, len(frame)) == frame and connection.queue.qsize() == 0


def test_a_busy_connection_is_left_to_its_queue(viewer):
    websocket, connection, _ = viewer
    frame = websocket_text_frame("4hello")
    connection.queue.put(eio_packet.Packet(eio_packet.MESSAGE, "earlier"))
    assert not websocket.write_now(connection, frame), "a packet is waiting: the frame would overtake it"
    connection.queue.get()
    websocket.writing = True
    assert not websocket.write_now(connection, frame), "the writer is mid-send"
    websocket.writing = False
    connection.closed = True
    assert not websocket.write_now(connection, frame)


def test_a_slow_reader_gets_every_frame_whole_and_in_order(viewer):
    websocket, connection, client = viewer
    frames = []
    for number in range(10_000):  # until the socket's buffers are full: a few hundred frames
        frames.append(websocket_text_frame(f'42/live,["chat",{{"n":{number},"body":"{"x" * 4000}"}}]'))
        assert websocket.write_now(connection, frames[-1])
        if websocket.unsent:
            break
    assert websocket.unsent, "the buffers never filled"
    later = websocket_text_frame("4later")
    assert not websocket.write_now(connection, later), "the rest of a frame is waiting"
    connection.queue.put(eio_packet.Packet(eio_packet.MESSAGE, "later"))

    writer = gevent.spawn(engineio_writer, websocket, connection)
    noop = websocket_text_frame(eio_packet.Packet(eio_packet.NOOP).encode())
    expected = b"".join(frames) + noop + later
    assert read_exactly(client, len(expected)) == expected
    connection.queue.put(None)
    writer.join(timeout=5)
    assert writer.dead and websocket.unsent == b""


def test_the_pinned_engineio_has_every_part_the_fan_out_reads(app):
    check_engineio_internals(socketio.server, websocket=True)  # the gevent path too, whatever this app's mode


def test_an_engineio_without_those_parts_stops_the_site_from_starting_and_names_the_versions(app, monkeypatch):
    def stateless_socket(self, server, sid):  # as if a release kept the connection's state elsewhere
        self.server, self.sid = server, sid

    monkeypatch.setattr(engineio.base_socket.BaseSocket, "__init__", stateless_socket)
    with pytest.raises(RuntimeError) as refusal:
        use_direct_websockets(socketio.server)  # what create_app() calls
    message = str(refusal.value)
    assert f"python-engineio {version('python-engineio')}" in message
    assert "engineio.socket.Socket.upgraded" in message and "queue" in message
