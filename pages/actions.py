"""Every change to the library's pages and announcements: check, validate, write, audit, commit. Staff only."""
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext, lazy_gettext as _l

from accounts.permissions import require_permission
from core import audit, photos, search
from core.errors import ActionError
from core.fields import markdown_text, one_line
from core.slugs import free_slug
from core.timeutil import utcnow
from extensions import db
from pages import queries
from pages.models import KINDS, Announcement, Page

TITLE_MAX = 150
SUMMARY_MAX = 300
BODY_MAX = 50_000
ANNOUNCEMENT_MAX = 1_000
STAFF_ONLY = _l("Only library staff manage the library's pages.")


def _index(page: Page) -> None:
    """Published pages are found by /search; a draft never is."""
    if queries.is_public(page):
        search.index("page", page.id, page.title, f"{page.summary} {search.plain_text(page.body_html)}")
    else:
        search.remove("page", page.id)


@dataclass
class PageDetails:
    title: str
    body: str
    kind: str = "service"
    slug: str = ""  # empty: made from the title
    summary: str = ""
    published: bool = False
    position: int = 0


def save_page(actor, page: Page | None, details: PageDetails) -> Page:
    """Writes a new page (page=None) or changes one."""
    require_permission(actor, "manage_pages", STAFF_ONLY)
    title = one_line(details.title, "title", TITLE_MAX)
    if details.kind not in KINDS:
        raise ActionError(gettext("Not a valid choice."), "kind")
    summary = one_line(details.summary, "summary", SUMMARY_MAX, required=False)
    body_md, body_html = markdown_text(details.body, "body", BODY_MAX, required=True)
    photos.check(body_md, actor)
    if not -1000 <= (details.position or 0) <= 1000:
        raise ActionError(gettext("A number from %(min)d to %(max)d.", min=-1000, max=1000), "position")
    new = page is None
    page = page or Page(created_by_id=actor.id)
    page.slug = free_slug(Page, details.slug, title, page.id)
    page.title, page.kind, page.summary, page.body_md, page.body_html = title, details.kind, summary, body_md, body_html
    page.published, page.position = bool(details.published), details.position or 0
    page.updated_by_id, page.updated_at = actor.id, utcnow()
    db.session.add(page)
    db.session.flush()
    photos.attach(body_md, "page", page.id, replacing=not new)
    _index(page)
    audit.record(actor, "page.create" if new else "page.edit", "page", page.id, details=page.slug)
    db.session.commit()
    return page


def delete_page(actor, page: Page) -> None:
    require_permission(actor, "manage_pages", STAFF_ONLY)
    audit.record(actor, "page.delete", "page", page.id, details=page.slug)
    search.remove("page", page.id)
    photos.delete_owned("page", [page.id])
    db.session.delete(page)
    db.session.commit()


@dataclass
class AnnouncementDetails:
    title: str
    body: str = ""
    starts_at: datetime | None = None  # aware UTC; None: from now on
    ends_at: datetime | None = None  # None: until staff remove it


def save_announcement(actor, announcement: Announcement | None, details: AnnouncementDetails) -> Announcement:
    require_permission(actor, "manage_pages", STAFF_ONLY)
    title = one_line(details.title, "title", TITLE_MAX)
    body_md, body_html = markdown_text(details.body, "body", ANNOUNCEMENT_MAX)
    starts_at, ends_at = details.starts_at, details.ends_at
    if starts_at and ends_at and ends_at <= starts_at:
        raise ActionError(gettext("The end must come after the start."), "ends_at")
    new = announcement is None
    announcement = announcement or Announcement(created_by_id=actor.id)
    announcement.title, announcement.body_md, announcement.body_html = title, body_md, body_html
    announcement.starts_at, announcement.ends_at, announcement.updated_at = starts_at, ends_at, utcnow()
    db.session.add(announcement)
    db.session.flush()
    audit.record(actor, "announcement.create" if new else "announcement.edit", "announcement", announcement.id,
                 details=title)
    db.session.commit()
    return announcement


def delete_announcement(actor, announcement: Announcement) -> None:
    require_permission(actor, "manage_pages", STAFF_ONLY)
    audit.record(actor, "announcement.delete", "announcement", announcement.id, details=announcement.title)
    db.session.delete(announcement)
    db.session.commit()
