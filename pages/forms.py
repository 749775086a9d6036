from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from core.forms import MARKDOWN_HINT, PhotoFields, SerambiForm, at_most, required
from pages.models import KINDS

LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


class PageForm(PhotoFields):
    title = StringField(_l("Title"), [required(), at_most(150)])
    kind = SelectField(_l("Section"), choices=[SelectChoice(key, label) for key, label in KINDS.items()])
    slug = StringField(_l("Address (optional)"), [Optional(), at_most(80)], render_kw={"autocomplete": "off"},
                       description=_l("What follows /p/ in the page's link, e.g. pinjam-e-book. Leave empty to "
                                      "make it from the title."))
    summary = StringField(_l("Summary (optional)"), [Optional(), at_most(300)],
                          description=_l("One sentence shown under the title in the list of pages."))
    body = TextAreaField(_l("Text"), [required(), at_most(50_000)], description=MARKDOWN_HINT)
    position = IntegerField(_l("Order in its section"), [Optional(), NumberRange(-1000, 1000, _l(
        "A number from %(min)d to %(max)d."))], default=0, description=_l("Smaller numbers come first."))
    published = BooleanField(_l("Published: everyone can read it (otherwise a draft only staff see)"))


class AnnouncementForm(SerambiForm):
    title = StringField(_l("Title"), [required(), at_most(150)])
    body = TextAreaField(_l("Text (optional)"), [Optional(), at_most(1_000)], description=MARKDOWN_HINT)
    starts_at = DateTimeLocalField(_l("Show from (optional)"), [Optional()], format=LOCAL_MINUTE,
                                   description=_l("Empty: at once."))
    ends_at = DateTimeLocalField(_l("Show until (optional)"), [Optional()], format=LOCAL_MINUTE,
                                 description=_l("Empty: until you remove it."))
