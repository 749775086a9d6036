import os

import pytest
import redis

from tests.conftest import service_missing
from tests.event_factory import new_event
from tests.socket.live_client import Room


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def room(app, live_server):
    opened = Room(app, live_server)
    yield opened
    opened.close()


@pytest.fixture
def clients():
    """LiveClients a test opens itself (against server processes), closed afterwards."""
    opened = []
    yield opened
    for client in opened:
        client.close()


@pytest.fixture
def event(host):
    return new_event(host)


@pytest.fixture
def redis_url():
    """TEST_REDIS_URL's database, emptied of the live room's keys and the rate limits' counters."""
    try:
        store = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        store.ping()
    except redis.RedisError as error:
        service_missing("Redis", str(error))
    for key in store.scan_iter("serambi:live:*"):
        store.delete(key)
    for key in store.scan_iter("LIMITS*"):
        store.delete(key)
    return REDIS_URL
