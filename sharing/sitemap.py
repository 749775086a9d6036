"""The sitemap: what a guest may read, and nothing else (no private reading group, none of its events or
threads, no deleted, merged or pending thread, no cancelled event).

`/sitemap.xml` is a sitemap index (sitemaps.org): one part for the fixed pages and the forum's categories,
and for each kind of item parts of CHUNK consecutive numbers (`/sitemap/threads-0.xml` holds threads 1 to
9,999), so a forum of a million threads stays within the protocol's 50,000 addresses a file and each
part is read from the primary key's index.
"""
from dataclasses import dataclass
from datetime import datetime

from books.models import Book
from challenges.models import Challenge
from core.text import slugify
from core.urls import absolute_url
from events import visibility as event_visibility
from events.models import Event
from extensions import db
from forum import queries as forum_queries, visibility as forum_visibility
from forum.models import Thread
from groups import access as group_access
from groups.models import ReadingGroup

CHUNK = 10_000
KINDS = ("pages", "threads", "events", "groups", "books", "challenges")


@dataclass(frozen=True)
class Entry:
    url: str
    lastmod: datetime | None = None


def parts() -> list[str]:
    """The absolute addresses of the sitemap's parts."""
    addresses = [absolute_url("sharing.sitemap_part", kind="pages", chunk=0)]
    for kind in KINDS[1:]:
        model = _MODELS[kind]
        highest = db.session.execute(db.select(db.func.max(model.id))).scalar() or 0
        addresses += [absolute_url("sharing.sitemap_part", kind=kind, chunk=chunk)
                      for chunk in range(highest // CHUNK + 1)] if highest else []
    return addresses


def entries(kind: str, chunk: int) -> list[Entry] | None:
    if kind == "pages":
        return _pages() if chunk == 0 else None
    model = _MODELS[kind]
    in_chunk = (model.id >= chunk * CHUNK, model.id < (chunk + 1) * CHUNK)
    return _LISTERS[kind](in_chunk)


def _pages() -> list[Entry]:
    fixed = ["core.home", "forum.index", "events.index", "books.index", "groups.index", "challenges.index"]
    return [Entry(absolute_url(endpoint)) for endpoint in fixed] + [
        Entry(absolute_url("forum.category", slug=category.slug))
        for category in forum_queries.categories()]


def _threads(in_chunk) -> list[Entry]:
    rows = db.session.execute(db.select(Thread.id, Thread.title, Thread.last_post_at)
                              .where(*in_chunk, *forum_visibility.listed_in_forum()).order_by(Thread.id)).all()
    return [Entry(absolute_url("forum.thread", thread_id=row.id, slug=slugify(row.title)),
                  row.last_post_at) for row in rows]


def _events(in_chunk) -> list[Entry]:
    rows = db.session.execute(db.select(Event.id, Event.title, Event.updated_at)
                              .where(*in_chunk, *event_visibility.open_to_guests()).order_by(Event.id)).all()
    return [Entry(absolute_url("events.show", event_id=row.id, slug=slugify(row.title)), row.updated_at)
            for row in rows]


def _groups(in_chunk) -> list[Entry]:
    slugs = db.session.execute(db.select(ReadingGroup.slug).where(*in_chunk, group_access.OPEN_TO_GUESTS)
                               .order_by(ReadingGroup.id)).scalars()
    return [Entry(absolute_url("groups.show", slug=slug)) for slug in slugs]


def _books(in_chunk) -> list[Entry]:
    rows = db.session.execute(db.select(Book.id, Book.title).where(*in_chunk).order_by(Book.id)).all()
    return [Entry(absolute_url("books.book", book_id=row.id, slug=slugify(row.title))) for row in rows]


def _challenges(in_chunk) -> list[Entry]:
    slugs = db.session.execute(db.select(Challenge.slug).where(*in_chunk).order_by(Challenge.id)).scalars()
    return [Entry(absolute_url("challenges.show", slug=slug)) for slug in slugs]


_MODELS = {"threads": Thread, "events": Event, "groups": ReadingGroup, "books": Book, "challenges": Challenge}
_LISTERS = {"threads": _threads, "events": _events, "groups": _groups, "books": _books, "challenges": _challenges}
