from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, ColorField, DateTimeLocalField, HiddenField, IntegerField, RadioField, SelectField,
                     StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional, Regexp

from core.forms import MARKDOWN_HINT, PhotoFields, SerambiForm, at_most, required
from forum.models import SLOW_MODE_CHOICES
from library.colours import HEX_COLOUR

LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


class PollFields(SerambiForm):
    """A poll's fields: on their own to add one to a thread, or as the optional part of a new thread."""
    poll_question = StringField(_l("Question"), [Optional(), at_most(200)])
    poll_options = TextAreaField(_l("Options"), [Optional()],
                                 description=_l("One per line: 2 to 10 options, each up to 100 characters."))
    poll_multiple = RadioField(_l("Members may choose"), default="single", choices=[
        SelectChoice("single", _l("One option")), SelectChoice("multiple", _l("One or more options"))])
    poll_closes_at = StringField(_l("Close the poll on (optional)"), [Optional()],
                                 description=_l("In the library's time zone. Leave empty to keep it open."))

    def asks_for_poll(self) -> bool:
        return bool((self.poll_question.data or "").strip() or (self.poll_options.data or "").strip())


class ThreadForm(PollFields, PhotoFields):
    title = StringField(_l("Title"), [required(), at_most(150)])
    body = TextAreaField(_l("Message"), [required()], description=MARKDOWN_HINT)


class PostForm(PhotoFields):
    body = TextAreaField(_l("Your reply"), [required()], description=MARKDOWN_HINT)


class FlagForm(SerambiForm):
    reason = RadioField(_l("Why should moderators look at this post?"), [required()], choices=[
        SelectChoice("spam", _l("Spam or advertising")), SelectChoice("abuse", _l("Abusive or hateful")),
        SelectChoice("off_topic", _l("Off topic")), SelectChoice("other", _l("Something else"))])
    text = TextAreaField(_l("Anything moderators should know? (optional)"), [Optional(), at_most(500)])


class CategoryForm(SerambiForm):
    name = StringField(_l("Name"), [required(), at_most(80)])
    slug = StringField(_l("Address"), [required(), Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z", message=_l(
        "Lowercase letters, digits and hyphens only, e.g. diskusi-buku.")), at_most(60)],
        description=_l("Used in the link: /forum/c/…"))
    description = TextAreaField(_l("Description"), [Optional(), at_most(300)])
    colour = ColorField(_l("Colour"), [required(), Regexp(HEX_COLOUR, message=_l(
        "Choose a colour as #rrggbb, for example #0f6b5c."))], default="#0f6b5c")
    position = IntegerField(_l("Order"), [Optional(), NumberRange(0, 999, _l("A number from 0 to 999."))], default=0)
    who_starts = SelectField(_l("Who may start threads"), choices=[
        SelectChoice("members", _l("Every member")), SelectChoice("staff", _l("Moderators and admins only"))])


class ModerateThreadForm(SerambiForm):
    action = SelectField(choices=[SelectChoice(name)
                                  for name in ("lock", "unlock", "pin", "unpin", "rename", "move", "slow")])
    title = StringField(_l("New title"), [Optional(), at_most(150)])
    category = SelectField(_l("Move to"), [Optional()], choices=[], validate_choice=False)
    slow_mode = SelectField(_l("Slow mode"), coerce=int, default=0, choices=[
        SelectChoice(0, _l("Off"))] + [SelectChoice(seconds, _l("One post per %(num)d seconds", num=seconds))
                                       for seconds in SLOW_MODE_CHOICES[1:]])


# A moderator's thread tools (forum/threadtools.py)

class CloseDateForm(SerambiForm):
    closes_at = DateTimeLocalField(_l("Close to new replies on"), format=LOCAL_MINUTE,
                                   description=_l("In the library's time zone. Moderators can still reply."))


class MergeForm(SerambiForm):
    target = StringField(_l("Merge into thread"), [at_most(300)],
                         description=_l("Its number or its link, for example 123 or /forum/t/123-judul."))
    confirm = BooleanField(_l("Move every post there; this cannot be undone"))


class SplitForm(SerambiForm):
    title = StringField(_l("Title of the new thread"), [at_most(150)])
    category = SelectField(_l("Category of the new thread"), choices=[], validate_choice=False)
    page = HiddenField()
