"""Bahasa Indonesia first: every string a user sees is in the Indonesian catalogue, and dates
read the way Indonesians write them."""
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

from core.i18n import format_time_of_day, format_when, weekday_name

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def catalogue(locale: str):
    with open(ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po", "rb") as file:
        return read_po(file)


def test_every_string_in_the_code_is_in_the_indonesian_catalogue(tmp_path):
    """Extracts the strings afresh, so a new string without a translation fails here."""
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
                    "-k", "lazy_ngettext:1,2", "-o", str(pot), "."], cwd=ROOT, check=True,
                   capture_output=True)
    with open(pot, "rb") as file:
        extracted = {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(file)}
    indonesian = catalogue("id")
    translated = {message.id if isinstance(message.id, str) else message.id[0]
                  for message in indonesian if message.string and not message.fuzzy}
    missing = sorted(extracted - translated - {""})
    assert missing == [], f"run `make translations-update` and translate: {missing[:10]}"


def test_translations_keep_their_placeholders():
    for message in catalogue("id"):
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        for text in (message.string if isinstance(message.string, tuple) else (message.string,)):
            assert set(PLACEHOLDER.findall(source)) == set(PLACEHOLDER.findall(text)), source


@pytest.mark.parametrize("locale, zone, expected", [
    ("id", "Asia/Jakarta", "22 November 2026 11.15 WIB"),
    ("id", "Asia/Makassar", "22 November 2026 12.15 WITA"),
    ("id", "Asia/Jayapura", "22 November 2026 13.15 WIT"),
    ("en", "Asia/Jakarta", "November 22, 2026 11:15\u202fAM WIB"),
])
def test_dates_are_shown_in_the_library_time_zone(app, locale, zone, expected):
    from library.models import current_library

    with app.test_request_context():
        current_library().timezone = zone
        with force_locale(locale):
            assert format_when(datetime(2026, 11, 22, 4, 15, tzinfo=timezone.utc)) == expected


def test_a_utc_midnight_crossing_lands_on_the_local_day(app):
    with app.test_request_context(), force_locale("id"):
        assert format_when(datetime(2026, 12, 31, 18, 0, tzinfo=timezone.utc), with_time=False) == "1 Januari 2027"


def test_weekdays_start_on_monday_in_indonesian(app):
    with app.test_request_context(), force_locale("id"):
        assert [weekday_name(day) for day in (0, 4, 6)] == ["Senin", "Jumat", "Minggu"]


@pytest.mark.parametrize("locale, expected", [("id", ["08.00", "16.30"]), ("en", ["8:00\u202fAM", "4:30\u202fPM"])])
def test_opening_hours_are_written_like_every_other_time(app, client, locale, expected):
    """Issue 17: hours read "08:00–16:00" beside events at "19.00–21.00"; one way per language now."""
    with app.test_request_context(), force_locale(locale):
        assert [format_time_of_day("08:00"), format_time_of_day("16:30")] == expected
        event_time = format_when(datetime(2026, 11, 22, 1, 0, tzinfo=timezone.utc))  # 08.00 WIB
        assert expected[0] in event_time
    if locale == "id":
        home = client.get("/").get_data(as_text=True)
        assert "08.00–16.00" in home and "08:00" not in home
