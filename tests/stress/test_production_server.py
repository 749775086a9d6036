"""The production server holds under sustained load: `wrk -c20` on the forum pages for 40 s, no worker may
die (a SIGSEGV in threaded workers on Python 3.11 killed one every few minutes: issue 12); and gunicorn
refuses the threaded workers that crashed, with the reason."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.forum import stress
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
