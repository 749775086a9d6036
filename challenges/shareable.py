"""How a reading challenge describes itself when shared (core/shareables.py): all are public."""
from flask_babel import gettext

from core.search import plain_text
from core.shareables import Shareable
from library.models import current_library


def describe(challenge) -> Shareable:
    return Shareable("challenge", challenge.id, challenge.title, plain_text(challenge.description_html)
                     or gettext("A reading challenge at %(library)s.", library=current_library().name),
                     "challenges.show", {"slug": challenge.slug}, image_type="challenge", image_id=challenge.id)
