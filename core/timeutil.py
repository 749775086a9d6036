"""Times are stored as UTC and handled as timezone-aware datetimes everywhere in Python. Dates people type
are taken from 2000 to 2100 (README, "Dates"): year 1 or 9999 broke the time-zone arithmetic."""
from datetime import date, datetime, timezone

from sqlalchemy.types import DateTime, TypeDecorator


YEARS = (2000, 2100)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def within_years(value: date) -> bool:
    """A date or datetime the site takes from what people type."""
    return YEARS[0] <= value.year <= YEARS[1]


def typed_day(text: str | None) -> date | None:
    """'2026-11-22' as a date; None when malformed or outside YEARS."""
    try:
        day = date.fromisoformat(text or "")
    except ValueError:
        return None
    return day if within_years(day) else None


class UTCDateTime(TypeDecorator):
    """Stores naive UTC (SQLite has no time zones) and always gives back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)
