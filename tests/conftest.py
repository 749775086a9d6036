"""Fixtures shared by every test: an app on a clean database, a CSRF-aware client, named users.

The database is TEST_DATABASE_URL (never DATABASE_URL, so a test run cannot wipe a real site) or a
temporary SQLite file. The schema comes from the migrations, once per run; rows are removed after
each test.
"""
import os
import re
import threading
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from jinja2 import BytecodeCache
from werkzeug.routing import Rule
from sqlalchemy import text
from werkzeug.serving import make_server

from app import create_app
from extensions import db, limiter

PASSWORD = "buku-adalah-jendela"


def service_missing(what: str, reason: str):
    """On CI a missing PostgreSQL, Redis or Chromium is a failure; elsewhere the test skips."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required on CI: {reason}")
    pytest.skip(f"{what} not available here: {reason}")


class Client(FlaskClient):
    def open(self, *args, **kwargs):
        """Each request gets its own app context (so its own `g` and DB session), as on a real server;
        afterwards the test's own session reloads what the request may have changed."""
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response

    def csrf_token(self) -> str:
        """The token a page's form carries: the footer's language form when signed in, else sign-in's
        (guests' pages carry none, so they stay cookie-free)."""
        for page in ("/", "/auth/login"):
            found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.get(page).get_data(as_text=True))
            if found:
                return found.group(1)
        raise AssertionError("no page offered a CSRF token")

    def submit(self, url: str, data: dict | None = None, **kwargs):
        """POSTs a form the way a browser does, with the page's CSRF token."""
        return self.post(url, data={"csrf_token": self.csrf_token(), **(data or {})}, **kwargs)

    def login(self, user, password: str = PASSWORD, **extra):
        return self.submit("/auth/login", {"username": user.username, "password": password, **extra})


def pytest_collection_modifyitems(config, items):
    """On the PostgreSQL run (`make test`'s second pass) a test that never asks for the database tests
    exactly what it tested on SQLite: it runs once, in the first pass."""
    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        return
    uses_database = [item for item in items if "database_url" in getattr(item, "fixturenames", ())]
    config.hook.pytest_deselected(items=[item for item in items if item not in uses_database])
    items[:] = uses_database


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'serambi.db'}"  # per xdist worker: its own temp dir
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return _database_of_worker(url, worker) if worker else url


def _database_of_worker(url: str, worker: str) -> str:
    """Parallel workers (pytest -n) each get their own PostgreSQL database beside TEST_DATABASE_URL's."""
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    with psycopg.connect(base.set(drivername="postgresql").render_as_string(hide_password=False),
                         autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    from flask_migrate import upgrade

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "schema",
                      "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads"))})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
    return database_url


@pytest.fixture
def empty_database(database_url, tmp_path):
    """A database of its own with no tables, for a migration test to upgrade and downgrade step by step."""
    if database_url.startswith("postgresql"):
        url = _database_of_worker(database_url, "migration")
    else:
        url = f"sqlite:///{tmp_path / 'migration.db'}"
    app = make_app(url, tmp_path / "uploads")
    with app.app_context():
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        yield db
        db.session.remove()
        db.engine.dispose()


def _engine_options(database_url: str) -> dict:
    if not database_url.startswith("postgresql"):
        return {}
    # Tests never need a commit to survive a crash: skipping the WAL flush makes the PostgreSQL run as fast as SQLite's.
    return {"SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": "-c synchronous_commit=off"}}}


class _TemplatesCompiledOnce(BytecodeCache):
    """Every test builds its own app, so its own Jinja environment: sharing the compiled templates
    between them spares each test recompiling every page it renders (a third of the suite's time)."""

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _TemplatesCompiledOnce()


def _compile_url_builders_once():
    """Werkzeug turns each route into Python code when an app registers it; with one app per test that
    was a third of the remaining time. The code depends only on the rule's parts and defaults, so
    rules equal in those share it."""
    compile_builder = Rule._compile_builder
    builders = {}

    def compiled_once(rule, append_unknown=True):
        key = (rule.rule, tuple(rule._trace), repr(sorted((rule.defaults or {}).items())), append_unknown)
        if key not in builders:
            builders[key] = compile_builder(rule, append_unknown)
        return builders[key]
    Rule._compile_builder = compiled_once


_compile_url_builders_once()


def make_app(database_url: str, upload_folder, **overrides):
    app = create_app({**_engine_options(database_url), "TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "SECRET_KEY": "test-secret",
                      "UPLOAD_FOLDER": str(upload_folder), "REDIS_URL": None,
                      "OG_IMAGE_FOLDER": str(Path(upload_folder).parent / "og-images"),
                      "PHOTO_FOLDER": str(Path(upload_folder).parent / "photos"),
                      "VAPID_KEY_FILE": str(Path(upload_folder).parent / "vapid_private.pem"),
                      "RATELIMIT_STORAGE_URI": "memory://", "SERAMBI_LANGUAGE": "id", "SERAMBI_BASE_URL": None,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast hashing for tests
                      # New members publish at once unless a test turns approval on (tests/http/test_approval.py).
                      "FORUM_APPROVAL_POSTS": 0, "FORUM_TRUSTED_POSTS": 0,
                      # Tests deliver the outbox themselves (tests/mail_helpers.py), to a folder of their own.
                      "OUTBOX_IN_WEB_PROCESS": False, "PASSWORD_RESET_ANSWER_SECONDS": 0, "SMTP_URL": None, "MAIL_FROM": None,
                      "MAIL_FOLDER": str(Path(upload_folder).parent / "mail"),
                      # Read on every request, as before the process kept it (tests/http/test_page_costs.py
                      # holds the pages to their cost with the production setting).
                      "LIBRARY_PROFILE_SECONDS": 0, **overrides})
    app.test_client_class = Client
    app.jinja_env.bytecode_cache = _COMPILED_TEMPLATES
    return app


@pytest.fixture
def app(_schema, tmp_path):
    app = make_app(_schema, tmp_path / "uploads")
    with app.app_context():
        limiter.reset()
        yield app
        # counts still being pushed would be counted in, and emitted to, the next test's members
        assert app.extensions["serambi_unread_pusher"].idle.wait(10), "unread counts still being pushed"
        db.session.remove()
        _empty_tables()
        db.engine.dispose()  # each test's app has its own pool: close it, or PostgreSQL runs out of connections


def _empty_tables():
    from core.search import TABLE as SEARCH_TABLE

    names = [table.name for table in reversed(db.metadata.sorted_tables)] + [SEARCH_TABLE]
    with db.engine.begin() as connection:
        # DELETE, children first, not TRUNCATE: on PostgreSQL a TRUNCATE of some 65 tables cost ~240 ms a
        # test against ~12 ms. Ids then start again at 1, as after a TRUNCATE … RESTART IDENTITY.
        for name in names:
            connection.execute(text(f"DELETE FROM {name}"))
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT setval(oid, 1, false) FROM pg_class WHERE relkind = 'S'"))


class LiveServer(str):
    """The server's base URL, which a test can also take off the network (`stop`)."""
    def __new__(cls, server):
        address = super().__new__(cls, f"http://127.0.0.1:{server.server_port}")
        address.server, address.thread = server, threading.Thread(target=server.serve_forever, daemon=True)
        address.thread.start()
        return address

    def stop(self) -> None:
        if self.thread.is_alive():
            self.server.shutdown()
            self.server.server_close()  # no longer listening: a connection is refused, as when the network drops
            self.thread.join(timeout=10)


@pytest.fixture
def live_server(app):
    """The app served on 127.0.0.1 (HTTP and Socket.IO), for browsers and socket clients."""
    address = LiveServer(make_server("127.0.0.1", 0, app, threaded=True))
    yield address
    address.stop()


@pytest.fixture
def client(app) -> Client:
    return app.test_client()


@pytest.fixture
def make_user(app):
    from accounts import actions

    def make(username: str = "budi", role: str = "member", email: str | None = None, **fields):
        user = actions.create_user(username, email or f"{username}@contoh.id", PASSWORD, role=role,
                                   check_reserved=False)
        for name, value in fields.items():
            setattr(user, name, value)
        db.session.commit()
        return user
    return make


@pytest.fixture
def member(make_user):
    return make_user("budi", "member", display_name="Budi Santoso")


@pytest.fixture
def moderator(make_user):
    return make_user("dimas", "moderator")


@pytest.fixture
def host(make_user):
    return make_user("sari", "host")


@pytest.fixture
def admin(make_user):
    return make_user("ratna", "admin")


@pytest.fixture
def login(client):
    def sign_in(user):
        response = client.login(user)
        assert response.status_code == 302, "sign-in should redirect"
        return client
    return sign_in


def translated(message: str, locale: str = "id", **params) -> str:
    """`message` (an English msgid) as the catalogue for `locale` gives it, escaped as in a page."""
    from flask_babel import force_locale, gettext
    from markupsafe import escape

    with force_locale(locale):
        return str(escape(gettext(message, **params)))


def translated_plural(singular: str, plural: str, num: int, locale: str = "id", **params) -> str:
    """`ngettext` for `locale`, escaped as in a page: '30 kursi tersisa'."""
    from flask_babel import force_locale, ngettext
    from markupsafe import escape

    with force_locale(locale):
        return str(escape(ngettext(singular, plural, num, **params)))


def says(response, message: str, locale: str = "id", **params) -> bool:
    """True when the page shows `message`, translated for `locale`."""
    return translated(message, locale, **params) in response.get_data(as_text=True)


def says_wait(response) -> bool:
    """True when a 429 page says how long to wait, e.g. '… coba lagi dalam 59 detik.'"""
    import re

    before, after = translated("Too many attempts. Please try again in %(wait)s.", wait="\0").split("\0")
    pattern = re.escape(before) + r"\d+ \w+" + re.escape(after)
    return re.search(pattern, response.get_data(as_text=True)) is not None
