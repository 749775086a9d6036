import re

from flask_babel import gettext, lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from challenges.models import UNITS
from core.errors import ActionError
from core.forms import MARKDOWN_HINT, SerambiForm, at_most, required

BADGE_LINE = re.compile(r"^(?P<name>[^:]{1,60}):\s*(?P<threshold>\d{1,7})\s*(?P<percent>%?)$")


class ChallengeForm(SerambiForm):
    title = StringField(_l("Title"), [required(), at_most(150)])
    description = TextAreaField(_l("Description"), [Optional(), at_most(20_000)], description=MARKDOWN_HINT)
    starts_on = DateField(_l("First day"), [required()])
    ends_on = DateField(_l("Last day"), [required()])
    unit = SelectField(_l("The goal counts"), [required()],
                       choices=[SelectChoice(key, label) for key, label in UNITS.items()])
    target = IntegerField(_l("Goal"), [required(), NumberRange(1, 1_000_000, _l("A number from 1 to 1000000."))],
                          description=_l("How many pages, minutes or books complete the challenge."))
    is_team = RadioField(_l("Who takes part?"), default="individual", choices=[
        SelectChoice("individual", _l("Individuals")),
        SelectChoice("team", _l("Individuals and teams (schools, community groups): staff assign members"))])
    badges = TextAreaField(_l("Badges (optional)"), [Optional(), at_most(1000)], description=_l(
        "One per line: a name, a colon, and the amount that earns it, or a percentage of the goal. "
        "For example “Halfway: 50%” or “Bookworm: 1000”."))
    raffle_every = IntegerField(_l("One raffle entry for every … (optional)"), [Optional()], description=_l(
        "For example 100: one entry in the prize draw per 100 pages read. Empty: no raffle."))


def parse_badges(text: str | None) -> list[tuple[str, int, bool]]:
    badges = []
    for number, line in enumerate((text or "").splitlines(), 1):
        if not line.strip():
            continue
        found = BADGE_LINE.match(line.strip())
        if not found or int(found["threshold"]) < 1:
            raise ActionError(gettext("Line %(number)d: write a name, a colon and an amount, such as “Halfway: 50%%”.",
                                      number=number), "badges")
        badges.append((found["name"].strip(), int(found["threshold"]), bool(found["percent"])))
    return badges


def badges_text(challenge) -> str:
    return "\n".join(f"{b.name}: {b.threshold}{'%' if b.is_percent else ''}" for b in challenge.badges)


class JoinForm(SerambiForm):
    hide_name = BooleanField(_l("Hide my name on the leaderboard"))


class LogForm(SerambiForm):
    amount = IntegerField(_l("How much did you read?"), [Optional()], render_kw={"inputmode": "numeric", "min": 1})
    read_on = DateField(_l("Date"), [required()])
    book_id = SelectField(_l("Book from your shelves (optional)"), [Optional()], coerce=int, choices=[])
    book_title = StringField(_l("Or the title of another book (optional)"), [Optional(), at_most(200)])
    username = StringField(_l("Reader's username"), [Optional(), at_most(30)],
                           description=_l("Staff only: log for a reader who keeps a paper log."))


class CorrectForm(SerambiForm):
    amount = IntegerField(_l("Amount"), [Optional()], render_kw={"inputmode": "numeric", "min": 1})
    read_on = DateField(_l("Date"), [required()])
    reason = StringField(_l("Reason (kept in the audit log)"), [Optional(), at_most(200)])


class ReasonForm(SerambiForm):
    reason = StringField(_l("Reason (optional)"), [Optional(), at_most(200)])


class TeamsForm(SerambiForm):
    teams = TextAreaField(_l("Teams"), [Optional(), at_most(20_000)], description=_l(
        "One team per line: its name, a colon, then the members' usernames separated by commas. "
        "For example “SMPN 1 Tanjung Sari: budi, ani”. A team left out is removed."))


class QuizForm(SerambiForm):
    title = StringField(_l("Title"), [required(), at_most(150)])
    time_limit_minutes = IntegerField(_l("Time limit in minutes (optional)"), [Optional(), NumberRange(
        1, 180, _l("A number from 1 to 180."))])
    points_per_answer = IntegerField(_l("Points per right answer"), [required(), NumberRange(
        1, 1000, _l("A number from 1 to 1000."))], default=10)
    questions = TextAreaField(_l("Questions"), [required(), at_most(50_000)], description=_l(
        "Each question starts with “? ”, followed by its choices, one per line: “* ” for the right one, "
        "“- ” for the others. Leave an empty line between questions."))


class DrawForm(SerambiForm):
    winners = IntegerField(_l("Number of winners"), [required(), NumberRange(1, 100, _l("A number from 1 to 100."))],
                           default=1)
