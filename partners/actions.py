"""Every change to the partner directory, and choosing an event's or a group's partners."""
from dataclasses import dataclass

from flask_babel import gettext

from accounts.permissions import require_permission
from core import audit, search, uploads
from core.errors import ActionError
from core.fields import database_int, markdown_text, one_line, web_link
from core.slugs import free_slug
from extensions import db
from pages.actions import STAFF_ONLY
from partners.models import KINDS, Partner, event_partners, group_partners

NAME_MAX = 150
DESCRIPTION_MAX = 10_000
LOGO_BOX = (400, 400)


@dataclass
class PartnerDetails:
    name: str
    kind: str = "other"
    description: str = ""
    website: str = ""
    slug: str = ""  # empty: made from the name
    logo: object = None  # an uploaded file
    remove_logo: bool = False


def _name(name: str, partner: Partner | None) -> str:
    name = one_line(name, "name", NAME_MAX)
    holder = db.session.execute(db.select(Partner).where(db.func.lower(Partner.name) == name.lower())
                                ).scalar_one_or_none()
    if holder is not None and holder is not partner:
        raise ActionError(gettext("“%(name)s” is already in the directory.", name=holder.name), "name")
    return name


def save_partner(actor, partner: Partner | None, details: PartnerDetails) -> Partner:
    """Adds a partner (partner=None) or changes one; staff only. The logo is re-encoded (core/uploads.py)."""
    require_permission(actor, "manage_pages", STAFF_ONLY)
    name = _name(details.name, partner)
    if details.kind not in KINDS:
        raise ActionError(gettext("Not a valid choice."), "kind")
    description_md, description_html = markdown_text(details.description, "description", DESCRIPTION_MAX)
    website = web_link(details.website, "website")
    new = partner is None
    partner = partner or Partner(created_by_id=actor.id)
    slug = free_slug(Partner, details.slug, name, partner.id)
    partner.logo_path, old_logo = uploads.replace_image(partner.logo_path, details.logo, details.remove_logo,
                                                        "partners", LOGO_BOX, crop=False)
    partner.name, partner.slug, partner.kind, partner.website = name, slug, details.kind, website
    partner.description_md, partner.description_html = description_md, description_html
    db.session.add(partner)
    db.session.flush()
    search.index("partner", partner.id, partner.name, search.plain_text(partner.description_html))
    audit.record(actor, "partner.create" if new else "partner.edit", "partner", partner.id, details=name)
    db.session.commit()
    uploads.delete_image(old_logo)
    return partner


def delete_partner(actor, partner: Partner) -> None:
    """Removes the partner from the directory and from every event and group it was linked to."""
    require_permission(actor, "manage_pages", STAFF_ONLY)
    db.session.execute(event_partners.delete().where(event_partners.c.partner_id == partner.id))
    db.session.execute(group_partners.delete().where(group_partners.c.partner_id == partner.id))
    audit.record(actor, "partner.delete", "partner", partner.id, details=partner.name)
    search.remove("partner", partner.id)
    logo = partner.logo_path
    db.session.delete(partner)
    db.session.commit()
    uploads.delete_image(logo)


def chosen(partner_ids) -> list[Partner]:
    """The partners ticked on an event's or a group's form; an id not in the directory is refused."""
    try:
        ids = list(dict.fromkeys(database_int(value) for value in partner_ids or []))
    except ValueError:
        raise ActionError(gettext("Choose partners from the directory."), "partners") from None
    found = db.session.execute(db.select(Partner).where(Partner.id.in_(ids))).scalars().all() if ids else []
    if len(found) != len(ids):
        raise ActionError(gettext("Choose partners from the directory."), "partners")
    return sorted(found, key=lambda partner: partner.name.lower())
