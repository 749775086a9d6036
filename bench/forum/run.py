"""Forum pages under gunicorn: server CPU per request of the thread, category and home pages, as a guest
and as a signed-in member, on SQLite and on PostgreSQL (there also the database backends' own CPU), at
1,000 and 1,000,000 posts; optionally beside another tree (a commit) in the same run, with the ratios.

Every server of a run (each size, each tree) runs at once; the rounds take the pages in turn and, within
a page, the servers one after the other, so every ratio compares measurements made seconds apart.
Run: `.venv/bin/python -m bench.forum.run [SIZES...] [--db sqlite pg] [--against REV]` (needs wrk).
"""
import argparse
import http.cookiejar
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.forum.seed import ROOT

PAGES = [("thread", "/forum/t/{thread_id}"), ("category", "/forum/c/{category}"), ("home", "/")]
ROLES = ("guest", "member")
MEMBER, PASSWORD = "anggota42", "bench-password-1"  # a plain member (ids 1-5 are moderators)
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_PREFIX = "serambi_bench_forum"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TICKS = os.sysconf("SC_CLK_TCK")
# The ratios printed for each tree and size: (name, page and role measured, page and role it is divided by).
RATIOS = [("member thread / guest thread", ("thread", "member"), ("thread", "guest")),
          ("guest home / guest thread", ("home", "guest"), ("thread", "guest")),
          ("member home / guest thread", ("home", "member"), ("thread", "guest")),
          ("guest category / guest thread", ("category", "guest"), ("thread", "guest")),
          ("member category / guest thread", ("category", "member"), ("thread", "guest"))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_pids(master: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                children.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            pass  # a process that ended meanwhile
    return [master, *sorted(children)]


def cpu_of(pid: int) -> float:
    """utime + stime (fields 14 and 15 of /proc/<pid>/stat) in seconds; 0 for a process that has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def cpu_seconds(pids: list[int]) -> float:
    return sum(cpu_of(pid) for pid in pids)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


@dataclass
class Server:
    """One gunicorn serving one tree on one database."""
    label: str  # "this" or the other tree's revision
    tree: Path
    size: int
    url: str  # SQLAlchemy URL of its database
    info: dict
    workers: int
    process: subprocess.Popen | None = None
    port: int = 0
    pids: list = field(default_factory=list)
    cookie: str = ""
    pg_name: str = ""  # the PostgreSQL database, whose backends' CPU is read

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, log: Path) -> None:
        self.port = free_port()
        env = {**os.environ, "DATABASE_URL": self.url, "SECRET_KEY": "bench", "SOCKETIO_ASYNC_MODE": "gevent"}
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-w", str(self.workers), "-k", "gevent",
             "-b", f"127.0.0.1:{self.port}", "--timeout", "60", "--no-control-socket", "app:create_app()"],
            cwd=self.tree, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"{self.base}/healthz", timeout=2).status == 200 \
                        and len(server_pids(self.process.pid)) == self.workers + 1:
                    self.pids = server_pids(self.process.pid)
                    return
            except OSError:
                pass
            time.sleep(0.3)
        stop(self.process)
        sys.exit(f"gunicorn did not start for {self.label}; see {log}")

    def sign_in(self) -> None:
        """The member's session cookie, signed in through the form as a browser does."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{self.base}/auth/login", timeout=30).read().decode()
        form = {"csrf_token": CSRF.search(page).group(1), "username": MEMBER, "password": PASSWORD}
        opener.open(f"{self.base}/auth/login", data=urllib.parse.urlencode(form).encode(), timeout=30).read()
        self.cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        home = opener.open(f"{self.base}/", timeout=30).read().decode()
        if "/auth/logout" not in home:
            sys.exit(f"{self.label}: {MEMBER} could not sign in")


def backend_pids(database: str) -> list[int]:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        return [pid for (pid,) in connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'",
            (database,))]


def fetch(server: Server, path: str, role: str) -> tuple[int, int]:
    request = urllib.request.Request(server.base + path, headers={"Cookie": server.cookie} if role == "member" else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, len(response.read())


def wrk(url: str, seconds: int, args, cookie: str = "") -> dict:
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    out = subprocess.run(["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", *headers, url],
                         capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "problems": " ".join(filter(None, [bad and f"{bad.group(1)} non-2xx", errors and errors.group(1)]))}


def measure(server: Server, path: str, role: str, args) -> dict:
    """CPU ms per request of the server (master and workers) and, on PostgreSQL, of the database's backends."""
    backends = backend_pids(server.pg_name) if server.pg_name else []
    before = {pid: cpu_of(pid) for pid in server.pids + backends}
    result = wrk(server.base + path, args.duration, args, server.cookie if role == "member" else "")
    requests = max(result["requests"], 1)
    result["cpu"] = sum(cpu_of(pid) - before[pid] for pid in server.pids) * 1000 / requests
    if server.pg_name:
        after = backend_pids(server.pg_name)
        result["db"] = sum(cpu_of(pid) - before.get(pid, 0) for pid in after) * 1000 / requests
        if set(backends) - set(after):
            result["problems"] += " database connections closed during the run (their CPU is missed)"
    if server_pids(server.process.pid) != server.pids:
        result["problems"] += " workers changed during the run"
    return result


def other_tree(revision: str) -> Path:
    """A checkout of the revision in /tmp/bench-<rev>, made once, with its translations compiled."""
    short = subprocess.run(["git", "rev-parse", "--short", revision], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.strip()
    tree = Path(f"/tmp/bench-{short}")
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), short], cwd=ROOT, check=True,
                       capture_output=True)
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "compile", "-d", "translations"], cwd=tree,
                   check=True, capture_output=True)
    return tree


def finish_seeding(url: str) -> None:
    """The member's password (signing in is not measured, so a cheap hash), and the planner's statistics."""
    from werkzeug.security import generate_password_hash

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE users SET password_hash = :hash WHERE username = :name"),
                           {"hash": generate_password_hash(PASSWORD, "pbkdf2:sha256:1000"), "name": MEMBER})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))
    engine.dispose()


def pg_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(statement)


def seed_tree(tree: Path, size: int, url: str) -> dict:
    """Seeds with the tree's own bench/forum/seed.py: its migrations make the schema its code expects."""
    done = subprocess.run([sys.executable, "-m", "bench.forum.seed", str(size), "--url", url], cwd=tree,
                          capture_output=True, text=True, timeout=3600)
    if done.returncode:
        sys.exit(f"seeding in {tree} failed:\n{done.stderr[-3000:]}")
    finish_seeding(url)
    return json.loads(done.stdout.strip().splitlines()[-1])


def databases(db: str, size: int, trees: list, folder: Path) -> list[tuple[dict, str, str]]:
    """One database per tree, each seeded alike by the tree itself: [(seed info, SQLAlchemy URL, PostgreSQL
    name or "")]."""
    made = []
    for number, (_, tree) in enumerate(trees):
        if db == "sqlite":
            url, name = f"sqlite:///{folder / f'forum-{size}-{number}.db'}", ""
        else:
            name = f"{PG_PREFIX}_{size}_{number}"
            pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            pg_admin(f'CREATE DATABASE "{name}"')
            url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        made.append((seed_tree(tree, size, url), url, name))
    return made


def spread(values: list[float], digits: int = 2) -> str:
    """'median (min–max)' of a round's figures."""
    if not values:
        return "–"
    low, high = min(values), max(values)
    return f"{statistics.median(values):.{digits}f} ({low:.{digits}f}–{high:.{digits}f})"


def run_database(db: str, trees: list, args, folder: Path) -> None:
    servers = []
    try:
        for size in args.sizes:
            for (label, tree), (info, url, pg_name) in zip(trees, databases(db, size, trees, folder)):
                print(f"{db}: {label} seeded {size:,} posts ({info['threads']:,} threads) in {info['seconds']} s",
                      flush=True)
                servers.append(Server(label, tree, size, url, info, args.workers, pg_name=pg_name))
        for server in servers:
            server.start(folder / f"gunicorn-{db}-{server.size}-{server.label}.log")
            server.sign_in()
        sizes = {}
        for server in servers:
            for page, path in chosen(PAGES, args.pages):
                for role in args.roles:
                    url = path.format(**server.info)
                    status, sizes[server.label, server.size, page, role] = fetch(server, url, role)
                    if status != 200:
                        sys.exit(f"{server.label} answered {status} to {path} ({role})")
                    wrk(server.base + url, args.warmup, args, server.cookie if role == "member" else "")
        results: dict = {}  # (label, size, page, role) -> [measurements, one per round]
        for number in range(args.rounds):
            order = servers if number % 2 == 0 else servers[::-1]
            for page, path in chosen(PAGES, args.pages):
                for role in args.roles:
                    for server in order:
                        result = measure(server, path.format(**server.info), role, args)
                        results.setdefault((server.label, server.size, page, role), []).append(result)
                        if result["problems"]:
                            print(f"  {db} {server.label} {server.size} {page} {role}: {result['problems']}",
                                  flush=True)
            print(f"{db}: round {number + 1} of {args.rounds} done", flush=True)
        report(db, trees, args, results, sizes)
    finally:
        for server in servers:
            if server.process:
                stop(server.process)
        if db == "pg" and not args.keep:
            for server in servers:
                pg_admin(f'DROP DATABASE IF EXISTS "{server.pg_name}" WITH (FORCE)')


def chosen(pages: list, names: list) -> list:
    return [(name, path) for name, path in pages if name in names]


def per_round(results: dict, key_a, key_b, measure_key: str) -> list[float]:
    return [a[measure_key] / b[measure_key] for a, b in zip(results[key_a], results[key_b]) if b[measure_key]]


def report(db: str, trees: list, args, results: dict, sizes: dict) -> None:
    pg = db == "pg"
    print(f"\n## {'PostgreSQL' if pg else 'SQLite'}: CPU ms per request, median (min–max) of {args.rounds} rounds; "
          f"gunicorn -k gevent -w {args.workers}, wrk -t{args.threads} -c{args.connections} -d{args.duration}s\n")
    print(f"| posts | page | role | tree | server CPU ms |{' database CPU ms |' if pg else ''} HTML bytes |")
    print(f"|---:|---|---|---|---:|{'---:|' if pg else ''}---:|")
    for size in args.sizes:
        for page, _ in chosen(PAGES, args.pages):
            for role in args.roles:
                for label, _ in trees:
                    rows = results[label, size, page, role]
                    db_column = f" {spread([r['db'] for r in rows])} |" if pg else ""
                    print(f"| {size:,} | {page} | {role} | {label} | {spread([r['cpu'] for r in rows])} |{db_column} "
                          f"{sizes[label, size, page, role]:,} |")
    measured = {(page, role) for _, _, page, role in results}
    print(f"\nRatios of server CPU{' (and of server + database CPU)' if pg else ''}, per round: median (min–max)\n")
    for label, _ in trees:
        for size in args.sizes:
            for name, top, bottom in RATIOS:
                if not {top, bottom} <= measured:
                    continue
                shown = ratio_text(results, (label, size, *top), (label, size, *bottom), pg)
                print(f"- {label}, {size:,} posts, {name}: {shown}")
        if len(args.sizes) > 1 and ("thread", "guest") in measured:
            first, last = args.sizes[0], args.sizes[-1]
            print(f"- {label}, guest thread at {last:,} / at {first:,} posts: "
                  f"{ratio_text(results, (label, last, 'thread', 'guest'), (label, first, 'thread', 'guest'), pg)}")
    for label, _ in trees[1:]:
        for size in args.sizes:
            for page, _ in chosen(PAGES, args.pages):
                for role in args.roles:
                    print(f"- this / {label}, {size:,} posts, {role} {page}: "
                          f"{ratio_text(results, ('this', size, page, role), (label, size, page, role), pg)}")


def ratio_text(results: dict, top, bottom, pg: bool) -> str:
    shown = spread(per_round(results, top, bottom, "cpu"))
    if pg:
        for rows in (results[top], results[bottom]):
            for r in rows:
                r["total"] = r["cpu"] + r["db"]
        shown += f"; with the database {spread(per_round(results, top, bottom, 'total'))}"
    return shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[1000, 1_000_000], help="posts to seed")
    parser.add_argument("--db", nargs="+", choices=["sqlite", "pg"], default=["sqlite", "pg"])
    parser.add_argument("--against", metavar="REV", help="another commit, served beside this tree in the same run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds measured per page, role and server")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    names = [name for name, _ in PAGES]
    parser.add_argument("--pages", nargs="+", choices=names, default=names)
    parser.add_argument("--roles", nargs="+", choices=ROLES, default=list(ROLES))
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (SQLite files, gunicorn logs) and "
                                                            "the PostgreSQL databases")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")
    trees = [("this", ROOT)] + ([(args.against, other_tree(args.against))] if args.against else [])
    folder = Path(tempfile.mkdtemp(prefix="serambi-bench-"))
    print(f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}; files in {folder}", flush=True)
    try:
        for db in args.db:
            run_database(db, trees, args, folder)
    finally:
        if not args.keep:
            shutil.rmtree(folder)


if __name__ == "__main__":
    main()
