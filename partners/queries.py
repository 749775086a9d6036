"""Read-only queries for the partner directory and the forms that choose partners."""
from extensions import db
from partners.models import KINDS, PARTNERS_PER_PAGE, Partner


def partner_by_slug(slug: str) -> Partner | None:
    return db.session.execute(db.select(Partner).where(Partner.slug == slug)).scalar_one_or_none()


def partners_by_id(partner_ids: list[int]) -> dict[int, Partner]:
    if not partner_ids:
        return {}
    return {partner.id: partner for partner in db.session.execute(
        db.select(Partner).where(Partner.id.in_(partner_ids))).scalars()}


def directory(kind: str | None, page: int):
    """The directory, by name; `kind` (a key of KINDS) narrows it."""
    select = db.select(Partner).order_by(db.func.lower(Partner.name), Partner.id)
    if kind in KINDS:
        select = select.where(Partner.kind == kind)
    return db.paginate(select, page=page, per_page=PARTNERS_PER_PAGE, error_out=False)


def kind_counts() -> dict[str, int]:
    return dict(db.session.execute(db.select(Partner.kind, db.func.count(Partner.id)).group_by(Partner.kind)).all())


def choices() -> list[Partner]:
    """Every partner, by name, for the event and group forms."""
    return db.session.execute(db.select(Partner).order_by(db.func.lower(Partner.name))).scalars().all()
