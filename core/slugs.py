"""Addresses made of a slug (/p/<slug>, /partners/<slug>): typed by staff or made from the title."""
import re

from flask_babel import gettext

from core.errors import ActionError
from core.text import slugify
from extensions import db

SLUG_MAX = 80
SLUG_SHAPE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def free_slug(model, wanted: str, title: str, current_id: int | None) -> str:
    """The slug typed (checked: lowercase letters, digits and hyphens, not taken), or one made from the title
    (with -2, -3 … when taken). `model` is any table with `id` and `slug`; `current_id` the row being saved."""
    def taken(slug: str) -> bool:
        found = db.session.execute(db.select(model.id).where(model.slug == slug)).scalar()
        return found is not None and found != current_id

    wanted = (wanted or "").strip().lower()
    if wanted:
        if len(wanted) > SLUG_MAX or not SLUG_SHAPE.match(wanted):
            raise ActionError(gettext("Use lowercase letters, digits and hyphens only, e.g. pinjam-e-book."), "slug")
        if taken(wanted):
            raise ActionError(gettext("This address is already taken."), "slug")
        return wanted
    base = slugify(title, SLUG_MAX - 4)
    slug, number = base, 2
    while taken(slug):
        slug, number = f"{base}-{number}", number + 1
    return slug
