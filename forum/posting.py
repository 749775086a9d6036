"""The steps every way of putting a post before readers shares: starting a thread or replying
(forum/actions.py), approving a held post (forum/approval.py), merging and splitting threads
(forum/threadtools.py). They write but never commit: the caller does."""
import re

from flask_babel import gettext
from sqlalchemy import update

from accounts.models import User
from core import search
from core.errors import ActionError
from extensions import db
from forum import category_watch
from forum.models import Category, Post, Thread, Watch
from forum.visibility import is_open_to_all, readers_among

TITLE_LENGTH = (5, 150)
MENTION = re.compile(r"(?<![\w@/])@([a-z0-9][a-z0-9_.]{1,28}[a-z0-9])", re.IGNORECASE)
POST_LINK = re.compile(r"/forum/(?:t/\d+[^\s)#]*#p|p/)(\d+)")


def clean_title(title: str) -> str:
    """The title with its spaces squeezed; ActionError unless its length is within TITLE_LENGTH."""
    title = " ".join(title.split())
    low, high = TITLE_LENGTH
    if not low <= len(title) <= high:
        raise ActionError(gettext("A title has %(low)d to %(high)d characters.", low=low, high=high), "title")
    return title


def index_post(post: Post, thread_title: str) -> None:
    """The opening post carries its thread's title in the index; replies only their own words.
    Hidden, deleted and pending posts are never in it."""
    if post.hidden_at or post.deleted_at or post.pending_at:
        search.remove("post", post.id)
        return
    search.index("post", post.id, thread_title if post.number == 1 else "", search.plain_text(post.body_html))


def publish(post: Post, thread: Thread) -> None:
    """A post everyone may see: indexed, counted, and the thread's last post if it is the newest."""
    index_post(post, thread.title)
    db.session.execute(update(Thread).where(Thread.id == thread.id, db.or_(
        Thread.last_post_id.is_(None), Thread.last_post_at <= post.created_at)).values(
        last_post_at=post.created_at, last_post_id=post.id))
    db.session.execute(update(Category).where(Category.id == thread.category_id)
                       .values(post_count=Category.post_count + 1))


def recipients(thread: Thread, body_md: str, opening: bool = False) -> dict[int, str]:
    """{member id: kind}: who hears of a new post, and why: a mention beats a quote, which beats watching
    the thread, which beats watching the category (told of a thread's opening post only). A fixed number of
    queries, however many watch."""
    hearing = category_watch.watcher_ids(thread.category_id) if opening else {}
    hearing.update(dict.fromkeys(db.session.execute(
        db.select(Watch.user_id).where(Watch.thread_id == thread.id)).scalars(), "reply"))
    quoted = {int(post_id) for post_id in POST_LINK.findall(body_md)}
    if quoted:
        hearing.update(dict.fromkeys(db.session.execute(
            db.select(Post.author_id).where(Post.id.in_(quoted))).scalars(), "quote"))
    names = {name.lower() for name in MENTION.findall(body_md)}
    if names:
        hearing.update(dict.fromkeys(db.session.execute(
            db.select(User.id).where(User.username.in_(names))).scalars(), "mention"))
    if hearing and not is_open_to_all(thread):  # a reading group's, or one in a state: only those who may see it
        users = db.session.execute(db.select(User).where(User.id.in_(hearing))).scalars().all()
        hearing = {user.id: hearing[user.id] for user in readers_among(users, thread)}
    return hearing
