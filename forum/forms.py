from flask_babel import lazy_gettext as _l
from wtforms import ColorField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from core.forms import SerambiForm
from library.colours import HEX_COLOUR

BODY_HINT = _l("Markdown is supported: **bold**, *italic*, [link](https://…), > quote.")


def _required():
    return DataRequired(_l("This field is required."))


class ThreadForm(SerambiForm):
    title = StringField(_l("Title"), [_required(), Length(max=150, message=_l("At most %(max)d characters.", max=150))])
    body = TextAreaField(_l("Message"), [_required()], description=BODY_HINT)


class PostForm(SerambiForm):
    body = TextAreaField(_l("Your reply"), [_required()], description=BODY_HINT)


class CategoryForm(SerambiForm):
    name = StringField(_l("Name"), [_required(), Length(max=80, message=_l("At most %(max)d characters.", max=80))])
    slug = StringField(_l("Address"), [_required(), Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=_l(
        "Lowercase letters, digits and hyphens only, e.g. diskusi-buku.")), Length(max=60, message=_l(
            "At most %(max)d characters.", max=60))], description=_l("Used in the link: /forum/c/…"))
    description = TextAreaField(_l("Description"), [Optional(), Length(max=300, message=_l(
        "At most %(max)d characters.", max=300))])
    colour = ColorField(_l("Colour"), [_required(), Regexp(HEX_COLOUR, message=_l(
        "Choose a colour as #rrggbb, for example #0f6b5c."))], default="#0f6b5c")
    position = IntegerField(_l("Order"), [Optional(), NumberRange(0, 999, _l("A number from 0 to 999."))], default=0)
    who_starts = SelectField(_l("Who may start threads"), choices=[
        SelectChoice("members", _l("Every member")), SelectChoice("staff", _l("Moderators and admins only"))])
