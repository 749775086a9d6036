"""The production server under `wrk -c20` on the forum pages for a while: how many workers died.

Seeds a forum (1,000 posts; SQLite in a temp dir, or an empty PostgreSQL database with --pg-url), starts
gunicorn as README's Production section does (`-k gevent`, `-w 1` or `-w 2`), and keeps wrk on a thread
page, a category page and the home page in turn until the time is up. A worker death is a worker
gunicorn had to boot again (after a crash, a signal or a timeout), read from gunicorn's log.

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


def start(url: str, workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {"DATABASE_URL": url, "SECRET_KEY": "stress", "SOCKETIO_ASYNC_MODE": "gevent", "PYTHONFAULTHANDLER": "1"}
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-k", "gevent", "-w", str(workers),
                               "-b", f"127.0.0.1:{port}", "--no-control-socket", "app:create_app()"], cwd=ROOT,
                              env={**os.environ, **env}, stdout=log.open("w"), stderr=subprocess.STDOUT)
    return server, f"http://127.0.0.1:{port}"


def booted(log: Path) -> int:
    return len(re.findall(r"Booting worker with pid", log.read_text(errors="replace")))


def run(url: str, workers: int, seconds: float, folder: Path) -> dict:
    """Requests served, non-2xx answers and worker deaths in `seconds` of wrk -c20 on the forum pages."""
    info = seed(1000, url)
    log = folder / "gunicorn.log"
    server, base = start(url, workers, log)
    requests = failed = 0
    try:
        deadline = time.monotonic() + 60
        while booted(log) < workers and time.monotonic() < deadline:
            time.sleep(0.2)
        end = time.monotonic() + seconds
        pages = [path.format(**info) for _, path in PAGES]
        while time.monotonic() < end:
            path = pages[int(time.monotonic() / ROUND_SECONDS) % len(pages)]
            out = subprocess.run(["wrk", "-t2", "-c20", f"-d{min(ROUND_SECONDS, max(1, int(end - time.monotonic())))}s",
                                  base + path], capture_output=True, text=True, timeout=ROUND_SECONDS + 30).stdout
            requests += int(re.search(r"(\d+) requests in", out).group(1))
            bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            failed += int(bad.group(1)) if bad else 0
    finally:
        stop(server)
    return {"workers": workers, "seconds": seconds, "requests": requests, "non_2xx": failed,
            "worker_deaths": booted(log) - workers, "log": str(log)}


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
