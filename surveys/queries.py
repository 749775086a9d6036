"""Read-only survey queries: lists, one member's response, results, the export, and satisfaction."""
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext
from sqlalchemy.orm import joinedload

from core.timeutil import utcnow
from extensions import db
from surveys.models import OPEN, RATING, RATINGS, TEXT, SurveyAnswer, SurveyQuestion, SurveyResponse, Survey

TEXT_PREVIEW = 5
TEXT_PER_PAGE = 50


def _open(now: datetime | None = None):
    now = now or utcnow()
    return db.select(Survey).where(Survey.status == OPEN,
                                   db.or_(Survey.closes_at.is_(None), Survey.closes_at > now))


def open_surveys(limit: int | None = None) -> list[Survey]:
    """Surveys taking answers now, newest first."""
    return db.session.execute(_open().order_by(Survey.id.desc()).limit(limit)).scalars().all()


def all_surveys() -> list[Survey]:
    return db.session.execute(db.select(Survey).order_by(Survey.id.desc())).scalars().all()


def answered(user, surveys: list[Survey]) -> dict[int, datetime]:
    """{survey id: when the member answered} among `surveys`."""
    if not user.is_authenticated or not surveys:
        return {}
    rows = db.session.execute(db.select(SurveyResponse.survey_id, SurveyResponse.submitted_at).where(
        SurveyResponse.user_id == user.id, SurveyResponse.survey_id.in_([survey.id for survey in surveys])))
    return dict(rows.all())


def my_response(user, survey: Survey) -> SurveyResponse | None:
    if not user.is_authenticated:
        return None
    return db.session.execute(db.select(SurveyResponse).filter_by(survey_id=survey.id, user_id=user.id)
                              ).scalar_one_or_none()


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answered: int = 0  # how many responses answered it
    counts: dict = field(default_factory=dict)  # option id or rating -> how many chose it
    texts: list = field(default_factory=list)  # the newest free-text answers (SurveyAnswer)

    @property
    def average(self) -> float | None:
        total = sum(rating * count for rating, count in self.counts.items())
        return total / self.answered if self.answered and self.question.kind == RATING else None

    def rows(self) -> list[tuple]:
        """(label, count, percent of those who answered) for each option or rating, in order."""
        if self.question.kind == RATING:
            keys = [(rating, str(rating)) for rating in reversed(RATINGS)]
        else:
            keys = [(option.id, option.label) for option in self.question.options]
        return [(label, self.counts.get(key, 0), round(100 * self.counts.get(key, 0) / self.answered)
                 if self.answered else 0) for key, label in keys]


def results(survey: Survey) -> list[QuestionResult]:
    """Every question's numbers in three queries, whatever the number of responses."""
    found = {question.id: QuestionResult(question) for question in survey.questions}
    ids = list(found)
    if not ids or not survey.response_count:
        return list(found.values())
    for question_id, answered in db.session.execute(
            db.select(SurveyAnswer.question_id, db.func.count(db.distinct(SurveyAnswer.response_id)))
            .where(SurveyAnswer.question_id.in_(ids)).group_by(SurveyAnswer.question_id)):
        found[question_id].answered = answered
    for question_id, option_id, rating, count in db.session.execute(
            db.select(SurveyAnswer.question_id, SurveyAnswer.option_id, SurveyAnswer.rating, db.func.count())
            .where(SurveyAnswer.question_id.in_(ids), SurveyAnswer.text.is_(None))
            .group_by(SurveyAnswer.question_id, SurveyAnswer.option_id, SurveyAnswer.rating)):
        found[question_id].counts[option_id if option_id is not None else rating] = count
    for result in found.values():
        if result.question.kind == TEXT and result.answered:
            result.texts = text_answers(result.question, 1, TEXT_PREVIEW).items
    return list(found.values())


def text_answers(question: SurveyQuestion, page: int, per_page: int = TEXT_PER_PAGE):
    """A question's free-text answers (with their response), newest first, as a Flask-SQLAlchemy page."""
    return db.paginate(db.select(SurveyAnswer).options(joinedload(SurveyAnswer.response))
                       .where(SurveyAnswer.question_id == question.id, SurveyAnswer.text.is_not(None))
                       .order_by(SurveyAnswer.id.desc()), page=page, per_page=per_page, error_out=False)


def export_rows(survey: Survey, when) -> list[list]:
    """A header, then one row per response, oldest first: its number, when (`when` formats it), then one
    column per question (several chosen options joined with "; "). No member is named."""
    questions = survey.questions
    labels = {option.id: option.label for question in questions for option in question.options}
    column = {question.id: 2 + index for index, question in enumerate(questions)}
    responses = db.session.execute(db.select(SurveyResponse.id, SurveyResponse.submitted_at)
                                   .where(SurveyResponse.survey_id == survey.id).order_by(SurveyResponse.id)).all()
    rows = {response_id: [number, when(submitted_at)] + [""] * len(questions)
            for number, (response_id, submitted_at) in enumerate(responses, 1)}
    answers = db.session.execute(
        db.select(SurveyAnswer.response_id, SurveyAnswer.question_id, SurveyAnswer.rating, SurveyAnswer.option_id,
                  SurveyAnswer.text)
        .join(SurveyResponse).where(SurveyResponse.survey_id == survey.id).order_by(SurveyAnswer.id))
    for response_id, question_id, rating, option_id, text in answers:
        value = str(rating) if rating is not None else labels.get(option_id, "") if option_id else text or ""
        row, cell = rows[response_id], column[question_id]
        row[cell] = f"{row[cell]}; {value}" if row[cell] else value
    header = ["#", gettext("Submitted")] + [f"{question.position}. {question.prompt}" for question in questions]
    return [header, *rows.values()]


def ratings_given(start: datetime, end: datetime) -> dict[int, int]:
    """{rating 1-5: how many rating answers gave it} over the responses submitted in [start, end): the
    staff analytics dashboard's satisfaction figure."""
    rows = db.session.execute(
        db.select(SurveyAnswer.rating, db.func.count()).join(SurveyResponse)
        .where(SurveyAnswer.rating.is_not(None), SurveyResponse.submitted_at >= start, SurveyResponse.submitted_at < end)
        .group_by(SurveyAnswer.rating))
    return {int(rating): int(count) for rating, count in rows}
