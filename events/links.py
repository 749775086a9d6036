"""Where an event points outside the site: Google Calendar and iCalendar files (its player: core/embeds.py)."""
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

import icalendar
from core import search
from core.library_time import select_timezone
from core.urls import absolute_url
from events.models import Event

GOOGLE_TIME = "%Y%m%dT%H%M%SZ"


def where(event: Event) -> str:
    """The place and/or the link, as one line for calendars."""
    return " · ".join(part for part in (event.place, event.stream_url) if part)


def page_url(event: Event) -> str:
    return absolute_url("events.show", event_id=event.id, slug=event.slug)


def google_calendar_url(event: Event) -> str:
    details = f"{search.plain_text(event.description_html)[:1500]}\n\n{page_url(event)}".strip()
    query = {"action": "TEMPLATE", "text": event.title, "details": details, "location": where(event),
             "dates": f"{event.starts_at.strftime(GOOGLE_TIME)}/{event.ends_at.strftime(GOOGLE_TIME)}",
             "ctz": select_timezone()}
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def _ical_event(event: Event, zone: ZoneInfo, site_host: str) -> icalendar.Event:
    entry = icalendar.Event()
    entry.add("uid", f"event-{event.id}@{site_host}")  # stable: updates replace the entry
    entry.add("summary", event.title)
    entry.add("dtstart", event.starts_at.astimezone(zone))
    entry.add("dtend", event.ends_at.astimezone(zone))
    entry.add("dtstamp", event.updated_at)
    entry.add("last-modified", event.updated_at)
    entry.add("url", page_url(event))
    entry.add("description", search.plain_text(event.description_html))
    if where(event):
        entry.add("location", where(event))
    return entry


def calendar(events: list[Event], name: str) -> bytes:
    """An iCalendar file in the library's time zone, with the zone's definition included."""
    zone = ZoneInfo(select_timezone())
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Serambi//Events//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", select_timezone())
    site_host = urlsplit(absolute_url("home.index")).hostname
    for event in events:
        cal.add_component(_ical_event(event, zone, site_host))
    cal.add_missing_timezones()
    return cal.to_ical()
