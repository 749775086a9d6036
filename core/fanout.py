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
public interface: the version is pinned, and tests/unit/test_fanout.py and tests/socket/test_live_gevent.py
check this path against the real thing.
"""
import socketio
from engineio import packet as eio_packet
from socketio import packet as sio_packet


def client_manager(redis_url: str | None, channel: str) -> socketio.Manager:
    if redis_url:
        return RedisFanOut(redis_url, channel=channel)
    return FanOut()


def use_direct_websockets(server: socketio.Server) -> None:
    """Under gevent, lets FanOut write to WebSockets directly (other modes keep python-engineio's path)."""
    if server.async_mode == "gevent":
        server.eio._async = {**server.eio._async, "websocket": _direct_websocket_class()}


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
