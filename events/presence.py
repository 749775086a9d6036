"""Who is in each live room right now: a count of sockets, shared by every process through Redis when
REDIS_URL is set (else kept in this process). Counts reach the room as `presence` {"online": n}, at most
once a second per room, so a thousand people arriving at once do not send a million updates."""
import threading
import time

import redis

from extensions import socketio

BROADCAST_EVERY = 1.0  # seconds
KEY_LIFETIME = 24 * 3600  # a process that dies cannot remove its sockets: its entries expire with the key


class Presence:
    def __init__(self, redis_url: str | None, namespace: str, channel: str):
        self.namespace = namespace
        self.key_prefix = f"serambi:live:{channel}:online"  # sites sharing a Redis have channels of their own
        self.redis = redis.Redis.from_url(redis_url) if redis_url else None
        self.local: dict[int, set[str]] = {}  # without Redis: event id -> sockets
        self.rooms_of: dict[str, set[int]] = {}  # this process's sockets -> the event rooms they joined
        self.last_sent: dict[int, float] = {}
        self.pending: set[int] = set()
        self.lock = threading.Lock()

    def enter(self, event_id: int, sid: str) -> int:
        with self.lock:
            self.rooms_of.setdefault(sid, set()).add(event_id)
        if self.redis:
            key = self._key(event_id)
            with self.redis.pipeline() as pipe:
                pipe.sadd(key, sid).expire(key, KEY_LIFETIME).scard(key)
                count = pipe.execute()[-1]
        else:
            with self.lock:
                self.local.setdefault(event_id, set()).add(sid)
                count = len(self.local[event_id])
        self._announce(event_id)
        return count

    def leave_all(self, sid: str) -> None:
        """The socket disconnected: it leaves every room it was in."""
        with self.lock:
            event_ids = self.rooms_of.pop(sid, set())
            for event_id in event_ids:
                self.local.get(event_id, set()).discard(sid)
        for event_id in event_ids:
            if self.redis:
                self.redis.srem(self._key(event_id), sid)
            self._announce(event_id)

    def count(self, event_id: int) -> int:
        if self.redis:
            return self.redis.scard(self._key(event_id))
        with self.lock:
            return len(self.local.get(event_id, ()))

    def _announce(self, event_id: int) -> None:
        """Sends the count now if none went out in the last second, else once that second is over."""
        with self.lock:
            if event_id in self.pending:
                return
            wait = self.last_sent.get(event_id, 0) + BROADCAST_EVERY - time.monotonic()
            if wait > 0:
                self.pending.add(event_id)
            else:
                self.last_sent[event_id] = time.monotonic()
        if wait > 0:
            socketio.start_background_task(self._announce_later, event_id, wait)
        else:
            self._send(event_id)

    def _announce_later(self, event_id: int, wait: float) -> None:
        socketio.sleep(wait)
        with self.lock:
            self.pending.discard(event_id)
            self.last_sent[event_id] = time.monotonic()
        self._send(event_id)

    def _send(self, event_id: int) -> None:
        socketio.emit("presence", {"online": self.count(event_id)}, to=f"event:{event_id}",
                      namespace=self.namespace)

    def _key(self, event_id: int) -> str:
        return f"{self.key_prefix}:{event_id}"
