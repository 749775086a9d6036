"""A busy thread: N members who all watch one thread reply to it at once, on the production server.

Seeds an empty database (SQLite file, or a PostgreSQL database it creates) with N members who watch one
thread, starts `gunicorn -k gevent -w 1` (README, Production), signs every member in, then lets them all
reply R times each, as fast as the server answers. Meanwhile a prober loads the home and thread pages as
a guest and signs a spare member in, every half second. Afterwards it checks the database: each reply
that was answered with a redirect is stored exactly once, nothing else is, and the counters (the
thread's and category's post counts, the notifications) equal the rows.

Run: `.venv/bin/python -m bench.thread.run [--members 200] [--replies 20] [--pg]`; `--tree PATH` serves
another checkout of Serambi (e.g. an older commit) with this same load.
"""
import argparse
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text

from accounts.models import User, new_session_token
from app import create_app
from bench.forum.run import free_port, stop
from extensions import db
from forum.models import Category, Post, Thread, Watch

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "bench-password-1"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DATABASE = "serambi_bench_thread"
RUN_LIMIT = 600  # seconds: the whole load stops by then, finished or not
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def prepare_database(args, folder: Path) -> str:
    if not args.pg:
        return f"sqlite:///{folder / 'thread.db'}"
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DATABASE}"


def seed(url: str, members: int, tree: Path) -> dict:
    """Schema by the tree's own migrations; rows by SQL, the same on every tree."""
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench"}
    subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "app", "db", "upgrade"], cwd=tree, env=env,
                   check=True, capture_output=True)
    from werkzeug.security import generate_password_hash

    password_hash = generate_password_hash(PASSWORD, "pbkdf2:sha256:1000")  # signing in is not what is measured
    with create_app({"SQLALCHEMY_DATABASE_URI": url}).app_context(), db.engine.begin() as connection:
        connection.execute(insert(User), [{"username": f"pembaca{number}", "email": f"pembaca{number}@contoh.id",
                                           "display_name": f"Pembaca {number}", "password_hash": password_hash,
                                           "session_token": new_session_token()} for number in range(members + 1)])
        author_id = connection.execute(select(User.id).where(User.username == "pembaca0")).scalar_one()
        category_id = connection.execute(insert(Category).values(name="Diskusi Buku", slug="diskusi-buku",
                                                                 thread_count=1, post_count=1)).inserted_primary_key[0]
        thread_id = connection.execute(insert(Thread).values(category_id=category_id, author_id=author_id,
                                                             title="Buku apa yang sedang kalian baca?", post_count=1)
                                       ).inserted_primary_key[0]
        connection.execute(insert(Post).values(thread_id=thread_id, number=1, author_id=author_id,
                                               body_md="Ceritakan!", body_html="<p>Ceritakan!</p>"))
        watchers = connection.execute(select(User.id).where(User.username != f"pembaca{members}")).scalars()
        connection.execute(insert(Watch), [{"thread_id": thread_id, "user_id": user_id} for user_id in watchers])
    return {"thread_id": thread_id, "category_id": category_id}


def start_server(url: str, tree: Path, log: Path, **environment) -> tuple[subprocess.Popen, str]:
    """`gunicorn -k gevent -w 1` serving `tree` on `url`, once it answers /healthz (also bench/live/flood.py)."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench", "SOCKETIO_ASYNC_MODE": "gevent",
           "FORUM_APPROVAL_POSTS": "0", "FORUM_TRUSTED_POSTS": "0",
           # The load is one address: the per-address limits would be what is measured.
           "SERAMBI_RATELIMIT_LOGIN": "100000 per minute", "SERAMBI_RATELIMIT_LOGIN_ACCOUNT": "1000 per minute",
           "SERAMBI_RATELIMIT_POSTING": "100000 per minute", **environment}
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-k", "gevent", "-w", "1",
                               "-b", f"127.0.0.1:{port}", "--timeout", "60", "--no-control-socket", "app:create_app()"],
                              cwd=tree, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{base}/healthz", timeout=2).status == 200:
                return server, base
        except OSError:
            time.sleep(0.3)
    stop(server)
    sys.exit(f"gunicorn did not start; see {log}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Member:
    """One browser: its own cookies, the CSRF token of its session."""

    def __init__(self, base: str, username: str):
        self.base, self.username = base, username
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirect)
        self.token = None

    def request(self, path: str, form: dict | None = None) -> tuple[int, float, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        started = time.monotonic()
        try:
            with self.opener.open(self.base + path, data=data, timeout=60) as response:
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode(errors="replace")
        except OSError as error:
            status, body = 0, str(error)
        return status, time.monotonic() - started, body

    def sign_in(self) -> int:
        status, _, page = self.request("/auth/login")
        found = CSRF.search(page)
        if status != 200 or not found:
            return status or 599
        status, _, _ = self.request("/auth/login", {"csrf_token": found.group(1), "username": self.username,
                                                   "password": PASSWORD})
        if status == 302:  # signing in starts a new session: its token is on every page (no time limit)
            found = CSRF.search(self.request("/")[2])
            self.token = found and found.group(1)
        return status


def load(base: str, members: int, replies: int, thread_id: int) -> dict:
    deadline = time.monotonic() + RUN_LIMIT
    clients = [Member(base, f"pembaca{number}") for number in range(members)]
    sign_ins = run_all([client.sign_in for client in clients])
    results, lock = [], threading.Lock()

    def reply_all(client: Member):
        for number in range(replies):
            if time.monotonic() > deadline:
                return
            body = f"Balasan {number} dari {client.username}: saya sedang membaca Bumi Manusia."
            status, seconds, _ = client.request(f"/forum/t/{thread_id}/reply",
                                                {"csrf_token": client.token, "body": body})
            with lock:
                results.append((client.username, number, status, seconds))

    probes, stop_probing = [], threading.Event()
    prober = threading.Thread(target=probe, args=(base, thread_id, members, probes, stop_probing))
    started = time.monotonic()
    prober.start()
    run_all([lambda client=client: reply_all(client) for client in clients])
    elapsed = time.monotonic() - started
    stop_probing.set()
    prober.join()
    return {"sign_ins": sign_ins, "replies": results, "seconds": elapsed, "probes": probes}


def probe(base: str, thread_id: int, members: int, probes: list, stop_probing: threading.Event) -> None:
    guest = Member(base, "")
    while not stop_probing.wait(0.5):
        for kind, path in (("home", "/"), ("thread", f"/forum/t/{thread_id}")):
            status, seconds, _ = guest.request(path)
            probes.append((kind, status, seconds))
        started = time.monotonic()
        status = Member(base, f"pembaca{members}").sign_in()
        probes.append(("sign-in", status, time.monotonic() - started))


def run_all(tasks) -> list:
    """Runs every task in its own thread at once; returns their results."""
    results = [None] * len(tasks)

    def run(index, task):
        results[index] = task()
    threads = [threading.Thread(target=run, args=(index, task)) for index, task in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(RUN_LIMIT + 120)
    return results


def check_database(url: str, info: dict, replies: list, members: int) -> dict:
    accepted = {(username, number) for username, number, status, _ in replies if status == 302}
    engine = create_engine(url)
    with engine.connect() as connection:
        bodies = connection.execute(text("SELECT body_md FROM forum_posts WHERE thread_id = :t AND number > 1"),
                                    {"t": info["thread_id"]}).scalars().all()
        stored = [tuple(re.match(r"Balasan (\d+) dari (\w+):", body).group(2, 1)) for body in bodies]
        stored = [(username, int(number)) for username, number in stored]
        thread_count = connection.execute(text("SELECT post_count FROM forum_threads WHERE id = :t"),
                                          {"t": info["thread_id"]}).scalar_one()
        category_count = connection.execute(text("SELECT post_count FROM forum_categories WHERE id = :c"),
                                            {"c": info["category_id"]}).scalar_one()
        numbers = connection.execute(text("SELECT count(DISTINCT number), max(number), count(*) FROM forum_posts "
                                          "WHERE thread_id = :t"), {"t": info["thread_id"]}).one()
        notifications = connection.execute(text("SELECT count(*) FROM notifications")).scalar_one()
    engine.dispose()
    return {
        "accepted": len(accepted), "stored": len(stored),
        "stored_once": len(stored) == len(set(stored)),
        "stored_equals_accepted": set(stored) == accepted,
        "thread_post_count_equals_rows": thread_count == numbers[2] and numbers[0] == numbers[1] == numbers[2],
        "category_post_count_equals_rows": category_count == numbers[2],
        "notifications_equal_rows": notifications == len(stored) * (members - 1),
    }


def summarise(result: dict, checks: dict, label: str) -> dict:
    replies = result["replies"]
    latencies = sorted(seconds * 1000 for *_, status, seconds in replies if status == 302)
    statuses = {}
    for *_, status, _ in replies:
        statuses[status] = statuses.get(status, 0) + 1
    probe_statuses = {}
    for kind, status, _ in result["probes"]:
        probe_statuses[f"{kind} {status}"] = probe_statuses.get(f"{kind} {status}", 0) + 1
    errors = sum(count for status, count in statuses.items() if status >= 500 or status == 0) + \
        sum(1 for *_, status, _ in result["probes"] if status >= 500 or status == 0) + \
        sum(1 for status in result["sign_ins"] if status >= 500 or status == 0)
    return {"run": label, "replies_per_second": round(checks["accepted"] / result["seconds"], 1),
            "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
            "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1) if latencies else None,
            "responses_5xx_or_failed": errors, "reply_statuses": statuses, "probe_statuses": probe_statuses,
            "sign_in_statuses": {str(status): result["sign_ins"].count(status) for status in set(result["sign_ins"])},
            "seconds": round(result["seconds"], 1), **checks}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--replies", type=int, default=20, help="replies per member")
    parser.add_argument("--pg", action="store_true", help=f"PostgreSQL on 127.0.0.1 (database {PG_DATABASE})")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout of Serambi to serve")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="serambi-bench-thread-"))
    url = prepare_database(args, folder)
    info = seed(url, args.members, args.tree.resolve())
    server, base = start_server(url, args.tree.resolve(), folder / "gunicorn.log")
    try:
        result = load(base, args.members, args.replies, info["thread_id"])
    finally:
        stop(server)
    checks = check_database(url, info, result["replies"], args.members)
    label = args.label or f"{'PostgreSQL' if args.pg else 'SQLite'} {args.members}x{args.replies}"
    print(json.dumps(summarise(result, checks, label)))
    print(f"gunicorn log: {folder / 'gunicorn.log'}", file=sys.stderr)


if __name__ == "__main__":
    main()
