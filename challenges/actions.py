"""Every change to reading challenges: check permission, validate, write (totals in the same
transaction), commit, then tell the challenge's room (`leaderboard`)."""
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_date, format_decimal, gettext, lazy_gettext as _l

from accounts.models import User
from accounts.permissions import is_member, require_permission
from books.models import Book
from challenges import queries, rules
from challenges.models import (COUNTED, MEMBER, PENDING, REJECTED, REMOVED, TEAM, UNITS, Badge, Challenge,
                               ChallengeTotal, LogEntry, Participant, Team, unique_slug)
from core import audit, realtime, search
from core.errors import ActionError
from core.library_time import library_today
from core.markdown import render_markdown
from extensions import db

TITLE_LENGTH = (5, 150)
DESCRIPTION_MAX = 20_000
LONGEST_CHALLENGE = timedelta(days=366)
TARGET_MAX = 1_000_000
BADGES_MAX = 10
TEAMS_MAX = 100
REASON_MAX = 200
STAFF_ONLY = _l("Only library staff manage reading challenges.")


@dataclass
class ChallengeDetails:
    title: str
    description: str
    starts_on: date
    ends_on: date
    unit: str
    target: int
    is_team: bool = False
    badges: list[tuple[str, int, bool]] | None = None  # (name, threshold, is_percent)
    raffle_every: int | None = None


def _validated(details: ChallengeDetails) -> ChallengeDetails:
    details.title = " ".join(details.title.split())
    low, high = TITLE_LENGTH
    if not low <= len(details.title) <= high:
        raise ActionError(gettext("A title has %(low)d to %(high)d characters.", low=low, high=high), "title")
    if len(details.description or "") > DESCRIPTION_MAX:
        raise ActionError(gettext("A description can have at most %(count)d characters.", count=DESCRIPTION_MAX),
                          "description")
    if details.ends_on < details.starts_on:
        raise ActionError(gettext("The challenge must end on or after the day it starts."), "ends_on")
    if details.ends_on - details.starts_on > LONGEST_CHALLENGE:
        raise ActionError(gettext("A challenge lasts at most a year."), "ends_on")
    if details.unit not in UNITS:
        raise ActionError(gettext("Please choose what the goal counts."), "unit")
    if not 1 <= (details.target or 0) <= TARGET_MAX:
        raise ActionError(gettext("The goal: a number from 1 to %(max)d.", max=TARGET_MAX), "target")
    if details.raffle_every is not None and not 1 <= details.raffle_every <= TARGET_MAX:
        raise ActionError(gettext("A number from 1 to %(max)d, or empty for no raffle.", max=TARGET_MAX),
                          "raffle_every")
    if len(details.badges or []) > BADGES_MAX:
        raise ActionError(gettext("At most %(count)d badges.", count=BADGES_MAX), "badges")
    return details


def save_challenge(actor, challenge: Challenge | None, details: ChallengeDetails) -> Challenge:
    require_permission(actor, "manage_challenges", STAFF_ONLY)
    details = _validated(details)
    new = challenge is None
    if new:
        challenge = Challenge(created_by_id=actor.id, slug=unique_slug(details.title, _slug_taken))
        db.session.add(challenge)
    challenge.title, challenge.starts_on, challenge.ends_on = details.title, details.starts_on, details.ends_on
    challenge.description_md = (details.description or "").strip()
    challenge.description_html = render_markdown(challenge.description_md)
    challenge.unit, challenge.target, challenge.raffle_every = details.unit, details.target, details.raffle_every
    challenge.is_team = details.is_team
    if details.badges is not None:
        challenge.badges = [Badge(name=name, threshold=threshold, is_percent=is_percent)
                            for name, threshold, is_percent in details.badges]
    db.session.flush()
    search.index("challenge", challenge.id, challenge.title, search.plain_text(challenge.description_html))
    audit.record(actor, "challenge.create" if new else "challenge.edit", "challenge", challenge.id,
                 details=challenge.title)
    db.session.commit()
    return challenge


def _slug_taken(slug: str) -> bool:
    return db.session.execute(db.select(Challenge.id).where(Challenge.slug == slug)).first() is not None


def participant_of(challenge: Challenge, user) -> Participant | None:
    if not (user and user.is_authenticated):
        return None
    return db.session.execute(db.select(Participant).filter_by(challenge_id=challenge.id, user_id=user.id)
                              ).scalar_one_or_none()


def _join(challenge: Challenge, user: User, hide_name: bool = False) -> Participant:
    participant = Participant(challenge_id=challenge.id, user_id=user.id, hide_name=hide_name)
    db.session.add(participant)
    db.session.add(ChallengeTotal(challenge_id=challenge.id, kind=MEMBER, user_id=user.id, amount=0, points=0))
    db.session.flush()
    return participant


def join(member, challenge: Challenge, hide_name: bool = False) -> Participant:
    if not is_member(member):
        raise ActionError(gettext("You cannot join challenges while your account is restricted."))
    if challenge.status(library_today()) == "past":
        raise ActionError(gettext("This challenge has ended."))
    participant = participant_of(challenge, member)
    if participant is None:
        participant = _join(challenge, member, hide_name)
        emit_leaderboard(challenge.id)
        db.session.commit()
    return participant


def set_name_hidden(member, challenge: Challenge, hidden: bool) -> None:
    participant = participant_of(challenge, member)
    if participant is None:
        raise ActionError(gettext("Join the challenge first."))
    participant.hide_name = hidden
    emit_leaderboard(challenge.id)
    db.session.commit()


# --- Totals: kept equal to the sum of counted entries, in the transaction that changes an entry -----------

def _add_to_totals(challenge_id: int, user_id: int, amount: int = 0, points: int = 0) -> None:
    """A relative UPDATE, so two entries committed at once both count."""
    if not (amount or points):
        return
    team_id = db.session.scalar(db.select(Participant.team_id).filter_by(challenge_id=challenge_id, user_id=user_id))
    owners = [ChallengeTotal.user_id == user_id]
    if team_id is not None:
        owners.append(ChallengeTotal.team_id == team_id)
    db.session.execute(db.update(ChallengeTotal)
                       .where(ChallengeTotal.challenge_id == challenge_id, db.or_(*owners))
                       .values(amount=ChallengeTotal.amount + amount, points=ChallengeTotal.points + points)
                       .execution_options(synchronize_session=False))


def add_points(challenge_id: int, user_id: int, points: int) -> None:
    """Quiz points, in the caller's transaction."""
    _add_to_totals(challenge_id, user_id, points=points)


def _counted(entry: LogEntry) -> int:
    return entry.amount if entry.state == COUNTED else 0


# --- Logging ------------------------------------------------------------------------------------------------

def _number(value: int) -> str:
    return format_decimal(value)


def _check_date(challenge: Challenge, read_on: date | None) -> date:
    if read_on is None:
        raise ActionError(gettext("Please enter the date you read."), "read_on")
    if read_on > library_today():
        raise ActionError(gettext("You cannot log reading for a future date."), "read_on")
    if not challenge.starts_on <= read_on <= challenge.ends_on:
        raise ActionError(gettext("This challenge runs from %(start)s to %(end)s: please pick a date in that period.",
                                  start=format_date(challenge.starts_on, "long"),
                                  end=format_date(challenge.ends_on, "long")), "read_on")
    return read_on


def _check_amount(challenge: Challenge, user_id: int, amount: int | None, read_on: date,
                  leave_out: int | None = None) -> int:
    """Refuses what cannot be true; returns the day's amount with this entry (counted or waiting)."""
    unit = challenge.unit
    if amount is None or amount < 1:
        raise ActionError(gettext("Please enter how much you read: a whole number, at least 1."), "amount")
    cap = rules.day_cap(unit)
    if amount > cap:
        raise ActionError(gettext("%(amount)s %(unit)s in one day is more than anyone can read. At most "
                                  "%(cap)s %(unit)s a day can be logged: please check the number.",
                                  amount=_number(amount), cap=_number(cap), unit=UNITS[unit]), "amount")
    day = rules.day_total(challenge.id, user_id, read_on, (COUNTED, PENDING), leave_out) + amount
    if day > cap:
        raise ActionError(gettext("With this entry, %(day)s %(unit)s would be logged for that day; at most %(cap)s "
                                  "%(unit)s a day can be logged: please check the number.",
                                  day=_number(day), cap=_number(cap), unit=UNITS[unit]), "amount")
    return day


def _book(book_id: int | None, title: str) -> tuple[int | None, str]:
    title = " ".join((title or "").split())
    if len(title) > 200:
        raise ActionError(gettext("At most %(max)d characters.", max=200), "book_title")
    if book_id:
        if db.session.get(Book, book_id) is None:
            raise ActionError(gettext("Not a valid choice."), "book_id")
        return book_id, ""
    return None, title


def log_reading(actor, challenge: Challenge, reader: User, *, amount: int | None, read_on: date | None,
                book_id: int | None = None, book_title: str = "") -> LogEntry:
    """A member logs their own reading; staff may log for any reader (paper logs), who then joins."""
    on_behalf = reader.id != actor.id
    if on_behalf:
        require_permission(actor, "manage_challenges", STAFF_ONLY)
    elif not is_member(actor):
        raise ActionError(gettext("You cannot log reading while your account is restricted."))
    today = library_today()
    if not on_behalf and today > challenge.ends_on:
        raise ActionError(gettext("This challenge has ended: no more reading can be logged."))
    participant = participant_of(challenge, reader)
    if participant is None:
        if not on_behalf:
            raise ActionError(gettext("Join the challenge first."))
        participant = _join(challenge, reader)
    read_on = _check_date(challenge, read_on)
    day = _check_amount(challenge, reader.id, amount, read_on)
    book_id, book_title = _book(book_id, book_title)
    if challenge.unit == "books" and not (book_id or book_title):
        raise ActionError(gettext("Which book did you finish? Enter its title."), "book_title")
    flag = "" if on_behalf else rules.flag_for(challenge.unit, day, rules.usual_day(challenge.id, reader.id, read_on))
    entry = LogEntry(challenge_id=challenge.id, user_id=reader.id, book_id=book_id, book_title=book_title,
                     amount=amount, read_on=read_on, state=PENDING if flag else COUNTED, flag_reason=flag,
                     logged_by_id=actor.id)
    db.session.add(entry)
    _add_to_totals(challenge.id, reader.id, _counted(entry))
    db.session.flush()
    if on_behalf:
        audit.record(actor, "challenge_entry.log_for", "challenge_entry", entry.id,
                     details=f"{reader.username}:{amount}:{challenge.unit}")
    if entry.state == COUNTED:
        emit_leaderboard(challenge.id)
    db.session.commit()
    return entry


@audit.describes("challenge_entry.log_for", "challenge_entry.approve", "challenge_entry.reject",
                 "challenge_entry.correct", "challenge_entry.remove")
def _entry_details(details: str) -> str:
    """`username:amount:unit` as "budi · 120 pages" (entries written before the unit was kept show no unit)."""
    username, _, rest = details.partition(":")
    amount, _, unit = rest.partition(":")
    if not amount.isdigit():
        return details
    return f"{username} · {_number(int(amount))} {UNITS.get(unit, '')}".rstrip()


def _change(staff, entry: LogEntry, state: str, action: str, reason: str = "", amount: int | None = None) -> None:
    before = _counted(entry)
    entry.state = state
    if amount is not None:
        entry.amount = amount
    entry.reviewed_by_id = staff.id
    _add_to_totals(entry.challenge_id, entry.user_id, _counted(entry) - before)
    unit = db.session.get(Challenge, entry.challenge_id).unit
    audit.record(staff, action, "challenge_entry", entry.id, details=f"{entry.user.username}:{entry.amount}:{unit}",
                 reason=(reason or "")[:REASON_MAX])
    emit_leaderboard(entry.challenge_id)
    db.session.commit()


def approve_entry(staff, entry: LogEntry) -> None:
    require_permission(staff, "manage_challenges", STAFF_ONLY)
    if entry.state != PENDING:
        raise ActionError(gettext("Someone has already reviewed this entry."))
    _change(staff, entry, COUNTED, "challenge_entry.approve")


def reject_entry(staff, entry: LogEntry, reason: str = "") -> None:
    require_permission(staff, "manage_challenges", STAFF_ONLY)
    if entry.state != PENDING:
        raise ActionError(gettext("Someone has already reviewed this entry."))
    _change(staff, entry, REJECTED, "challenge_entry.reject", reason)


def remove_entry(staff, entry: LogEntry, reason: str = "") -> None:
    require_permission(staff, "manage_challenges", STAFF_ONLY)
    if entry.state == REMOVED:
        raise ActionError(gettext("This entry has already been removed."))
    _change(staff, entry, REMOVED, "challenge_entry.remove", reason)


def correct_entry(staff, entry: LogEntry, amount: int | None, read_on: date | None, reason: str = "") -> None:
    """Staff set the right amount and date; a corrected entry counts (staff have looked at it)."""
    require_permission(staff, "manage_challenges", STAFF_ONLY)
    if entry.state == REMOVED:
        raise ActionError(gettext("This entry has already been removed."))
    challenge = db.session.get(Challenge, entry.challenge_id)
    entry.read_on = _check_date(challenge, read_on)
    _check_amount(challenge, entry.user_id, amount, entry.read_on, leave_out=entry.id)
    _change(staff, entry, COUNTED, "challenge_entry.correct", reason, amount=amount)


# --- Teams ---------------------------------------------------------------------------------------------------

def parse_teams(text: str) -> list[tuple[str, list[str]]]:
    """'SMPN 1 Tanjung Sari: budi, ani' per line -> [(name, [usernames])]."""
    teams = []
    for number, line in enumerate((text or "").splitlines(), 1):
        if not line.strip():
            continue
        name, colon, names = line.partition(":")
        name = " ".join(name.split())
        if not colon or not name or len(name) > 80:
            raise ActionError(gettext("Line %(number)d: write the team's name (at most 80 characters), a colon, "
                                      "then usernames separated by commas.", number=number), "teams")
        teams.append((name, [n.strip().lstrip("@").lower() for n in names.split(",") if n.strip()]))
    if len(teams) > TEAMS_MAX:
        raise ActionError(gettext("At most %(count)d teams.", count=TEAMS_MAX), "teams")
    return teams


def set_teams(staff, challenge: Challenge, text: str) -> None:
    """Makes the challenge's teams exactly as written; named members join and are moved with their totals."""
    require_permission(staff, "manage_challenges", STAFF_ONLY)
    wanted = parse_teams(text)
    names = {name for _, usernames in wanted for name in usernames}
    users = {user.username: user for user in db.session.execute(
        db.select(User).where(User.username.in_(names))).scalars()} if names else {}
    missing = sorted(names - users.keys())
    if missing:
        raise ActionError(gettext("No member is called %(names)s.", names=", ".join(missing)), "teams")
    teams = {team.name: team for team in challenge.teams}
    for name, _ in wanted:
        if name not in teams:
            teams[name] = Team(challenge_id=challenge.id, name=name)
            db.session.add(teams[name])
    db.session.flush()
    placed = {users[username].id: teams[name] for name, usernames in wanted for username in usernames}
    participants = {p.user_id: p for p in db.session.execute(
        db.select(Participant).filter_by(challenge_id=challenge.id)).scalars()}
    for user_id in placed.keys() - participants.keys():
        participants[user_id] = _join(challenge, db.session.get(User, user_id))
    for participant in participants.values():
        _move(participant, placed.get(participant.user_id))
    kept = {name for name, _ in wanted}
    for name, team in teams.items():
        if name not in kept:
            db.session.execute(db.delete(ChallengeTotal).where(ChallengeTotal.team_id == team.id))
            db.session.delete(team)
    db.session.flush()
    _ensure_team_totals(challenge, [team for name, team in teams.items() if name in kept])
    audit.record(staff, "challenge.teams", "challenge", challenge.id, details=challenge.title)
    emit_leaderboard(challenge.id)
    db.session.commit()


def _ensure_team_totals(challenge: Challenge, teams: list[Team]) -> None:
    """Each team's row holds the sum of its members' rows."""
    for team in teams:
        amount, points = db.session.execute(
            db.select(db.func.coalesce(db.func.sum(ChallengeTotal.amount), 0),
                      db.func.coalesce(db.func.sum(ChallengeTotal.points), 0))
            .join(Participant, db.and_(Participant.challenge_id == ChallengeTotal.challenge_id,
                                       Participant.user_id == ChallengeTotal.user_id))
            .where(ChallengeTotal.challenge_id == challenge.id, Participant.team_id == team.id)).one()
        row = db.session.execute(db.select(ChallengeTotal).filter_by(challenge_id=challenge.id, team_id=team.id)
                                 ).scalar_one_or_none()
        if row is None:
            row = ChallengeTotal(challenge_id=challenge.id, kind=TEAM, team_id=team.id)
            db.session.add(row)
        row.amount, row.points = amount, points


def _move(participant: Participant, team: Team | None) -> None:
    participant.team_id = team.id if team else None
    db.session.flush()


# --- Live leaderboard ----------------------------------------------------------------------------------------

def room(challenge_id: int) -> str:
    return f"challenge:{challenge_id}"


def emit_leaderboard(challenge_id: int) -> None:
    """Before the commit: the top rows, as this transaction leaves them, go to everyone watching the challenge
    once it commits (docs/realtime.md)."""
    realtime.emit_on_commit("leaderboard", queries.live_leaderboard(challenge_id), room(challenge_id))
