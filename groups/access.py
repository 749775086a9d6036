"""Who may see and do what in a reading group. The forum asks here about its group categories' threads.

- A public or by-request group, its schedule and its threads are open to everyone to read; a private one
  exists only for its members, the people invited to it, and staff (moderators and admins).
- Members (active, not silenced) post, mark their progress, nominate and vote.
- Facilitators and staff manage: members, requests, invitations, settings, the schedule and the vote.
- Hosts and staff start groups.
"""
from accounts.permissions import can_moderate, has_permission, is_member
from extensions import db
from forum.visibility import GUEST, CategoryGuard
from groups.models import ACTIVE, FACILITATOR, INVITED, Membership, Milestone, ReadingGroup


def membership_of(user, group) -> Membership | None:
    if not user or not user.is_authenticated:
        return None
    return db.session.execute(db.select(Membership).filter_by(group_id=group.id, user_id=user.id)
                              ).scalar_one_or_none()


def can_create(user) -> bool:
    return is_member(user) and (can_moderate(user) or has_permission(user, "host_events"))


# Who sees what of a reading group: the one place. Its page, the lists, search, the sitemap, sharing and
# the forum (for the group's threads) all ask here.
SEEING = (ACTIVE, INVITED)  # who sees a private group besides staff
OPEN_TO_GUESTS = ReadingGroup.visibility != "private"  # the query form of `not group.is_private`


def can_see(user, group, membership: Membership | None) -> bool:
    """The group's page, schedule and threads."""
    if not group.is_private or can_moderate(user):
        return True
    return membership is not None and membership.state in SEEING


def visible_to(user):
    """Query condition, the same rule as can_see: public and by-request groups; private ones for their
    members and invitees, and for staff."""
    if can_moderate(user):
        return db.true()
    if not user.is_authenticated:
        return OPEN_TO_GUESTS
    mine = db.select(Membership.group_id).where(Membership.user_id == user.id, Membership.state.in_(SEEING))
    return db.or_(OPEN_TO_GUESTS, ReadingGroup.id.in_(mine))


def is_public(group) -> bool:
    """Open to a guest: what may be listed in search and the sitemap, shared and drawn as an og:image."""
    return can_see(GUEST, group, None)


def is_active(membership: Membership | None) -> bool:
    return membership is not None and membership.state == ACTIVE


def can_take_part(user, membership: Membership | None) -> bool:
    """Post in the group's threads, mark progress, nominate and vote."""
    return is_active(membership) and is_member(user)


def can_manage(user, membership: Membership | None) -> bool:
    if not is_member(user):
        return False
    return can_moderate(user) or (is_active(membership) and membership.role == FACILITATOR)


def sees_all_milestones(user, membership: Membership | None) -> bool:
    """Facilitators and staff see every milestone's discussion, whatever their own progress."""
    return can_manage(user, membership)


def reached_position(membership: Membership | None) -> int:
    if not is_active(membership) or membership.reached is None:
        return 0
    return membership.reached.position if membership.reached.round == membership.group.round else 0


# What the forum asks about a category that belongs to a group.

def can_read_category(user, category) -> bool:
    if category.group_id is None:
        return True
    group = category.group
    return can_see(user, group, membership_of(user, group) if group.is_private else None)


def readers_among(users, category) -> list:
    """Those of `users` who may read the category (can_read_category for each), in one query at most."""
    if category.group_id is None or not category.group.is_private:
        return list(users)
    seeing = set(db.session.execute(db.select(Membership.user_id).where(
        Membership.group_id == category.group_id, Membership.state.in_(SEEING),
        Membership.user_id.in_([user.id for user in users]))).scalars())
    return [user for user in users if can_moderate(user) or user.id in seeing]


CATEGORIES = CategoryGuard(can_read_category, readers_among)  # handed to the forum at start-up


def can_post_in_category(user, category) -> bool:
    """Members post in their group's threads; staff too (they start milestone discussions and moderate)."""
    if category.group_id is None or can_moderate(user):
        return True
    return can_take_part(user, membership_of(user, category.group))


def milestone_hiding(user, thread):
    """The milestone whose discussion this thread is, when the reader has not reached it yet (its posts
    are then not sent); None when the thread is not a milestone's, or the reader may read it."""
    if thread.category.group_id is None:
        return None
    milestone = db.session.execute(db.select(Milestone).where(Milestone.thread_id == thread.id)).scalar_one_or_none()
    if milestone is None:
        return None
    membership = membership_of(user, thread.category.group)
    if sees_all_milestones(user, membership) or reached_position(membership) >= milestone.position:
        return None
    return milestone
