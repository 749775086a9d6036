"""The fault suite's stack: its own PostgreSQL and Redis (tests/faults/services.py), the schema and a few
members, and the production server (`gunicorn -k gevent -w 1`, README) on them."""
import uuid
from datetime import timedelta

import pytest
from flask_migrate import upgrade

from accounts import actions as account_actions
from extensions import db
from forum import actions as forum_actions
from tests.conftest import PASSWORD, make_app
from tests.event_factory import at, new_event
from tests.faults.browser import Browser
from tests.faults.services import PostgresServer, RedisServer, wait_until
from tests.socket.test_live_gevent import Gunicorn


@pytest.fixture(scope="module")
def postgres():
    server = PostgresServer()
    yield server
    server.close()


@pytest.fixture
def redis_server():
    server = RedisServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def site(postgres, tmp_path_factory):
    """The schema, three members and a thread, made once for the module through the real actions."""
    app = make_app(postgres.url, tmp_path_factory.mktemp("uploads"))
    with app.app_context():
        upgrade()
        admin = account_actions.create_user("ratna", "ratna@contoh.id", PASSWORD, role="admin", check_reserved=False)
        for name in ("budi", "ani", "siti"):
            account_actions.create_user(name, f"{name}@contoh.id", PASSWORD, check_reserved=False)
        category = forum_actions.save_category(admin, None, name="Buku", slug="buku", description="",
                                               colour="#0f6b5c", position=0, who_starts="members")
        thread = forum_actions.create_thread(admin, category, "Laskar Pelangi", "Siapa tokoh favorit kalian?")
        event = at(new_event(admin), timedelta(minutes=-5))  # under way: its live room is open
        ids = {"thread": thread.id, "event": event.id}
        db.session.remove()
        db.engine.dispose()
    return ids


@pytest.fixture
def production(postgres, redis_server, site, tmp_path):
    """Starts `gunicorn -k gevent -w 1` on the suite's PostgreSQL and Redis, each server of a test on the same
    Socket.IO channel, with a live-room heartbeat of a second; stopped after the test."""
    started, channel = [], f"faults-{uuid.uuid4().hex}"

    def start(**environment) -> Gunicorn:
        server = Gunicorn(postgres.url, tmp_path / "gunicorn.log", REDIS_URL=redis_server.url,
                          SOCKETIO_CHANNEL=channel, SERAMBI_LIVE_HEARTBEAT_SECONDS="1", FORUM_APPROVAL_POSTS="0",
                          SERAMBI_RATELIMIT_POSTING="10000 per minute", SERAMBI_RATELIMIT_LOGIN="10000 per minute",
                          SERAMBI_RATELIMIT_LOGIN_ACCOUNT="10000 per minute", **environment)
        started.append(server)
        wait_until(lambda: Browser(server.url).request("/healthz")[0] == 200, "the server to answer /healthz")
        return server
    yield start
    for server in started:
        server.stop()
