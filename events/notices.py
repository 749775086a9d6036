"""What the notifications inbox shows for a notification about an event (core/notifications.py's targets)."""
from flask import url_for
from flask_babel import gettext

from core import notifications
from core.i18n import format_when
from events.models import Event
from extensions import db


def events_by_id(event_ids: list[int]) -> dict[int, Event]:
    """Cancelled ones too: their notification says so."""
    return {event.id: event for event in db.session.execute(db.select(Event).where(Event.id.in_(event_ids))).scalars()}


def url(item, event: Event) -> str:
    if item.kind == notifications.EVENT_CANCELLED:
        return url_for("events.index")
    return url_for("events.show", event_id=event.id, slug=event.slug)


def label(item, event: Event) -> str:
    if item.kind == notifications.EVENT_CANCELLED:
        return gettext("%(event)s has been cancelled", event=item.message)
    if item.kind == notifications.EVENT_SEAT:
        return gettext("A seat freed up: you are now going to %(event)s", event=event.title)
    return gettext("Reminder: %(event)s starts on %(when)s", event=event.title, when=format_when(event.starts_at))


def register() -> None:
    notifications.register_target("event", Event, events_by_id, url, label)
