"""Read-only queries the forum's pages share. Each page costs a fixed number of queries."""
from datetime import datetime

from sqlalchemy.orm import joinedload

from core.audit import AuditEntry
from core.fields import database_int_or_none
from core.sitemaps import Entry
from core.text import slugify
from core.urls import absolute_url
from extensions import db
from forum.models import (POSTS_PER_PAGE, THREADS_PER_PAGE, Bookmark, Category, Flag, Poll, Post, Reaction, Thread,
                          Watch)
from forum.visibility import listed, listed_in_forum, posts_listed

FORUM_CATEGORY = Category.group_id.is_(None)  # a reading group's category is not one of the forum's


def categories() -> list[Category]:
    return db.session.execute(db.select(Category).where(FORUM_CATEGORY)
                              .order_by(Category.position, Category.name)).scalars().all()


def category_by_id(category_id) -> Category | None:
    """A forum category (where moderators may move threads); a reading group's is not one."""
    number = database_int_or_none(category_id)
    category = db.session.get(Category, number) if number is not None else None
    return category if category is not None and category.group_id is None else None


# A category's page: built once (its first page is the forum's second busiest; see THREAD_WITH_CATEGORY).
CATEGORY_BY_SLUG = db.select(Category).where(Category.slug == db.bindparam("slug"))
THREADS_IN = db.select(Thread).options(joinedload(Thread.author)).where(
    Thread.category_id == db.bindparam("category_id"), *listed())
PINNED_IN = THREADS_IN.where(Thread.pinned.is_(True)).order_by(Thread.last_post_at.desc())
UNPINNED_IN = THREADS_IN.where(Thread.pinned.is_(False))
FIRST_PAGE_IN = UNPINNED_IN.order_by(Thread.last_post_at.desc(), Thread.id.desc()).limit(THREADS_PER_PAGE + 1)


def category_by_slug(slug: str) -> Category | None:
    return db.session.execute(CATEGORY_BY_SLUG, {"slug": slug}).scalar_one_or_none()


def threads_in(category: Category, before: tuple[datetime, int] | None = None
               ) -> tuple[list[Thread], list[Thread], tuple | None]:
    """(pinned threads, a page of the others, the cursor of the next page). Keyset pagination: the
    cost of a page does not grow with the number of threads before it."""
    where = {"category_id": category.id}
    pinned = [] if before else db.session.execute(PINNED_IN, where).scalars().all()
    if before:
        moment, thread_id = before
        rest = UNPINNED_IN.where(db.or_(Thread.last_post_at < moment,
                                        db.and_(Thread.last_post_at == moment, Thread.id < thread_id)))
        page = db.session.execute(rest.order_by(Thread.last_post_at.desc(), Thread.id.desc())
                                  .limit(THREADS_PER_PAGE + 1), where).scalars().all()
    else:
        page = db.session.execute(FIRST_PAGE_IN, where).scalars().all()
    cursor = (page[THREADS_PER_PAGE - 1].last_post_at, page[THREADS_PER_PAGE - 1].id) \
        if len(page) > THREADS_PER_PAGE else None
    return pinned, page[:THREADS_PER_PAGE], cursor


# The thread page's statements are built once, with parameters, rather than on every request: building
# a statement cost more CPU than sending it and reading its rows (bench/forum/README.md).
THREAD_WITH_CATEGORY = db.select(Thread).options(
    joinedload(Thread.category), joinedload(Thread.poll).joinedload(Poll.options)
).where(Thread.id == db.bindparam("thread_id"))
POSTS_ON_PAGE = db.select(Post).options(joinedload(Post.author)).where(
    Post.thread_id == db.bindparam("thread_id"), Post.number.between(db.bindparam("first"), db.bindparam("last"))
).order_by(Post.number)
MY_REACTIONS = db.select(Reaction.post_id, Reaction.kind).where(
    Reaction.user_id == db.bindparam("user_id"), Reaction.post_id.in_(db.bindparam("ids", expanding=True)))
MY_BOOKMARKS = db.select(Bookmark.post_id).where(
    Bookmark.user_id == db.bindparam("user_id"), Bookmark.post_id.in_(db.bindparam("ids", expanding=True)))
WATCHING = db.select(Watch.id).where(Watch.thread_id == db.bindparam("thread_id"),
                                     Watch.user_id == db.bindparam("user_id"))


def thread_with_category(thread_id: int) -> Thread | None:
    """The thread with its category and its poll (if any, with the options), in one query."""
    return db.session.execute(THREAD_WITH_CATEGORY, {"thread_id": thread_id}).unique().scalar_one_or_none()


def posts_on_page(thread: Thread, page: int) -> list[Post]:
    """The posts numbered (page-1)*20+1 … page*20, with their authors, in one query."""
    first = (page - 1) * POSTS_PER_PAGE + 1
    return db.session.execute(POSTS_ON_PAGE, {"thread_id": thread.id, "first": first,
                                              "last": first + POSTS_PER_PAGE - 1}).scalars().all()


def my_marks(user, posts: list[Post]) -> tuple[set[tuple[int, str]], set[int]]:
    """The member's own reactions {(post_id, kind)} and bookmarks {post_id} on these posts: two queries."""
    if not user.is_authenticated or not posts:
        return set(), set()
    mine = {"user_id": user.id, "ids": [post.id for post in posts]}
    reactions = db.session.execute(MY_REACTIONS, mine).all()
    bookmarks = db.session.execute(MY_BOOKMARKS, mine).scalars()
    return {tuple(row) for row in reactions}, set(bookmarks)


def is_watching(user, thread: Thread) -> bool:
    return user.is_authenticated and db.session.execute(
        WATCHING, {"thread_id": thread.id, "user_id": user.id}).first() is not None


def bookmarks_of(user, before_id: int | None = None, limit: int = 20) -> list[Bookmark]:
    select = (db.select(Bookmark).options(joinedload(Bookmark.post).joinedload(Post.thread))
              .where(Bookmark.user_id == user.id))
    if before_id:
        select = select.where(Bookmark.id < before_id)
    return db.session.execute(select.order_by(Bookmark.id.desc()).limit(limit + 1)).scalars().all()


def open_flags(limit: int = 50) -> list[tuple[Post, list[Flag]]]:
    """Flagged posts awaiting a moderator, oldest report first, each with its open flags: two queries."""
    flags = db.session.execute(db.select(Flag).options(joinedload(Flag.reporter))
                               .where(Flag.resolved_at.is_(None)).order_by(Flag.id).limit(1000)).scalars().all()
    by_post: dict[int, list[Flag]] = {}
    for flag in flags:
        by_post.setdefault(flag.post_id, []).append(flag)
    post_ids = list(by_post)[:limit]
    posts = db.session.execute(db.select(Post).options(joinedload(Post.author), joinedload(Post.thread))
                               .where(Post.id.in_(post_ids))).scalars().all() if post_ids else []
    order = {post_id: position for position, post_id in enumerate(post_ids)}
    return [(post, by_post[post.id]) for post in sorted(posts, key=lambda post: order[post.id])]


def post_with_thread(post_id: int) -> Post | None:
    return db.session.execute(db.select(Post).options(joinedload(Post.thread))
                              .where(Post.id == post_id)).scalar_one_or_none()


def posts_by_id(post_ids: list[int]) -> dict[int, Post]:
    """Posts the search page may show, with their threads and categories, by id."""
    if not post_ids:
        return {}
    posts = db.session.execute(db.select(Post).options(joinedload(Post.thread).joinedload(Thread.category))
                               .join(Thread, Thread.id == Post.thread_id)
                               .where(Post.id.in_(post_ids), *posts_listed(), *listed_in_forum())).scalars()
    return {post.id: post for post in posts}


def newest_threads_with_opening_posts(category: Category | None = None, limit: int = 20) -> list[tuple]:
    """(thread, its first post) for feeds, newest threads first, in one query."""
    select = (db.select(Thread, Post).options(joinedload(Thread.author), joinedload(Thread.category))
              .join(Post, db.and_(Post.thread_id == Thread.id, Post.number == 1))
              .where(*listed_in_forum()))
    if category is not None:
        select = select.where(Thread.category_id == category.id)
    return db.session.execute(select.order_by(Thread.created_at.desc(), Thread.id.desc()).limit(limit)).all()


# Built once (the home page and the forum's index ask on every view).
GLOBALLY_PINNED = db.select(Thread).options(joinedload(Thread.category), joinedload(Thread.author)).where(
    Thread.pinned_globally, *listed_in_forum()  # as ix_forum_threads_global_pins says it
).order_by(Thread.last_post_at.desc(), Thread.id.desc())
RECENT_THREADS = db.select(Thread).options(joinedload(Thread.category)).where(
    Thread.pinned_globally.is_(False), *listed_in_forum()
).order_by(Thread.last_post_at.desc(), Thread.id.desc()).limit(db.bindparam("limit"))


def globally_pinned() -> list[Thread]:
    """Threads a moderator pinned atop the forum index and the home page, latest activity first."""
    return db.session.execute(GLOBALLY_PINNED).scalars().all()


def recent_threads(limit: int = 5) -> list[Thread]:
    """The globally pinned threads, then the `limit` most recently active others."""
    return globally_pinned() + db.session.execute(RECENT_THREADS, {"limit": limit}).scalars().all()


def member_record(user) -> dict:
    """What staff weigh before restricting a member: their posts, threads and warnings so far."""
    posts = db.session.scalar(db.select(db.func.count(Post.id))
                              .where(Post.author_id == user.id, Post.deleted_at.is_(None)))
    threads = db.session.scalar(db.select(db.func.count(Thread.id))
                                .where(Thread.author_id == user.id, Thread.deleted_at.is_(None)))
    warnings = db.session.scalar(db.select(db.func.count(AuditEntry.id)).where(
        AuditEntry.action == "user.warn", AuditEntry.target_type == "user", AuditEntry.target_id == user.id))
    return {"posts": posts, "threads": threads, "warnings": warnings}


def sitemap_threads(in_chunk) -> list[Entry]:
    rows = db.session.execute(db.select(Thread.id, Thread.title, Thread.last_post_at)
                              .where(*in_chunk, *listed_in_forum()).order_by(Thread.id)).all()
    return [Entry(absolute_url("forum.thread", thread_id=row.id, slug=slugify(row.title)), row.last_post_at)
            for row in rows]


def sitemap_pages() -> list[Entry]:
    return [Entry(absolute_url("forum.index"))] + [Entry(absolute_url("forum.category", slug=category.slug))
                                                   for category in categories()]
