"""The approval queue: posts held by forum/screening.py wait here for a moderator.

A held post keeps its number in the thread but is shown only to its author and the moderators; it is
not counted, indexed or notified. A new thread whose opening post is held is held too (listed nowhere).
Approving publishes the post: counts, the thread's last post, the search index, and the notifications
(mentions, quotes, watchers) it would have sent. Rejecting soft-deletes it and tells the author.
"""
from datetime import timedelta

from flask_babel import format_timedelta, gettext
from sqlalchemy import update
from sqlalchemy.orm import joinedload

from accounts.permissions import has_permission
from core import audit, notifications
from core.audit import AuditEntry
from core.errors import ActionError
from core.timeutil import utcnow
from extensions import db
from forum import posting
from forum.models import Category, Post, Thread
from forum.screening import NEW_MEMBER

QUEUE_SIZE = 50
USUAL_WAIT_SAMPLE = 25  # the latest approvals of new members' posts that "usually" is measured on


@audit.describes("post.approve", "post.reject")
def reason_label(reason: str) -> str:
    """Why a post was held, for staff: `word:<word>` or `new_member` (forum/screening.py)."""
    if reason.startswith("word:"):
        return gettext("Watched word: “%(word)s”", word=reason[5:])
    return gettext("First posts of a new member")


def _waiting_post(moderator, post: Post) -> None:
    if not has_permission(moderator, "moderate"):
        raise ActionError(gettext("Only moderators can do this."))
    if not post.pending_at or post.deleted_at:
        raise ActionError(gettext("This post is no longer waiting for approval."))


def approve(moderator, post: Post) -> None:
    _waiting_post(moderator, post)
    thread = post.thread
    reason = post.pending_reason or ""
    post.pending_at = post.pending_reason = None
    if post.number == 1 and thread.pending_at:
        thread.pending_at = None
        db.session.execute(update(Category).where(Category.id == thread.category_id)
                           .values(thread_count=Category.thread_count + 1))
    posting.publish(post, thread)
    audit.record(moderator, "post.approve", "post", post.id, details=reason)
    notified = notifications.notify(posting.recipients(thread, post.body_md, opening=post.number == 1),
                                    post.author, post)
    notifications.push_unread_counts(notified)
    db.session.commit()


def reject(moderator, post: Post) -> None:
    """A soft delete, like a moderator's delete: the author is told, the number stays taken."""
    _waiting_post(moderator, post)
    post.deleted_at = utcnow()
    audit.record(moderator, "post.reject", "post", post.id, details=post.pending_reason or "")
    notified = notifications.notify({post.author_id: "moderation"}, moderator, post)
    notifications.push_unread_counts(notified)
    db.session.commit()


def hold(post: Post, reason: str) -> None:
    """A published post goes back to the queue (an edit brought in a watched word): it is taken out of
    the counts it was in, and out of the index by the caller. The caller commits."""
    post.pending_at, post.pending_reason = utcnow(), reason
    thread = post.thread
    values = {"post_count": Category.post_count - 1}
    if post.number == 1 and not thread.pending_at:
        thread.pending_at = post.pending_at
        values["thread_count"] = Category.thread_count - 1
    db.session.execute(update(Category).where(Category.id == thread.category_id).values(**values))


def pending_posts(limit: int = QUEUE_SIZE) -> list[Post]:
    """The queue, oldest first, with authors, threads and categories: one query."""
    return db.session.execute(
        db.select(Post).options(joinedload(Post.author), joinedload(Post.thread).joinedload(Thread.category))
        .where(Post.pending_at.is_not(None), Post.deleted_at.is_(None))
        .order_by(Post.pending_at, Post.id).limit(limit)).scalars().all()


def posts_before(posts: list[Post]) -> dict[int, Post]:
    """For each pending reply, the post just before it in its thread (the context), by the reply's id:
    one query."""
    wanted = {(post.thread_id, post.number - 1): post.id for post in posts if post.number > 1}
    if not wanted:
        return {}
    found = db.session.execute(db.select(Post).options(joinedload(Post.author)).where(db.or_(*(
        db.and_(Post.thread_id == thread_id, Post.number == number) for thread_id, number in wanted)))).scalars()
    return {wanted[(post.thread_id, post.number)]: post for post in found}


def pending_count() -> int:
    return db.session.scalar(db.select(db.func.count(Post.id)).where(
        Post.pending_at.is_not(None), Post.deleted_at.is_(None)))


def usual_wait() -> timedelta | None:
    """How long a new member's post usually waits: the median, over the latest approvals of new members'
    posts, of the time from writing to approval (such a post is held as it is written). None before any."""
    rows = db.session.execute(
        db.select(AuditEntry.created_at, Post.created_at)
        .join(Post, db.and_(AuditEntry.target_type == "post", AuditEntry.target_id == Post.id))
        .where(AuditEntry.action == "post.approve", AuditEntry.details == NEW_MEMBER)
        .order_by(AuditEntry.id.desc()).limit(USUAL_WAIT_SAMPLE)).all()
    waits = sorted(approved - written for approved, written in rows)
    return waits[len(waits) // 2] if waits else None


def held_message() -> str:
    """What the author of a held post is told, with the usual wait once there is one to tell."""
    wait = usual_wait()
    if wait is None:
        return gettext("Thank you! A moderator will look at your post before others see it. Until then only you "
                       "and the moderators see it.")
    return gettext("Thank you! A moderator will look at your post before others see it, usually within "
                   "%(wait)s. Until then only you and the moderators see it.",
                   wait=format_timedelta(max(wait, timedelta(minutes=1)), threshold=1.5))
