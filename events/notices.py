"""What the notifications inbox shows for a notification about an event (core/notifications.py's targets)."""
from flask import url_for
from flask_babel import gettext

from core import notifications
from core.i18n import format_when
from events.links import calendar
from events.models import Event
from extensions import db


def events_by_id(event_ids: list[int]) -> dict[int, Event]:
    """Cancelled ones too: their notification says so."""
    return {event.id: event for event in db.session.execute(db.select(Event).where(Event.id.in_(event_ids))).scalars()}


def url(item, event: Event) -> str:
    if item.kind == notifications.EVENT_CANCELLED:
        return url_for("events.index")
    if item.kind == "live_open":
        return url_for("events.live", event_id=event.id)
    return url_for("events.show", event_id=event.id, slug=event.slug)


def label(item, event: Event) -> str:
    if item.kind == notifications.EVENT_CANCELLED:
        return gettext("%(event)s has been cancelled", event=item.message)
    if item.kind == "live_open":
        return gettext("The live room of %(event)s is open now: join in", event=event.title)
    if item.kind == notifications.EVENT_SEAT:
        return gettext("A seat freed up: you are now going to %(event)s", event=event.title)
    return gettext("Reminder: %(event)s starts on %(when)s", event=event.title, when=format_when(event.starts_at))


def reminder_calendar(item, event: Event) -> list:
    """A reminder's e-mail carries the event as an .ics file, so a tap adds it to the phone's calendar."""
    if item.kind != "event_reminder":
        return []
    return [(f"{event.slug or 'acara'}.ics", "text/calendar", calendar([event], event.title))]


def register() -> None:
    notifications.register_target("event", Event, events_by_id, url, label, lambda item, event: event.title,
                                  reminder_calendar)
