"""Seed a database for the analytics dashboard, fast: the forum of bench/forum/seed.py (N posts), then by
SQLAlchemy Core executemany in batches: reactions, members who joined over the last year, members'
active days, a million DailyCount rows (views, shares, visits) over the last year, events with RSVPs,
check-ins, chat and survey answers, and reading challenges with participants, logs and totals.

Run: `.venv/bin/python -m bench.analytics.seed --posts 100000 --counts 1000000 --db /tmp/analytics.db`
PostgreSQL: `--url postgresql+psycopg://...` (an empty database).
"""
import argparse
import random
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import create_engine, event, func, select, text

import books.models  # noqa: F401  (named by the mappers' relationships)
import groups.models  # noqa: F401
import partners.models  # noqa: F401
from core.counter_models import ActiveDay, DailyCount
from accounts.models import User
from bench.seeding import add_database_options, seed_and_report
from bench.forum.seed import seed as seed_forum
from challenges.models import Challenge, ChallengeTotal, LogEntry, Participant
from events.models import ChatMessage, Event, Rsvp, SurveyResponse
from forum.models import Post, Reaction, Thread

BATCH = 10_000
DAYS = 365
NEW_MEMBERS = 5_000
ACTIVE_PER_DAY = 300
EVENTS = 150
CHALLENGES = 8
CHANNELS = ("whatsapp", "facebook", "x", "telegram", "email", "copy", "share")


def _insert(conn, table, rows) -> None:
    for start in range(0, len(rows), BATCH):
        conn.execute(table.insert(), rows[start:start + BATCH])


def seed(posts: int, counts: int, url: str) -> dict:
    started = time.perf_counter()
    forum = seed_forum(posts, url)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", lambda conn, _: conn.executescript(
            "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;"))
    rng, now = random.Random(7), datetime.now(timezone.utc).replace(microsecond=0)
    today = now.date()
    with engine.begin() as conn:
        first_user = conn.scalar(select(func.max(User.id))) + 1
        users = [{"id": n, "username": f"baru{n}", "email": f"baru{n}@contoh.id", "password_hash": "x",
                  "display_name": f"Anggota Baru {n}", "bio_md": "", "bio_html": "", "interests": "",
                  "notifications_off": [], "role": "member", "session_token": f"{n:032x}", "suspension_reason": "",
                  "ban_reason": "", "created_at": now - timedelta(minutes=rng.uniform(0, DAYS * 24 * 60))}
                 for n in range(first_user, first_user + NEW_MEMBERS)]
        _insert(conn, User.__table__, users)
        members = list(range(1, first_user + NEW_MEMBERS))

        # Reactions: on one post in ten, by other members, at the post's time or a little later.
        post_rows = conn.execute(select(Post.id, Post.author_id, Post.created_at).where(Post.id % 10 == 0)).all()
        reactions = [{"post_id": post_id, "user_id": 1 + (author + n) % 300, "kind": "like",
                      "created_at": created + timedelta(hours=n)} for post_id, author, created in post_rows
                     for n in range(1, 4)]
        _insert(conn, Reaction.__table__, reactions)

        active = [{"day": today - timedelta(days=day), "user_id": user}
                  for day in range(DAYS) for user in rng.sample(members, ACTIVE_PER_DAY)]
        _insert(conn, ActiveDay.__table__, active)

        # DailyCount: per day, views of threads (most), events, books, groups and challenges, shares and
        # visits through channels; item ids repeat so that some items are far more popular than others.
        threads = conn.scalar(select(func.max(Thread.id)))
        per_day, rows, seen = counts // DAYS, [], set()
        for day in range(DAYS):
            when = today - timedelta(days=day)
            while len(rows) < per_day * (day + 1):
                metric = rng.choices(("view", "share", "visit"), (80, 10, 10))[0]
                kind = rng.choices(("thread", "event", "book", "group", "challenge"), (80, 8, 8, 2, 2))[0]
                item = int(rng.paretovariate(1.2)) % (threads if kind == "thread" else 200) + 1
                channel = "" if metric == "view" else rng.choice(CHANNELS)
                key = (when, metric, kind, item, channel)
                if key in seen:
                    item = rng.randint(1, threads)
                    key = (when, metric, "thread", item, channel)
                    if key in seen:
                        continue
                seen.add(key)
                rows.append({"day": when, "metric": metric, "item_type": key[2], "item_id": item, "channel": channel,
                             "total": rng.randint(1, 40)})
        _insert(conn, DailyCount.__table__, rows)

        events, rsvps, chats, surveys = [], [], [], []
        for event_id in range(1, EVENTS + 1):
            starts = now - timedelta(days=rng.uniform(0, DAYS))
            events.append({"id": event_id, "title": f"Bedah Buku {event_id}", "kind": "bedah_buku",
                           "description_md": "", "description_html": "", "mode": "online", "place": "",
                           "stream_url": "", "starts_at": starts, "ends_at": starts + timedelta(hours=2),
                           "partners": "", "recording_url": "", "created_by_id": 1, "created_at": starts,
                           "updated_at": starts})
            for user in rng.sample(members, rng.randint(20, 150)):
                attended = starts + timedelta(minutes=10) if rng.random() < .6 else None
                rsvps.append({"event_id": event_id, "user_id": user, "status": "going", "attended_at": attended,
                              "created_at": starts - timedelta(days=3)})
                if attended and rng.random() < .3:
                    surveys.append({"event_id": event_id, "user_id": user, "rating": rng.choice((3, 4, 4, 5, 5)),
                                    "comment": "", "created_at": starts + timedelta(hours=3)})
            for n in range(rng.randint(50, 600)):
                chats.append({"event_id": event_id, "author_id": rng.choice(members), "client_id": f"{event_id}-{n}",
                              "body": "Halo", "html": "Halo", "created_at": starts + timedelta(seconds=10 * n)})
        _insert(conn, Event.__table__, events)
        _insert(conn, Rsvp.__table__, rsvps)
        _insert(conn, SurveyResponse.__table__, surveys)
        chats = list({(row["author_id"], row["client_id"]): row for row in chats}.values())
        _insert(conn, ChatMessage.__table__, chats)

        challenges, participants, entries, totals = [], [], [], []
        for challenge_id in range(1, CHALLENGES + 1):
            starts_on = today - timedelta(days=rng.randint(0, DAYS))
            ends_on = starts_on + timedelta(days=rng.randint(30, 120))
            challenges.append({"id": challenge_id, "slug": f"tantangan-{challenge_id}",
                               "title": f"Tantangan {challenge_id}",
                               "description_md": "", "description_html": "", "starts_on": starts_on, "ends_on": ends_on,
                               "unit": "pages", "target": 1000, "is_team": False, "created_by_id": 1,
                               "created_at": now})
            for user in rng.sample(members, rng.randint(100, 600)):
                participants.append({"challenge_id": challenge_id, "user_id": user, "hide_name": False,
                                     "joined_at": datetime.combine(starts_on, datetime.min.time(), timezone.utc)})
                amount = 0
                for _ in range(rng.randint(1, 12)):
                    pages = rng.randint(5, 150)
                    amount += pages
                    entries.append({"challenge_id": challenge_id, "user_id": user, "book_title": "Buku",
                                    "amount": pages,
                                    "read_on": min(starts_on + timedelta(days=rng.randint(0, 30)), today),
                                    "state": "counted", "flag_reason": "", "logged_by_id": user, "created_at": now})
                totals.append({"challenge_id": challenge_id, "kind": "member", "user_id": user, "amount": amount,
                               "points": 0})
        _insert(conn, Challenge.__table__, challenges)
        _insert(conn, Participant.__table__, participants)
        _insert(conn, LogEntry.__table__, entries)
        _insert(conn, ChallengeTotal.__table__, totals)
        if engine.dialect.name == "postgresql":
            for table in ("users", "events", "challenges"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
            conn.execute(text("ANALYZE"))
        else:
            conn.execute(text("ANALYZE"))
    engine.dispose()
    return {**forum, "members": len(members), "reactions": len(reactions), "active_days": len(active),
            "daily_counts": len(rows), "events": EVENTS, "rsvps": len(rsvps), "chat_messages": len(chats),
            "log_entries": len(entries), "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--counts", type=int, default=1_000_000)
    add_database_options(parser)
    args = parser.parse_args()
    seed_and_report(parser, args, "analytics", lambda url: seed(args.posts, args.counts, url))


if __name__ == "__main__":
    main()
