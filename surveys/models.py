"""Survey tables.

Staff build a Survey of Questions (rating 1–5, single choice, multiple choice, free text); choice questions
have Options. A member answers once: one Response per member and survey (a unique constraint), holding
one Answer per rating, text or single choice and one per chosen option of a multiple choice. Once a
survey has a response its questions are frozen (surveys/actions.py), so results never mix two versions
of a question. Responses name no one on results pages or in exports.
"""
from flask_babel import lazy_gettext as _l

from core.timeutil import UTCDateTime, utcnow
from extensions import db

DRAFT, OPEN, CLOSED = "draft", "open", "closed"
STATUSES = {DRAFT: _l("Draft"), OPEN: _l("Open"), CLOSED: _l("Closed")}
RATING, SINGLE, MULTIPLE, TEXT = "rating", "single", "multiple", "text"
KINDS = {RATING: _l("Rating from 1 to 5"), SINGLE: _l("Single choice"), MULTIPLE: _l("Multiple choice"),
         TEXT: _l("Free text")}
CHOICE_KINDS = (SINGLE, MULTIPLE)
RATINGS = range(1, 6)


class Survey(db.Model):
    __tablename__ = "surveys"
    __table_args__ = (db.Index("ix_surveys_status", "status", "id"),)

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(150), nullable=False)
    intro_md = db.Column(db.Text, nullable=False, default="")
    intro_html = db.Column(db.Text, nullable=False, default="")
    status = db.Column(db.String(10), nullable=False, default=DRAFT)  # a key of STATUSES
    closes_at = db.Column(UTCDateTime, nullable=True)  # stops taking answers then, even while "open"
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    response_count = db.Column(db.Integer, nullable=False, default=0)  # kept by the action that writes one

    questions = db.relationship("SurveyQuestion", order_by="SurveyQuestion.position", cascade="all, delete-orphan",
                                back_populates="survey")

    def takes_answers(self, now=None) -> bool:
        return self.status == OPEN and (self.closes_at is None or self.closes_at > (now or utcnow()))

    @property
    def has_closed(self) -> bool:
        """Closed by hand, or open but past its closing time."""
        return self.status == CLOSED or (self.status == OPEN and not self.takes_answers())


class SurveyQuestion(db.Model):
    __tablename__ = "survey_questions"
    __table_args__ = (db.Index("ix_survey_questions_survey", "survey_id", "position"),)

    id = db.Column(db.Integer, primary_key=True)
    survey_id = db.Column(db.Integer, db.ForeignKey("surveys.id", ondelete="CASCADE"), nullable=False)
    position = db.Column(db.Integer, nullable=False)  # 1, 2, 3… as shown
    kind = db.Column(db.String(10), nullable=False)  # a key of KINDS
    prompt = db.Column(db.String(300), nullable=False)
    hint = db.Column(db.String(300), nullable=False, default="")
    required = db.Column(db.Boolean, nullable=False, default=True)

    survey = db.relationship(Survey, back_populates="questions")
    options = db.relationship("SurveyOption", order_by="SurveyOption.position", cascade="all, delete-orphan",
                              back_populates="question")

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS


class SurveyOption(db.Model):
    __tablename__ = "survey_options"

    id = db.Column(db.Integer, primary_key=True)
    question_id = db.Column(db.Integer, db.ForeignKey("survey_questions.id", ondelete="CASCADE"), nullable=False,
                            index=True)
    position = db.Column(db.Integer, nullable=False)
    label = db.Column(db.String(150), nullable=False)

    question = db.relationship(SurveyQuestion, back_populates="options")


class SurveyResponse(db.Model):
    __tablename__ = "survey_responses"
    __table_args__ = (db.UniqueConstraint("survey_id", "user_id", name="uq_survey_responses_once"),
                      db.Index("ix_survey_responses_submitted", "submitted_at"))

    id = db.Column(db.Integer, primary_key=True)
    survey_id = db.Column(db.Integer, db.ForeignKey("surveys.id", ondelete="CASCADE"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    submitted_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    answers = db.relationship("SurveyAnswer", cascade="all, delete-orphan", back_populates="response")


class SurveyAnswer(db.Model):
    """One of: `rating` (1–5), `option_id` (a chosen option; several rows for a multiple choice), `text`."""
    __tablename__ = "survey_answers"
    __table_args__ = (db.Index("ix_survey_answers_question", "question_id", "option_id"),)

    id = db.Column(db.Integer, primary_key=True)
    response_id = db.Column(db.Integer, db.ForeignKey("survey_responses.id", ondelete="CASCADE"), nullable=False,
                            index=True)
    question_id = db.Column(db.Integer, db.ForeignKey("survey_questions.id", ondelete="CASCADE"), nullable=False)
    rating = db.Column(db.SmallInteger, nullable=True)
    option_id = db.Column(db.Integer, db.ForeignKey("survey_options.id", ondelete="CASCADE"), nullable=True)
    text = db.Column(db.Text, nullable=True)

    response = db.relationship(SurveyResponse, back_populates="answers")
