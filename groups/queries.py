"""Read-only queries the group pages, search and the book page share. Each page costs a fixed number of queries."""
from sqlalchemy.orm import joinedload

from accounts.permissions import has_permission
from core.sitemaps import Entry
from core.urls import absolute_url
from extensions import db
from forum.models import Category, Thread
from forum.visibility import listed
from groups.access import OPEN_TO_GUESTS, visible_to
from groups.models import (ACTIVE, FACILITATOR, GROUPS_PER_PAGE, REQUESTED, Membership, Milestone, Nomination,
                           ReadingGroup, Vote)
from partners.models import group_partners

MEMBERS_SHOWN = 100
THREADS_SHOWN = 20


def group_by_slug(slug: str) -> ReadingGroup | None:
    return db.session.execute(db.select(ReadingGroup).options(joinedload(ReadingGroup.current_book))
                              .where(ReadingGroup.slug == slug)).scalar_one_or_none()


def listing(user, page: int):
    """Every group this visitor may see, newest first, less those in `mine` (shown above them)."""
    select = db.select(ReadingGroup).options(joinedload(ReadingGroup.current_book)).where(visible_to(user))
    if user.is_authenticated:
        select = select.where(ReadingGroup.id.not_in(db.select(Membership.group_id)
                                                     .where(Membership.user_id == user.id)))
    return db.paginate(select.order_by(ReadingGroup.id.desc()), page=page, per_page=GROUPS_PER_PAGE, error_out=False)


def my_groups(user) -> list[Membership]:
    """The visitor's memberships, invitations and requests, with their groups, in one query."""
    if not user.is_authenticated:
        return []
    return db.session.execute(db.select(Membership).options(
        joinedload(Membership.group).joinedload(ReadingGroup.current_book))
        .where(Membership.user_id == user.id).order_by(Membership.state, Membership.id.desc())).scalars().all()


def schedule(group: ReadingGroup) -> list[Milestone]:
    return db.session.execute(db.select(Milestone).options(joinedload(Milestone.thread))
                              .where(Milestone.group_id == group.id, Milestone.round == group.round)
                              .order_by(Milestone.position)).scalars().all()


def milestone_in(group: ReadingGroup, milestone_id: int) -> Milestone | None:
    milestone = db.session.get(Milestone, milestone_id)
    return milestone if milestone and milestone.group_id == group.id and milestone.round == group.round else None


def threads(group: ReadingGroup, category: Category) -> list[Thread]:
    """The group's own threads (milestone discussions are listed with the schedule), latest activity first."""
    milestone_threads = db.select(Milestone.thread_id).where(Milestone.group_id == group.id,
                                                             Milestone.thread_id.is_not(None))
    return db.session.execute(db.select(Thread).options(joinedload(Thread.author))
                              .where(Thread.category_id == category.id, *listed(), Thread.id.not_in(milestone_threads))
                              .order_by(Thread.pinned.desc(), Thread.last_post_at.desc(), Thread.id.desc())
                              .limit(THREADS_SHOWN)).scalars().all()


def members(group: ReadingGroup) -> list[Membership]:
    """Facilitators first, then members by when they joined; pending requests and invitations too."""
    return db.session.execute(db.select(Membership).options(joinedload(Membership.user), joinedload(Membership.reached))
                              .where(Membership.group_id == group.id)
                              .order_by(Membership.state, Membership.role, Membership.id)
                              .limit(MEMBERS_SHOWN)).scalars().all()


def facilitators(group: ReadingGroup) -> list[Membership]:
    return db.session.execute(db.select(Membership).options(joinedload(Membership.user)).where(
        Membership.group_id == group.id, Membership.state == ACTIVE, Membership.role == FACILITATOR)
        .order_by(Membership.id)).scalars().all()


def progress_counts(group: ReadingGroup) -> dict[int, int]:
    """{milestone position reached (0: none yet): members}, for the current round, in one query."""
    rows = db.session.execute(
        db.select(Milestone.position, db.func.count(Membership.id))
        .select_from(Membership)
        .outerjoin(Milestone, db.and_(Milestone.id == Membership.reached_id, Milestone.round == group.round))
        .where(Membership.group_id == group.id, Membership.state == ACTIVE)
        .group_by(Milestone.position)).all()
    counts: dict[int, int] = {}
    for position, count in rows:
        counts[position or 0] = counts.get(position or 0, 0) + count
    return counts


def nominations(group: ReadingGroup) -> list[Nomination]:
    return db.session.execute(db.select(Nomination).options(joinedload(Nomination.book),
                                                            joinedload(Nomination.nominated_by))
                              .where(Nomination.group_id == group.id, Nomination.round == group.round)
                              .order_by(Nomination.vote_count.desc(), Nomination.id)).scalars().all()


def my_vote(user, group: ReadingGroup) -> int | None:
    """The nomination the member voted for in this round."""
    if not user.is_authenticated:
        return None
    return db.session.execute(db.select(Vote.nomination_id).filter_by(group_id=group.id, round=group.round,
                                                                      user_id=user.id)).scalar_one_or_none()


def requests_waiting(group: ReadingGroup) -> int:
    return db.session.scalar(db.select(db.func.count(Membership.id)).where(
        Membership.group_id == group.id, Membership.state == REQUESTED))


def managed_by(user) -> list[ReadingGroup]:
    """The groups the member facilitates, or every group for staff, by name (for the event form)."""
    select = db.select(ReadingGroup).order_by(ReadingGroup.name)
    if not has_permission(user, "moderate"):
        select = select.join(Membership, Membership.group_id == ReadingGroup.id).where(
            Membership.user_id == user.id, Membership.state == ACTIVE, Membership.role == FACILITATOR)
    return db.session.execute(select.limit(200)).scalars().all()


def groups_by_id(group_ids: list[int]) -> dict[int, ReadingGroup]:
    """For search results: never a private group, whoever searches."""
    if not group_ids:
        return {}
    return {group.id: group for group in db.session.execute(db.select(ReadingGroup).where(
        ReadingGroup.id.in_(group_ids), OPEN_TO_GUESTS)).scalars()}


def reading(book, user) -> list[ReadingGroup]:
    """Groups whose current book this is that the visitor may see (for the book's page)."""
    return db.session.execute(db.select(ReadingGroup).where(ReadingGroup.current_book_id == book.id,
                                                            visible_to(user))
                              .order_by(ReadingGroup.member_count.desc(), ReadingGroup.id)).scalars().all()


def for_partner(partner, user) -> list[ReadingGroup]:
    """A partner's reading groups this visitor may see (a private one only by its members, invitees and staff)."""
    return db.session.execute(
        db.select(ReadingGroup).options(joinedload(ReadingGroup.current_book))
        .join(group_partners, group_partners.c.group_id == ReadingGroup.id)
        .where(group_partners.c.partner_id == partner.id, visible_to(user))
        .order_by(ReadingGroup.name, ReadingGroup.id)).scalars().all()


def sitemap_groups(in_chunk) -> list[Entry]:
    slugs = db.session.execute(db.select(ReadingGroup.slug).where(*in_chunk, OPEN_TO_GUESTS)
                               .order_by(ReadingGroup.id)).scalars()
    return [Entry(absolute_url("groups.show", slug=slug)) for slug in slugs]


def sitemap_pages() -> list[Entry]:
    return [Entry(absolute_url("groups.index"))]
