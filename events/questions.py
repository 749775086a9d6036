"""Questions for the speakers during a live session: members ask (up to 300 characters) and upvote
others' questions once; hosts approve them when the room asks for approval first, mark them answered,
highlight the one being answered now, and remove (reject) one from the Q&A. Questions awaiting approval
are seen only by the hosts and the member who asked."""
from flask_babel import gettext
from sqlalchemy.exc import IntegrityError

from accounts.permissions import is_member
from core import audit
from core.errors import ActionError
from core.markdown import render_markdown
from core.notifications import room as user_room
from core.realtime import emit_on_commit
from core.timeutil import utcnow
from events import live
from events.models import Event, LiveRoom, Question, QuestionVote
from events.permissions import can_host_live
from extensions import db

QUESTION_MAX = 300


def payload(question: Question, room: LiveRoom) -> dict:
    return {"id": question.id, "event_id": question.event_id,
            "author": {"username": question.author.username, "display_name": question.author.display_name},
            "html": question.html, "votes": question.votes, "approved": question.approved,
            "answered": question.answered_at is not None,
            "highlighted": room.highlighted_question_id == question.id,
            "created_at": question.created_at.isoformat()}


def visible(user, event: Event) -> list[Question]:
    select = db.select(Question).where(Question.event_id == event.id, Question.removed_at.is_(None))
    if not can_host_live(user, event):
        mine = Question.author_id == user.id if user.is_authenticated else False
        select = select.where(db.or_(Question.approved, mine))
    return db.session.execute(select.order_by(Question.id)).scalars().all()


def my_votes(user, event: Event) -> list[int]:
    if not user.is_authenticated:
        return []
    return db.session.execute(db.select(QuestionVote.question_id).join(Question)
                              .where(Question.event_id == event.id, Question.removed_at.is_(None),
                                     QuestionVote.user_id == user.id)).scalars().all()


def _question(event: Event, question_id: int, user) -> Question:
    question = db.session.get(Question, question_id)
    mine = user.is_authenticated and question is not None and question.author_id == user.id
    if question is None or question.event_id != event.id or question.removed_at or \
            not (question.approved or mine or can_host_live(user, event)):
        raise ActionError(gettext("That question is no longer here."))
    return question


def _tell(event: Event, question: Question, name: str, data: dict | None = None) -> None:
    """Once committed: approved questions go to the whole room; one awaiting approval only to the hosts and
    its asker."""
    data = data or payload(question, live.settings(event))
    if question.approved:
        emit_on_commit(name, data, live.room_name(event.id))
    else:
        emit_on_commit(name, data, live.hosts_room(event.id))
        emit_on_commit(name, data, user_room(question.author_id))


def ask(author, event: Event, body) -> Question:
    refusal = live.sending_refusal(author, event)
    if refusal:
        raise ActionError(refusal)
    body = " ".join(body.split()) if isinstance(body, str) else ""
    if not body:
        raise ActionError(gettext("Write your question first."), "body")
    if len(body) > QUESTION_MAX:
        raise ActionError(gettext("A question can have at most %(count)d characters (this one has %(length)d).",
                                  count=QUESTION_MAX, length=len(body)), "body")
    live.check_flood(author)
    approved = not live.settings(event).approve_questions or can_host_live(author, event)
    question = Question(event_id=event.id, author_id=author.id, body=body, votes=0, approved=approved,
                        html=render_markdown(body, inline=True))
    db.session.add(question)
    db.session.flush()  # its id, its time and its author, for the room
    _tell(event, question, "question")
    db.session.commit()
    return question


def upvote(member, event: Event, question_id: int) -> Question:
    if not is_member(member):
        raise ActionError(gettext("Sign in to take part in the chat."))
    question = _question(event, question_id, member)
    if question.author_id == member.id:
        raise ActionError(gettext("You cannot vote for your own question."))
    if not question.approved:
        raise ActionError(gettext("This question is waiting for a host's approval."))
    db.session.add(QuestionVote(question_id=question.id, user_id=member.id))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ActionError(gettext("You have already voted for this question.")) from None
    db.session.execute(db.update(Question).where(Question.id == question.id).values(votes=Question.votes + 1))
    db.session.refresh(question, ["votes"])  # others' votes committed meanwhile included
    _tell(event, question, "question_updated")
    db.session.commit()
    return question


def approve(actor, event: Event, question_id: int) -> Question:
    live.require_host(actor, event)
    question = _question(event, question_id, actor)
    question.approved = True
    _tell(event, question, "question")
    db.session.commit()
    return question


def mark_answered(actor, event: Event, question_id: int) -> Question:
    """Answered questions leave the highlight."""
    live.require_host(actor, event)
    question = _question(event, question_id, actor)
    question.answered_at = question.answered_at or utcnow()
    room = db.session.get(LiveRoom, event.id)
    if room and room.highlighted_question_id == question.id:
        room.highlighted_question_id = None
    _tell(event, question, "question_updated")
    db.session.commit()
    return question


def highlight(actor, event: Event, question_id: int | None) -> None:
    """The question being answered now (None: none). The one highlighted before is told it no longer is."""
    live.require_host(actor, event)
    question = _question(event, question_id, actor) if question_id is not None else None
    if question is not None and not question.approved:
        raise ActionError(gettext("This question is waiting for a host's approval."))
    room = live.changeable(event)
    before = db.session.get(Question, room.highlighted_question_id) if room.highlighted_question_id else None
    room.highlighted_question_id = question.id if question else None
    for changed in {before, question} - {None}:
        _tell(event, changed, "question_updated")
    db.session.commit()


def reject(actor, event: Event, question_id: int) -> None:
    """Removes a question, waiting or approved, from the Q&A for everyone (it stays in the database,
    hidden, and in the audit log). A highlighted one leaves the highlight."""
    live.require_host(actor, event)
    question = _question(event, question_id, actor)
    question.removed_at = utcnow()
    room = db.session.get(LiveRoom, event.id)
    if room and room.highlighted_question_id == question.id:
        room.highlighted_question_id = None
    audit.record(actor, "event.question_reject", "event", event.id,
                 details=f"{question.author.username}: {question.body}")
    _tell(event, question, "question_removed", {"event_id": event.id, "id": question.id})
    db.session.commit()
