"""Live polls: a host opens one (a question and 2 to 6 options), members vote once, everyone's bars move
as votes arrive (`poll_updated`), and the host closes it. Results stay with the event and show on its
page afterwards. One poll is open at a time."""
from flask_babel import gettext
from sqlalchemy.exc import IntegrityError

from accounts.permissions import is_member
from core import audit
from core.errors import ActionError
from core.realtime import emit_on_commit
from core.timeutil import utcnow
from events import live
from events.models import Event, LivePoll, LivePollOption, LivePollVote
from extensions import db

QUESTION_MAX = 200
OPTION_MAX = 100
OPTIONS = (2, 6)


def payload(poll: LivePoll) -> dict:
    return {"id": poll.id, "event_id": poll.event_id, "question": poll.question, "closed": poll.closed_at is not None,
            "options": [{"id": option.id, "label": option.label, "votes": option.votes} for option in poll.options],
            "total": sum(option.votes for option in poll.options)}


def of_event(event: Event) -> list[LivePoll]:
    return db.session.execute(db.select(LivePoll).where(LivePoll.event_id == event.id).order_by(LivePoll.id)).scalars().all()


def my_votes(user, event: Event) -> dict[int, int]:
    """{poll id: option id} for the polls this member voted in."""
    if not user.is_authenticated:
        return {}
    return dict(db.session.execute(db.select(LivePollVote.poll_id, LivePollVote.option_id).join(LivePoll)
                                   .where(LivePoll.event_id == event.id, LivePollVote.user_id == user.id)).all())


def _texts(question, options) -> tuple[str, list[str]]:
    question = " ".join(question.split()) if isinstance(question, str) else ""
    if not 1 <= len(question) <= QUESTION_MAX:
        raise ActionError(gettext("A poll question has 1 to %(most)d characters.", most=QUESTION_MAX), "question")
    labels = [" ".join(option.split()) for option in options if isinstance(option, str)] \
        if isinstance(options, list) else []
    labels = [label for label in labels if label]
    low, high = OPTIONS
    if not low <= len(labels) <= high:
        raise ActionError(gettext("A poll has %(low)d to %(high)d options.", low=low, high=high), "options")
    if any(len(label) > OPTION_MAX for label in labels):
        raise ActionError(gettext("An option has at most %(most)d characters.", most=OPTION_MAX), "options")
    return question, labels


def open_poll(actor, event: Event, question, options) -> LivePoll:
    live.require_host(actor, event)
    if live.has_ended(event, live.settings(event)):
        raise ActionError(gettext("The live session has ended: the chat is read-only."))
    question, labels = _texts(question, options)
    if db.session.execute(db.select(LivePoll.id).where(LivePoll.event_id == event.id, LivePoll.closed_at.is_(None))).first():
        raise ActionError(gettext("Close the open poll before starting another."))
    poll = LivePoll(event_id=event.id, question=question, created_by_id=actor.id,
                options=[LivePollOption(position=number, label=label, votes=0) for number, label in enumerate(labels)])
    db.session.add(poll)
    db.session.flush()
    audit.record(actor, "event.poll_open", "event", event.id, details=question)
    emit_on_commit("poll", payload(poll), live.room_name(event.id))
    db.session.commit()
    return poll


def _poll(event: Event, poll_id: int) -> LivePoll:
    poll = db.session.get(LivePoll, poll_id)
    if poll is None or poll.event_id != event.id:
        raise ActionError(gettext("That poll is no longer here."))
    return poll


def vote(member, event: Event, poll_id: int, option_id: int) -> LivePoll:
    if not is_member(member):
        raise ActionError(gettext("Sign in to vote."))
    poll = _poll(event, poll_id)
    if poll.closed_at:
        raise ActionError(gettext("This poll is closed."))
    if option_id not in {option.id for option in poll.options}:
        raise ActionError(gettext("Choose one of the poll's options."))
    db.session.add(LivePollVote(poll_id=poll.id, option_id=option_id, user_id=member.id))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ActionError(gettext("You have already voted in this poll.")) from None
    db.session.execute(db.update(LivePollOption).where(LivePollOption.id == option_id).values(votes=LivePollOption.votes + 1))
    _count_afresh(poll)
    emit_on_commit("poll_updated", payload(poll), live.room_name(event.id))
    db.session.commit()
    return poll


def _count_afresh(poll: LivePoll) -> None:
    """The options' counts as the database has them now, others' votes committed meanwhile included."""
    db.session.execute(db.select(LivePollOption).where(LivePollOption.poll_id == poll.id)
                       .execution_options(populate_existing=True)).scalars().all()


def close_poll(actor, event: Event, poll_id: int) -> LivePoll:
    live.require_host(actor, event)
    poll = _poll(event, poll_id)
    if not poll.closed_at:
        poll.closed_at = utcnow()
        audit.record(actor, "event.poll_close", "event", event.id, details=poll.question)
        emit_on_commit("poll_updated", payload(poll), live.room_name(event.id))
        db.session.commit()
    return poll
