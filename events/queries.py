"""Read-only queries the event pages, the home page, the feed, search and the calendars share."""
from datetime import timedelta

from sqlalchemy.orm import joinedload, selectinload

from core.sitemaps import Entry
from core.text import slugify
from core.timeutil import utcnow
from core.urls import absolute_url
from events.models import EVENTS_PER_PAGE, GOING, RATINGS, WAITLIST, Event, EventHost, Rsvp, SurveyResponse
from events.visibility import listed, open_to, open_to_guests
from extensions import db
from partners.models import event_partners

CALENDAR_PAST = timedelta(days=180)  # how far back the subscribable calendar reaches


def _with_hosts(select):
    return select.options(selectinload(Event.hosts).joinedload(EventHost.user))


def upcoming_page(page: int, user):
    """Events not yet ended, the soonest first (a running event stays on top until it ends)."""
    select = _with_hosts(db.select(Event)).where(*open_to(user), Event.ends_at > utcnow()) \
        .order_by(Event.starts_at, Event.id)
    return db.paginate(select, page=page, per_page=EVENTS_PER_PAGE, error_out=False)


def past_page(page: int, user):
    select = _with_hosts(db.select(Event)).where(*open_to(user), Event.ends_at <= utcnow()) \
        .order_by(Event.starts_at.desc(), Event.id.desc())
    return db.paginate(select, page=page, per_page=EVENTS_PER_PAGE, error_out=False)


def upcoming(user, limit: int = 3) -> list[Event]:
    return db.session.execute(db.select(Event).where(*open_to(user), Event.ends_at > utcnow())
                              .order_by(Event.starts_at, Event.id).limit(limit)).scalars().all()


def my_upcoming(user, limit: int = 3) -> list[Rsvp]:
    """The member's places (going or waitlisted) at events not yet ended, soonest first, with their events."""
    return db.session.execute(db.select(Rsvp).join(Rsvp.event).options(joinedload(Rsvp.event))
                              .where(Rsvp.user_id == user.id, *open_to(user), Event.ends_at > utcnow())
                              .order_by(Event.starts_at, Event.id).limit(limit)).scalars().all()


def event_by_id(event_id: int) -> Event | None:
    """The event with its hosts, in one query (every live-room event loads it); a cancelled one is not found."""
    return db.session.execute(db.select(Event).options(joinedload(Event.hosts).joinedload(EventHost.user))
                              .where(Event.id == event_id, *listed())).unique().scalar_one_or_none()


def seat_counts(event_ids: list[int]) -> dict[int, dict[str, int]]:
    """{event id: {"going": n, "waitlist": m}} for these events, in one query."""
    counts = {event_id: {GOING: 0, WAITLIST: 0} for event_id in event_ids}
    if event_ids:
        for event_id, status, count in db.session.execute(
                db.select(Rsvp.event_id, Rsvp.status, db.func.count(Rsvp.id))
                .where(Rsvp.event_id.in_(event_ids)).group_by(Rsvp.event_id, Rsvp.status)):
            counts[event_id][status] = count
    return counts


def waitlist_position(rsvp: Rsvp) -> int:
    return db.session.scalar(db.select(db.func.count(Rsvp.id)).where(
        Rsvp.event_id == rsvp.event_id, Rsvp.status == WAITLIST, Rsvp.id <= rsvp.id))


def attendees(event: Event) -> list[Rsvp]:
    """Everyone signed up: those going in the order they signed up, then the waitlist in its order."""
    rows = db.session.execute(db.select(Rsvp).options(joinedload(Rsvp.user)).where(Rsvp.event_id == event.id)
                              .order_by(Rsvp.id)).scalars().all()
    return [row for row in rows if row.status == GOING] + [row for row in rows if row.status == WAITLIST]


def has_answered(user, event: Event) -> bool:
    return user.is_authenticated and db.session.execute(
        db.select(SurveyResponse.id).filter_by(event_id=event.id, user_id=user.id)).first() is not None


def survey_results(event: Event) -> dict:
    answers = db.session.execute(db.select(SurveyResponse).where(SurveyResponse.event_id == event.id)
                                 .order_by(SurveyResponse.id)).scalars().all()
    distribution = {rating: 0 for rating in RATINGS}
    for answer in answers:
        distribution[answer.rating] += 1
    return {"count": len(answers),
            "average": sum(answer.rating for answer in answers) / len(answers) if answers else None,
            "distribution": distribution,
            "comments": [answer.comment for answer in answers if answer.comment]}


def newest(limit: int = 20) -> list[Event]:
    """The most recently announced events, for the feed."""
    return db.session.execute(_with_hosts(db.select(Event)).where(*open_to_guests())
                              .order_by(Event.created_at.desc(), Event.id.desc()).limit(limit)).scalars().all()


def for_calendar() -> list[Event]:
    return db.session.execute(db.select(Event).where(*open_to_guests(), Event.ends_at > utcnow() - CALENDAR_PAST)
                              .order_by(Event.starts_at, Event.id)).scalars().all()


def events_by_id(event_ids: list[int]) -> dict[int, Event]:
    if not event_ids:
        return {}
    return {event.id: event for event in db.session.execute(
        db.select(Event).where(Event.id.in_(event_ids), *open_to_guests())).scalars()}


def for_challenge(challenge, user, limit: int = 10) -> dict[str, list[Event]]:
    """The challenge's events this person may see: those not yet ended (soonest first) and the latest past ones."""
    select = db.select(Event).where(*open_to(user), Event.challenge_id == challenge.id).limit(limit)
    now = utcnow()
    return {"upcoming": db.session.execute(select.where(Event.ends_at > now).order_by(Event.starts_at, Event.id)
                                           ).scalars().all(),
            "past": db.session.execute(select.where(Event.ends_at <= now)
                                       .order_by(Event.starts_at.desc(), Event.id.desc())).scalars().all()}


def for_group(group, limit: int = 10) -> list[Event]:
    """The group's events not yet ended, soonest first (the group page checks who may see the group)."""
    return db.session.execute(db.select(Event).where(*listed(), Event.group_id == group.id, Event.ends_at > utcnow())
                              .order_by(Event.starts_at, Event.id).limit(limit)).scalars().all()


def for_partner(partner, user, past: bool = False, limit: int = 20) -> list[Event]:
    """A partner's events this visitor may see (never a private reading group's to outsiders): those not yet
    ended soonest first, or the past ones latest first."""
    select = db.select(Event).join(event_partners, event_partners.c.event_id == Event.id) \
        .where(event_partners.c.partner_id == partner.id, *open_to(user))
    if past:
        select = select.where(Event.ends_at <= utcnow()).order_by(Event.starts_at.desc(), Event.id.desc())
    else:
        select = select.where(Event.ends_at > utcnow()).order_by(Event.starts_at, Event.id)
    return db.session.execute(select.limit(limit)).scalars().all()


def sitemap_events(in_chunk) -> list[Entry]:
    rows = db.session.execute(db.select(Event.id, Event.title, Event.updated_at)
                              .where(*in_chunk, *open_to_guests()).order_by(Event.id)).all()
    return [Entry(absolute_url("events.show", event_id=row.id, slug=slugify(row.title)), row.updated_at)
            for row in rows]


def sitemap_pages() -> list[Entry]:
    return [Entry(absolute_url("events.index"))]
