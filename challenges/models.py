"""Reading challenge tables.

A member joins a challenge (a Participant row) and logs reading (LogEntry rows). Only `counted` entries
count; `pending` ones wait for staff review, `rejected` and `removed` ones are kept for the record.
Leaderboards read ChallengeTotal rows, one per participant (kind "member") and one per team (kind "team"),
which challenges/actions.py keeps equal to the sum of counted entries in the same transaction as every
change to an entry. Quiz points are a separate column of the same rows (see README, "Challenges").
"""
from flask_babel import lazy_gettext as _l

from core.text import slugify
from core.timeutil import UTCDateTime, utcnow
from extensions import db

UNITS = {"pages": _l("pages"), "minutes": _l("minutes"), "books": _l("books")}
COUNTED, PENDING, REJECTED, REMOVED = "counted", "pending", "rejected", "removed"
ENTRY_STATES = (COUNTED, PENDING, REJECTED, REMOVED)
MEMBER, TEAM = "member", "team"
LEADERBOARD_PER_PAGE = 50


class Challenge(db.Model):
    __tablename__ = "challenges"
    __table_args__ = (db.Index("ix_challenges_period", "ends_on", "starts_on"),)

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(80), nullable=False, unique=True)
    title = db.Column(db.String(150), nullable=False)
    description_md = db.Column(db.Text, nullable=False, default="")
    description_html = db.Column(db.Text, nullable=False, default="")
    starts_on = db.Column(db.Date, nullable=False)  # dates in the library's time zone, both included
    ends_on = db.Column(db.Date, nullable=False)
    unit = db.Column(db.String(10), nullable=False)  # a key of UNITS
    target = db.Column(db.Integer, nullable=False)  # the goal, in `unit`
    is_team = db.Column(db.Boolean, nullable=False, default=False)
    raffle_every = db.Column(db.Integer, nullable=True)  # one raffle entry per this many units; None: no raffle
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    badges = db.relationship("Badge", order_by="Badge.threshold", cascade="all, delete-orphan",
                             back_populates="challenge")
    teams = db.relationship("Team", order_by="Team.name", cascade="all, delete-orphan", back_populates="challenge")

    def status(self, today) -> str:
        if today < self.starts_on:
            return "upcoming"
        return "running" if today <= self.ends_on else "past"

    def raffle_entries(self, amount: int) -> int:
        return amount // self.raffle_every if self.raffle_every else 0


def unique_slug(title: str, taken) -> str:
    base = slugify(title, 70)
    slug, number = base, 1
    while taken(slug):
        number += 1
        slug = f"{base}-{number}"
    return slug


class Badge(db.Model):
    """Earned when a participant's counted amount reaches `threshold` (in units, or percent of the target)."""
    __tablename__ = "challenge_badges"

    id = db.Column(db.Integer, primary_key=True)
    challenge_id = db.Column(db.Integer, db.ForeignKey("challenges.id"), nullable=False, index=True)
    name = db.Column(db.String(60), nullable=False)
    threshold = db.Column(db.Integer, nullable=False)
    is_percent = db.Column(db.Boolean, nullable=False, default=False)

    challenge = db.relationship(Challenge, back_populates="badges")

    def needed(self, challenge: Challenge) -> int:
        """The amount that earns it, in the challenge's unit."""
        return -(-challenge.target * self.threshold // 100) if self.is_percent else self.threshold


class Team(db.Model):
    __tablename__ = "challenge_teams"
    __table_args__ = (db.UniqueConstraint("challenge_id", "name", name="uq_challenge_teams_name"),)

    id = db.Column(db.Integer, primary_key=True)
    challenge_id = db.Column(db.Integer, db.ForeignKey("challenges.id"), nullable=False)
    name = db.Column(db.String(80), nullable=False)

    challenge = db.relationship(Challenge, back_populates="teams")


class Participant(db.Model):
    __tablename__ = "challenge_participants"
    __table_args__ = (db.UniqueConstraint("challenge_id", "user_id", name="uq_challenge_participants_once"),)

    id = db.Column(db.Integer, primary_key=True)
    challenge_id = db.Column(db.Integer, db.ForeignKey("challenges.id"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    team_id = db.Column(db.Integer, db.ForeignKey("challenge_teams.id"), nullable=True, index=True)
    hide_name = db.Column(db.Boolean, nullable=False, default=False)  # "Anonymous reader" on leaderboards
    joined_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    user = db.relationship("User")
    team = db.relationship(Team)


class LogEntry(db.Model):
    __tablename__ = "challenge_log_entries"
    __table_args__ = (db.Index("ix_challenge_log_entries_day", "challenge_id", "user_id", "state", "read_on"),
                      db.Index("ix_challenge_log_entries_state", "challenge_id", "state", "id"))

    id = db.Column(db.Integer, primary_key=True)
    challenge_id = db.Column(db.Integer, db.ForeignKey("challenges.id"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    book_id = db.Column(db.Integer, db.ForeignKey("books.id"), nullable=True)
    book_title = db.Column(db.String(200), nullable=False, default="")  # free text when no catalogue book
    amount = db.Column(db.Integer, nullable=False)  # in the challenge's unit
    read_on = db.Column(db.Date, nullable=False)
    state = db.Column(db.String(10), nullable=False)  # one of ENTRY_STATES
    flag_reason = db.Column(db.String(200), nullable=False, default="")  # why it waits for review
    logged_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)  # staff for paper logs
    reviewed_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    user = db.relationship("User", foreign_keys=[user_id])
    logged_by = db.relationship("User", foreign_keys=[logged_by_id])
    book = db.relationship("Book")

    @property
    def title(self) -> str:
        return self.book.title if self.book else self.book_title


class ChallengeTotal(db.Model):
    """A leaderboard row: a participant's (kind "member") or a team's counted amount and quiz points."""
    __tablename__ = "challenge_totals"
    __table_args__ = (db.UniqueConstraint("challenge_id", "user_id", name="uq_challenge_totals_member"),
                      db.UniqueConstraint("challenge_id", "team_id", name="uq_challenge_totals_team"))

    id = db.Column(db.Integer, primary_key=True)
    challenge_id = db.Column(db.Integer, db.ForeignKey("challenges.id"), nullable=False)
    kind = db.Column(db.String(6), nullable=False)  # MEMBER or TEAM
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    team_id = db.Column(db.Integer, db.ForeignKey("challenge_teams.id"), nullable=True)
    amount = db.Column(db.Integer, nullable=False, default=0)
    points = db.Column(db.Integer, nullable=False, default=0)

    user = db.relationship("User")
    team = db.relationship(Team)


# The leaderboard reads the top rows straight from this index, in order.
db.Index("ix_challenge_totals_board", ChallengeTotal.challenge_id, ChallengeTotal.kind, ChallengeTotal.amount.desc(),
         ChallengeTotal.points.desc(), ChallengeTotal.id)


class Quiz(db.Model):
    __tablename__ = "challenge_quizzes"

    id = db.Column(db.Integer, primary_key=True)
    challenge_id = db.Column(db.Integer, db.ForeignKey("challenges.id"), nullable=False, index=True)
    title = db.Column(db.String(150), nullable=False)
    time_limit_seconds = db.Column(db.Integer, nullable=True)  # None: no limit
    points_per_answer = db.Column(db.Integer, nullable=False, default=10)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    challenge = db.relationship(Challenge)
    questions = db.relationship("QuizQuestion", order_by="QuizQuestion.position", cascade="all, delete-orphan",
                                back_populates="quiz")


class QuizQuestion(db.Model):
    __tablename__ = "challenge_quiz_questions"

    id = db.Column(db.Integer, primary_key=True)
    quiz_id = db.Column(db.Integer, db.ForeignKey("challenge_quizzes.id"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False)
    text_md = db.Column(db.Text, nullable=False)
    text_html = db.Column(db.Text, nullable=False)
    choices = db.Column(db.JSON, nullable=False)  # [{"md": ..., "html": ...}], shown in this order
    correct = db.Column(db.Integer, nullable=False)  # index into choices; never sent before submission

    quiz = db.relationship(Quiz, back_populates="questions")


class QuizAttempt(db.Model):
    __tablename__ = "challenge_quiz_attempts"
    __table_args__ = (db.UniqueConstraint("quiz_id", "user_id", name="uq_challenge_quiz_attempts_once"),)

    id = db.Column(db.Integer, primary_key=True)
    quiz_id = db.Column(db.Integer, db.ForeignKey("challenge_quizzes.id"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    started_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    submitted_at = db.Column(UTCDateTime, nullable=True)
    answers = db.Column(db.JSON, nullable=True)  # {question id: choice index}
    correct_count = db.Column(db.Integer, nullable=False, default=0)
    points = db.Column(db.Integer, nullable=False, default=0)
    late = db.Column(db.Boolean, nullable=False, default=False)  # submitted after the limit: refused, no points


class Draw(db.Model):
    """A raffle draw: the tickets as they stood ([[user id, entries], ...] by user id), the seed and the
    winners. Anyone on staff can recompute the winners from the first two (challenges/raffle.py)."""
    __tablename__ = "challenge_draws"

    id = db.Column(db.Integer, primary_key=True)
    challenge_id = db.Column(db.Integer, db.ForeignKey("challenges.id"), nullable=False, index=True)
    seed = db.Column(db.String(40), nullable=False)
    tickets = db.Column(db.JSON, nullable=False)
    winner_ids = db.Column(db.JSON, nullable=False)
    drawn_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    drawn_by = db.relationship("User")
