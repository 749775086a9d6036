"""How an event describes itself when shared (core/shareables.py): only one a guest may see is shareable."""
from core.i18n import format_when
from core.shareables import Shareable, plain_description
from events import visibility


def describe(event) -> Shareable | None:
    if not visibility.is_public(event):
        return None
    when = format_when(event.starts_at)
    description = plain_description(event.description_html)
    return Shareable("event", event.id, event.title, f"{when} · {description}" if description else when,
                     "events.show", {"event_id": event.id, "slug": event.slug}, image_type="event",
                     image_id=event.id, updated=event.updated_at, when=when)
