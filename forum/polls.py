"""Polls inside threads, as on Discourse: one per thread, single or multiple choice, optionally
closing at a set time. A member sees the results once they have voted, everyone once voting has
ended; until then the options are a plain form. Votes are anonymous: only counts are shown."""
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from accounts.permissions import has_permission, is_member
from core import audit
from core.errors import ActionError
from core.fields import database_int_or_none
from core.i18n import format_when
from core.library_time import local_to_utc
from core.timeutil import utcnow
from extensions import db
from forum import watched_words
from forum.models import Poll, PollOption, PollVote, Thread
from forum.permissions import can_add_poll, can_close_poll

QUESTION_MAX = 200
OPTION_MAX = 100
OPTION_COUNT = (2, 10)


@dataclass(frozen=True)
class PollDraft:
    """A poll checked and ready to be written; `add_to` writes it in the caller's transaction."""
    question: str
    labels: tuple[str, ...]
    multiple: bool
    closes_at: datetime | None

    def add_to(self, thread: Thread) -> Poll:
        poll = Poll(thread_id=thread.id, question=self.question, multiple=self.multiple, closes_at=self.closes_at)
        db.session.add(poll)
        db.session.flush()
        db.session.add_all(PollOption(poll_id=poll.id, position=position, label=label)
                           for position, label in enumerate(self.labels))
        return poll


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def draft(author, question: str, options: str, multiple: bool, closes_at: str = "") -> PollDraft:
    """Checks what was typed (options one per line) and raises ActionError naming the field at fault."""
    question = _one_line(question)
    if not question:
        raise ActionError(gettext("Write the poll's question."), "poll_question")
    if len(question) > QUESTION_MAX:
        raise ActionError(gettext("At most %(max)d characters.", max=QUESTION_MAX), "poll_question")
    labels = tuple(label for label in map(_one_line, (options or "").splitlines()) if label)
    _check_options(labels)
    moment = local_to_utc(closes_at, "poll_closes_at") if (closes_at or "").strip() else None
    if moment is not None and moment <= utcnow():
        raise ActionError(gettext("Choose a closing time in the future, or leave it empty."), "poll_closes_at")
    question, labels = _screened(author, question, labels)
    return PollDraft(question, labels, bool(multiple), moment)


def _check_options(labels: tuple[str, ...]) -> None:
    low, high = OPTION_COUNT
    if not low <= len(labels) <= high:
        raise ActionError(gettext("A poll has %(low)d to %(high)d options, one per line.", low=low, high=high),
                          "poll_options")
    for label in labels:
        if len(label) > OPTION_MAX:
            raise ActionError(gettext("An option can have at most %(max)d characters: “%(option)s…”",
                                      max=OPTION_MAX, option=label[:40]), "poll_options")
    seen = set()
    for label in labels:
        if label.casefold() in seen:
            raise ActionError(gettext("“%(option)s” is listed twice: each option must be different.",
                                      option=label), "poll_options")
        seen.add(label.casefold())


def _screened(author, question: str, labels: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """Watched words apply to a poll as to a post: blocked ones refuse it (except for staff), censored
    ones are masked."""
    matcher = watched_words.matcher()
    word = None if has_permission(author, "moderate") else matcher.find("block", question, *labels)
    if word:
        raise ActionError(gettext("“%(word)s” is not allowed here. Please change your text.", word=word),
                          "poll_question" if matcher.find("block", question) else "poll_options")
    return matcher.censor(question), tuple(matcher.censor(label) for label in labels)


def poll_of(thread: Thread) -> Poll | None:
    """The thread's poll with its options, in one query."""
    return db.session.execute(db.select(Poll).options(joinedload(Poll.options))
                              .where(Poll.thread_id == thread.id)).unique().scalar_one_or_none()


def takes_votes(poll: Poll, thread: Thread) -> bool:
    """Open: not closed by time or by hand, in a thread still open to replies."""
    return not (poll.closed or thread.closed or thread.deleted_at or thread.merged_into_id is not None)


def add_poll(actor, thread: Thread, new: PollDraft) -> Poll:
    """Adds a poll to a thread that has none (its author or a moderator)."""
    if not can_add_poll(actor, thread):
        raise ActionError(gettext("You may not add a poll to this thread."))
    if poll_of(thread) is not None:
        raise ActionError(gettext("This thread already has a poll."))
    poll = new.add_to(thread)
    if actor.id != thread.author_id:
        audit.record(actor, "poll.add", "thread", thread.id, details=poll.question)
    _commit(gettext("This thread already has a poll."))
    return poll


def vote(member, poll: Poll, thread: Thread, choices: list[str]) -> None:
    """Records the member's choice, replacing any earlier one."""
    _require_voter(member, poll, thread)
    chosen = _chosen_options(poll, choices)
    _delete_votes(member, poll)
    db.session.add_all(PollVote(poll_id=poll.id, option_id=option_id, user_id=member.id,
                                slot=option_id if poll.multiple else 0) for option_id in chosen)
    _commit(gettext("Your vote was not saved: another one from you arrived at the same moment. Please try again."))


def withdraw(member, poll: Poll, thread: Thread) -> None:
    _require_voter(member, poll, thread)
    _delete_votes(member, poll)
    db.session.commit()


def close(actor, poll: Poll, thread: Thread) -> None:
    """Ends the voting now; the results show to everyone."""
    if not can_close_poll(actor, thread):
        raise ActionError(gettext("Only the thread's author or a moderator can close its poll."))
    if poll.closed:
        raise ActionError(gettext("This poll is already closed."))
    poll.closed_at = utcnow()
    if actor.id != thread.author_id:
        audit.record(actor, "poll.close", "thread", thread.id, details=poll.question)
    db.session.commit()


def _require_voter(member, poll: Poll, thread: Thread) -> None:
    silence = member.silence if member.is_authenticated else None
    if silence is not None:
        raise ActionError(gettext("Your account is read-only until %(until)s: you cannot vote. Reason: %(reason)s",
                                  until=format_when(silence.until), reason=silence.reason))
    if not is_member(member):
        raise ActionError(gettext("You cannot vote in this poll."))
    if not takes_votes(poll, thread):
        raise ActionError(closed_message(poll, thread))


def closed_message(poll: Poll, thread: Thread) -> str:
    if poll.closed_at is None and poll.closes_at is not None and poll.closed:
        return gettext("This poll closed on %(date)s.", date=format_when(poll.closes_at))
    if poll.closed:
        return gettext("This poll is closed.")
    return gettext("This thread is closed, and so is its poll.")


def _chosen_options(poll: Poll, choices: list[str]) -> set[int]:
    wanted = set(choices)
    if not wanted:
        raise ActionError(gettext("Choose an option first."))
    ids = {option.id for option in poll.options}
    chosen = {number for number in map(database_int_or_none, wanted) if number in ids}
    if len(chosen) != len(wanted):
        raise ActionError(gettext("That choice is not in this poll. Please reload the page and vote again."))
    if len(chosen) > 1 and not poll.multiple:
        raise ActionError(gettext("This poll takes one choice only."))
    return chosen


def _delete_votes(member, poll: Poll) -> None:
    db.session.execute(db.delete(PollVote).where(PollVote.poll_id == poll.id, PollVote.user_id == member.id))


def _commit(conflict: str) -> None:
    """A unique constraint that a simultaneous request crossed first becomes a message for a person."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ActionError(conflict) from None


@dataclass
class PollBox:
    """What the thread page shows of a poll to one reader."""
    poll: Poll
    open: bool
    mine: set[int]  # the option ids the reader chose
    counts: dict[int, int] | None  # votes per option id; None while the reader may not see the results
    voters: int
    may_vote: bool
    may_close: bool

    def percent(self, option_id: int) -> int:
        return round(100 * self.counts.get(option_id, 0) / self.voters) if self.voters else 0


def box_for(poll: Poll, thread: Thread, user) -> PollBox:
    """The reader's own votes and, when they may see them, the counts: at most three queries after
    poll_of(), whatever the number of options, votes and posts."""
    mine = set(db.session.execute(db.select(PollVote.option_id).where(
        PollVote.poll_id == poll.id, PollVote.user_id == user.id)).scalars()) if user.is_authenticated else set()
    open_now = takes_votes(poll, thread)
    counts, voters = (_counts(poll) if mine or not open_now else (None, 0))
    return PollBox(poll, open_now, mine, counts, voters, may_vote=open_now and is_member(user),
                   may_close=open_now and can_close_poll(user, thread))


def _counts(poll: Poll) -> tuple[dict[int, int], int]:
    rows = db.session.execute(db.select(PollVote.option_id, db.func.count()).where(PollVote.poll_id == poll.id)
                              .group_by(PollVote.option_id)).all()
    voters = db.session.scalar(db.select(db.func.count(db.distinct(PollVote.user_id)))
                               .where(PollVote.poll_id == poll.id))
    return {option_id: count for option_id, count in rows}, voters
