"""iCalendar files (one event, and the subscribable calendar of all events) read back with `icalendar`,
and the Google Calendar link."""
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import icalendar

from events import actions
from extensions import db
from library.models import unsaved_library
from tests.event_factory import at, new_event


def calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return icalendar.Calendar.from_ical(response.data)


def test_an_event_file_has_its_time_in_the_library_zone_a_stable_uid_and_its_link(client, host):
    profile = unsaved_library()
    profile.timezone = "Asia/Jayapura"  # WIT
    db.session.add(profile)
    db.session.commit()
    event = new_event(host, title="Bedah Buku: Bumi Manusia", place="Aula", mode="hybrid")
    entry = calendar(client, f"/events/{event.id}.ics").events[0]
    start = entry.decoded("dtstart")
    assert entry["dtstart"].params["TZID"] == "Asia/Jayapura" and start.utcoffset() == timedelta(hours=9)
    assert start == event.starts_at and entry.decoded("dtend") == event.ends_at
    assert str(entry["summary"]) == "Bedah Buku: Bumi Manusia"
    assert str(entry["url"]) == f"http://localhost/events/{event.id}-bedah-buku-bumi-manusia"
    assert "Aula" in str(entry["location"]) and "youtube.com" in str(entry["location"])
    assert "Diskusi seru bersama penulis." in str(entry["description"])  # Markdown as plain text
    uid = str(entry["uid"])
    actions.edit_event(host, event, actions.EventDetails(
        title="Bedah Buku: Anak Semua Bangsa", kind=event.kind, description="", mode="online",
        stream_url=event.stream_url, starts_at=event.starts_at + timedelta(hours=1),
        ends_at=event.ends_at + timedelta(hours=1)))
    again = calendar(client, f"/events/{event.id}.ics")
    assert str(again.events[0]["uid"]) == uid  # the calendar updates the entry rather than adding one
    assert str(again.events[0]["summary"]) == "Bedah Buku: Anak Semua Bangsa"
    assert [str(zone["tzid"]) for zone in again.walk("VTIMEZONE")] == ["Asia/Jayapura"]


def test_the_subscribable_calendar_lists_every_public_event(client, host):
    first = new_event(host, title="Webinar pertama")
    second = at(new_event(host, title="Lokakarya kedua"), timedelta(days=-7))
    cancelled = new_event(host, title="Acara yang dibatalkan")
    actions.delete_event(host, cancelled)
    cal = calendar(client, "/events/calendar.ics")
    assert sorted(str(entry["summary"]) for entry in cal.events) == [second.title, first.title]
    assert len({str(entry["uid"]) for entry in cal.events}) == 2
    assert all(entry.decoded("dtstart").utcoffset() == timedelta(hours=7) for entry in cal.events)  # WIB
    assert 'href="/events/calendar.ics"' in client.get("/events/").get_data(as_text=True)


def test_the_google_calendar_link_carries_the_event(client, host):
    event = new_event(host, title="Webinar & Diskusi")
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    start = page.index("https://calendar.google.com/calendar/render?")
    link = page[start:page.index('"', start)].replace("&amp;", "&")
    query = parse_qs(urlsplit(link).query)
    assert query["text"] == ["Webinar & Diskusi"] and query["ctz"] == ["Asia/Jakarta"]
    assert query["dates"] == [f"{event.starts_at:%Y%m%dT%H%M%SZ}/{event.ends_at:%Y%m%dT%H%M%SZ}"]
    assert f"/events/{event.id}" in query["details"][0]
