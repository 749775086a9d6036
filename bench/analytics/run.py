"""Time the analytics dashboard's queries on a seeded database (bench/analytics/seed.py).

Run: `.venv/bin/python -m bench.analytics.run --db /tmp/analytics.db` (or `--url postgresql+psycopg://…`).
Prints, for periods of 7, 30, 90 and 365 days up to today, the median of --repeat runs of each query and
of the whole dashboard (all figures: queries, names of the top items and the SVG charts): [wall ms, CPU ms].
"""
import argparse
import json
import statistics
import time
from datetime import timedelta

from analytics import figures, queries
from analytics.queries import Period

QUERIES = {
    "new_members_by_day": queries.new_members_by_day, "active_members_by_day": queries.active_members_by_day,
    "active_members_by_week": queries.active_members_by_week,
    "active_members_by_month": queries.active_members_by_month, "active_members": queries.active_members,
    "forum_by_category": queries.forum_by_category, "posts_by_day": queries.posts_by_day,
    "views_by_day": lambda period: queries.counts_by_day(period, "view"),
    "counts_by_channel": queries.counts_by_channel, "top_content": queries.top_content,
    "events_in": queries.events_in, "chat_by_event": queries.chat_by_event, "challenges_in": queries.challenges_in,
    "satisfaction": queries.satisfaction,
}


def timed(function, repeat: int) -> list[float]:
    """[wall ms, this process's CPU ms], medians: on a busy machine the CPU time says more (with SQLite the
    queries run in this process; with PostgreSQL they run in the server, so only the wall time counts them)."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return [round(statistics.median(walls), 1), round(statistics.median(cpus), 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db")
    parser.add_argument("--url")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--days", default="7,30,90,365")
    args = parser.parse_args()
    from app import create_app
    from core.library_time import library_today
    from extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": args.url or f"sqlite:///{args.db}", "SECRET_KEY": "bench"})
    with app.test_request_context():
        today = library_today()
        results = {}
        for days in (int(day) for day in args.days.split(",")):
            period = Period(today - timedelta(days=days - 1), today)
            row = {name: timed(lambda: query(period), args.repeat) for name, query in QUERIES.items()}
            row["whole dashboard"] = timed(lambda: figures.all_figures(period), args.repeat)
            db.session.rollback()
            results[f"{days} days"] = row
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
