from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from accounts.forms import IMAGE_TYPES
from core.forms import MARKDOWN_HINT, SerambiForm, at_most, required
from partners import queries
from partners.models import KINDS


class PartnerForm(SerambiForm):
    name = StringField(_l("Name"), [required(), at_most(150)])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(key, label) for key, label in KINDS.items()])
    slug = StringField(_l("Address (optional)"), [Optional(), at_most(80)], render_kw={"autocomplete": "off"},
                       description=_l("What follows /partners/ in the partner's link, e.g. komunitas-baca. Leave "
                                      "empty to make it from the name."))
    description = TextAreaField(_l("Description (optional)"), [Optional(), at_most(10_000)],
                                description=MARKDOWN_HINT)
    website = StringField(_l("Website (optional)"), [Optional(), at_most(500)], render_kw={"inputmode": "url"})
    logo = FileField(_l("Logo (optional)"), [IMAGE_TYPES], description=_l("PNG, JPEG or WebP, at most 2 MB."))
    remove_logo = BooleanField(_l("Remove the logo"))


class PartnersField(SelectMultipleField):
    """Partners from the directory, one checkbox each (the view sets the choices). Posted as `partners` ids."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, coerce=int, validate_choice=False, **kwargs)

    def pre_validate(self, form):
        """Unknown ids are refused by partners.actions.chosen, beside the field."""


def with_partner_choices(form):
    """Gives a form's `partners` field every partner in the directory as a choice."""
    form.partners.choices = [SelectChoice(partner.id, partner.name) for partner in queries.choices()]
    return form
