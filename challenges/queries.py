"""Read-only queries the challenge pages share. Leaderboards read ChallengeTotal rows through their index
(ix_challenge_totals_board): a page costs the same with 100 or 100,000 participants."""
from dataclasses import dataclass

from sqlalchemy.orm import joinedload

from accounts.models import User
from challenges.models import (LEADERBOARD_PER_PAGE, MEMBER, PENDING, TEAM, Challenge, ChallengeTotal, LogEntry,
                               Participant, Team)
from core.sitemaps import Entry
from core.urls import absolute_url
from extensions import db

LIVE_ROWS = 10
HOME_CHALLENGES = 3


@dataclass(frozen=True)
class Row:
    rank: int
    name: str | None  # None: the member hides their name ("Anonymous reader")
    amount: int
    points: int
    user_id: int | None = None
    username: str | None = None


def challenge_by_slug(slug: str) -> Challenge | None:
    return db.session.execute(db.select(Challenge).where(Challenge.slug == slug)).scalar_one_or_none()


def challenges_by_id(ids: list[int]) -> dict[int, Challenge]:
    if not ids:
        return {}
    return {c.id: c for c in db.session.execute(db.select(Challenge).where(Challenge.id.in_(ids))).scalars()}


def listing(today) -> dict[str, list[Challenge]]:
    """Running (ending soonest first), upcoming (starting soonest first) and the latest 20 past ones."""
    select = db.select(Challenge)
    return {
        "running": db.session.execute(select.where(Challenge.starts_on <= today, Challenge.ends_on >= today)
                                      .order_by(Challenge.ends_on, Challenge.id)).scalars().all(),
        "upcoming": db.session.execute(select.where(Challenge.starts_on > today)
                                       .order_by(Challenge.starts_on, Challenge.id)).scalars().all(),
        "past": db.session.execute(select.where(Challenge.ends_on < today)
                                   .order_by(Challenge.ends_on.desc(), Challenge.id.desc()).limit(20)).scalars().all(),
    }


def not_ended(today) -> list[Challenge]:
    """Running and upcoming challenges, the soonest to start first (the event form offers them)."""
    return db.session.execute(db.select(Challenge).where(Challenge.ends_on >= today)
                              .order_by(Challenge.starts_on, Challenge.id)).scalars().all()


def running(today, limit: int = HOME_CHALLENGES) -> list[Challenge]:
    return db.session.execute(db.select(Challenge).where(Challenge.starts_on <= today, Challenge.ends_on >= today)
                              .order_by(Challenge.ends_on, Challenge.id).limit(limit)).scalars().all()


def joined_running(user_id: int, today, limit: int = HOME_CHALLENGES) -> list[tuple[Challenge, int]]:
    """The running challenges a member takes part in, ending soonest first, each with the amount they counted."""
    return db.session.execute(
        db.select(Challenge, db.func.coalesce(ChallengeTotal.amount, 0))
        .join(Participant, db.and_(Participant.challenge_id == Challenge.id, Participant.user_id == user_id))
        .outerjoin(ChallengeTotal, db.and_(ChallengeTotal.challenge_id == Challenge.id,
                                           ChallengeTotal.user_id == user_id, ChallengeTotal.kind == MEMBER))
        .where(Challenge.starts_on <= today, Challenge.ends_on >= today)
        .order_by(Challenge.ends_on, Challenge.id).limit(limit)).all()


def participant_counts(ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    return dict(db.session.execute(db.select(Participant.challenge_id, db.func.count(Participant.id))
                                   .where(Participant.challenge_id.in_(ids)).group_by(Participant.challenge_id)).all())


def _board(challenge_id: int, kind: str):
    return (db.select(ChallengeTotal).where(ChallengeTotal.challenge_id == challenge_id, ChallengeTotal.kind == kind)
            .order_by(ChallengeTotal.amount.desc(), ChallengeTotal.points.desc(), ChallengeTotal.id))


def member_rows(challenge_id: int, limit: int, offset: int = 0) -> list[Row]:
    top = _board(challenge_id, MEMBER).limit(limit).offset(offset).subquery()
    found = db.session.execute(
        db.select(top.c.user_id, top.c.amount, top.c.points, User.display_name, User.username, Participant.hide_name)
        .join(User, User.id == top.c.user_id)
        .join(Participant, db.and_(Participant.challenge_id == challenge_id, Participant.user_id == top.c.user_id))
        .order_by(top.c.amount.desc(), top.c.points.desc(), top.c.id)).all()
    return [Row(offset + number, None if hidden else name, amount, points, user_id, None if hidden else username)
            for number, (user_id, amount, points, name, username, hidden) in enumerate(found, 1)]


def team_rows(challenge_id: int, limit: int, offset: int = 0) -> list[Row]:
    top = _board(challenge_id, TEAM).limit(limit).offset(offset).subquery()
    found = db.session.execute(db.select(top.c.amount, top.c.points, Team.name).join(Team, Team.id == top.c.team_id)
                               .order_by(top.c.amount.desc(), top.c.points.desc(), top.c.id)).all()
    return [Row(offset + number, name, amount, points) for number, (amount, points, name) in enumerate(found, 1)]


def board_size(challenge_id: int, kind: str) -> int:
    return db.session.scalar(db.select(db.func.count(ChallengeTotal.id))
                             .where(ChallengeTotal.challenge_id == challenge_id, ChallengeTotal.kind == kind))


def leaderboard_page(challenge_id: int, page: int) -> tuple[list[Row], int]:
    """One page of the member leaderboard and the number of pages."""
    pages = max(1, -(-board_size(challenge_id, MEMBER) // LEADERBOARD_PER_PAGE))
    return member_rows(challenge_id, LEADERBOARD_PER_PAGE, (page - 1) * LEADERBOARD_PER_PAGE), pages


def live_leaderboard(challenge_id: int) -> dict:
    """What the `leaderboard` Socket.IO event carries (docs/realtime.md)."""
    def plain(row: Row) -> dict:
        return {"rank": row.rank, "name": row.name, "amount": row.amount, "points": row.points}
    return {"challenge_id": challenge_id,
            "members": [plain(row) for row in member_rows(challenge_id, LIVE_ROWS)],
            "teams": [plain(row) for row in team_rows(challenge_id, LIVE_ROWS)]}


def my_total(challenge_id: int, user_id: int) -> ChallengeTotal | None:
    return db.session.execute(db.select(ChallengeTotal).filter_by(challenge_id=challenge_id, user_id=user_id)
                              ).scalar_one_or_none()


def rank_of(total: ChallengeTotal) -> int:
    """1 + how many rows are ahead, in the leaderboard's own order."""
    ahead = db.or_(ChallengeTotal.amount > total.amount,
                   db.and_(ChallengeTotal.amount == total.amount, ChallengeTotal.points > total.points),
                   db.and_(ChallengeTotal.amount == total.amount, ChallengeTotal.points == total.points,
                           ChallengeTotal.id < total.id))
    return 1 + db.session.scalar(db.select(db.func.count(ChallengeTotal.id)).where(
        ChallengeTotal.challenge_id == total.challenge_id, ChallengeTotal.kind == total.kind, ahead))


def my_entries(challenge_id: int, user_id: int, limit: int = 30) -> list[LogEntry]:
    return db.session.execute(db.select(LogEntry).options(joinedload(LogEntry.book))
                              .where(LogEntry.challenge_id == challenge_id, LogEntry.user_id == user_id)
                              .order_by(LogEntry.read_on.desc(), LogEntry.id.desc()).limit(limit)).scalars().all()


def entries_page(challenge_id: int, page: int, state: str | None = None, per_page: int = 30):
    select = (db.select(LogEntry).options(joinedload(LogEntry.book), joinedload(LogEntry.user),
                                          joinedload(LogEntry.logged_by))
              .where(LogEntry.challenge_id == challenge_id).order_by(LogEntry.id.desc()))
    if state:
        select = select.where(LogEntry.state == state)
    return db.paginate(select, page=page, per_page=per_page, error_out=False)


def pending_count(challenge_id: int) -> int:
    return db.session.scalar(db.select(db.func.count(LogEntry.id))
                             .where(LogEntry.challenge_id == challenge_id, LogEntry.state == PENDING))


def results(challenge_id: int):
    """Every participant with their total and team, in leaderboard order (the CSV export)."""
    return db.session.execute(
        db.select(ChallengeTotal.amount, ChallengeTotal.points, User.username, User.display_name, Team.name)
        .join(User, User.id == ChallengeTotal.user_id)
        .join(Participant, db.and_(Participant.challenge_id == challenge_id, Participant.user_id == User.id))
        .outerjoin(Team, Team.id == Participant.team_id)
        .where(ChallengeTotal.challenge_id == challenge_id, ChallengeTotal.kind == MEMBER)
        .order_by(ChallengeTotal.amount.desc(), ChallengeTotal.points.desc(), ChallengeTotal.id)).all()


def team_members(challenge: Challenge) -> dict[int, list[str]]:
    rows = db.session.execute(db.select(Participant.team_id, User.username).join(User, User.id == Participant.user_id)
                              .where(Participant.challenge_id == challenge.id, Participant.team_id.is_not(None))
                              .order_by(User.username)).all()
    members: dict[int, list[str]] = {}
    for team_id, username in rows:
        members.setdefault(team_id, []).append(username)
    return members


def earned_badges(challenge: Challenge, amount: int) -> list:
    return [badge for badge in challenge.badges if amount >= badge.needed(challenge)]


def sitemap_challenges(in_chunk) -> list[Entry]:
    slugs = db.session.execute(db.select(Challenge.slug).where(*in_chunk).order_by(Challenge.id)).scalars()
    return [Entry(absolute_url("challenges.show", slug=slug)) for slug in slugs]


def sitemap_pages() -> list[Entry]:
    return [Entry(absolute_url("challenges.index"))]
