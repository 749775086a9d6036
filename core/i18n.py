"""Interface language (Bahasa Indonesia first, English second) and dates in the library's time zone."""
from datetime import datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import dates

from flask import current_app, g, has_request_context, session
from flask_babel import format_timedelta, get_locale, get_translations, to_user_timezone
from flask_login import current_user

from core.library_time import select_timezone
from core.timeutil import utcnow

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}

# Indonesia's three zones, and the names people use for them.
TIMEZONES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def select_locale() -> str:
    if has_request_context():
        if current_user.is_authenticated and current_user.language in LANGUAGES:
            return current_user.language
        if session.get("language") in LANGUAGES:
            return session["language"]
    default = current_app.config["SERAMBI_LANGUAGE"]
    return default if default in LANGUAGES else "id"


def format_when(value: datetime | None, with_time: bool = True) -> str:
    """'22 November 2026 11.15 WIB' in Indonesian, 'November 22, 2026 11:15 AM WIB' in English."""
    if value is None:
        return ""
    return _formatted(value, with_time, str(get_locale()), select_timezone())


@lru_cache(maxsize=20_000)
def _formatted(value: datetime, with_time: bool, locale: str, zone_name: str) -> str:
    """Cached because a busy thread page shows the same twenty post dates to every visitor; the key
    holds everything the text depends on."""
    zone = ZoneInfo(zone_name)
    local = (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(zone)
    text = dates.format_date(local, "long", locale=locale)
    if with_time:
        text = f"{text} {dates.format_time(local, 'short', tzinfo=zone, locale=locale)} " \
               f"{TIMEZONES.get(zone_name, local.tzname())}"
    return text


def format_time_of_day(text: str) -> str:
    """A time of day kept as 'HH:MM' (opening hours), written the way the language writes every other time
    on the site: 08.00 in Indonesian, 8:00 AM in English."""
    return dates.format_time(time.fromisoformat(text), "short", locale=get_locale())


def weekday_name(weekday: int) -> str:
    """Monday is 0. Babel's CLDR data gives 'Senin' in Indonesian."""
    return get_locale().days["format"]["wide"][weekday].capitalize()


def today_weekday() -> int:
    return to_user_timezone(utcnow()).weekday()


def request_translations():
    """The catalogue of this request's language, looked up once: Flask-Babel looks it up again for every
    string, and a page's thirty-odd `_()` calls cost a tenth of a thread page's CPU that way."""
    found = g.get("serambi_translations")
    if found is None:
        found = g.serambi_translations = get_translations()
    return found


def init_app(app) -> None:
    app.jinja_env.install_gettext_callables(  # as Flask-Babel installs them, through request_translations()
        gettext=lambda text: request_translations().ugettext(text),
        ngettext=lambda singular, plural, n: request_translations().ungettext(singular, plural, n),
        pgettext=lambda context, text: request_translations().upgettext(context, text),
        npgettext=lambda context, singular, plural, n: request_translations().unpgettext(context, singular, plural, n),
        newstyle=True)
    app.jinja_env.filters["when"] = format_when
    app.jinja_env.filters["date"] = lambda value: format_when(value, with_time=False)
    app.jinja_env.filters["time_of_day"] = format_time_of_day
    app.jinja_env.filters["seconds"] = lambda value: format_timedelta(timedelta(seconds=value), threshold=1.5)
    app.jinja_env.globals.update(LANGUAGES=LANGUAGES, weekday_name=weekday_name)
    app.context_processor(lambda: {"current_locale": str(get_locale()), "today_weekday": today_weekday()})
