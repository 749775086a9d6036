"""What can be shared, and how each kind of item is described: its public address, its title and its
plain-text description (for Open Graph tags, share messages and the og:image). Each feature registers its
shareable types in its `init_app` (`register_type`), with a describer that returns None for what a guest
may not see, as the feature's own visibility rule decides.

Only what a guest may see is shareable: a private reading group, its events and its threads, a deleted,
merged or pending thread, a cancelled event have no share bar, no Open Graph tags beyond the site's, no
og:image and no share route, whoever asks (a member of a private group sharing its link would send
people to a "not found" page, and a link preview would leak its title).
"""
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, lru_cache
from typing import Callable

from core.search import plain_text
from core.urls import absolute_url
from extensions import db

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

    @cached_property  # a page's head and share bar write each several times
    def og_title(self) -> str:
        return shorten(self.title, TITLE_LENGTH)

    @cached_property
    def og_description(self) -> str:
        return shorten(self.description, DESCRIPTION_LENGTH)


@lru_cache(maxsize=2048)
def plain_description(html: str) -> str:
    """The words of an item's stored HTML: a page describes its item on every view (og:description), and
    parsing the HTML again each time cost more than the rest of a thread page's head."""
    return plain_text(html)


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word with an ellipsis when it has to be cut."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,.;:–-") + "…"


@dataclass(frozen=True)
class ShareableType:
    model: type
    describe: Callable  # (item) -> Shareable, or None when a guest may not see it


TYPES: dict[str, ShareableType] = {}  # filled by the features' init_app


def register_type(item_type: str, model: type, describe_item: Callable) -> None:
    TYPES[item_type] = ShareableType(model, describe_item)


def describe(item_type: str, item) -> Shareable | None:
    """The shareable description of an item already loaded, or None when a guest may not see it."""
    known = TYPES.get(item_type)
    return known.describe(item) if known and item is not None else None


def load(item_type: str, item_id: int) -> Shareable | None:
    """The shareable item by its number, or None (unknown, gone, or not public)."""
    known = TYPES.get(item_type)
    return describe(item_type, db.session.get(known.model, item_id)) if known else None


