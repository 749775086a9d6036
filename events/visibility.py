"""Who sees an event: the one place that decides it. The event pages and the live room, the lists, the
home page, the feeds and calendars, search, the sitemap and sharing all ask here, so a new state (say
"archived") is one more line in EVENT_STATES and no channel can miss it.

A state is a nullable column set while the event is in it; an event in any state is seen by nobody (a
cancelled event is gone everywhere). Apart from states, every event is public but a private reading
group's, which only the group's active members and staff see.
"""
from dataclasses import dataclass

from accounts.permissions import can_moderate
from events.models import Event
from extensions import db
from forum.visibility import GUEST
from groups import access as group_access
from groups.models import ACTIVE, Membership, ReadingGroup


@dataclass(frozen=True)
class State:
    name: str
    column: object  # the event's nullable column, set while the event is in this state

    def holds(self, event) -> bool:
        return getattr(event, self.column.key) is not None


EVENT_STATES = [State("cancelled", Event.deleted_at)]


def listed() -> tuple:
    """Query conditions: events in no state."""
    return tuple(state.column.is_(None) for state in EVENT_STATES)


def is_listed(event) -> bool:
    return not any(state.holds(event) for state in EVENT_STATES)


# Feeds, the subscribable calendar, search and the sitemap never show a private reading group's events.
NOT_PRIVATE = db.or_(Event.group_id.is_(None), Event.group_id.not_in(
    db.select(ReadingGroup.id).where(db.not_(group_access.OPEN_TO_GUESTS))))


def open_to_guests() -> tuple:
    """Query conditions: the events a guest sees (feeds, calendars, search, the sitemap)."""
    return (*listed(), NOT_PRIVATE)


def open_to(user) -> tuple:
    """Query conditions, the same rule as can_see: lists show a private group's events to its active
    members and to staff."""
    if can_moderate(user):
        return listed()
    if not user.is_authenticated:
        return open_to_guests()
    mine = db.select(Membership.group_id).where(Membership.user_id == user.id, Membership.state == ACTIVE)
    return (*listed(), db.or_(NOT_PRIVATE, Event.group_id.in_(mine)))


def can_see(user, event) -> bool:
    """An event in no state, and for a private reading group's event, one of the group's active members or staff."""
    if not is_listed(event):
        return False
    group = event.group
    if group is None or not group.is_private:
        return True
    return can_moderate(user) or group_access.is_active(group_access.membership_of(user, group))


def sees_event_id(user, event_id: int) -> bool:
    """can_see for an event known by its number (its photos ask: core/photos.py)."""
    event = db.session.get(Event, event_id)
    return event is not None and can_see(user, event)


def is_public(event) -> bool:
    """Open to a guest: what may be shared, described in link previews and drawn as an og:image."""
    return can_see(GUEST, event)
