"""Test data for reading groups, made through the real actions."""
from datetime import date, timedelta

from groups import actions


def make_group(creator, name="Klub Laskar Pelangi", visibility="public", book="", description="Kita baca bersama."):
    return actions.create_group(creator, actions.GroupDetails(name=name, description=description,
                                                              visibility=visibility, book=book))


def add_member(group, user, role="member"):
    """An active member (or facilitator), whatever the group's visibility."""
    from extensions import db
    from groups.models import ACTIVE, Membership

    membership = Membership(group_id=group.id, user_id=user.id, role=role, state=ACTIVE)
    db.session.add(membership)
    group.member_count += 1
    db.session.commit()
    return membership


def add_milestone(facilitator, group, label="Bab 1-5", days=7):
    return actions.add_milestone(facilitator, group, label, date.today() + timedelta(days=days))
