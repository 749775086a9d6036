"""The sitemap: what a guest may read, and nothing else (no private reading group, none of its events or
threads, no deleted, merged or pending thread, no cancelled event). Each feature registers its section
and says what of it a guest may read (core/sitemaps.py); this module names no feature.

`/sitemap.xml` is a sitemap index (sitemaps.org): one part for the fixed pages and the forum's categories,
and for each kind of item parts of CHUNK consecutive numbers (`/sitemap/threads-0.xml` holds threads 1 to
9,999), so a forum of a million threads stays within the protocol's 50,000 addresses a file and each
part is read from the primary key's index.
"""
from core.sitemaps import SECTIONS, Entry
from core.urls import absolute_url
from extensions import db

CHUNK = 10_000
PAGES = "pages"


def kinds() -> list[str]:
    return [PAGES, *SECTIONS]


def parts() -> list[str]:
    """The absolute addresses of the sitemap's parts."""
    addresses = [absolute_url("sharing.sitemap_part", kind=PAGES, chunk=0)]
    for kind, section in SECTIONS.items():
        highest = db.session.execute(db.select(db.func.max(section.model.id))).scalar() or 0
        addresses += [absolute_url("sharing.sitemap_part", kind=kind, chunk=chunk)
                      for chunk in range(highest // CHUNK + 1)] if highest else []
    return addresses


def entries(kind: str, chunk: int) -> list[Entry] | None:
    if kind == PAGES:
        return _pages() if chunk == 0 else None
    section = SECTIONS[kind]
    return section.entries((section.model.id >= chunk * CHUNK, section.model.id < (chunk + 1) * CHUNK))


def _pages() -> list[Entry]:
    return [Entry(absolute_url("home.index"))] + [entry for section in SECTIONS.values() for entry in section.pages()]
