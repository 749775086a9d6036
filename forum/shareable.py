"""How a thread describes itself when shared (core/shareables.py): only a public one is shareable."""
from flask_babel import gettext

from core.shareables import Shareable, plain_description
from extensions import db
from forum import visibility
from forum.models import Post


# Built once: every view of a thread asks.
OPENING_POST = db.select(Post.body_html).where(Post.thread_id == db.bindparam("thread_id"), Post.number == 1,
                                               *visibility.posts_listed())


def describe(thread, opening_post=None) -> Shareable | None:
    """`opening_post`: the thread's post number 1 when the caller has it loaded already (page 1)."""
    if not visibility.is_public(thread):
        return None
    category = thread.category
    if category.group_id is not None:
        # A reading group's discussion may be a milestone's, whose posts are spoilers: never quote them.
        description = gettext("A discussion of the reading group %(group)s.", group=category.group.name)
    else:
        if opening_post is not None:
            opening = opening_post.body_html if visibility.is_post_listed(opening_post) else None
        else:
            opening = db.session.execute(OPENING_POST, {"thread_id": thread.id}).scalar_one_or_none()
        description = plain_description(opening or "") or gettext("A discussion in %(category)s.",
                                                                  category=category.name)
    return Shareable("thread", thread.id, thread.title, description, "forum.thread",
                     {"thread_id": thread.id, "slug": thread.slug}, image_type="thread", image_id=thread.id,
                     og_type="article", updated=thread.last_post_at)
