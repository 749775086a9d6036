"""Every change to reading groups: check permission, validate, write, commit, notify."""
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext
from sqlalchemy import update

from accounts.models import User
from accounts.permissions import is_reader
from books import queries as book_queries
from books.models import Book
from core import audit, notifications, realtime, search, uploads
from core.errors import ActionError
from core.markdown import render_markdown
from core.text import slugify
from extensions import db
from events import live
from events.models import Event
from forum import actions as forum_actions
from forum.models import Category
from groups import access
from groups.models import (ACTIVE, FACILITATOR, INVITED, MEMBER, REQUESTED, VISIBILITIES, Membership, Milestone,
                           Nomination, ReadingGroup, Vote)
from partners.actions import chosen as chosen_partners

COVER_BOX = (1200, 600)
DESCRIPTION_MAX = 10_000
NAME_LENGTH = (3, 100)
LABEL_MAX = 100
CATEGORY_NAME_MAX = 80  # forum_categories.name; a group's name may be longer


@dataclass
class GroupDetails:
    name: str
    description: str
    visibility: str
    book: str = ""  # a title or ISBN from the catalogue; empty: no book yet (or, when editing, unchanged)
    cover: object = None
    remove_cover: bool = False
    partners: list[int] | None = None  # ids from the partner directory; None leaves them as they are


def _refuse(message: str, field: str | None = None):
    raise ActionError(message, field)


def _require_manager(actor, group: ReadingGroup) -> Membership | None:
    membership = access.membership_of(actor, group)
    if not access.can_manage(actor, membership):
        _refuse(gettext("Only the group's facilitators can do this."))
    return membership


def _require_member(user, group: ReadingGroup) -> Membership:
    membership = access.membership_of(user, group)
    if not access.can_take_part(user, membership):
        _refuse(gettext("Join the group first."))
    return membership


def _audit(actor, action: str, group: ReadingGroup, details: str = "") -> None:
    """Facilitators' and staff's decisions go to the audit log, with the group's slug before any details."""
    audit.record(actor, action, "group", group.id, details=f"{group.slug} {details}".strip())


def find_book(text: str, field: str = "book") -> Book:
    """The catalogue's book with this ISBN or title, or the one book whose title or authors contain the words."""
    text = " ".join((text or "").split())
    if not text:
        _refuse(gettext("This field is required."), field)
    found = book_queries.catalogue(text, 1)
    exact = [book for book in found.items if book.title.lower() == text.lower()
             or (book.isbn13 and book.isbn13 == text.replace("-", ""))]
    if len(exact) == 1:
        return exact[0]
    if found.total == 1:
        return found.items[0]
    isbn_match = db.session.execute(db.select(Book).where(Book.isbn13 == text.replace("-", ""))).scalar_one_or_none()
    if isbn_match is not None:
        return isbn_match
    if found.total == 0:
        _refuse(gettext("No book in the catalogue matches “%(words)s”.", words=text), field)
    _refuse(gettext("Several books match “%(words)s”: type more of the title, or the ISBN.", words=text), field)


def _clean(details: GroupDetails) -> tuple[str, str, str]:
    name = " ".join((details.name or "").split())
    low, high = NAME_LENGTH
    if not low <= len(name) <= high:
        _refuse(gettext("A name has %(low)d to %(high)d characters.", low=low, high=high), "name")
    if details.visibility not in VISIBILITIES:
        _refuse(gettext("Not a valid choice."), "visibility")
    description = (details.description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        _refuse(gettext("At most %(max)d characters.", max=DESCRIPTION_MAX), "description")
    return name, description, render_markdown(description)


def _free_slug(name: str) -> str:
    base = slugify(name, 50)
    slug, number = base, 2
    while db.session.execute(db.select(ReadingGroup.id).where(ReadingGroup.slug == slug)).first():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _free_category_slug(group: ReadingGroup) -> str:
    slug = f"grup-{group.slug}"[:60]
    if db.session.execute(db.select(Category.id).where(Category.slug == slug)).first():
        slug = f"grup-{group.id}-{group.slug}"[:60]
    return slug


def _index(group: ReadingGroup) -> None:
    """Public and by-request groups are found by /search; a private one never is."""
    if not access.is_public(group):
        search.remove("group", group.id)
    else:
        search.index("group", group.id, group.name, search.plain_text(group.description_html))


def create_group(actor, details: GroupDetails) -> ReadingGroup:
    """Hosts and staff start groups; the creator becomes its first facilitator."""
    if not access.can_create(actor):
        _refuse(gettext("Only library staff and hosts start reading groups."))
    name, description_md, description_html = _clean(details)
    book = find_book(details.book) if details.book.strip() else None
    partners = chosen_partners(details.partners or [])
    cover = uploads.save_image(details.cover, "groups", COVER_BOX, crop=True) if details.cover else None
    group = ReadingGroup(slug=_free_slug(name), name=name, description_md=description_md,
                         description_html=description_html, visibility=details.visibility, cover_path=cover,
                         current_book_id=book.id if book else None, created_by_id=actor.id, member_count=1,
                         partners=partners)
    db.session.add(group)
    db.session.flush()
    db.session.add(Category(slug=_free_category_slug(group), name=name[:CATEGORY_NAME_MAX], group_id=group.id,
                            position=0, description=""))
    db.session.add(Membership(group_id=group.id, user_id=actor.id, role=FACILITATOR, state=ACTIVE))
    _index(group)
    _audit(actor, "group.create", group)
    db.session.commit()
    return group


def edit_group(actor, group: ReadingGroup, details: GroupDetails) -> None:
    """Name, description, visibility, cover; a different book starts a new round (an empty schedule)."""
    _require_manager(actor, group)
    name, description_md, description_html = _clean(details)
    book = find_book(details.book) if details.book.strip() else None
    partners = chosen_partners(details.partners) if details.partners is not None else group.partners
    cover, old_cover = uploads.replace_image(group.cover_path, details.cover, details.remove_cover, "groups",
                                             COVER_BOX, crop=True)
    group.name, group.description_md, group.description_html = name, description_md, description_html
    if details.visibility == "private" and not group.is_private:
        _close_live_rooms(group)
    group.visibility, group.cover_path, group.partners = details.visibility, cover, partners
    db.session.execute(update(Category).where(Category.group_id == group.id).values(name=name[:CATEGORY_NAME_MAX]))
    if book is not None and book.id != group.current_book_id:
        _start_book(group, book)
    _index(group)
    _audit(actor, "group.edit", group)
    db.session.commit()
    if old_cover != cover:
        uploads.delete_image(old_cover)


def _close_live_rooms(group: ReadingGroup) -> None:
    """The group becomes private: the live rooms of its events keep only its members (and staff)."""
    for event_id in db.session.execute(db.select(Event.id).where(Event.group_id == group.id)).scalars():
        realtime.room_closed(live.room_name(event_id))


def _start_book(group: ReadingGroup, book: Book) -> None:
    """The group moves on to `book`: a new round with an empty schedule, everyone's progress back to the start."""
    group.current_book_id = book.id
    group.round += 1
    db.session.execute(update(Membership).where(Membership.group_id == group.id).values(reached_id=None))


def _recount(group: ReadingGroup) -> None:
    db.session.flush()
    group.member_count = db.session.scalar(db.select(db.func.count(Membership.id)).where(
        Membership.group_id == group.id, Membership.state == ACTIVE))


def _facilitators(group: ReadingGroup) -> list[User]:
    return db.session.execute(db.select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.group_id == group.id, Membership.state == ACTIVE, Membership.role == FACILITATOR)).scalars().all()


# Joining and leaving

def join(user, group: ReadingGroup) -> Membership:
    """Public: a member at once. By request: a request the facilitators decide on. Private: only by accepting
    an invitation."""
    if not is_reader(user):
        _refuse(gettext("Please sign in to continue."))
    membership = access.membership_of(user, group)
    if membership is not None and membership.state == INVITED:
        return accept_invitation(user, group)
    if membership is not None:
        _refuse(gettext("You have already joined this group.") if membership.state == ACTIVE
                else gettext("Your request is waiting for a facilitator."))
    if group.is_private:
        _refuse(gettext("This group is by invitation only."))
    state = ACTIVE if group.visibility == "public" else REQUESTED
    membership = Membership(group_id=group.id, user_id=user.id, role=MEMBER, state=state)
    db.session.add(membership)
    _recount(group)
    notified = set()
    if state == REQUESTED:
        notified = notifications.notify({facilitator.id: "group_request" for facilitator in _facilitators(group)},
                                        user, target=group)
    notifications.push_unread_counts(notified)
    db.session.commit()
    return membership


def _last_facilitator(group: ReadingGroup, membership: Membership) -> bool:
    if not membership.is_facilitator:
        return False
    return db.session.scalar(db.select(db.func.count(Membership.id)).where(
        Membership.group_id == group.id, Membership.state == ACTIVE, Membership.role == FACILITATOR)) <= 1


def leave(user, group: ReadingGroup) -> None:
    """Leaving, withdrawing a request or declining an invitation; the last facilitator must hand over first."""
    membership = access.membership_of(user, group)
    if membership is None:
        _refuse(gettext("You are not in this group."))
    if _last_facilitator(group, membership):
        _refuse(gettext("A group needs a facilitator: make another member a facilitator before you leave."))
    db.session.delete(membership)
    _recount(group)
    _closed_to(membership.user_id, group)
    db.session.commit()


def _closed_to(user_id: int, group: ReadingGroup) -> None:
    """Someone no longer in a private group: their open sockets leave its events' rooms."""
    if group.is_private:  # only a private group's events are closed to others (events.permissions.can_see)
        realtime.access_lost(user_id)


def accept_invitation(user, group: ReadingGroup) -> Membership:
    membership = access.membership_of(user, group)
    if membership is None or membership.state != INVITED:
        _refuse(gettext("There is no invitation to accept."))
    membership.state = ACTIVE
    _recount(group)
    db.session.commit()
    return membership


# What facilitators (and staff) decide

def _membership(group: ReadingGroup, membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.group_id != group.id:
        _refuse(gettext("This person is not in the group."))
    return membership


def decide_request(actor, group: ReadingGroup, membership_id: int, approve: bool) -> None:
    _require_manager(actor, group)
    membership = _membership(group, membership_id)
    if membership.state != REQUESTED:
        _refuse(gettext("This request has already been decided."))
    notified = set()
    if approve:
        membership.state = ACTIVE
        notified = notifications.notify({membership.user_id: notifications.GROUP_APPROVED}, actor, target=group)
    else:
        db.session.delete(membership)
    _recount(group)
    _audit(actor, "group.approve" if approve else "group.deny", group, membership.user.username)
    notifications.push_unread_counts(notified)
    db.session.commit()


def invite(actor, group: ReadingGroup, username: str) -> Membership:
    _require_manager(actor, group)
    username = (username or "").strip().lstrip("@").lower()
    user = db.session.execute(db.select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        _refuse(gettext("There is no member with this username."), "username")
    membership = access.membership_of(user, group)
    if membership is not None and membership.state != REQUESTED:
        _refuse(gettext("%(name)s is already in the group or invited.", name=user.username), "username")
    if membership is None:
        membership = Membership(group_id=group.id, user_id=user.id, role=MEMBER)
        db.session.add(membership)
    membership.state, membership.invited_by_id = INVITED, actor.id
    _recount(group)
    notified = notifications.notify({user.id: notifications.GROUP_INVITED}, actor, target=group)
    _audit(actor, "group.invite", group, user.username)
    notifications.push_unread_counts(notified)
    db.session.commit()
    return membership


def set_role(actor, group: ReadingGroup, membership_id: int, role: str) -> None:
    """Make an active member a facilitator, or a facilitator a member again (never the last one)."""
    _require_manager(actor, group)
    membership = _membership(group, membership_id)
    if membership.state != ACTIVE or role not in (FACILITATOR, MEMBER):
        _refuse(gettext("Unknown action."))
    if role == MEMBER and _last_facilitator(group, membership):
        _refuse(gettext("A group needs a facilitator: make another member a facilitator first."))
    membership.role = role
    _audit(actor, "group.promote" if role == FACILITATOR else "group.demote", group,
           membership.user.username)
    db.session.commit()


def remove_member(actor, group: ReadingGroup, membership_id: int) -> None:
    _require_manager(actor, group)
    membership = _membership(group, membership_id)
    if _last_facilitator(group, membership):
        _refuse(gettext("A group needs a facilitator: make another member a facilitator first."))
    db.session.delete(membership)
    _recount(group)
    _closed_to(membership.user_id, group)
    _audit(actor, "group.remove", group, membership.user.username)
    db.session.commit()


# The reading schedule

def _label_and_date(label: str, due_on: date | None) -> tuple[str, date]:
    label = " ".join((label or "").split())
    if not label:
        _refuse(gettext("This field is required."), "label")
    if len(label) > LABEL_MAX:
        _refuse(gettext("At most %(max)d characters.", max=LABEL_MAX), "label")
    if due_on is None:
        _refuse(gettext("This field is required."), "due_on")
    return label, due_on


def add_milestone(actor, group: ReadingGroup, label: str, due_on: date | None) -> Milestone:
    """A new stop in the current book's schedule, with its own discussion thread in the group's category.
    Members hear of it."""
    _require_manager(actor, group)
    if group.current_book is None:
        _refuse(gettext("Choose the group's current book first."))
    label, due_on = _label_and_date(label, due_on)
    position = (db.session.scalar(db.select(db.func.max(Milestone.position)).where(
        Milestone.group_id == group.id, Milestone.round == group.round)) or 0) + 1
    category = group_category(group)
    title = f"{group.current_book.title} · {label}"[:150]
    body = gettext("Discussion of %(label)s of *%(book)s*. Posts here may tell what happens up to this point.",
                   label=label, book=group.current_book.title)
    thread = forum_actions.create_thread(actor, category, title, body)  # commits the thread
    milestone = Milestone(group_id=group.id, round=group.round, position=position, label=label, due_on=due_on,
                          thread_id=thread.id)
    db.session.add(milestone)
    members = db.session.execute(db.select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.group_id == group.id, Membership.state == ACTIVE)).scalars()
    notified = notifications.notify({user.id: "group_milestone" for user in members}, actor, target=group,
                                    message=label)
    _audit(actor, "group.milestone", group, label)
    notifications.push_unread_counts(notified)
    db.session.commit()
    return milestone


def edit_milestone(actor, group: ReadingGroup, milestone: Milestone, label: str, due_on: date | None) -> None:
    _require_manager(actor, group)
    milestone.label, milestone.due_on = _label_and_date(label, due_on)
    _audit(actor, "group.milestone_edit", group, milestone.label)
    db.session.commit()


def mark_progress(user, group: ReadingGroup, milestone: Milestone | None) -> None:
    """The member has read up to `milestone` (None: not started). Moving back is allowed."""
    membership = _require_member(user, group)
    if milestone is not None and (milestone.group_id != group.id or milestone.round != group.round):
        _refuse(gettext("This milestone is not in the group's schedule."))
    membership.reached_id = milestone.id if milestone else None
    db.session.commit()


# Choosing the next book

def nominate(user, group: ReadingGroup, book_text: str) -> Nomination:
    _require_member(user, group)
    book = find_book(book_text)
    taken = db.session.execute(db.select(Nomination.id).filter_by(group_id=group.id, round=group.round,
                                                                  book_id=book.id)).first()
    if taken:
        _refuse(gettext("“%(title)s” has already been nominated.", title=book.title), "book")
    nomination = Nomination(group_id=group.id, round=group.round, book_id=book.id, nominated_by_id=user.id)
    db.session.add(nomination)
    db.session.commit()
    return nomination


def vote(user, group: ReadingGroup, nomination_id: int) -> None:
    """One vote per member and round; voting again moves it."""
    _require_member(user, group)
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None or nomination.group_id != group.id or nomination.round != group.round:
        _refuse(gettext("This book is not nominated."))
    existing = db.session.execute(db.select(Vote).filter_by(group_id=group.id, round=group.round,
                                                            user_id=user.id)).scalar_one_or_none()
    changed = {nomination.id}
    if existing is None:
        db.session.add(Vote(group_id=group.id, round=group.round, nomination_id=nomination.id, user_id=user.id))
    else:
        changed.add(existing.nomination_id)
        existing.nomination_id = nomination.id
    db.session.flush()
    for changed_id in changed:
        db.session.execute(update(Nomination).where(Nomination.id == changed_id).values(
            vote_count=db.select(db.func.count(Vote.id)).where(Vote.nomination_id == changed_id).scalar_subquery()))
    db.session.commit()


def close_vote(actor, group: ReadingGroup) -> Book:
    """The most voted book (the earlier nomination wins a tie) becomes the current book; a new round begins."""
    _require_manager(actor, group)
    winner = db.session.execute(db.select(Nomination).where(
        Nomination.group_id == group.id, Nomination.round == group.round)
        .order_by(Nomination.vote_count.desc(), Nomination.id).limit(1)).scalar_one_or_none()
    if winner is None:
        _refuse(gettext("Nobody has nominated a book yet."))
    book = winner.book
    _start_book(group, book)
    _audit(actor, "group.close_vote", group, book.title)
    db.session.commit()
    return book


def group_category(group: ReadingGroup) -> Category:
    return db.session.execute(db.select(Category).where(Category.group_id == group.id)).scalar_one()
