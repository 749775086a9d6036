"""Room broadcasts written straight into each viewer's WebSocket, under gevent (the production server).

python-engineio gives every connection a queue and a writer greenlet, so one chat message to a room of
1,000 is 1,000 queue puts, 1,000 greenlet wake-ups with a timer each, and 1,000 WebSocket framings of
the same text: about 60 % of the worker's time in bench/live, and what kept the live room's p99 latency
at 2-3x the Node reference (issue #5). Here a broadcast is encoded and framed once and written with one
non-blocking send to each viewer whose writer is idle. A viewer whose writer is busy, or whose socket
buffer is full, gets the message through its queue as before, behind what is already there, so every
viewer still receives the room's messages in order.

Frames are shared, so WebSocket connections do not negotiate per-message compression (socket.io's Node
server declines it by default too): chat messages are a few hundred bytes, and compressing them for each
viewer separately cost 10 % more CPU and about 100 KB of memory per connection (bench/live/README.md).

This reads python-engineio's connection state (its queue and flags, its WebSocket), which is not a
public interface: the versions are pinned, `check_engineio_internals()` refuses to start on versions that
lack what is read here, and tests/unit/test_fanout.py and tests/socket/test_live_gevent.py check this
path against the real thing.
"""
import inspect
from importlib.metadata import version

import engineio.socket
import simple_websocket
import socketio
from engineio import packet as eio_packet
from engineio.async_drivers._websocket_wsgi import SimpleWebSocketWSGI
from socketio import packet as sio_packet


def client_manager(redis_url: str | None, channel: str) -> socketio.Manager:
    if redis_url:
        return RedisFanOut(redis_url, channel=channel)
    return FanOut()


def use_direct_websockets(server: socketio.Server) -> None:
    """Under gevent, lets FanOut write to WebSockets directly (other modes keep python-engineio's path).
    Refuses to start on engine.io versions that lack what FanOut reads."""
    gevent = server.async_mode == "gevent"
    check_engineio_internals(server, websocket=gevent)
    if gevent:
        server.eio._async = {**server.eio._async, "websocket": _direct_websocket_class()}


def check_engineio_internals(server: socketio.Server, websocket: bool = True) -> None:
    """Raises RuntimeError, naming the installed versions, if python-engineio, python-socketio or
    simple-websocket no longer have the private attributes this module reads (`websocket`: also those of
    the gevent WebSocket path)."""
    missing = _missing_server_parts(server)
    if websocket:
        missing += _missing_websocket_parts(server)
    if missing:
        versions = ", ".join(f"{name} {version(name)}" for name in ("python-engineio", "python-socketio",
                                                                   "simple-websocket"))
        raise RuntimeError(f"core/fanout.py cannot run on {versions}: missing {'; '.join(missing)}. Install the "
                           "versions pinned in requirements.txt, or adapt core/fanout.py and its tests.")


def _missing_server_parts(server: socketio.Server) -> list[str]:
    missing = [f"{name}()" for owner, name in ((server.manager, "get_participants"), (server.eio, "send_packet"))
               if not callable(getattr(owner, name, None))]
    if not isinstance(getattr(server.eio, "sockets", None), dict):
        missing.append("engineio.Server.sockets (a dict)")
    if not hasattr(server, "packet_class"):
        missing.append("socketio.Server.packet_class")
    connection = engineio.socket.Socket(server.eio, "fanout-check")  # builds its state, sends nothing
    missing += [f"engineio.socket.Socket.{name}" for name in ("upgraded", "closing", "closed")
                if not hasattr(connection, name)]
    if not all(callable(getattr(getattr(connection, "queue", None), name, None)) for name in ("qsize", "put")):
        missing.append("engineio.socket.Socket.queue (qsize, put)")
    return missing


def _missing_websocket_parts(server: socketio.Server) -> list[str]:
    missing = []
    if not isinstance(getattr(server.eio, "_async", None), dict):
        missing.append("engineio.Server._async (a dict of the async driver's classes)")
    from engineio.async_drivers.gevent import WebSocketWSGI  # imports gevent: only on this path

    if not issubclass(WebSocketWSGI, SimpleWebSocketWSGI):
        missing.append("the gevent WebSocketWSGI built on simple-websocket (its .ws)")
    elif not _keeps_its_websocket_as_ws():
        missing.append("SimpleWebSocketWSGI.ws (the simple_websocket.Server of the connection)")
    if "sock" not in inspect.signature(simple_websocket.ws.Base.__init__).parameters:
        missing.append("simple_websocket.ws.Base.sock (the raw socket)")
    return missing


def websocket_text_frame(text: str) -> bytes:
    """One final, unmasked WebSocket text frame, as a server sends it (RFC 6455, section 5.2)."""
    payload = text.encode()
    size = len(payload)
    if size < 126:
        header = bytes((0x81, size))
    elif size < 1 << 16:
        header = bytes((0x81, 126)) + size.to_bytes(2, "big")
    else:
        header = bytes((0x81, 127)) + size.to_bytes(8, "big")
    return header + payload


class FanOut(socketio.Manager):
    def emit(self, event, data, namespace, room=None, skip_sid=None, callback=None, to=None, **kwargs):
        room = to or room
        message = None if callback else _encoded_event(self.server.packet_class, event, data, namespace)
        if message is None:
            return super().emit(event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, **kwargs)
        engine = self.server.eio
        frame = websocket_text_frame(message.encode())
        skipped = skip_sid if isinstance(skip_sid, list) else [skip_sid]
        for sid, eio_sid in self.get_participants(namespace, room):
            if sid in skipped:
                continue
            connection = engine.sockets.get(eio_sid)
            websocket = getattr(connection, "direct_websocket", None)
            if websocket is None or not websocket.write_now(connection, frame):
                engine.send_packet(eio_sid, message)


def emit_here(server: socketio.Server, event: str, data, namespace: str, room: str) -> None:
    """To this process's own sockets in `room` only, not through Redis: for what each process can tell its
    viewers from the database alone, even while Redis is away."""
    FanOut.emit(server.manager, event, data, namespace, room=room)


class RedisFanOut(socketio.RedisManager, FanOut):
    """Across processes: Redis carries the message to every process, and each writes to its own viewers
    (PubSubManager hands a message on to the next manager in this order: FanOut)."""


def _encoded_event(packet_class, event, data, namespace) -> eio_packet.Packet | None:
    """The Engine.IO packet every recipient gets, as socketio.Manager builds it; None if it has binary
    attachments (several frames: left to python-socketio)."""
    if isinstance(data, tuple):
        data = list(data)
    elif data is not None:
        data = [data]
    else:
        data = []
    encoded = packet_class(sio_packet.EVENT, namespace=namespace, data=[event] + data).encode()
    if isinstance(encoded, list):
        return None
    return eio_packet.Packet(eio_packet.MESSAGE, encoded)


def _keeps_its_websocket_as_ws() -> bool:
    """SimpleWebSocketWSGI keeps the connection's simple_websocket.Server as `.ws`. Read from its source; an
    installation that ships only compiled files passes (a site must not fail to start for what cannot be
    read: tests/socket/test_live_gevent.py exercises the real path)."""
    try:
        source = inspect.getsource(SimpleWebSocketWSGI.__call__)
    except (OSError, TypeError):
        return True
    return "self.ws = simple_websocket.Server(" in source


def _direct_websocket_class():
    from engineio.async_drivers.gevent import WebSocketWSGI

    class DirectWebSocket(WebSocketWSGI):
        """python-engineio's gevent WebSocket, which can also take a ready frame from FanOut."""

        def __call__(self, environ, start_response):
            environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)  # no compression: frames are shared
            self.unsent = b""
            self.writing = False
            connection = self.app.__self__  # the engine.io socket whose handler this is
            connection.direct_websocket = self
            try:
                return super().__call__(environ, start_response)
            finally:
                connection.direct_websocket = None

        def write_now(self, connection, frame: bytes) -> bool:
            """Writes `frame` without yielding to another greenlet, if the connection's writer is idle:
            its queue is empty and it is not writing (a greenlet only yields while it waits, and the
            writer waits only on its queue or inside `send`). False if it is busy or the connection is
            gone: the caller queues the message then."""
            if (self.writing or self.unsent or connection.queue.qsize() or not connection.upgraded
                    or connection.closing or connection.closed):
                return False
            try:
                sent = self.ws.sock.send(frame, 0, 0.0)  # a timeout of 0: never wait for the client
            except BlockingIOError:
                sent = 0
            except OSError:
                return False
            if sent < len(frame):
                # The client reads slowly: its writer sends the rest first, woken by a no-op packet.
                self.unsent = frame[sent:]
                connection.queue.put(eio_packet.Packet(eio_packet.NOOP))
            return True

        def send(self, message):
            """Called by the connection's writer only."""
            self.writing = True
            try:
                if self.unsent:
                    self.ws.sock.sendall(self.unsent)
                    self.unsent = b""
                return super().send(message)
            finally:
                self.writing = False

    return DirectWebSocket
