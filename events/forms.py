from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, DateTimeLocalField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from core.forms import MARKDOWN_HINT, PhotoFields, SerambiForm, at_most, required
from partners.forms import PartnersField

LOCAL_MINUTE = "%Y-%m-%dT%H:%M"
KIND_LABELS = {"webinar": _l("Webinar"), "discussion": _l("Online discussion"), "workshop": _l("Workshop"),
               "book_fair": _l("Book fair"), "bedah_buku": _l("Book talk (bedah buku)"),
               "seminar": _l("Seminar"), "campaign": _l("Campaign")}
MODE_LABELS = {"online": _l("Online"), "onsite": _l("On site"), "hybrid": _l("Hybrid: on site and online")}
RATING_LABELS = {1: _l("1 – poor"), 2: _l("2"), 3: _l("3 – fine"), 4: _l("4"), 5: _l("5 – excellent")}
USERNAMES_HINT = _l("Usernames, separated by commas.")


class EventForm(PhotoFields):
    title = StringField(_l("Title"), [required(), at_most(150)])
    kind = SelectField(_l("Type"), [required()], choices=[SelectChoice(key, label)
                                                          for key, label in KIND_LABELS.items()])
    description = TextAreaField(_l("Description"), [Optional(), at_most(20_000)], description=MARKDOWN_HINT)
    cover = FileField(_l("Cover image (optional)"), description=_l("PNG, JPEG or WebP, at most 2 MB."))
    remove_cover = BooleanField(_l("Remove the cover image"))
    mode = RadioField(_l("Where does it happen?"), [required()], default="online",
                      choices=[SelectChoice(key, label) for key, label in MODE_LABELS.items()])
    place = StringField(_l("Place"), [Optional(), at_most(300)],
                        description=_l("For on-site and hybrid events, e.g. Ruang Baca Lantai 2."))
    stream_url = StringField(_l("Online link"), [Optional(), at_most(500)], render_kw={"inputmode": "url"},
                             description=_l("For online and hybrid events. A YouTube link is shown as a player "
                                            "on the event page; other links open in a new tab."))
    starts_at = DateTimeLocalField(_l("Starts"), [required()], format=LOCAL_MINUTE)
    ends_at = DateTimeLocalField(_l("Ends"), [required()], format=LOCAL_MINUTE)
    capacity = IntegerField(_l("Seats (optional)"), [Optional(), NumberRange(1, 100_000, _l(
        "A number from 1 to 100000."))], description=_l(
        "Empty means no limit. When the seats are taken, members join a waitlist. Lowering the "
        "number of seats takes no seat from anyone already going."))
    hosts = StringField(_l("Hosts"), [Optional(), at_most(300)], description=_l(
        "Usernames of members with the host or admin role, separated by commas. Hosts may do everything, "
        "including cancelling the event."))
    cohosts = StringField(_l("Co-hosts (optional)"), [Optional(), at_most(300)], description=_l(
        "Usernames, separated by commas. Co-hosts may edit the event and see who comes."))
    partners = PartnersField(_l("Partner organisations (optional)"))
    group = SelectField(_l("Reading group (optional)"), choices=[], validate_choice=False, description=_l(
        "The event is listed on the group's page. A private group's events are seen only by its members."))
    challenge = SelectField(_l("Reading challenge (optional)"), choices=[], validate_choice=False, description=_l(
        "The event is listed on the challenge's page, and its page links to the challenge."))


class CheckInForm(SerambiForm):
    code = StringField(_l("Check-in code"), [required(), at_most(20)], render_kw={"autocomplete": "off",
                                                                                 "autocapitalize": "characters"})


class RecordingForm(SerambiForm):
    recording_url = StringField(_l("Recording link"), [Optional(), at_most(500)], render_kw={"inputmode": "url"},
                                description=_l("Leave empty to remove it."))


class SurveyForm(SerambiForm):
    rating = RadioField(_l("How was it?"), [required()], coerce=int,
                        choices=[SelectChoice(value, label) for value, label in RATING_LABELS.items()])
    comment = TextAreaField(_l("Anything to tell the hosts? (optional)"), [Optional(), at_most(1000)])


def usernames(text: str | None) -> list[str]:
    return [name for name in (text or "").split(",") if name.strip()]
