"""Leaderboard pages and log-entry writes against a seeded challenge database (bench/challenges/seed.py).

In one process, with Flask's test client (no network, no HTTP server): GET the challenge page and leaderboard
pages (first, middle, last) as a guest N times each and report p50/p99; then log reading for random members
through challenges.actions.log_reading (validation, the entry, the totals UPDATE, the commit and the
Socket.IO emit) and report writes per second.

Run: `.venv/bin/python -m bench.challenges.run --db /tmp/challenges.db` (or `--url postgresql+psycopg://...`).
"""
import argparse
import json
import random
import statistics
import time
from datetime import timedelta

from app import create_app
from bench.challenges.seed import SLUG
from extensions import db


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def time_page(client, url: str, requests: int) -> dict:
    client.get(url)  # warm up
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {"url": url, "p50_ms": round(statistics.median(times), 1), "p99_ms": round(percentile(times, .99), 1)}


def time_writes(app, writes: int) -> dict:
    from accounts.models import User
    from challenges import actions, queries
    from core.library_time import library_today

    rng = random.Random(7)
    with app.test_request_context():
        challenge = queries.challenge_by_slug(SLUG)
        members = db.session.scalar(db.select(db.func.max(User.id)))
        today = library_today()
        started = time.perf_counter()
        for _ in range(writes):
            reader = db.session.get(User, rng.randint(2, members))
            actions.log_reading(reader, challenge, reader, amount=rng.randint(1, 30),
                                read_on=today - timedelta(days=rng.randint(0, 5)))
        seconds = time.perf_counter() - started
    return {"writes": writes, "per_second": round(writes / seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="the seeded SQLite file")
    parser.add_argument("--url", help="or the seeded database's SQLAlchemy URL")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--writes", type=int, default=2000)
    args = parser.parse_args()
    url = args.url or f"sqlite:///{args.db}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
    client = app.test_client()
    with app.app_context():
        from challenges.models import LEADERBOARD_PER_PAGE, MEMBER
        from challenges.queries import board_size

        pages = -(-board_size(1, MEMBER) // LEADERBOARD_PER_PAGE)
    results = [time_page(client, url_, args.requests) for url_ in (
        f"/challenges/{SLUG}", f"/challenges/{SLUG}/leaderboard", f"/challenges/{SLUG}/leaderboard?page={pages // 2}",
        f"/challenges/{SLUG}/leaderboard?page={pages}")]
    results.append(time_writes(app, args.writes))
    for row in results:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
