"""The part of a post every reader sees alike (author, date, number, text), rendered once and reused.

The thread page is the forum's busiest, and rendering twenty posts is most of its cost. The cache key
holds every input of the fragment, so a change of any of them (an edit, a new display name or avatar,
another language or time zone, a move by merge or split) is simply a new key: nothing to invalidate.
"""
from flask import current_app
from flask_babel import get_locale
from markupsafe import Markup

from core.library_time import select_timezone

MAX_ENTRIES = 5000  # a few MB per worker process
_cache: dict[tuple, Markup] = {}


def reader_context() -> tuple[str, str]:
    """What the fragment's text depends on besides the post: language and time zone (once per page)."""
    return str(get_locale()), select_timezone()


def post_card(post, context: tuple[str, str], history_link: bool) -> Markup:
    """history_link: this reader may open the post's earlier versions (its author and moderators)."""
    author = post.author
    key = (post.id, post.thread_id, post.number, post.created_at, post.edited_at, author.username,
           author.display_name, author.avatar_path, author.role, context, history_link)
    html = _cache.get(key)
    if html is None:
        if len(_cache) >= MAX_ENTRIES:
            _cache.clear()  # simpler than LRU bookkeeping, and safe across threads under the GIL
        template = current_app.jinja_env.get_template("forum/_post_card.html")
        html = _cache[key] = Markup(template.module.card(post, history_link))
    return html
