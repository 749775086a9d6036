"""One socket floods a live room: does the worker still answer everyone else?

Seeds a fresh SQLite database (bench/live/seed.py: a webinar running now and one member), starts the
production server (`gunicorn -k gevent -w 1`, README), signs the member in and joins the room with one
python-socketio client over WebSocket. A prober loads /healthz one request after another, for a quiet
`--quiet` seconds, then while the member sends `--messages` chat messages within `--seconds` without
waiting for answers, and until every one of them is answered. Prints /healthz latency (p50 and max)
quiet and during the flood, and how the flood was answered.

Run: `.venv/bin/python -m bench.live.flood [--messages 1000] [--seconds 1] [--redis] [--tree PATH] [--label TEXT]`;
`--tree` serves another checkout (e.g. an older commit, with its translations compiled) with this load.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

import socketio

from bench.forum.run import stop
from bench.thread.run import PASSWORD, Member, start_server
from tests.faults.services import RedisServer

ROOT = Path(__file__).resolve().parents[2]
NAMESPACE = "/live"
ANSWER_DEADLINE = 300  # seconds for the whole flood to be answered; the run stops then in any case


def seed(url: str, tree: Path) -> dict:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "live" / "seed.py"), "1", PASSWORD], cwd=tree,
                          env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench"}, capture_output=True,
                          text=True, timeout=600, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


class Prober(threading.Thread):
    """Loads /healthz again and again, noting (when it started, seconds it took, status)."""

    def __init__(self, base: str):
        super().__init__(daemon=True)
        self.base, self.samples, self.done = base, [], threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            started = time.monotonic()
            try:
                status = urllib.request.urlopen(f"{self.base}/healthz", timeout=120).status
            except OSError:
                status = 0
            self.samples.append((started, time.monotonic() - started, status))
            self.done.wait(0.02)

    def between(self, start: float, end: float) -> list[float]:
        return [seconds for started, seconds, _ in self.samples if start <= started <= end]


def flood(client: socketio.Client, event_id: int, messages: int, seconds: float) -> tuple[float, float, float, list]:
    """Sends the messages evenly over `seconds`; returns (first sent, last sent, last answered, the answers)."""
    answers, all_in = [], threading.Event()

    def answered(answer):
        answers.append(answer)
        if len(answers) == messages:
            all_in.set()
    started = time.monotonic()
    for number in range(messages):
        time.sleep(max(0.0, started + seconds * number / messages - time.monotonic()))
        client.emit("chat", {"event_id": event_id, "body": f"Banjir **{number}** dari satu soket",
                             "client_id": f"flood-{number}"}, namespace=NAMESPACE, callback=answered)
    sent = time.monotonic()
    all_in.wait(ANSWER_DEADLINE)
    return started, sent, time.monotonic(), answers


def summary(label: str, prober: Prober, quiet: tuple[float, float], flooding: tuple[float, float],
            sent_in: float, answers: list, messages: int) -> dict:
    def figures(latencies: list[float]) -> dict:
        return {"probes": len(latencies), "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
                "max_ms": round(max(latencies) * 1000, 1) if latencies else None}
    kinds = Counter("ok" if answer.get("ok") else answer.get("error", "?") for answer in answers)
    return {"run": label, "healthz_quiet": figures(prober.between(*quiet)),
            "healthz_during_flood": figures(prober.between(*flooding)),
            "healthz_failed": sum(1 for *_, status in prober.samples if status != 200),
            "messages": messages, "sent_within_s": round(sent_in, 2), "answered": len(answers),
            "all_answered_after_s": round(flooding[1] - flooding[0], 2), "answers": dict(kinds)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=1.0, help="the flood is sent within this long")
    parser.add_argument("--quiet", type=float, default=3.0, help="seconds of probing before the flood")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout of Serambi to serve")
    parser.add_argument("--redis", action="store_true",
                        help="on a redis-server of its own (a free port), as production runs: the chat's flood "
                             "counter and the rate limits in Redis")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    tree = args.tree.resolve()
    folder = Path(tempfile.mkdtemp(prefix="serambi-bench-flood-"))
    url = f"sqlite:///{folder / 'flood.db'}"
    room = seed(url, tree)
    redis_server = RedisServer() if args.redis else None
    server, base = start_server(url, tree, folder / "gunicorn.log", REDIS_URL=redis_server.url if redis_server else "",
                                SOCKETIO_CHANNEL=f"bench-flood-{os.getpid()}")
    client = socketio.Client(reconnection=False, request_timeout=60)
    try:
        member = Member(base, room["usernames"][0])
        assert member.sign_in() == 302, "the member could not sign in"
        client.connect(base, headers={"Cookie": _cookie_of(member)}, namespaces=[NAMESPACE], transports=["websocket"],
                       wait_timeout=60)
        joined = client.call("join", {"event_id": room["event_id"]}, namespace=NAMESPACE, timeout=60)
        assert joined["ok"], joined
        prober = Prober(base)
        prober.start()
        quiet_start = time.monotonic()
        time.sleep(args.quiet)  # a stretch of ordinary probing to compare with
        started, sent, finished, answers = flood(client, room["event_id"], args.messages, args.seconds)
        prober.done.set()
        prober.join(150)
    finally:
        client.disconnect()
        stop(server)
        if redis_server:
            redis_server.close()
    result = summary(args.label or str(tree), prober, (quiet_start, started), (started, finished),
                     sent - started, answers, args.messages)
    print(json.dumps(result))
    print(f"gunicorn log: {folder / 'gunicorn.log'}", file=sys.stderr)


def _cookie_of(member: Member) -> str:
    """The member's cookies as a Cookie header, for the socket."""
    for handler in member.opener.handlers:
        jar = getattr(handler, "cookiejar", None)
        if jar is not None:
            return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
    raise RuntimeError("no cookies")


if __name__ == "__main__":
    main()
