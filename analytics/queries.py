"""The staff dashboard's figures: one aggregate query per figure, grouped in SQL, on SQLite and PostgreSQL.

A period is a range of the library's dates, both ends included. Timestamps are stored in UTC; a row's
library date is its UTC time shifted by the library's offset from UTC at the period's start (Indonesia's
WIB, WITA and WIT have no daylight saving time, so the shift is exact there). Nothing here names a
member: every figure is a count, a sum or an average.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, literal, literal_column, null, select, tuple_, union_all

from accounts.models import User
from challenges.models import COUNTED, MEMBER, Challenge, ChallengeTotal, LogEntry, Participant
from core.counter_models import ActiveDay, DailyCount
from events.models import GOING, WAITLIST, ChatMessage, Event, Question, Rsvp, SurveyResponse
from extensions import db
from forum.models import Category, Post, Reaction, Thread
from surveys.queries import ratings_given

LONGEST_PERIOD = 366  # days


@dataclass(frozen=True)
class Period:
    first: date
    last: date  # included
    zone: str = "Asia/Jakarta"

    @property
    def length(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range(self.length)]

    def _start_of(self, day: date) -> datetime:
        return datetime.combine(day, time.min, ZoneInfo(self.zone)).astimezone(timezone.utc)

    @property
    def since(self) -> datetime:
        return self._start_of(self.first)

    @property
    def until(self) -> datetime:
        return self._start_of(self.last + timedelta(days=1))

    @property
    def offset_minutes(self) -> int:
        return int(ZoneInfo(self.zone).utcoffset(datetime.combine(self.first, time(12))).total_seconds() // 60)

    def before(self) -> "Period":
        """The period of the same length just before this one (for "compared with")."""
        return Period(self.first - timedelta(days=self.length), self.first - timedelta(days=1), self.zone)

    def holds(self, column):
        """SQL: a UTC timestamp column falls within the period."""
        return (column >= self.since) & (column < self.until)


def month_period(month: date, zone: str) -> Period:
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return Period(month.replace(day=1), following - timedelta(days=1), zone)


# -- dates in SQL -------------------------------------------------------------------------------------

def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def local_day(column, period: Period):
    """SQL: the library's date of a UTC timestamp column."""
    minutes = period.offset_minutes
    if _postgres():
        return func.date(column.op("+")(literal_column(f"interval '{minutes} minutes'")))
    return func.date(column, f"{minutes:+d} minutes")


def week_of(day_column):
    """SQL: the Monday of a date column's week."""
    if _postgres():
        return func.date(func.date_trunc("week", day_column))
    return func.date(day_column, "weekday 0", "-6 days")


def month_of(day_column):
    """SQL: 'YYYY-MM' of a date column."""
    return func.to_char(day_column, "YYYY-MM") if _postgres() else func.strftime("%Y-%m", day_column)


def as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _by_day(rows) -> dict[date, int]:
    return {as_date(day): int(count) for day, count in rows}


# -- members ------------------------------------------------------------------------------------------

def new_members_by_day(period: Period) -> dict[date, int]:
    day = local_day(User.created_at, period).label("day")
    return _by_day(db.session.execute(
        select(day, func.count()).where(period.holds(User.created_at)).group_by(day)))


def active_members_by_day(period: Period) -> dict[date, int]:
    return _by_day(db.session.execute(
        select(ActiveDay.day, func.count()).where(ActiveDay.day.between(period.first, period.last))
        .group_by(ActiveDay.day)))


def _active_members_per(bucket, period: Period) -> list:
    """(bucket, members active in it within the period), each member once per bucket, in order."""
    bucket = bucket.label("bucket")
    return db.session.execute(
        select(bucket, func.count(func.distinct(ActiveDay.user_id))).where(
            ActiveDay.day.between(period.first, period.last)).group_by(bucket).order_by(bucket)).all()


def active_members_by_week(period: Period) -> list[tuple[date, int]]:
    """Members active in each week (Monday first) that overlaps the period, within the period."""
    return [(as_date(monday), int(count)) for monday, count in _active_members_per(week_of(ActiveDay.day), period)]


def active_members_by_month(period: Period) -> list[tuple[str, int]]:
    """('YYYY-MM', members active in it within the period)."""
    return [(str(month), int(count)) for month, count in _active_members_per(month_of(ActiveDay.day), period)]


def active_members(period: Period) -> int:
    return db.session.scalar(select(func.count(func.distinct(ActiveDay.user_id))).where(
        ActiveDay.day.between(period.first, period.last)))


# -- forum --------------------------------------------------------------------------------------------

def _published_posts(period: Period):
    return (Post.deleted_at.is_(None), Post.pending_at.is_(None), period.holds(Post.created_at))


def forum_by_category(period: Period) -> list[tuple[int | None, int, int, int]]:
    """(category id, threads started, replies, reactions) per forum category with any, busiest first. A
    reading group's own category is given as None: the groups' discussions together, never a group's name."""
    category = case((Category.group_id.is_(None), Category.id), else_=null())
    threads = (select(Thread.category_id.label("category_id"), literal(1).label("threads"),
                      literal(0).label("replies"), literal(0).label("reactions"))
               .where(Thread.deleted_at.is_(None), Thread.pending_at.is_(None), period.holds(Thread.created_at)))
    replies = (select(Thread.category_id, literal(0), literal(1), literal(0)).join(Post, Post.thread_id == Thread.id)
               .where(Post.number > 1, *_published_posts(period)))
    reactions = (select(Thread.category_id, literal(0), literal(0), literal(1))
                 .join(Post, Post.thread_id == Thread.id).join(Reaction, Reaction.post_id == Post.id)
                 .where(Post.deleted_at.is_(None), period.holds(Reaction.created_at)))
    activity = union_all(threads, replies, reactions).subquery()
    rows = db.session.execute(
        select(category, func.sum(activity.c.threads), func.sum(activity.c.replies), func.sum(activity.c.reactions))
        .join(Category, Category.id == activity.c.category_id).group_by(category)
        .order_by(func.count().desc()))
    return [(category_id, int(threads), int(replies), int(reactions))
            for category_id, threads, replies, reactions in rows]


def posts_by_day(period: Period) -> tuple[dict[date, int], dict[date, int]]:
    """(new threads per day, replies per day)."""
    day, opening = local_day(Post.created_at, period).label("day"), (Post.number == 1).label("opening")
    rows = db.session.execute(
        select(day, opening, func.count()).where(*_published_posts(period)).group_by(day, opening))
    threads, replies = {}, {}
    for when, opening, count in rows:
        (threads if opening else replies)[as_date(when)] = int(count)
    return threads, replies


# -- counted views, shares and visits -----------------------------------------------------------------

def counts_by_day(period: Period, metric: str) -> dict[date, int]:
    return _by_day(db.session.execute(
        select(DailyCount.day, func.sum(DailyCount.total))
        .where(DailyCount.day.between(period.first, period.last), DailyCount.metric == metric)
        .group_by(DailyCount.day)))


def counts_by_channel(period: Period) -> list[tuple[str, int, int]]:
    """(channel, shares, visits from shared links) per channel, most shared first."""
    rows = db.session.execute(
        select(DailyCount.channel, func.sum(case((DailyCount.metric == "share", DailyCount.total), else_=0)),
               func.sum(case((DailyCount.metric == "visit", DailyCount.total), else_=0)))
        .where(DailyCount.day.between(period.first, period.last), DailyCount.metric.in_(("share", "visit")))
        .group_by(DailyCount.channel).order_by(func.sum(DailyCount.total).desc()))
    return [(channel, int(shares), int(visits)) for channel, shares, visits in rows]


def views_by_kind(period: Period) -> list[tuple[str, int]]:
    rows = db.session.execute(
        select(DailyCount.item_type, func.sum(DailyCount.total))
        .where(DailyCount.day.between(period.first, period.last), DailyCount.metric == "view")
        .group_by(DailyCount.item_type).order_by(func.sum(DailyCount.total).desc()))
    return [(kind, int(total)) for kind, total in rows]


@dataclass
class Engagement:
    item_type: str
    item_id: int
    replies: int
    reactions: int
    shares: int
    views: int

    @property
    def interactions(self) -> int:
        return self.replies + self.reactions + self.shares


INTERACTIONS = ("replies", "reactions", "shares")


def _interaction(item_type, item_id, **values):
    """The columns of one part of top_content's union: an item and what it adds to each interaction."""
    return (item_type.label("item_type"), item_id.label("item_id"),
            *((literal(value) if isinstance(value := values.get(name, 0), int) else value).label(name)
              for name in INTERACTIONS))


def _views(period: Period):
    return (DailyCount.day.between(period.first, period.last), DailyCount.metric == "view", DailyCount.item_type != "")


def top_content(period: Period, limit: int = 10) -> list[Engagement]:
    """The items with the most replies, reactions and shares in the period; views break ties.

    Views are most of the counted rows, so they are summed only for the finalists: the items at or above
    the limit-th item's interactions (ties included). Only when fewer than `limit` items had any
    interaction are all the period's views ranked, to fill the list with the most viewed."""
    shares = select(*_interaction(DailyCount.item_type, DailyCount.item_id, shares=DailyCount.total)).where(
        DailyCount.day.between(period.first, period.last), DailyCount.metric == "share", DailyCount.item_type != "")
    replies = select(*_interaction(literal("thread"), Post.thread_id, replies=1)).where(
        Post.number > 1, *_published_posts(period))
    reactions = (select(*_interaction(literal("thread"), Post.thread_id, reactions=1)).select_from(Reaction)
                 .join(Post, Post.id == Reaction.post_id)
                 .where(Post.deleted_at.is_(None), period.holds(Reaction.created_at)))
    activity = union_all(shares, replies, reactions).subquery()
    sums = [func.sum(activity.c[name]) for name in INTERACTIONS]
    grouped = select(activity.c.item_type, activity.c.item_id, *sums).group_by(activity.c.item_type, activity.c.item_id)
    boundary = db.session.scalar(select(sums[0] + sums[1] + sums[2]).select_from(activity)
                                 .group_by(activity.c.item_type, activity.c.item_id)
                                 .order_by((sums[0] + sums[1] + sums[2]).desc()).offset(limit - 1).limit(1)) or 0
    finalists = {(item_type, int(item_id)): [int(value) for value in values] for item_type, item_id, *values in
                 db.session.execute(grouped.having(sums[0] + sums[1] + sums[2] >= max(boundary, 1)))}
    views = select(DailyCount.item_type, DailyCount.item_id, func.sum(DailyCount.total)).where(*_views(period)) \
        .group_by(DailyCount.item_type, DailyCount.item_id)
    if boundary:
        found = db.session.execute(views.where(tuple_(DailyCount.item_type, DailyCount.item_id).in_(list(finalists))))
    else:  # few interactions: the most viewed fill the list
        found = db.session.execute(views.order_by(func.sum(DailyCount.total).desc(), DailyCount.item_type,
                                                  DailyCount.item_id).limit(limit + len(finalists)))
    viewed = {(item_type, int(item_id)): int(total) for item_type, item_id, total in found}
    items = [Engagement(item_type, item_id, *finalists.get((item_type, item_id), [0, 0, 0]),
                        viewed.get((item_type, item_id), 0)) for item_type, item_id in {**finalists, **viewed}]
    items.sort(key=lambda item: (-item.interactions, -item.views, item.item_type, item.item_id))
    return items[:limit]


# -- events -------------------------------------------------------------------------------------------

@dataclass
class EventFigures:
    event: Event
    going: int
    waitlist: int
    attended: int
    rating_count: int
    rating_average: float | None


def events_in(period: Period) -> list[EventFigures]:
    """Events that started in the period: seats taken, the waitlist, who checked in, and their survey."""
    rsvps = (select(Rsvp.event_id, func.sum(case((Rsvp.status == GOING, 1), else_=0)).label("going"),
                    func.sum(case((Rsvp.status == WAITLIST, 1), else_=0)).label("waitlist"),
                    func.count(Rsvp.attended_at).label("attended")).group_by(Rsvp.event_id).subquery())
    ratings = (select(SurveyResponse.event_id, func.count().label("count"),
                      func.avg(SurveyResponse.rating).label("average"))
               .group_by(SurveyResponse.event_id).subquery())
    rows = db.session.execute(
        select(Event, rsvps.c.going, rsvps.c.waitlist, rsvps.c.attended, ratings.c.count, ratings.c.average)
        .outerjoin(rsvps, rsvps.c.event_id == Event.id).outerjoin(ratings, ratings.c.event_id == Event.id)
        .where(Event.deleted_at.is_(None), period.holds(Event.starts_at)).order_by(Event.starts_at, Event.id)
        .options(db.joinedload(Event.group)))
    return [EventFigures(event, int(going or 0), int(waitlist or 0), int(attended or 0), int(count or 0),
                         float(average) if average is not None else None)
            for event, going, waitlist, attended, count, average in rows]


def chat_by_event(period: Period) -> list[tuple[Event, int, int, int]]:
    """(event, chat messages, members who wrote, questions asked) in live rooms during the period."""
    chat = (select(ChatMessage.event_id, func.count().label("messages"),
                   func.count(func.distinct(ChatMessage.author_id)).label("people"))
            .where(ChatMessage.deleted_at.is_(None), period.holds(ChatMessage.created_at))
            .group_by(ChatMessage.event_id).subquery())
    questions = (select(Question.event_id, func.count().label("questions")).where(period.holds(Question.created_at))
                 .group_by(Question.event_id).subquery())
    rows = db.session.execute(
        select(Event, func.coalesce(chat.c.messages, 0), func.coalesce(chat.c.people, 0),
               func.coalesce(questions.c.questions, 0))
        .outerjoin(chat, chat.c.event_id == Event.id).outerjoin(questions, questions.c.event_id == Event.id)
        .where((chat.c.messages > 0) | (questions.c.questions > 0))
        .order_by(func.coalesce(chat.c.messages, 0).desc(), Event.id).options(db.joinedload(Event.group)))
    return [(event, int(messages), int(people), int(asked)) for event, messages, people, asked in rows]


# -- challenges ---------------------------------------------------------------------------------------

@dataclass
class ChallengeFigures:
    challenge: Challenge
    participants: int
    joined: int  # in the period
    logged: int  # counted amount read in the period, in the challenge's unit
    reached: int  # participants at or past the target now
    progress: float  # participants' average share of the target now, 0-100, each capped at 100


def challenges_in(period: Period) -> list[ChallengeFigures]:
    """Challenges running at some time in the period."""
    joined = (select(Participant.challenge_id, func.count().label("participants"),
                     func.sum(case((period.holds(Participant.joined_at), 1), else_=0)).label("joined"))
              .group_by(Participant.challenge_id).subquery())
    logged = (select(LogEntry.challenge_id, func.sum(LogEntry.amount).label("amount"))
              .where(LogEntry.state == COUNTED, LogEntry.read_on.between(period.first, period.last))
              .group_by(LogEntry.challenge_id).subquery())
    capped = case((ChallengeTotal.amount > Challenge.target, Challenge.target), else_=ChallengeTotal.amount)
    totals = (select(ChallengeTotal.challenge_id,
                     func.sum(case((ChallengeTotal.amount >= Challenge.target, 1), else_=0)).label("reached"),
                     func.sum(capped * 100.0 / Challenge.target).label("progress"))
              .join(Challenge, Challenge.id == ChallengeTotal.challenge_id)
              .where(ChallengeTotal.kind == MEMBER).group_by(ChallengeTotal.challenge_id).subquery())
    rows = db.session.execute(
        select(Challenge, joined.c.participants, joined.c.joined, logged.c.amount, totals.c.reached, totals.c.progress)
        .outerjoin(joined, joined.c.challenge_id == Challenge.id)
        .outerjoin(logged, logged.c.challenge_id == Challenge.id)
        .outerjoin(totals, totals.c.challenge_id == Challenge.id)
        .where(Challenge.starts_on <= period.last, Challenge.ends_on >= period.first)
        .order_by(Challenge.starts_on, Challenge.id))
    figures = []
    for challenge, participants, joined_count, amount, reached, progress in rows:
        participants = int(participants or 0)
        average = float(progress or 0) / participants if participants else 0.0
        figures.append(ChallengeFigures(challenge, participants, int(joined_count or 0), int(amount or 0),
                                        int(reached or 0), average))
    return figures


# -- satisfaction -------------------------------------------------------------------------------------

def event_survey_ratings(period: Period) -> dict[int, int]:
    """{rating 1-5: responses} of the events' post-event surveys answered in the period."""
    rows = db.session.execute(select(SurveyResponse.rating, func.count())
                              .where(period.holds(SurveyResponse.created_at)).group_by(SurveyResponse.rating))
    return {int(rating): int(count) for rating, count in rows}


def staff_survey_ratings(period: Period) -> dict[int, int]:
    """{rating 1-5: answers} of the rating questions in staff surveys answered in the period."""
    return ratings_given(period.since, period.until)


def satisfaction(period: Period) -> list[tuple[int, int, int]]:
    """(rating, event survey responses, staff survey responses) for ratings 5 down to 1."""
    events, staff = event_survey_ratings(period), staff_survey_ratings(period)
    return [(rating, events.get(rating, 0), staff.get(rating, 0)) for rating in (5, 4, 3, 2, 1)]
