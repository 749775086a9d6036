"""What a post passes before it is stored: watched words, the link limit for new members, and
whether it must wait for a moderator's approval.

- New members (fewer than FORUM_APPROVAL_POSTS approved posts) post into the approval queue.
- Members with fewer than FORUM_TRUSTED_POSTS approved posts may put at most LINK_LIMIT links or
  images to other sites in a post; links within the site (quotes, other threads) do not count.
- Watched words: block refuses, require_approval holds, censor replaces (forum/watched_words.py).
Moderators and admins are exempt from all but censoring.
"""
from dataclasses import dataclass
from html.parser import HTMLParser

from flask import current_app
from flask_babel import gettext

from accounts.permissions import has_permission
from core.errors import ActionError
from core.markdown import render_markdown
from core.search import plain_text
from extensions import db
from forum import watched_words
from forum.models import Post

LINK_LIMIT = 2
NEW_MEMBER = "new_member"  # a hold reason; the other is "word:<the word>"
TITLE_MAX = 150


@dataclass(frozen=True)
class Screened:
    title: str
    body_md: str
    body_html: str
    hold_reason: str | None  # None: publish now


def approved_post_count(user) -> int:
    """Posts of the member that are out of the queue and still shown to everyone."""
    return db.session.scalar(db.select(db.func.count(Post.id)).where(
        Post.author_id == user.id, Post.pending_at.is_(None), Post.deleted_at.is_(None), Post.hidden_at.is_(None)))


class _LinkCounter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag, attrs):
        target = dict(attrs).get({"a": "href", "img": "src"}.get(tag, ""))
        if target and not target.startswith(("/", "#")):
            self.count += 1


def outside_links(html: str) -> int:
    """Links and images to other sites in sanitised HTML (which has no `//host` URLs)."""
    counter = _LinkCounter()
    counter.feed(html)
    counter.close()
    return counter.count


def censor(text: str) -> str:
    return watched_words.matcher().censor(text)


def screen(author, body_md: str, body_html: str, title: str = "", *, new_post: bool = True) -> Screened:
    """Refuses (ActionError) or returns what to store and whether it waits for approval."""
    matcher = watched_words.matcher()
    staff = has_permission(author, "moderate")
    if not staff:
        _refuse_blocked_words(matcher, title, body_md, body_html)
    censored_md = matcher.censor(body_md)
    if censored_md != body_md:
        body_md, body_html = censored_md, render_markdown(censored_md)
    title = matcher.censor(title)[:TITLE_MAX]
    if staff:
        return Screened(title, body_md, body_html, None)
    approval_posts = current_app.config.get("FORUM_APPROVAL_POSTS", 1)
    trusted_posts = current_app.config.get("FORUM_TRUSTED_POSTS", 3)
    approved = approved_post_count(author) if (approval_posts or trusted_posts) else 0
    if approved < trusted_posts and outside_links(body_html) > LINK_LIMIT:
        raise ActionError(gettext(
            "New members may put at most %(limit)d links or images in a post, until %(count)d of their posts "
            "have been approved. Please remove some links.", limit=LINK_LIMIT, count=trusted_posts), "body")
    word = matcher.find("require_approval", title, body_md, plain_text(body_html))
    if word:
        return Screened(title, body_md, body_html, f"word:{word.lower()}"[:120])
    if new_post and approved < approval_posts:
        return Screened(title, body_md, body_html, NEW_MEMBER)
    return Screened(title, body_md, body_html, None)


def _refuse_blocked_words(matcher, title: str, body_md: str, body_html: str) -> None:
    word = matcher.find("block", title)
    field = "title"
    if word is None:
        word, field = matcher.find("block", body_md, plain_text(body_html)), "body"
    if word:
        raise ActionError(gettext("“%(word)s” is not allowed here. Please change your text.", word=word), field)
