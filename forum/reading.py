"""Unread tracking, as Discourse does it: per member and thread, the highest post number they have seen.

- Opening a thread page marks the posts on it read; the mark only ever moves forward.
- A thread list shows "N new" for a thread the member has opened and that has visible posts after
  their mark, and "New" for a thread they never opened that was started after they joined (what
  Discourse calls a new topic; older unopened threads show nothing, so a newcomer is not flooded).
- "Mark all as read" on a category sets the mark of every thread in it to its last post, which also
  clears its "New" badges.
Guests have no marks: nothing is stored for them and lists show no badges.
"""
from accounts.permissions import has_permission, is_reader
from core import upsert
from core.errors import ActionError
from extensions import db
from flask_babel import gettext
from forum.models import Post, Thread

NEW = "new"  # the state of a thread the member never opened that was started after they joined


class ThreadRead(db.Model):
    __tablename__ = "forum_thread_reads"
    __table_args__ = (db.UniqueConstraint("user_id", "thread_id", name="uq_forum_thread_reads_once"),)

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    thread_id = db.Column(db.Integer, db.ForeignKey("forum_threads.id"), nullable=False)
    last_read_number = db.Column(db.Integer, nullable=False, default=0)


def _forward_only(statement):
    """On an existing (member, thread) row, raise the mark, never lower it; a race is settled by the database."""
    return statement.on_conflict_do_update(
        index_elements=["user_id", "thread_id"], set_={"last_read_number": statement.excluded.last_read_number},
        where=ThreadRead.last_read_number < statement.excluded.last_read_number)


LAST_READ = db.select(ThreadRead.last_read_number).where(  # built once: the thread page asks on every view
    ThreadRead.user_id == db.bindparam("user_id"), ThreadRead.thread_id == db.bindparam("thread_id"))


def last_read(user, thread: Thread) -> int | None:
    """The highest post number the member has seen in the thread; None when never opened (or a guest)."""
    if not user.is_authenticated:
        return None
    return db.session.execute(LAST_READ, {"user_id": user.id, "thread_id": thread.id}).scalar_one_or_none()


def mark_read(user, thread: Thread, number: int) -> None:
    """Marks the thread read up to post `number` for the member, in one statement."""
    if not user.is_authenticated or number < 1:
        return
    db.session.execute(_forward_only(upsert.insert(ThreadRead).values(
        user_id=user.id, thread_id=thread.id, last_read_number=number)))
    db.session.commit()


def mark_page_read(user, thread: Thread, posts: list[Post], read_up_to: int | None) -> None:
    """After a page of the thread was shown: its posts are read. No write when nothing new was seen."""
    if posts and (read_up_to or 0) < posts[-1].number:
        mark_read(user, thread, posts[-1].number)


def mark_category_read(user, category) -> None:
    """Every thread of the category read up to its last post, in one statement whatever their number."""
    if not is_reader(user):
        raise ActionError(gettext("Please sign in to continue."))
    threads = db.select(db.literal(user.id), Thread.id, Thread.post_count).where(Thread.category_id == category.id)
    db.session.execute(_forward_only(upsert.insert(ThreadRead).from_select(
        ["user_id", "thread_id", "last_read_number"], threads)))
    db.session.commit()


UNREAD_IN = db.select(ThreadRead.thread_id, db.func.count(Post.id)).outerjoin(  # built once: every list asks
    Post, db.and_(Post.thread_id == ThreadRead.thread_id, Post.number > ThreadRead.last_read_number,
                  Post.deleted_at.is_(None), Post.hidden_at.is_(None))
).where(ThreadRead.user_id == db.bindparam("user_id"), ThreadRead.thread_id.in_(db.bindparam("ids", expanding=True))
        ).group_by(ThreadRead.thread_id)


def states(user, threads: list[Thread]) -> dict[int, int | str]:
    """{thread id: visible posts after the member's mark, or NEW} for a list of threads, in one query.
    Threads with nothing to say are absent; a guest gets {}."""
    if not user.is_authenticated or not threads:
        return {}
    found = dict(db.session.execute(UNREAD_IN, {"user_id": user.id, "ids": [thread.id for thread in threads]}).all())
    result = {thread_id: count for thread_id, count in found.items() if count}
    for thread in threads:
        if thread.id not in found and thread.created_at > user.created_at:
            result[thread.id] = NEW
    return result


def unread_start(posts: list[Post], read_up_to: int | None, reader_id: int | None) -> int | None:
    """The number of the post on this page above which "unread posts start here" goes: the first after the
    reader's mark that someone else wrote (what they just wrote themselves is not news to them); None when
    that post is not on this page, or the reader never opened the thread."""
    if not read_up_to:
        return None
    on_page = {post.number: post for post in posts}
    number = read_up_to + 1
    while number in on_page and on_page[number].author_id == reader_id:
        number += 1
    return number if number in on_page else None


def first_unread_post(user, thread: Thread) -> Post | None:
    """Where the member should resume: the first post after their mark that they may see, else the last
    one they may see; None when they never opened the thread (or nothing is visible)."""
    mark = last_read(user, thread)
    if mark is None:
        return None
    visible = db.select(Post).where(Post.thread_id == thread.id, Post.deleted_at.is_(None))
    if not has_permission(user, "moderate"):
        visible = visible.where(db.or_(Post.hidden_at.is_(None), Post.author_id == user.id))
    after = db.session.execute(visible.where(Post.number > mark).order_by(Post.number).limit(1)).scalar()
    return after or db.session.execute(visible.order_by(Post.number.desc()).limit(1)).scalar()
