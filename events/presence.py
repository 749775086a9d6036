"""Who is in each live room right now: a count of sockets, shared by every process through Redis when
REDIS_URL is set (else kept in this process). Counts reach the room as `presence` {"online": n}, at most
once a second per room, so a thousand people arriving at once do not send a million updates.

In Redis each room is a sorted set of sockets scored by when their process last vouched for them: every
process refreshes its own sockets every `heartbeat` seconds, and an entry three heartbeats old no longer
counts, so the viewers of a process killed outright (which cannot remove them) leave the count within
half a minute. While Redis is away, each process counts its own sockets. The same heartbeat hands the
rooms this process serves to `on_beat` (the chat's catch-up, events/live.py)."""
import threading
import time

import redis
from flask import current_app

from extensions import socketio

BROADCAST_EVERY = 1.0  # seconds
MISSED_BEATS = 3  # an entry not refreshed for this many heartbeats is a socket whose process has died


class Presence:
    def __init__(self, redis_url: str | None, namespace: str, channel: str, heartbeat: float, on_beat=None):
        self.namespace, self.heartbeat, self.on_beat = namespace, heartbeat, on_beat
        self.key_prefix = f"serambi:live:{channel}:present"  # sites sharing a Redis have channels of their own
        self.redis = redis.Redis.from_url(redis_url, socket_timeout=2, socket_connect_timeout=2) \
            if redis_url else None
        self.here: dict[int, set[str]] = {}  # this process's sockets in each event's room
        self.rooms_of: dict[str, set[int]] = {}  # and the rooms of each of them
        self.last_sent: dict[int, float] = {}
        self.last_count: dict[int, int] = {}  # what each room last heard from this process
        self.pending: set[int] = set()
        self.beating = False
        self.lock = threading.Lock()

    def enter(self, event_id: int, sid: str) -> int:
        with self.lock:
            self.rooms_of.setdefault(sid, set()).add(event_id)
            self.here.setdefault(event_id, set()).add(sid)
            start_beating, self.beating = not self.beating, True
        if start_beating:
            socketio.start_background_task(self._beat, current_app._get_current_object())
        self._vouch({event_id: [sid]})
        self._announce(event_id)
        return self.count(event_id)

    def leave_all(self, sid: str) -> None:
        """The socket disconnected: it leaves every room it was in."""
        with self.lock:
            event_ids = self.rooms_of.pop(sid, set())
            for event_id in event_ids:
                self.here.get(event_id, set()).discard(sid)
        for event_id in event_ids:
            self._in_redis(lambda store: store.zrem(self._key(event_id), sid))
            self._announce(event_id)

    def count(self, event_id: int) -> int:
        key, oldest = self._key(event_id), time.time() - MISSED_BEATS * self.heartbeat
        counted = self._in_redis(lambda store: store.pipeline().zremrangebyscore(key, 0, oldest).zcard(key)
                                 .execute()[-1])
        if counted is not None:
            return counted
        with self.lock:
            return len(self.here.get(event_id, ()))

    def _beat(self, app) -> None:
        """While this process has sockets in rooms: vouches for them, tells a room its count when it changed
        without anyone joining or leaving here (another process died), and hands the rooms to on_beat."""
        while True:
            socketio.sleep(self.heartbeat)
            with self.lock:
                rooms = {event_id: list(sids) for event_id, sids in self.here.items() if sids}
                if not rooms:
                    self.beating = False
                    return
            self._vouch(rooms)
            for event_id in rooms:
                if self.count(event_id) != self.last_count.get(event_id):
                    self._announce(event_id)
            if self.on_beat:
                with app.app_context():
                    try:
                        self.on_beat(list(rooms))
                    except Exception:  # the next beat tries again
                        app.logger.exception("live rooms: the heartbeat's work failed")

    def _vouch(self, rooms: dict[int, list[str]]) -> None:
        def store_all(store):
            now, pipe = time.time(), store.pipeline()
            for event_id, sids in rooms.items():
                pipe.zadd(self._key(event_id), dict.fromkeys(sids, now))
                pipe.expire(self._key(event_id), int(MISSED_BEATS * self.heartbeat) + 60)
            pipe.execute()
        self._in_redis(store_all)

    def _in_redis(self, work):
        """work(redis) or, without Redis or while it is away, None."""
        if self.redis is None:
            return None
        try:
            return work(self.redis)
        except redis.RedisError:
            return None

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
        self.last_count[event_id] = online = self.count(event_id)
        socketio.emit("presence", {"online": online}, to=f"event:{event_id}", namespace=self.namespace)

    def _key(self, event_id: int) -> str:
        return f"{self.key_prefix}:{event_id}"
