"""Who sees a forum thread or post: the one place that decides it. The forum's lists and pages, the home
page, the feeds, search, the sitemap, sharing and notifications all ask here, so a new state (say
"archived") is one more line in THREAD_STATES and no channel can miss it.

A state is a nullable column that is set while the thread (or post) is in it, so the query condition
for lists (`listed()`) and the check of one loaded object (`sees_states()`) come from the same line and
cannot disagree. Lists show only threads in no state, whoever looks; the thread's own page is open in
each state to those the state names.

A reading group's category follows the group's rule: groups (which builds on the forum) hands it over
with `guard_group_categories()` when the app starts.
"""
from dataclasses import dataclass
from typing import Callable

from flask_login import AnonymousUserMixin

from accounts.permissions import can_moderate
from extensions import db
from forum.models import Category, Post, Thread

GUEST = AnonymousUserMixin()


def moderators(user, item) -> bool:
    return can_moderate(user)


def moderators_and_author(user, item) -> bool:
    return can_moderate(user) or (user.is_authenticated and item.author_id == user.id)


def everyone(user, item) -> bool:
    return True


def nobody(user, item) -> bool:
    return False


@dataclass(frozen=True)
class State:
    name: str
    column: object  # the model's nullable column, set while the item is in this state
    seen_by: Callable  # (user, item) -> whether the item's own page is open to this user in this state

    def holds(self, item) -> bool:
        return getattr(item, self.column.key) is not None


THREAD_STATES = [
    State("deleted", Thread.deleted_at, moderators),  # deleted with a spammer's posts
    State("merged", Thread.merged_into_id, everyone),  # a stub: its page sends readers to the target
    State("pending", Thread.pending_at, moderators_and_author),  # its opening post awaits approval
]
POST_STATES = [
    State("deleted", Post.deleted_at, nobody),
    State("hidden", Post.hidden_at, moderators_and_author),  # hidden by a moderator
    State("pending", Post.pending_at, moderators_and_author),  # awaits approval (forum/approval.py)
]


def _not_in(states) -> tuple:
    return tuple(state.column.is_(None) for state in states)


def listed() -> tuple:
    """Query conditions: threads in no state, which lists, feeds, search and the sitemap show."""
    return _not_in(THREAD_STATES)


# Reading groups' categories and threads are shown on the groups' pages only: never in the forum's lists,
# the home page, the feeds, search or the sitemap. (A subquery, so the lists still walk their thread indexes.)
IN_FORUM = Thread.category_id.not_in(db.select(Category.id).where(Category.group_id.is_not(None)).scalar_subquery())


def listed_in_forum() -> tuple:
    """Query conditions: threads the forum-wide channels show (home, feeds, search, sitemap)."""
    return (*listed(), IN_FORUM)


def posts_listed() -> tuple:
    """Query conditions: posts in no state (search results)."""
    return _not_in(POST_STATES)


def is_post_listed(post) -> bool:
    """The post is in no state: posts_listed() in Python, for a post already loaded."""
    return not any(state.holds(post) for state in POST_STATES)


def is_listed(thread) -> bool:
    return not any(state.holds(thread) for state in THREAD_STATES)


def sees_states(user, thread) -> bool:
    """The thread's states allow this user its page (a reading group's rule is asked apart)."""
    return all(state.seen_by(user, thread) for state in THREAD_STATES if state.holds(thread))


def can_see_post(user, post) -> bool:
    """Deleted posts show to nobody; hidden ones and those awaiting approval only to moderators and
    their author."""
    return all(state.seen_by(user, post) for state in POST_STATES if state.holds(post))


@dataclass
class CategoryGuard:
    can_read: Callable  # (user, category) -> bool
    readers_among: Callable  # (users, category) -> those of them who may read it, in one query at most


OPEN_CATEGORIES = CategoryGuard(lambda user, category: True, lambda users, category: list(users))
_guards = {"group": OPEN_CATEGORIES}


def guard_group_categories(guard: CategoryGuard) -> None:
    """Reading groups tell the forum who may read their categories (groups/__init__.py)."""
    _guards["group"] = guard


def can_read_category(user, category) -> bool:
    """Every forum category is open to all; a reading group's follows the group's rule."""
    return category.group_id is None or _guards["group"].can_read(user, category)


def can_see_thread(user, thread) -> bool:
    """A thread deleted with its author's posts is for moderators; one whose opening post awaits approval
    is, like that post, for moderators and its author. A reading group's thread needs the group's leave."""
    return can_read_category(user, thread.category) and sees_states(user, thread)


def readers_among(users, thread) -> list:
    """Those of `users` who may see the thread (can_see_thread for each), in one query at most."""
    readers = list(users) if thread.category.group_id is None else _guards["group"].readers_among(users, thread.category)
    return [user for user in readers if sees_states(user, thread)]


def is_open_to_all(thread) -> bool:
    """Everyone may see it (so nobody need be asked): a forum category's thread in no state."""
    return thread.category.group_id is None and is_listed(thread)


def is_public(thread) -> bool:
    """Listed and open to a guest: what may be shared, described in link previews and drawn as an og:image."""
    return is_listed(thread) and can_read_category(GUEST, thread.category)
