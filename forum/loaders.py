"""The forum's objects as a page asks for them: found and checked in one step, or the page is a 404 (or a
403 where the visitor may see but not change). Every forum view loads through here, so no page forgets a check."""
from flask import abort
from flask_login import current_user

from forum import queries
from forum.permissions import can_change_post
from forum.visibility import can_read_category, can_see_post, can_see_thread
from groups.access import milestone_hiding


def category_or_404(slug: str):
    """The category; a reading group's is found only by those who may read the group."""
    category = queries.category_by_slug(slug)
    if category is None or not can_read_category(current_user, category):
        abort(404)
    return category


def forum_category_or_404(slug: str):
    """A category of the forum itself: a reading group's has no forum page or feed of its own."""
    category = category_or_404(slug)
    if category.group_id is not None:
        abort(404)
    return category


def thread_or_404(thread_id: int):
    """The thread; one deleted with its author's posts is found by staff only, one awaiting approval
    by staff and its author."""
    thread = queries.thread_with_category(thread_id)
    if thread is None or not can_see_thread(current_user, thread):
        abort(404)
    return thread


def post_or_404(post_id: int):
    """The post, when its thread is one this visitor may open."""
    post = queries.post_with_thread(post_id)
    if post is None or not can_see_thread(current_user, post.thread):
        abort(404)
    return post


def sees_post(user, post) -> bool:
    """Whether this user may see the post: its thread, its own state, and a reading group's milestone."""
    return can_see_thread(user, post.thread) and can_see_post(user, post) and milestone_hiding(user, post.thread) is None


def sees_post_id(user, post_id: int) -> bool:
    """sees_post for a post known by its number (its photos ask: core/photos.py)."""
    post = queries.post_with_thread(post_id)
    return post is not None and sees_post(user, post)


def visible_post(post_id: int):
    """The post, if this visitor may see it; a hidden or deleted one, or one in a reading group's
    milestone discussion the visitor has not reached, is simply not found."""
    post = queries.post_with_thread(post_id)
    if post is None or not sees_post(current_user, post):
        abort(404)
    return post


def changeable_post(post_id: int):
    """The post, if this member may edit or delete it: 404 when it does not exist, else 403."""
    post = post_or_404(post_id)
    if not can_change_post(current_user, post):
        abort(403)
    return post
