from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from core.forms import MARKDOWN_HINT, SerambiForm, at_most, required
from surveys.models import KINDS


class SurveyForm(SerambiForm):
    title = StringField(_l("Title"), [required(), at_most(150)])
    intro = TextAreaField(_l("Introduction (optional)"), [Optional(), at_most(10_000)], description=MARKDOWN_HINT)
    closes_at = StringField(_l("Stop taking answers on (optional)"), [Optional()],
                            description=_l("In the library's time zone. Leave empty to take answers until you "
                                           "close the survey."))


class QuestionForm(SerambiForm):
    prompt = StringField(_l("Question"), [required(), at_most(300)])
    kind = SelectField(_l("Kind of answer"), choices=[SelectChoice(key, label) for key, label in KINDS.items()])
    options = TextAreaField(_l("Options"), [Optional(), at_most(2_000)],
                            description=_l("For single and multiple choice: one per line, 2 to 10 options."))
    hint = StringField(_l("Help text (optional)"), [Optional(), at_most(300)],
                       description=_l("Shown under the question, for example “1 is poor, 5 is excellent”."))
    required = BooleanField(_l("An answer is required"), default=True)


class ConfirmForm(SerambiForm):
    """Buttons that change state: only the CSRF token."""
