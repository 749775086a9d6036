"""Who may do what in the forum (on top of accounts.permissions)."""
from accounts.permissions import can_restrict, has_permission, is_member
from groups import access


def _staff_or_author(user, author_id: int) -> bool:
    return has_permission(user, "moderate") or (user.is_authenticated and author_id == user.id)


def can_see_history(user, post) -> bool:
    """A post's earlier versions are for its author and moderators: a moderator's redaction stays redacted."""
    return _staff_or_author(user, post.author_id)


def _may_post_in(user, category) -> bool:
    return access.can_post_in_category(user, category)


def can_start_thread(user, category) -> bool:
    return is_member(user) and (category.who_starts == "members" or has_permission(user, "moderate")) \
        and _may_post_in(user, category)


def can_reply(user, thread) -> bool:
    """Closed threads (locked or past their closing date) only take moderators' replies; merged stubs
    and deleted threads none."""
    if thread.merged_into_id is not None or thread.deleted_at:
        return False
    return is_member(user) and (not thread.closed or has_permission(user, "moderate")) \
        and _may_post_in(user, thread.category)


def can_change_post(user, post) -> bool:
    """Edit or delete: the author while the thread is open, moderators always."""
    if not is_member(user) or post.deleted_at:
        return False
    if has_permission(user, "moderate"):
        return True
    return post.author_id == user.id and not post.thread.closed


def can_add_poll(user, thread) -> bool:
    """A thread that has no poll takes one from its author while it is open, and from moderators."""
    if thread.merged_into_id is not None or thread.deleted_at or not is_member(user):
        return False
    return has_permission(user, "moderate") or (thread.author_id == user.id and not thread.closed)


def can_close_poll(user, thread) -> bool:
    return is_member(user) and _staff_or_author(user, thread.author_id)


def can_suspend_from_queue(moderator, author) -> bool:
    """The flag queue suspends members only: a staff member's conduct is for an admin, on the member's page."""
    return author.role == "member" and can_restrict(moderator, author)
