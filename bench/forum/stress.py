"""The production server under `wrk -c20` on the forum pages for a while: how many workers died.

Seeds a forum (1,000 posts; SQLite in a temp dir, or an empty PostgreSQL database with --pg-url), starts
gunicorn as README's Production section does (`-k gevent`, `-w 1` or `-w 2`), and keeps wrk on a thread
page, a category page and the home page in turn until the time is up. Worker deaths are read from
gunicorn's log: workers it had to boot again, or its reports of a worker killed by a signal, exited with an
error or timed out, whichever count is higher (a death in the last moment may not be rebooted yet).

Run: `.venv/bin/python -m bench.forum.stress [--minutes 10] [--workers 1] [--pg-url URL]` (needs wrk).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.forum.run import PAGES, free_port, stop
from bench.forum.seed import ROOT, seed

ROUND_SECONDS = 10
# gunicorn's arbiter reports a worker that died (a SIGSEGV shows as "was sent SIGSEGV!") or hung.
DEATH = re.compile(r"Worker \(pid:\d+\) (?:was sent SIG\w+|exited with code \d+)|WORKER TIMEOUT")


def start(url: str, workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {"DATABASE_URL": url, "SECRET_KEY": "stress", "SOCKETIO_ASYNC_MODE": "gevent", "PYTHONFAULTHANDLER": "1"}
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-k", "gevent", "-w", str(workers),
                               "-b", f"127.0.0.1:{port}", "--no-control-socket", "app:create_app()"], cwd=ROOT,
                              env={**os.environ, **env}, stdout=log.open("w"), stderr=subprocess.STDOUT)
    return server, f"http://127.0.0.1:{port}"


def booted(log: Path) -> int:
    return len(re.findall(r"Booting worker with pid", log.read_text(errors="replace")))


def death_reports(log: Path) -> list[str]:
    return DEATH.findall(log.read_text(errors="replace"))


def wrk_round(url: str, seconds: int) -> tuple[int, int, int]:
    """Requests, non-2xx answers and socket errors of one wrk run (a run wrk could not report counts 1 error)."""
    out = subprocess.run(["wrk", "-t2", "-c20", f"-d{seconds}s", url], capture_output=True, text=True,
                         timeout=seconds + 30).stdout
    served = re.search(r"(\d+) requests in", out)
    if not served:
        return 0, 0, 1
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return int(served.group(1)), int(bad.group(1)) if bad else 0, sum(map(int, errors.groups())) if errors else 0


def run(url: str, workers: int, seconds: float, folder: Path) -> dict:
    """Requests served, non-2xx answers and worker deaths in `seconds` of wrk -c20 on the forum pages."""
    info = seed(1000, url)
    log = folder / "gunicorn.log"
    server, base = start(url, workers, log)
    requests = failed = socket_errors = 0
    try:
        deadline = time.monotonic() + 60
        while booted(log) < workers and time.monotonic() < deadline:
            time.sleep(0.2)
        end = time.monotonic() + seconds
        pages = [path.format(**info) for _, path in PAGES]
        for round_number in range(int(seconds / ROUND_SECONDS) + 1):
            if time.monotonic() >= end:
                break
            path = pages[round_number % len(pages)]
            served, bad, errors = wrk_round(base + path, min(ROUND_SECONDS, max(1, int(end - time.monotonic()))))
            requests, failed, socket_errors = requests + served, failed + bad, socket_errors + errors
    finally:
        stop(server)
    reports = death_reports(log)
    return {"workers": workers, "seconds": seconds, "requests": requests, "non_2xx": failed,
            "socket_errors": socket_errors, "worker_deaths": max(booted(log) - workers, len(reports)),
            "death_reports": reports, "log": str(log)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--pg-url", help="an empty PostgreSQL database (default: SQLite in a temp dir)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")
    folder = Path(tempfile.mkdtemp(prefix="serambi-stress-"))
    url = args.pg_url or f"sqlite:///{folder / 'forum.db'}"
    result = run(url, args.workers, args.minutes * 60, folder)
    print(json.dumps({"database": "PostgreSQL" if args.pg_url else "SQLite", **result}))


if __name__ == "__main__":
    main()
