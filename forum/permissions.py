"""Who may do what in the forum (on top of accounts.permissions)."""
from accounts.permissions import has_permission


def is_member(user) -> bool:
    return bool(user and user.is_authenticated and user.restriction is None)


def can_see_post(user, post) -> bool:
    """Deleted posts show to nobody; hidden ones only to moderators and their author."""
    if post.deleted_at:
        return False
    if post.hidden_at:
        return has_permission(user, "moderate") or (user.is_authenticated and post.author_id == user.id)
    return True


def can_start_thread(user, category) -> bool:
    return is_member(user) and (category.who_starts == "members" or has_permission(user, "moderate"))


def can_reply(user, thread) -> bool:
    return is_member(user) and (not thread.locked or has_permission(user, "moderate"))


def can_change_post(user, post) -> bool:
    """Edit or delete: the author while the thread is open, moderators always."""
    if not is_member(user) or post.deleted_at:
        return False
    if has_permission(user, "moderate"):
        return True
    return post.author_id == user.id and not post.thread.locked
