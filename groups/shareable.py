"""How a reading group describes itself when shared (core/shareables.py): a private one is not shareable."""
from flask_babel import gettext

from core.search import plain_text
from core.shareables import Shareable
from groups import access
from library.models import current_library


def describe(group) -> Shareable | None:
    if not access.is_public(group):
        return None
    return Shareable("group", group.id, group.name, plain_text(group.description_html)
                     or gettext("A reading group at %(library)s.", library=current_library().name),
                     "groups.show", {"slug": group.slug}, image_type="group", image_id=group.id)
