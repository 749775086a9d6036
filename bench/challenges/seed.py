"""Seed a challenge database fast: schema by `flask db upgrade`, rows by SQLAlchemy Core executemany in
batches (no challenges.actions). 100,000 members in one running challenge of 100 days (pages), 200 teams,
1,000,000 counted log entries (10 per member on distinct days), and ChallengeTotal rows equal to their sums.

Run: `.venv/bin/python -m bench.challenges.seed --db /tmp/challenges.db` (default: a new temp dir);
`--url postgresql+psycopg://...` fills an empty PostgreSQL database instead.
"""
import argparse
import os
import random
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, event, text

from accounts.models import User
from bench.seeding import add_database_options, seed_and_report
from challenges.models import Challenge, ChallengeTotal, LogEntry, Participant, Team

ROOT = Path(__file__).resolve().parents[2]
BATCH = 10_000
TEAMS = 200
DAYS = 100
SLUG = "tantangan-bench"
FIRST = ["Siti", "Budi", "Dewi", "Agus", "Rina", "Wayan", "Ayu", "Joko", "Nur", "Putri", "Andi", "Lestari"]
LAST = ["Rahayu", "Santoso", "Lestari", "Wijaya", "Hasibuan", "Pratama", "Saragih", "Putra", "Siregar", "Halim"]


def _insert(conn, table, rows) -> None:
    for start in range(0, len(rows), BATCH):
        conn.execute(table.insert(), rows[start:start + BATCH])


def seed(members: int, entries_per_member: int, url: str) -> dict:
    started = time.perf_counter()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench"}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    if done.returncode:
        sys.exit(f"flask db upgrade failed:\n{done.stderr}")
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", lambda conn, _: conn.executescript(
            "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;"))
    rng = random.Random(42)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()  # the library profile's default zone
    starts_on = today - timedelta(days=DAYS - 10)
    with engine.begin() as conn:
        _insert(conn, User.__table__, [
            {"id": n, "username": f"pembaca{n}", "email": f"pembaca{n}@contoh.id", "password_hash": "x",
             "display_name": f"{FIRST[n % len(FIRST)]} {LAST[n * 7 % len(LAST)]}", "bio_md": "", "bio_html": "",
             "interests": "", "notifications_off": [], "role": "admin" if n == 1 else "member",
             "session_token": f"{n:032x}", "suspension_reason": "", "ban_reason": "", "created_at": now}
            for n in range(1, members + 1)])
        conn.execute(Challenge.__table__.insert(), [{
            "id": 1, "slug": SLUG, "title": "Tantangan Bench 100.000 Pembaca", "description_md": "",
            "description_html": "", "starts_on": starts_on, "ends_on": starts_on + timedelta(days=DAYS - 1),
            "unit": "pages", "target": 1000, "is_team": True, "raffle_every": 100, "created_by_id": 1,
            "created_at": now}])
        conn.execute(Team.__table__.insert(), [{"id": t, "challenge_id": 1, "name": f"Sekolah {t}"}
                                               for t in range(1, TEAMS + 1)])
        _insert(conn, Participant.__table__, [{"id": n, "challenge_id": 1, "user_id": n, "team_id": 1 + n % TEAMS,
                                               "hide_name": n % 10 == 0, "joined_at": now}
                                              for n in range(1, members + 1)])
        member_totals, team_totals, entry_id = {}, dict.fromkeys(range(1, TEAMS + 1), 0), 0
        for first in range(1, members + 1, BATCH):
            rows = []
            for user_id in range(first, min(first + BATCH, members + 1)):
                for day in rng.sample(range(DAYS - 10), entries_per_member):
                    entry_id += 1
                    amount = rng.randint(5, 120)
                    rows.append({"id": entry_id, "challenge_id": 1, "user_id": user_id, "book_id": None,
                                 "book_title": "Laskar Pelangi", "amount": amount,
                                 "read_on": starts_on + timedelta(days=day), "state": "counted", "flag_reason": "",
                                 "logged_by_id": user_id, "created_at": now})
                    member_totals[user_id] = member_totals.get(user_id, 0) + amount
                    team_totals[1 + user_id % TEAMS] += amount
            conn.execute(LogEntry.__table__.insert(), rows)
        _insert(conn, ChallengeTotal.__table__,
                [{"challenge_id": 1, "kind": "member", "user_id": user_id, "team_id": None, "amount": amount,
                  "points": 0} for user_id, amount in member_totals.items()]
                + [{"challenge_id": 1, "kind": "team", "user_id": None, "team_id": team_id, "amount": amount,
                    "points": 0} for team_id, amount in team_totals.items()])
        if engine.dialect.name == "postgresql":
            for table in ("users", "challenges", "challenge_teams", "challenge_participants", "challenge_log_entries",
                          "challenge_totals"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
            conn.execute(text("ANALYZE"))
    engine.dispose()
    return {"members": members, "entries": entry_id, "slug": SLUG,
            "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--entries-per-member", type=int, default=10)
    add_database_options(parser)
    args = parser.parse_args()
    seed_and_report(parser, args, "challenges", lambda url: seed(args.members, args.entries_per_member, url))


if __name__ == "__main__":
    main()
