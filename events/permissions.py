"""Who may do what with events (on top of accounts.permissions).

Hosts and admins create events. On one event, its hosts may do everything, co-hosts everything but
cancelling it and changing who hosts it; admins everything on every event. A host who does not host
this event is, here, just a member. Survey results are also open to moderators."""
from accounts.permissions import has_permission, is_member, is_reader
from groups import access as group_access


def role_on(user, event) -> str | None:
    """'host', 'cohost' or None."""
    if not user or not user.is_authenticated:
        return None
    return next((row.role for row in event.hosts if row.user_id == user.id), None)


def can_create(user) -> bool:
    return is_member(user) and has_permission(user, "host_events")


def can_edit(user, event) -> bool:
    """Edit the details, see and export attendees, reveal the check-in code, set the recording."""
    if not is_member(user) or event.deleted_at:
        return False
    return has_permission(user, "manage_site") or role_on(user, event) is not None


def can_run(user, event) -> bool:
    """Cancel the event and choose its hosts and co-hosts."""
    if not is_member(user) or event.deleted_at:
        return False
    return has_permission(user, "manage_site") or role_on(user, event) == "host"


def can_see_results(user, event) -> bool:
    return can_edit(user, event) or (is_reader(user) and has_permission(user, "moderate"))


def can_link_group(user, group) -> bool:
    """The group an event belongs to is chosen by the group's facilitators (and staff)."""
    return group_access.can_manage(user, group_access.membership_of(user, group))


def can_rsvp(user) -> bool:
    return is_reader(user)


def can_host_live(user, event) -> bool:
    """Use the live room's host controls: the event's hosts and co-hosts, and admins."""
    return can_edit(user, event)
