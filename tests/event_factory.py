"""Events for tests, made through the real actions; `at()` moves one in time (actions refuse a past start)."""
from datetime import timedelta
from zoneinfo import ZoneInfo

from core.timeutil import utcnow
from events import actions
from extensions import db


def new_event(host, title: str = "Bedah Buku Laskar Pelangi", starts_in=timedelta(days=2), hours: int = 2,
              **fields):
    starts_at = utcnow() + starts_in
    details = {"title": title, "kind": "bedah_buku", "description": "Diskusi **seru** bersama penulis.",
               "mode": "online", "stream_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
               "starts_at": starts_at, "ends_at": starts_at + timedelta(hours=hours), **fields}
    return actions.create_event(host, actions.EventDetails(**details))


def at(event, starts_in: timedelta, hours: int = 2):
    """Moves the event so that it starts `starts_in` from now (negative: in the past)."""
    event.starts_at = utcnow() + starts_in
    event.ends_at = event.starts_at + timedelta(hours=hours)
    db.session.commit()
    return event


def form(zone: str = "Asia/Jakarta", **overrides) -> dict:
    """The event form as a browser posts it (times in the library's time zone, WIB by default)."""
    start = (utcnow() + timedelta(days=3)).astimezone(ZoneInfo(zone)).replace(second=0, microsecond=0)
    data = {"title": "Webinar Literasi Digital", "kind": "webinar", "description": "Belajar **cek fakta**.",
            "mode": "online", "place": "", "stream_url": "https://meet.contoh.id/literasi",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "capacity": "", "hosts": "", "cohosts": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
