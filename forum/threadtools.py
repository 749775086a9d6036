"""A moderator's thread tools beyond lock, pin, rename and move: pin on every forum page, close after a
date, merge into another thread, split replies off into a new one.

Merging and splitting move posts to another thread and renumber them there, keeping their ids, so
/forum/p/<id> links keep working. Every moved row changes its thread_id and its number in the same
UPDATE, and the numbers it takes are free in its new thread, so the unique (thread_id, number)
constraint is never crossed on any database, whatever order the rows are written in.
"""
import re

from flask_babel import gettext
from sqlalchemy import update

from accounts.permissions import has_permission
from core import audit, notifications
from core.errors import ActionError
from core.fields import database_int
from core.i18n import format_when
from core.library_time import local_to_utc
from core.timeutil import utcnow
from extensions import db
from forum import posting
from forum.models import Category, Poll, Post, Thread, Watch

THREAD_REFERENCE = re.compile(r"^\s*(?:(\d+)|(?:https?://[^/\s]+)?/forum/t/(\d+)(?:-[^\s?#]*)?(?:[?#]\S*)?)\s*$")


def _require_moderator(actor) -> None:
    if not has_permission(actor, "moderate"):
        raise ActionError(gettext("Only moderators can do this."))


def _require_live(thread: Thread) -> None:
    if thread.merged_into_id is not None:
        raise ActionError(gettext("This thread has been merged into another one."))


def pin_globally(actor, thread: Thread, pinned: bool) -> None:
    """Shows the thread at the top of the forum index and of the home page's discussions."""
    _require_moderator(actor)
    _require_live(thread)
    thread.pinned_globally = pinned
    audit.record(actor, "thread.pin_global" if pinned else "thread.unpin_global", "thread", thread.id,
                 details=thread.title)
    db.session.commit()


def set_close_date(actor, thread: Thread, text: str | None) -> None:
    """From the date typed (library time), the thread takes no new replies, as if locked. None clears it."""
    _require_moderator(actor)
    _require_live(thread)
    closes_at = local_to_utc(text) if text is not None else None
    if closes_at is not None and closes_at <= utcnow():
        raise ActionError(gettext("Choose a moment in the future. To close the thread now, lock it."), "closes_at")
    thread.closes_at = closes_at
    audit.record(actor, "thread.close_date", "thread", thread.id,
                 details=closes_at.isoformat(timespec="minutes") if closes_at else "cleared")
    db.session.commit()


def closed_message(thread: Thread) -> str:
    """Why a member cannot reply here."""
    if thread.merged_into_id is not None:
        return gettext("This thread has been merged into another one.")
    if not thread.locked and thread.closes_at is not None:
        return gettext("This thread closed on %(date)s: no new replies.", date=format_when(thread.closes_at))
    return gettext("This thread is locked: no new replies.")


def thread_id_from(reference: str) -> int:
    """'123', '/forum/t/123-judul' or a full link to a thread -> 123."""
    match = THREAD_REFERENCE.match(reference or "")
    try:
        return database_int(match.group(1) or match.group(2))
    except (AttributeError, ValueError):  # no match, or a number no thread can have
        raise ActionError(gettext("Type the number of a thread or its link, for example 123 or /forum/t/123."),
                          "target") from None


def merge_thread(actor, source: Thread, reference: str) -> Thread:
    """Moves every post of `source` to the end of the thread `reference` names, keeping their order.
    `source` stays as a stub that redirects there. Returns the target thread."""
    _require_moderator(actor)
    _require_live(source)
    target_id = thread_id_from(reference)
    target = db.session.get(Thread, target_id)
    if target is None:
        raise ActionError(gettext("There is no thread number %(id)d.", id=target_id), "target")
    if target.id == source.id:
        raise ActionError(gettext("A thread cannot be merged into itself."), "target")
    if target.merged_into_id is not None:
        raise ActionError(gettext("Thread %(id)d has itself been merged into thread %(other)d: merge into that one.",
                                  id=target.id, other=target.merged_into_id), "target")
    posts = _posts_of(source)
    first_number = _take_numbers(target, len(posts))
    _move_posts(posts, target, first_number)
    _refresh_last_post(target)
    _shift_category_counts(source.category_id, target.category_id, len(posts), threads=-1)
    _move_watches(source, target)
    _move_poll(source, target)
    _make_stub(source, target)
    audit.record(actor, "thread.merge", "thread", source.id,
                 details=f"{source.title} → #{target.id} {target.title} ({len(posts)} posts)")
    notified = _notify_authors(actor, posts)
    notifications.push_unread_counts(notified)
    db.session.commit()
    return target


def split_thread(actor, source: Thread, post_ids: list[int], title: str, category: Category | None) -> Thread:
    """Moves the chosen replies into a new thread, the first of them as its opening post."""
    _require_moderator(actor)
    _require_live(source)
    if not post_ids:
        raise ActionError(gettext("Choose at least one reply to move."), "posts")
    posts = db.session.execute(db.select(Post).where(Post.thread_id == source.id, Post.id.in_(set(post_ids)))
                               .order_by(Post.number)).scalars().all()
    if len(posts) != len(set(post_ids)):
        raise ActionError(gettext("Some of the chosen posts are not in this thread any more."), "posts")
    if posts[0].number == 1:
        raise ActionError(gettext("The opening post cannot be split off: it is what starts this thread."), "posts")
    if any(post.deleted_at for post in posts):
        raise ActionError(gettext("Deleted posts cannot be moved."), "posts")
    title = posting.clean_title(title)
    if category is None:
        raise ActionError(gettext("Choose a category for the new thread."), "category")
    new = Thread(category_id=category.id, author_id=posts[0].author_id, title=title, post_count=len(posts),
                 created_at=posts[0].created_at)
    db.session.add(new)
    db.session.flush()
    _move_posts(posts, new, 1)
    _refresh_last_post(new)
    _recount_after_split(source)
    _shift_category_counts(source.category_id, category.id, len(posts), threads=+1)
    for author_id in {post.author_id for post in posts}:
        db.session.add(Watch(thread_id=new.id, user_id=author_id))
    audit.record(actor, "thread.split", "thread", source.id,
                 details=f"{len(posts)} posts → #{new.id} {title}")
    notified = _notify_authors(actor, posts)
    notifications.push_unread_counts(notified)
    db.session.commit()
    return new


def _posts_of(thread: Thread) -> list[Post]:
    return db.session.execute(db.select(Post).where(Post.thread_id == thread.id).order_by(Post.number)
                              ).scalars().all()


def _take_numbers(thread: Thread, count: int) -> int:
    """Reserves `count` numbers at the end of the thread atomically (as a reply does); returns the first."""
    last = db.session.execute(update(Thread).where(Thread.id == thread.id)
                              .values(post_count=Thread.post_count + count).returning(Thread.post_count)).scalar_one()
    db.session.refresh(thread)
    return last - count + 1


def _move_posts(posts: list[Post], target: Thread, first_number: int) -> None:
    for offset, post in enumerate(posts):
        post.thread_id, post.number = target.id, first_number + offset
    db.session.flush()
    for post in posts:
        posting.index_post(post, target.title)  # only an opening post carries the thread's title


def _last_post(thread_id: int) -> Post | None:
    return db.session.execute(db.select(Post).where(Post.thread_id == thread_id)
                              .order_by(Post.created_at.desc(), Post.id.desc()).limit(1)).scalar_one_or_none()


def _refresh_last_post(thread: Thread) -> None:
    last = _last_post(thread.id)
    thread.last_post_at, thread.last_post_id = last.created_at, last.id


def _recount_after_split(thread: Thread) -> None:
    """The thread keeps its highest number (so replies continue after it) and counts its gaps."""
    highest, held = db.session.execute(db.select(db.func.max(Post.number), db.func.count(Post.id))
                                       .where(Post.thread_id == thread.id)).one()
    thread.post_count, thread.gap_count = highest, highest - held
    _refresh_last_post(thread)


def _shift_category_counts(from_id: int, to_id: int, posts: int, threads: int) -> None:
    """`posts` posts leave category `from_id` for `to_id`; `threads` threads are added (+1) or removed (-1)
    in the first one, as a split adds a thread and a merge leaves a stub."""
    db.session.execute(update(Category).where(Category.id == from_id).values(post_count=Category.post_count - posts))
    db.session.execute(update(Category).where(Category.id == to_id).values(post_count=Category.post_count + posts))
    counted = to_id if threads > 0 else from_id
    db.session.execute(update(Category).where(Category.id == counted)
                       .values(thread_count=Category.thread_count + threads))


def _move_watches(source: Thread, target: Thread) -> None:
    watching = set(db.session.execute(db.select(Watch.user_id).where(Watch.thread_id == target.id)).scalars())
    for watch in db.session.execute(db.select(Watch).where(Watch.thread_id == source.id)).scalars().all():
        if watch.user_id in watching:
            db.session.delete(watch)
        else:
            watch.thread_id = target.id


def _move_poll(source: Thread, target: Thread) -> None:
    """The source's poll, votes and all, goes along unless the target has a poll of its own; then it
    stays with the stub, out of sight but kept."""
    if db.session.execute(db.select(Poll.id).where(Poll.thread_id == target.id)).first() is None:
        db.session.execute(update(Poll).where(Poll.thread_id == source.id).values(thread_id=target.id))


def _make_stub(source: Thread, target: Thread) -> None:
    """An empty thread that only redirects; stubs that pointed at it now point at the target."""
    db.session.execute(update(Thread).where(Thread.merged_into_id == source.id).values(merged_into_id=target.id))
    source.merged_into_id = target.id
    source.post_count = source.gap_count = 0
    source.last_post_id = None
    source.locked, source.pinned, source.pinned_globally = True, False, False


def _notify_authors(actor, posts: list[Post]) -> set[int]:
    """Each author hears once, of their first moved post."""
    firsts = {}
    for post in posts:
        firsts.setdefault(post.author_id, post)
    notified = set()
    for post in firsts.values():
        notified |= notifications.notify({post.author_id: "moderation"}, actor, post)
    return notified
