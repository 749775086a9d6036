"""The sitemap's sections: each feature registers, in its `init_app`, the kind of item it lists and how to
list what a guest may read of it (its own visibility rule decides), and the fixed pages it adds to the
sitemap's first part. sharing/sitemap.py draws the sitemap from here, naming no feature."""
from dataclasses import dataclass
from datetime import datetime
from typing import Callable


@dataclass(frozen=True)
class Entry:
    url: str
    lastmod: datetime | None = None


@dataclass(frozen=True)
class Section:
    model: type  # its primary key numbers the section's parts
    entries: Callable  # (conditions on model.id) -> [Entry] of the items in that range a guest may read
    pages: Callable  # () -> [Entry] of the feature's fixed pages (its index, its categories)


SECTIONS: dict[str, Section] = {}  # filled by the features' init_app, in the order the app starts them


def register_section(name: str, model: type, entries: Callable, pages: Callable = list) -> None:
    """`/sitemap/<name>-<chunk>.xml` lists entries(...) for the numbers of that chunk."""
    SECTIONS[name] = Section(model, entries, pages)
