"""Security headers, cookies, error pages, language switching and /healthz."""
import os

import pytest
import redis

from tests.conftest import make_app, says, service_missing

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_url():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        service_missing("Redis", str(error))
    return REDIS_URL


def test_every_page_carries_the_security_headers(client):
    for url in ("/", "/auth/login", "/does-not-exist"):
        headers = client.get(url).headers
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_script_or_style(client, login, admin):
    login(admin)
    for url in ("/", "/auth/register", "/admin/library", "/u/ratna", "/settings/profile"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html and "<style" not in html and " style=" not in html, url


def test_session_cookies_are_httponly_and_samesite_lax(client, member):
    client.login(member, remember="y")
    for name in ("session", "remember_token"):
        cookie = client.get_cookie(name)
        assert cookie.http_only and cookie.same_site == "Lax", name


def test_cookies_are_secure_behind_https(_schema, tmp_path, member):
    app = make_app(_schema, tmp_path, SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    client = app.test_client()
    with app.app_context():
        client.login(member, remember="y")
        assert client.get_cookie("session").secure and client.get_cookie("remember_token").secure


def test_uploaded_media_can_never_run_as_a_page(app, client):
    folder = app.config["UPLOAD_FOLDER"]
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "x.webp"), "wb") as file:
        file.write(b"<script>alert(1)</script>")
    response = client.get("/media/x.webp")
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/media/../config.py").status_code == 404


@pytest.mark.parametrize("locale, title", [("id", "Halaman tidak ditemukan"), ("en", "Page not found")])
def test_error_pages_speak_the_visitors_language(client, locale, title):
    client.submit("/language", {"language": locale})
    response = client.get("/tidak-ada")
    assert response.status_code == 404 and title in response.get_data(as_text=True)


def test_a_guest_switches_to_english_and_back(client):
    assert says(client.get("/"), "Sign in") and 'lang="id"' in client.get("/").get_data(as_text=True)
    response = client.submit("/language", {"language": "en", "next": "/auth/login"})
    assert response.headers["Location"] == "/auth/login"
    page = client.get("/auth/login")
    assert 'lang="en"' in page.get_data(as_text=True) and says(page, "Username or email", locale="en")
    client.submit("/language", {"language": "id"})
    assert says(client.get("/auth/login"), "Username or email", locale="id")


def test_guest_pages_set_no_cookie_so_they_can_be_cached(app, client, admin):
    from forum import actions

    category = actions.save_category(admin, None, name="Umum", slug="umum", description="", colour="#0f6b5c",
                                     position=0, who_starts="members")
    thread = actions.create_thread(admin, category, "Selamat datang", "Halo!")
    for url in ("/", "/forum/", "/forum/c/umum", f"/forum/t/{thread.id}", "/search?q=halo"):
        response = app.test_client().get(url)
        assert response.status_code == 200 and "Set-Cookie" not in response.headers, url
    # A guest switches language without a token (nothing of theirs is at stake) ...
    assert app.test_client().post("/language", data={"language": "en"}).status_code == 302


def test_a_members_language_switch_needs_the_csrf_token(app, login, member):
    client = login(member)
    assert client.post("/language", data={"language": "en"}).status_code == 400
    assert 'lang="id"' in client.get("/").get_data(as_text=True)
    assert client.submit("/language", {"language": "en"}).status_code == 302
    assert 'lang="en"' in client.get("/").get_data(as_text=True)


def test_an_unknown_language_or_hostile_next_changes_nothing(client):
    response = client.submit("/language", {"language": "xx", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    assert 'lang="id"' in client.get("/").get_data(as_text=True)


def test_the_site_default_language_comes_from_the_environment(_schema, tmp_path):
    app = make_app(_schema, tmp_path, SERAMBI_LANGUAGE="en")
    with app.app_context():
        assert 'lang="en"' in app.test_client().get("/").get_data(as_text=True)


def test_a_server_error_gets_a_translated_page(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")
    response = client.get("/boom")
    assert response.status_code == 500 and says(response, "Something went wrong")


def test_healthz_reports_the_database_and_no_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "db": "ok", "redis": "off"}


def test_healthz_reports_redis_when_it_is_configured(app, client, redis_url):
    app.config["REDIS_URL"] = redis_url
    assert client.get("/healthz").get_json() == {"status": "ok", "db": "ok", "redis": "ok"}


def test_healthz_is_503_when_a_configured_dependency_is_down(app, client):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json()["redis"] == "error"


def test_healthz_is_503_when_the_database_is_down(_schema, tmp_path):
    app = make_app("sqlite:////nonexistent-dir/serambi.db", tmp_path)
    with app.app_context():
        response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json()["db"] == "error"


def test_rate_limits_are_counted_in_redis_when_it_is_configured(_schema, tmp_path, member, redis_url):
    """Every server process then sees the same counts."""
    from extensions import limiter

    store = redis.Redis.from_url(redis_url)
    app = make_app(_schema, tmp_path, RATELIMIT_STORAGE_URI=redis_url, RATELIMIT_LOGIN="2 per minute")
    with app.app_context():
        limiter.reset()
        statuses = [app.test_client().login(member, password="salah-salah-salah").status_code for _ in range(3)]
        counted_in_redis = any(b"login" in key for key in store.keys("LIMITS*"))
        limiter.reset()
    assert statuses == [400, 400, 429]
    assert counted_in_redis


def test_signing_in_and_posting_work_while_the_rate_limits_redis_is_away(_schema, tmp_path, member, admin):
    """Limits are counted in this process's memory meanwhile: still limits, never a 500."""
    from forum import actions

    category = actions.save_category(admin, None, name="Buku", slug="buku", description="", colour="#0f6b5c",
                                     position=0, who_starts="members")
    thread = actions.create_thread(admin, category, "Laskar Pelangi", "Siapa tokoh favorit?")
    away = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    app = make_app(_schema, tmp_path, RATELIMIT_STORAGE_URI=away, RATELIMIT_LOGIN="2 per minute")
    with app.app_context():
        client = app.test_client()
        assert client.get("/auth/login").status_code == 200
        assert client.login(member, password="salah-salah-salah").status_code == 400
        assert client.login(member).status_code == 302
        assert client.submit(f"/forum/t/{thread.id}/reply", {"body": "Lintang!"}).status_code == 302
        assert app.test_client().login(member, password="salah-salah-salah").status_code == 429


def test_a_request_that_waits_too_long_for_the_database_gets_a_busy_page(_schema, tmp_path):
    from extensions import db

    app = make_app(_schema, tmp_path, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 1, "max_overflow": 0,
                                                                 "pool_timeout": 0.1})
    with app.app_context():
        with db.engine.connect():  # the only connection, held by someone else
            response = app.test_client().get("/forum/")
        assert response.status_code == 503 and response.headers["Retry-After"]
        assert says(response, "The site is very busy right now. Please try again in a few seconds.")
        assert app.test_client().get("/forum/").status_code == 200


def test_pages_are_503_when_the_database_is_away(_schema, tmp_path):
    app = make_app("sqlite:////nonexistent-dir/serambi.db", tmp_path)
    with app.app_context():
        response = app.test_client().get("/forum/")
        assert response.status_code == 503
        assert says(response, "The site cannot reach its database at the moment. Please try again in a minute.")
