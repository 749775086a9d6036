"""The library's time: its time zone, today's date there, and wall-clock times typed in it.

The zone is part of the library's profile, a floor above core, so `library` hands core a provider in
its init_app (`set_zone_provider`); core and every feature ask this module, never the profile."""
from datetime import date, datetime, timezone
from typing import Callable
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from flask_babel import gettext

from core.errors import ActionError
from core.timeutil import YEARS, within_years

PROVIDER = "serambi_library_zone"


def set_zone_provider(app: Flask, provider: Callable[[], str]) -> None:
    """`provider()` names the library's time zone (e.g. 'Asia/Jakarta'); called inside an app context."""
    app.extensions[PROVIDER] = provider


def select_timezone() -> str:
    """The library's time zone name; Flask-Babel's timezone selector too."""
    return current_app.extensions[PROVIDER]()


def library_today() -> date:
    return datetime.now(ZoneInfo(select_timezone())).date()


def from_library_time(local: datetime) -> datetime:
    """A wall-clock time typed in the library's time zone (a naive datetime), as aware UTC."""
    zone = ZoneInfo(select_timezone())
    return (local if local.tzinfo else local.replace(tzinfo=zone)).astimezone(timezone.utc)


def to_library_time(moment: datetime | None) -> datetime | None:
    """A stored UTC time as the library's wall clock (naive), as a datetime-local field shows it."""
    return moment.astimezone(ZoneInfo(select_timezone())).replace(tzinfo=None) if moment else None


def local_to_utc(text: str, field: str = "closes_at") -> datetime:
    """'2026-12-31T17:00' typed in a datetime-local field, read in the library's time zone."""
    try:
        moment = datetime.fromisoformat((text or "").strip())
    except ValueError:
        raise ActionError(gettext("Choose a date and a time, for example 31/12/2026 17:00."), field) from None
    if not within_years(moment):
        raise ActionError(gettext("Choose a date from %(first)d to %(last)d.", first=YEARS[0], last=YEARS[1]), field)
    return from_library_time(moment)
