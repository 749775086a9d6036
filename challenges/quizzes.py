"""Literacy quizzes inside a challenge: multiple choice, one attempt, an optional time limit enforced on the
server (the attempt's start is recorded; answers after the limit and a short grace are refused), answers
checked on the server. Points go to the participant's (and team's) `points` on the leaderboard, a column
beside the reading amount: they never turn into pages or minutes (README, "Challenges")."""
from datetime import timedelta

from flask_babel import gettext

from accounts.permissions import require_permission
from challenges import actions
from challenges.models import Challenge, Quiz, QuizAttempt, QuizQuestion
from core import audit
from core.errors import ActionError
from core.library_time import library_today
from core.markdown import render_markdown
from core.timeutil import utcnow
from extensions import db

GRACE = timedelta(seconds=10)  # the network and a slow phone: answers this late still count
QUESTIONS_MAX = 50
CHOICES = (2, 8)


def parse_questions(text: str) -> list[tuple[str, list[str], int]]:
    """'? Question' then '* right' / '- wrong' lines; blocks separated by empty lines."""
    questions = []
    for number, block in enumerate([b for b in (text or "").replace("\r\n", "\n").split("\n\n") if b.strip()], 1):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines[0].startswith("?"):
            raise ActionError(gettext("Question %(number)d: start it with “? ”.", number=number), "questions")
        choices = [line[1:].strip() for line in lines[1:]]
        right = [index for index, line in enumerate(lines[1:]) if line.startswith("*")]
        if any(line[:1] not in "*-" for line in lines[1:]) or not all(choices) or len(right) != 1 \
                or not CHOICES[0] <= len(choices) <= CHOICES[1]:
            raise ActionError(gettext("Question %(number)d: give 2 to 8 choices, one per line, exactly one starting "
                                      "with “* ” (the right one), the others with “- ”.", number=number), "questions")
        questions.append((lines[0][1:].strip(), choices, right[0]))
    if not questions or len(questions) > QUESTIONS_MAX:
        raise ActionError(gettext("A quiz has 1 to %(max)d questions.", max=QUESTIONS_MAX), "questions")
    return questions


def rendered_choices(choices: list[str]) -> list[dict]:
    """A question's answer choices as stored: each as typed and rendered."""
    return [{"md": choice, "html": render_markdown(choice)} for choice in choices]


def rerendered_choices(stored: list[dict]) -> list[dict]:
    """Stored choices rendered again from what was typed (`flask --app app markdown rerender`)."""
    return rendered_choices([choice["md"] for choice in stored])


def create_quiz(staff, challenge: Challenge, title: str, questions_text: str, time_limit_minutes: int | None,
                points_per_answer: int) -> Quiz:
    require_permission(staff, "manage_challenges", actions.STAFF_ONLY)
    title = " ".join((title or "").split())
    if not title or len(title) > 150:
        raise ActionError(gettext("This field is required."), "title")
    quiz = Quiz(challenge_id=challenge.id, title=title, points_per_answer=points_per_answer,
                time_limit_seconds=time_limit_minutes * 60 if time_limit_minutes else None)
    for position, (text, choices, right) in enumerate(parse_questions(questions_text)):
        quiz.questions.append(QuizQuestion(position=position, text_md=text, text_html=render_markdown(text),
                                           choices=rendered_choices(choices),
                                           correct=right))
    db.session.add(quiz)
    db.session.flush()
    audit.record(staff, "challenge.quiz", "challenge", challenge.id, details=title)
    db.session.commit()
    return quiz


def attempt_of(quiz: Quiz, user) -> QuizAttempt | None:
    return db.session.execute(db.select(QuizAttempt).filter_by(quiz_id=quiz.id, user_id=user.id)).scalar_one_or_none()


def deadline(quiz: Quiz, attempt: QuizAttempt):
    return attempt.started_at + timedelta(seconds=quiz.time_limit_seconds) if quiz.time_limit_seconds else None


def start(member, quiz: Quiz) -> QuizAttempt:
    """Records the start; the questions are shown from now on. Starting again returns the same attempt."""
    challenge = quiz.challenge
    if actions.participant_of(challenge, member) is None:
        raise ActionError(gettext("Join the challenge first."))
    if challenge.status(library_today()) != "running":
        raise ActionError(gettext("Quizzes can be taken only while the challenge runs."))
    attempt = attempt_of(quiz, member)
    if attempt is None:
        attempt = QuizAttempt(quiz_id=quiz.id, user_id=member.id, started_at=utcnow())
        db.session.add(attempt)
        db.session.commit()
    return attempt


def submit(member, quiz: Quiz, answers: dict[int, int | None]) -> QuizAttempt:
    """Checks the answers ({question id: choice index}) once. Too late: refused, and the attempt is spent."""
    attempt = attempt_of(quiz, member)
    if attempt is None:
        raise ActionError(gettext("Start the quiz first."))
    if attempt.submitted_at is not None:
        raise ActionError(gettext("You have already taken this quiz: there is one attempt."))
    now = utcnow()
    attempt.submitted_at = now
    limit = deadline(quiz, attempt)
    if limit is not None and now > limit + GRACE:
        attempt.late = True
        db.session.commit()
        raise ActionError(gettext("Time is up: answers sent after the time limit cannot be counted."))
    attempt.answers = {str(q.id): answers.get(q.id) for q in quiz.questions}
    attempt.correct_count = sum(1 for q in quiz.questions if answers.get(q.id) == q.correct)
    attempt.points = attempt.correct_count * quiz.points_per_answer
    actions.add_points(quiz.challenge_id, member.id, attempt.points)
    actions.emit_leaderboard(quiz.challenge_id)
    db.session.commit()
    return attempt


def quizzes_of(challenge: Challenge) -> list[Quiz]:
    return db.session.execute(db.select(Quiz).where(Quiz.challenge_id == challenge.id).order_by(Quiz.id)).scalars().all()
