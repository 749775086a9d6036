"""What can be shared, and how each kind of item is described: the one place that knows, for a thread,
an event, a reading group, a book, a review or a challenge, its public address, its title and its
plain-text description (for Open Graph tags, share messages, the og:image and the sitemap).

Only what a guest may see is shareable: a private reading group, its events and its threads, a deleted,
merged or pending thread, a cancelled event have no share bar, no Open Graph tags beyond the site's, no
og:image and no share route, whoever asks (a member of a private group sharing its link would send
people to a "not found" page, and a link preview would leak its title).
"""
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext

from books.models import Book, Review
from challenges.models import Challenge
from core.i18n import format_when
from core.search import plain_text
from core.urls import absolute_url
from events import visibility as event_visibility
from events.models import Event
from extensions import db
from forum import visibility as forum_visibility
from forum.models import Post, Thread
from groups import access as group_access
from groups.models import ReadingGroup

ITEM_TYPES = ("thread", "event", "group", "book", "review", "challenge")
TITLE_LENGTH = 70  # og:title
DESCRIPTION_LENGTH = 200  # og:description


@dataclass(frozen=True)
class Shareable:
    item_type: str
    item_id: int
    title: str  # the item's own title, whole
    description: str  # plain text, whole
    endpoint: str  # the page: url_for(endpoint, **values), plus an #anchor for a review
    values: dict
    anchor: str | None = None
    image_type: str = ""  # the og:image drawn for it: its own, or its book's for a review
    image_id: int = 0
    image_title: str = ""  # the title drawn on that image ("" means `title`)
    og_type: str = "website"
    updated: datetime | None = None
    when: str = ""  # an event's start, in the library's time zone

    def url(self, channel: str | None = None) -> str:
        """The absolute address of the page; a shared one says which channel carried it (utm_source)."""
        extra = {"utm_source": channel} if channel else {}
        return absolute_url(self.endpoint, **self.values, **extra, _anchor=self.anchor)

    @property
    def drawn_title(self) -> str:
        return self.image_title or self.title

    @property
    def og_title(self) -> str:
        return shorten(self.title, TITLE_LENGTH)

    @property
    def og_description(self) -> str:
        return shorten(self.description, DESCRIPTION_LENGTH)


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word with an ellipsis when it has to be cut."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,.;:–-") + "…"


def describe(item_type: str, item) -> Shareable | None:
    """The shareable description of an item already loaded, or None when a guest may not see it."""
    describer = _DESCRIBERS.get(item_type)
    return describer(item) if describer and item is not None else None


def load(item_type: str, item_id: int) -> Shareable | None:
    """The shareable item by its number, or None (unknown, gone, or not public)."""
    model = _MODELS.get(item_type)
    return describe(item_type, db.session.get(model, item_id)) if model else None


# One describer per item type: public or None, and what it says about itself.

def _thread(thread) -> Shareable | None:
    if not forum_visibility.is_public(thread):
        return None
    category = thread.category
    if category.group_id is not None:
        # A reading group's discussion may be a milestone's, whose posts are spoilers: never quote them.
        description = gettext("A discussion of the reading group %(group)s.", group=category.group.name)
    else:
        opening = db.session.execute(db.select(Post.body_html).where(
            Post.thread_id == thread.id, Post.number == 1, *forum_visibility.posts_listed())).scalar_one_or_none()
        description = plain_text(opening or "") or gettext("A discussion in %(category)s.", category=category.name)
    return Shareable("thread", thread.id, thread.title, description, "forum.thread",
                     {"thread_id": thread.id, "slug": thread.slug}, image_type="thread", image_id=thread.id,
                     og_type="article", updated=thread.last_post_at)


def _event(event) -> Shareable | None:
    if not event_visibility.is_public(event):
        return None
    when = format_when(event.starts_at)
    description = plain_text(event.description_html)
    return Shareable("event", event.id, event.title, f"{when} · {description}" if description else when,
                     "events.show", {"event_id": event.id, "slug": event.slug}, image_type="event",
                     image_id=event.id, updated=event.updated_at, when=when)


def _group(group) -> Shareable | None:
    if not group_access.is_public(group):
        return None
    return Shareable("group", group.id, group.name, plain_text(group.description_html)
                     or gettext("A reading group at %(library)s.", library=library_name()),
                     "groups.show", {"slug": group.slug}, image_type="group", image_id=group.id)


def _book(book) -> Shareable | None:
    description = plain_text(book.description_html)
    byline = gettext("By %(authors)s.", authors=book.authors) if book.authors else ""
    return Shareable("book", book.id, book.title, " ".join(part for part in (byline, description) if part)
                     or book.title, "books.book", {"book_id": book.id, "slug": book.slug},
                     image_type="book", image_id=book.id, og_type="book")


def _review(review) -> Shareable | None:
    """A review lives on its book's page; its address is a permalink that finds the right page of reviews."""
    book = review.book
    title = gettext("%(name)s on “%(book)s”", name=review.author.display_name, book=book.title)
    return Shareable("review", review.id, title, plain_text(review.body_html) or "★" * review.rating,
                     "books.review_permalink", {"review_id": review.id}, image_type="book", image_id=book.id,
                     image_title=book.title, og_type="article")


def _challenge(challenge) -> Shareable | None:
    return Shareable("challenge", challenge.id, challenge.title, plain_text(challenge.description_html)
                     or gettext("A reading challenge at %(library)s.", library=library_name()),
                     "challenges.show", {"slug": challenge.slug}, image_type="challenge", image_id=challenge.id)


def library_name() -> str:
    from library.models import current_library

    return current_library().name


_DESCRIBERS = {"thread": _thread, "event": _event, "group": _group, "book": _book, "review": _review,
               "challenge": _challenge}
_MODELS = {"thread": Thread, "event": Event, "group": ReadingGroup, "book": Book, "review": Review,
           "challenge": Challenge}
