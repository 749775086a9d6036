"""Every change to surveys: check permission, validate, write, commit. Staff changes are audited.

Questions are frozen once a survey has a response: changing a question's kind, wording or options after
members answered would make the results count answers to different questions as one. Staff may still
change the title, the introduction and the closing time, close the survey, or delete it."""
from dataclasses import dataclass

from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from accounts.permissions import is_reader, require_permission
from core import audit
from core.errors import ActionError
from core.fields import database_int_or_none
from core.i18n import format_when
from core.library_time import local_to_utc
from core.markdown import render_markdown
from core.text import plain_text
from core.timeutil import utcnow
from extensions import db
from surveys.models import (CHOICE_KINDS, CLOSED, DRAFT, KINDS, OPEN, RATING, RATINGS, SINGLE, TEXT, SurveyAnswer,
                            SurveyOption, SurveyQuestion, SurveyResponse, Survey)

TITLE_MAX = 150
INTRO_MAX = 10_000
PROMPT_MAX = 300
HINT_MAX = 300
OPTION_MAX = 150
OPTION_COUNT = (2, 10)
QUESTION_COUNT_MAX = 50
TEXT_ANSWER_MAX = 2_000
STAFF_ONLY = _l("Only library staff manage surveys.")


def _line(value: str, field: str, high: int, required: bool = True) -> str:
    value = " ".join(plain_text(value).split())
    if required and not value:
        raise ActionError(gettext("This field is required."), field)
    if len(value) > high:
        raise ActionError(gettext("At most %(max)d characters.", max=high), field)
    return value


def save_survey(actor, survey: Survey | None, *, title: str, intro: str, closes_at: str = "") -> Survey:
    """Creates a draft survey (survey=None) or changes its title, introduction and closing time."""
    require_permission(actor, "manage_surveys", STAFF_ONLY)
    title = _line(title, "title", TITLE_MAX)
    intro = (intro or "").strip()
    if len(intro) > INTRO_MAX:
        raise ActionError(gettext("At most %(max)d characters.", max=INTRO_MAX), "intro")
    moment = local_to_utc(closes_at) if (closes_at or "").strip() else None
    if moment is not None and moment <= utcnow() and (survey is None or moment != survey.closes_at):
        raise ActionError(gettext("Choose a closing time in the future, or leave it empty."), "closes_at")
    new = survey is None
    survey = survey or Survey(created_by_id=actor.id, status=DRAFT)
    survey.title, survey.intro_md, survey.intro_html, survey.closes_at = title, intro, render_markdown(intro), moment
    db.session.add(survey)
    db.session.flush()
    audit.record(actor, "survey.create" if new else "survey.edit", "survey", survey.id, details=title)
    db.session.commit()
    return survey


def set_status(actor, survey: Survey, status: str) -> None:
    """Opens a survey for answers (it needs a question), or closes it; a closed survey may open again."""
    require_permission(actor, "manage_surveys", STAFF_ONLY)
    if status not in (OPEN, CLOSED) or status == survey.status:
        raise ActionError(gettext("Nothing to change: the survey is already in that state."))
    if status == OPEN:
        if not survey.questions:
            raise ActionError(gettext("Add at least one question before opening the survey."))
        if survey.closes_at is not None and survey.closes_at <= utcnow():
            raise ActionError(gettext("Its closing time has passed: choose a later one (or none) first."))
    survey.status = status
    audit.record(actor, "survey.open" if status == OPEN else "survey.close", "survey", survey.id,
                 details=survey.title)
    db.session.commit()


def delete_survey(actor, survey: Survey) -> None:
    """Deletes the survey with its questions and every response to it."""
    require_permission(actor, "manage_surveys", STAFF_ONLY)
    audit.record(actor, "survey.delete", "survey", survey.id,
                 details=f"{survey.title} ({survey.response_count})")
    responses = db.select(SurveyResponse.id).where(SurveyResponse.survey_id == survey.id).scalar_subquery()
    questions = db.select(SurveyQuestion.id).where(SurveyQuestion.survey_id == survey.id).scalar_subquery()
    db.session.execute(db.delete(SurveyAnswer).where(SurveyAnswer.response_id.in_(responses)))
    db.session.execute(db.delete(SurveyResponse).where(SurveyResponse.survey_id == survey.id))
    db.session.execute(db.delete(SurveyOption).where(SurveyOption.question_id.in_(questions)))
    db.session.delete(survey)
    db.session.commit()


@dataclass(frozen=True)
class QuestionDraft:
    kind: str
    prompt: str
    hint: str
    required: bool
    labels: tuple[str, ...]


def draft_question(kind: str, prompt: str, hint: str, required: bool, options: str) -> QuestionDraft:
    """Checks what staff typed (options one per line, for choice questions) and names the field at fault."""
    if kind not in KINDS:
        raise ActionError(gettext("Not a valid choice."), "kind")
    prompt, hint = _line(prompt, "prompt", PROMPT_MAX), _line(hint, "hint", HINT_MAX, required=False)
    labels = ()
    if kind in CHOICE_KINDS:
        labels = tuple(label for label in (" ".join(plain_text(line).split()) for line in (options or "").splitlines())
                       if label)
        low, high = OPTION_COUNT
        if not low <= len(labels) <= high:
            raise ActionError(gettext("A choice question has %(low)d to %(high)d options, one per line.",
                                      low=low, high=high), "options")
        seen = set()
        for label in labels:
            if len(label) > OPTION_MAX:
                raise ActionError(gettext("An option can have at most %(max)d characters: “%(option)s…”",
                                          max=OPTION_MAX, option=label[:40]), "options")
            if label.casefold() in seen:
                raise ActionError(gettext("“%(option)s” is listed twice: each option must be different.",
                                          option=label), "options")
            seen.add(label.casefold())
    return QuestionDraft(kind, prompt, hint, bool(required), labels)


def _require_unanswered(survey: Survey) -> None:
    if survey.response_count:
        raise ActionError(gettext("Members have already answered this survey, so its questions can no longer "
                                  "change (the results would mix old and new questions). You can still edit the "
                                  "title and introduction, close the survey, or make a new one."))


def _write(question: SurveyQuestion, new: QuestionDraft) -> None:
    question.kind, question.prompt, question.hint, question.required = new.kind, new.prompt, new.hint, new.required
    question.options = [SurveyOption(position=position, label=label) for position, label in enumerate(new.labels, 1)]


def add_question(actor, survey: Survey, new: QuestionDraft) -> SurveyQuestion:
    require_permission(actor, "manage_surveys", STAFF_ONLY)
    _require_unanswered(survey)
    if len(survey.questions) >= QUESTION_COUNT_MAX:
        raise ActionError(gettext("A survey has at most %(max)d questions.", max=QUESTION_COUNT_MAX))
    question = SurveyQuestion(position=len(survey.questions) + 1)
    _write(question, new)
    survey.questions.append(question)
    audit.record(actor, "survey.questions", "survey", survey.id, details=f"add:{question.position}")
    db.session.commit()
    return question


def edit_question(actor, question: SurveyQuestion, new: QuestionDraft) -> None:
    require_permission(actor, "manage_surveys", STAFF_ONLY)
    _require_unanswered(question.survey)
    _write(question, new)
    audit.record(actor, "survey.questions", "survey", question.survey_id, details=f"edit:{question.position}")
    db.session.commit()


def delete_question(actor, question: SurveyQuestion) -> None:
    require_permission(actor, "manage_surveys", STAFF_ONLY)
    survey = question.survey
    _require_unanswered(survey)
    audit.record(actor, "survey.questions", "survey", survey.id, details=f"delete:{question.position}")
    survey.questions.remove(question)
    _renumber(survey)
    db.session.commit()


def move_question(actor, question: SurveyQuestion, offset: int) -> None:
    """Moves the question one place up (offset -1) or down (+1)."""
    require_permission(actor, "manage_surveys", STAFF_ONLY)
    survey = question.survey
    _require_unanswered(survey)
    order = list(survey.questions)
    index = order.index(question)
    if not 0 <= index + offset < len(order):
        return
    order[index], order[index + offset] = order[index + offset], order[index]
    _renumber(survey, order)
    audit.record(actor, "survey.questions", "survey", survey.id, details=f"move:{index + 1}:{index + 1 + offset}")
    db.session.commit()


@audit.describes("survey.questions")
def _question_change(details: str) -> str:
    """'add:3' -> 'Added question 3', as staff read it in the audit log, in their language."""
    change, *numbers = details.split(":")
    if change == "move" and len(numbers) == 2:
        return gettext("Moved question %(old)s to place %(new)s", old=numbers[0], new=numbers[1])
    texts = {"add": gettext("Added question %(number)s"), "edit": gettext("Edited question %(number)s"),
             "delete": gettext("Deleted question %(number)s")}
    return texts[change] % {"number": numbers[0]} if change in texts and numbers else details


def _renumber(survey: Survey, order: list[SurveyQuestion] | None = None) -> None:
    for position, question in enumerate(order or survey.questions, 1):
        question.position = position


class AnswersRefused(ActionError):
    """Some answers are missing or wrong: `errors` says which, by question id."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(gettext("Please correct the answers marked below."))
        self.errors = errors


def closed_message(survey: Survey) -> str:
    if survey.status == OPEN and survey.closes_at is not None:
        return gettext("This survey closed on %(date)s. Thank you for your interest.",
                       date=format_when(survey.closes_at))
    return gettext("This survey is closed. Thank you for your interest.")


def already_answered_message() -> str:
    return gettext("You have already answered this survey. Each member answers once: thank you!")


def answer(member, survey: Survey, given: dict[int, list[str]]) -> SurveyResponse:
    """Stores a member's answers, once. `given` maps each question id to the values sent for it."""
    if not is_reader(member):
        raise ActionError(gettext("You cannot answer surveys while your account is restricted."))
    if not survey.takes_answers():
        raise ActionError(closed_message(survey))
    if db.session.scalar(db.select(SurveyResponse.id).filter_by(survey_id=survey.id, user_id=member.id)):
        raise ActionError(already_answered_message())
    answers, errors = [], {}
    for question in survey.questions:
        try:
            answers += _answers_to(question, [value for value in given.get(question.id, []) if value.strip()])
        except ActionError as error:
            errors[question.id] = error.message
    if errors:
        raise AnswersRefused(errors)
    response = SurveyResponse(survey_id=survey.id, user_id=member.id, answers=answers)
    db.session.add(response)
    db.session.execute(db.update(Survey).where(Survey.id == survey.id)
                       .values(response_count=Survey.response_count + 1))
    try:
        db.session.commit()
    except IntegrityError:  # the same member's second request crossed the first
        db.session.rollback()
        raise ActionError(already_answered_message()) from None
    return response


def _answers_to(question: SurveyQuestion, values: list[str]) -> list[SurveyAnswer]:
    if not values:
        if question.required:
            raise ActionError(gettext("This question needs an answer."))
        return []
    if question.kind == TEXT:
        text = plain_text(values[0])
        if len(text) > TEXT_ANSWER_MAX:
            raise ActionError(gettext("At most %(max)d characters.", max=TEXT_ANSWER_MAX))
        if not text:
            return _answers_to(question, [])
        return [SurveyAnswer(question_id=question.id, text=text)]
    if question.kind == RATING:
        rating = database_int_or_none(values[0]) if len(values) == 1 else None
        if rating not in RATINGS:
            raise ActionError(gettext("Choose a rating from 1 to 5."))
        return [SurveyAnswer(question_id=question.id, rating=rating)]
    options = {str(option.id): option.id for option in question.options}
    if any(value not in options for value in values):
        raise ActionError(gettext("That choice is not in this survey. Please reload the page and try again."))
    if question.kind == SINGLE and len(set(values)) > 1:
        raise ActionError(gettext("Choose one option only."))
    return [SurveyAnswer(question_id=question.id, option_id=options[value]) for value in sorted(set(values))]
