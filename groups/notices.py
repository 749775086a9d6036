"""What the notifications inbox shows for a notification about a reading group (core/notifications.py's
targets)."""
from flask import url_for
from flask_babel import gettext

from core import notifications
from extensions import db
from groups.models import ReadingGroup


def groups_by_id(group_ids: list[int]) -> dict[int, ReadingGroup]:
    """Private ones too: only their members and facilitators are told of them."""
    return {group.id: group for group in db.session.execute(
        db.select(ReadingGroup).where(ReadingGroup.id.in_(group_ids))).scalars()}


def label(item, group: ReadingGroup) -> str:
    if item.kind == notifications.GROUP_INVITED:
        return gettext("%(name)s invited you to the reading group %(group)s", name=item.actor.display_name,
                       group=group.name)
    if item.kind == notifications.GROUP_APPROVED:
        return gettext("Your request to join %(group)s has been approved", group=group.name)
    if item.kind == "group_request":
        return gettext("%(name)s asks to join %(group)s", name=item.actor.display_name, group=group.name)
    if item.message:  # the milestone's label (notifications sent before labels were kept have none)
        return gettext("A new milestone discussion has started in %(group)s: %(milestone)s", group=group.name,
                       milestone=item.message)
    return gettext("A new milestone discussion has started in %(group)s", group=group.name)


def register() -> None:
    notifications.register_target("group", ReadingGroup, groups_by_id,
                                  lambda item, group: url_for("groups.show", slug=group.slug), label,
                                  lambda item, group: group.name)
