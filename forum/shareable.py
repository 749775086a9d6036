"""How a thread describes itself when shared (core/shareables.py): only a public one is shareable."""
from flask_babel import gettext

from core.search import plain_text
from core.shareables import Shareable
from extensions import db
from forum import visibility
from forum.models import Post


def describe(thread) -> Shareable | None:
    if not visibility.is_public(thread):
        return None
    category = thread.category
    if category.group_id is not None:
        # A reading group's discussion may be a milestone's, whose posts are spoilers: never quote them.
        description = gettext("A discussion of the reading group %(group)s.", group=category.group.name)
    else:
        opening = db.session.execute(db.select(Post.body_html).where(
            Post.thread_id == thread.id, Post.number == 1, *visibility.posts_listed())).scalar_one_or_none()
        description = plain_text(opening or "") or gettext("A discussion in %(category)s.", category=category.name)
    return Shareable("thread", thread.id, thread.title, description, "forum.thread",
                     {"thread_id": thread.id, "slug": thread.slug}, image_type="thread", image_id=thread.id,
                     og_type="article", updated=thread.last_post_at)
