from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from accounts.forms import IMAGE_TYPES
from core.forms import MARKDOWN_HINT, SerambiForm, at_most, required
from groups.models import VISIBILITIES
from partners.forms import PartnersField

BOOK_HINT = _l("A title or ISBN from the library's catalogue.")


class GroupForm(SerambiForm):
    name = StringField(_l("Name"), [required(), at_most(100)])
    description = TextAreaField(_l("Description"), [Optional(), at_most(10_000)], description=MARKDOWN_HINT)
    visibility = RadioField(_l("Who may join"), [required()], default="public",
                            choices=[SelectChoice(key, label) for key, label in VISIBILITIES.items()])
    book = StringField(_l("Current book"), [Optional(), at_most(200)], description=BOOK_HINT)
    cover = FileField(_l("Cover"), [IMAGE_TYPES], description=_l("PNG, JPEG or WebP, at most 2 MB."))
    remove_cover = BooleanField(_l("Remove the cover"))
    partners = PartnersField(_l("Partner organisations (optional)"))


class MilestoneForm(SerambiForm):
    label = StringField(_l("Chapters or pages"), [required(), at_most(100)],
                        description=_l("For example “Bab 1–5” or “hlm. 1–80”."))
    due_on = DateField(_l("Read by"), [required()])


class InviteForm(SerambiForm):
    username = StringField(_l("Username"), [required(), at_most(30)])


class NominateForm(SerambiForm):
    book = StringField(_l("Book"), [required(), at_most(200)], description=BOOK_HINT)
