import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, ColorField, Form, FormField, FieldList, SelectField, StringField, TextAreaField
from wtforms import TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, Optional, Regexp, URL, ValidationError

from accounts.forms import IMAGE_TYPES
from core.forms import MARKDOWN_HINT, SerambiForm, at_most, required
from core.i18n import TIMEZONES
from library.colours import HEX_COLOUR
from library.opac import InvalidTemplate, check_template

TIMEZONE_LABELS = {"Asia/Jakarta": _l("WIB — Western Indonesia (Jakarta, Semarang, Batam)"),
                   "Asia/Pontianak": _l("WIB — Western Indonesia (Pontianak)"),
                   "Asia/Makassar": _l("WITA — Central Indonesia (Makassar, Bali)"),
                   "Asia/Jayapura": _l("WIT — Eastern Indonesia (Jayapura, Ambon)")}


def _link():
    return [Optional(), at_most(300),
            URL(require_tld=True, message=_l("Enter a full web address starting with https://"))]


def _colour():
    return [required(),
            Regexp(HEX_COLOUR, message=_l("Choose a colour as #rrggbb, for example #0f6b5c."))]


class DayHoursForm(Form):
    closed = BooleanField(_l("Closed"))
    opens = TimeField(_l("Opens"), [Optional()], format="%H:%M")
    closes = TimeField(_l("Closes"), [Optional()], format="%H:%M")

    def validate(self, extra_validators=None) -> bool:
        """Here, not as validate_closes: Optional() stops a field's checks when it is empty, and an empty
        time on an open day is just what must be refused."""
        valid = super().validate(extra_validators)
        if self.closed.data:
            return valid
        problem = None
        if not self.opens.data or not self.closes.data:
            problem = _l("Give both opening and closing times, or tick Closed.")
        elif self.closes.data <= self.opens.data:
            problem = _l("Closing time must be after opening time.")
        if problem:
            self.closes.errors = [*self.closes.errors, problem]
        return valid and problem is None


class LibraryForm(SerambiForm):
    name = StringField(_l("Library name"), [required(), at_most(120)])
    tagline = StringField(_l("Tagline"), [Optional(), at_most(160)])
    description = TextAreaField(_l("Description"), [Optional(), at_most(5000)],
                                description=MARKDOWN_HINT)
    address = TextAreaField(_l("Address"), [Optional(), at_most(300)])
    phone = StringField(_l("Phone"), [Optional(), at_most(40)])
    email = StringField(_l("Email"), [Optional(), at_most(254),
                                      Email(_l("Please enter a valid email address, for example nama@contoh.id."))])
    website = StringField(_l("Website"), _link())
    whatsapp = StringField(_l("WhatsApp number"), [Optional(), at_most(20)],
                           description=_l("For example 0812 3456 7890 or +62 812 3456 7890."))
    instagram = StringField("Instagram", _link())
    facebook = StringField("Facebook", _link())
    x = StringField("X", _link())
    youtube = StringField("YouTube", _link())
    primary_color = ColorField(_l("Main colour"), _colour())
    accent_color = ColorField(_l("Accent colour"), _colour())
    timezone = SelectField(_l("Time zone"), choices=[SelectChoice(zone, TIMEZONE_LABELS[zone]) for zone in TIMEZONES])
    logo = FileField(_l("Logo"), [IMAGE_TYPES], description=_l("PNG, JPEG or WebP, at most 2 MB."))
    remove_logo = BooleanField(_l("Remove the logo"))
    opening_hours = FieldList(FormField(DayHoursForm), min_entries=7, max_entries=7)
    unconfirmed_may_post = BooleanField(_l("Members may post before they confirm their e-mail address"),
                                        description=_l("Either way, they get no e-mail from the site until they confirm it."))
    opac_url_template = StringField(_l("Catalogue (OPAC) search address"), [Optional(), at_most(500)], description=_l(
        "Shown on each book as “Find it at the library”. Put {isbn}, {isbn10} or {title} where the search words go, "
        "for example https://opac.example/index.php?search=search&keywords={isbn}"))

    def validate_opac_url_template(self, field):
        try:
            field.data = check_template(field.data)
        except InvalidTemplate as error:
            raise ValidationError(error.message)

    def validate_whatsapp(self, field):
        digits = re.sub(r"[\s\-()+]", "", field.data or "")
        if digits and not re.fullmatch(r"[0-9]{8,15}", digits):
            raise ValidationError(_l("Enter a phone number with 8 to 15 digits."))
        field.data = "62" + digits[1:] if digits.startswith("0") else digits
