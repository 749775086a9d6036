"""Read-only queries for the pages, the home page and the staff lists."""
from accounts.permissions import has_permission
from core.timeutil import utcnow
from extensions import db
from pages.models import ANNOUNCEMENTS_ON_HOME, KINDS, Announcement, Page

# Who sees a library page, in one place: a published one everyone, a draft only staff (manage_pages). The
# page itself, the pages' index, search and the search index ask here.
PUBLISHED = Page.published.is_(True)


def can_see(user, page) -> bool:
    return page.published or has_permission(user, "manage_pages")


def sees_page_id(user, page_id: int) -> bool:
    """can_see for a page known by its number (its photos ask: core/photos.py)."""
    page = db.session.get(Page, page_id)
    return page is not None and can_see(user, page)


def is_public(page) -> bool:
    return bool(page.published)


def page_by_slug(slug: str) -> Page | None:
    return db.session.execute(db.select(Page).where(Page.slug == slug)).scalar_one_or_none()


def published_by_id(page_ids: list[int]) -> dict[int, Page]:
    """For /search: published pages only (a page made a draft after it was indexed is not shown)."""
    if not page_ids:
        return {}
    return {page.id: page for page in db.session.execute(
        db.select(Page).where(Page.id.in_(page_ids), PUBLISHED)).scalars()}


def _ordered(select):
    return select.order_by(Page.position, Page.title, Page.id)


def sections(include_drafts: bool = False) -> list[tuple[str, list[Page]]]:
    """[(kind, pages)] in the order of KINDS, each section's pages by position then title; empty sections left out."""
    select = _ordered(db.select(Page))
    if not include_drafts:
        select = select.where(PUBLISHED)
    found = {kind: [] for kind in KINDS}
    for page in db.session.execute(select).scalars():
        found.setdefault(page.kind, []).append(page)
    return [(kind, pages) for kind, pages in found.items() if pages]


def current_announcements(limit: int = ANNOUNCEMENTS_ON_HOME) -> list[Announcement]:
    """What the home page shows now, newest first (by start, or by when it was written)."""
    now = utcnow()
    newest = db.func.coalesce(Announcement.starts_at, Announcement.created_at)
    return db.session.execute(
        db.select(Announcement)
        .where(db.or_(Announcement.starts_at.is_(None), Announcement.starts_at <= now),
               db.or_(Announcement.ends_at.is_(None), Announcement.ends_at > now))
        .order_by(newest.desc(), Announcement.id.desc()).limit(limit)).scalars().all()


def all_announcements() -> list[Announcement]:
    """For staff: every announcement, newest first."""
    return db.session.execute(db.select(Announcement).order_by(Announcement.created_at.desc(),
                                                               Announcement.id.desc())).scalars().all()
