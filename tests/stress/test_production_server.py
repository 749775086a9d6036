"""The production server holds under sustained load: `wrk -c20` on the forum pages for 40 s, no worker may
die (a SIGSEGV in threaded workers on Python 3.11 killed one every few minutes: issue 12); gunicorn
refuses the threaded workers that crashed, with the reason; and views counted in the workers' memory are
written when the server stops (issue 13)."""
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bench.forum import stress
from bench.forum.seed import seed
from tests.conftest import service_missing

ROOT = Path(__file__).resolve().parents[2]


def test_forum_pages_under_wrk_for_40_seconds_kill_no_worker(tmp_path):
    if not shutil.which("wrk"):
        service_missing("wrk", "not installed (apt-get install wrk)")
    result = stress.run(f"sqlite:///{tmp_path / 'forum.db'}", workers=1, seconds=40, folder=tmp_path)
    assert result["requests"] > 0 and result["non_2xx"] == 0, result
    assert result["worker_deaths"] == 0, Path(result["log"]).read_text()[-3000:]


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="threaded workers are allowed from Python 3.12")
def test_gunicorn_refuses_threaded_workers_and_says_why():
    env = {key: value for key, value in os.environ.items() if key != "SERAMBI_ALLOW_THREADED_WORKERS"}
    done = subprocess.run([sys.executable, "-m", "gunicorn", "-k", "gthread", "--threads", "4", "-b", "127.0.0.1:0",
                           "app:create_app()"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "threaded gunicorn workers (gthread, --threads) crash on Python" in done.stderr + done.stdout


def test_views_counted_in_two_workers_memory_are_all_written_when_the_server_stops(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'forum.db'}"
    thread_id = seed(201, url)["thread_id"]
    monkeypatch.setenv("SERAMBI_ANALYTICS_FLUSH_SECONDS", "3600")  # nothing is written while serving
    log = tmp_path / "gunicorn.log"
    server, base = stress.start(url, 2, log)
    engine = create_engine(url)
    views = text("SELECT coalesce(sum(total), 0) FROM analytics_daily_counts WHERE metric = 'view'")
    try:
        deadline = time.monotonic() + 60
        while stress.booted(log) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        for _ in range(20):  # one connection each, so both workers count some
            request = urllib.request.Request(f"{base}/forum/t/{thread_id}", headers={"User-Agent": "Mozilla/5.0"})
            assert urllib.request.urlopen(request, timeout=30).status == 200
        with engine.connect() as connection:
            assert connection.scalar(views) == 0, "a view cost a write"
    finally:
        server.send_signal(signal.SIGTERM)  # a graceful stop, as a deploy or systemd stops it
        server.wait(timeout=60)
    with engine.connect() as connection:
        assert connection.scalar(views) == 20, log.read_text()[-3000:]
