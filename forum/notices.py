"""What the notifications inbox shows for a notification about a post (core/notifications.py's targets)."""
from flask_babel import gettext
from sqlalchemy.orm import joinedload

from core import notifications
from extensions import db
from forum.models import Post
from forum.views import post_url

def posts_by_id(post_ids: list[int]) -> dict[int, Post]:
    """Whatever their state: a notification tells of what happened, even to a post hidden since."""
    return {post.id: post for post in db.session.execute(
        db.select(Post).options(joinedload(Post.thread)).where(Post.id.in_(post_ids))).scalars()}


def label(item, post: Post) -> str:
    kind, thread = item.kind, post.thread.title
    if kind == notifications.WARNING:
        return f"{gettext('Warning from the moderators')} · {thread}"
    if kind not in ("reply", "mention", "quote", "reaction", "new_thread"):
        return gettext("A moderator acted on your post in %(thread)s", thread=thread)
    name = item.actor.display_name
    if kind == "reply":
        return gettext("%(name)s replied in %(thread)s", name=name, thread=thread)
    if kind == "mention":
        return gettext("%(name)s mentioned you in %(thread)s", name=name, thread=thread)
    if kind == "quote":
        return gettext("%(name)s quoted you in %(thread)s", name=name, thread=thread)
    if kind == "reaction":
        return gettext("%(name)s reacted to your post in %(thread)s", name=name, thread=thread)
    return gettext("%(name)s started %(thread)s in a category you watch", name=name, thread=thread)


def heading(item, post: Post) -> str:
    """The thread, and the reading group whose discussion it is."""
    group = post.thread.category.group
    return f"{post.thread.title} · {group.name}" if group else post.thread.title


def register() -> None:
    notifications.register_target("post", Post, posts_by_id, lambda item, post: post_url(post), label, heading)
