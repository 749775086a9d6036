"""Every change to events: check permission, validate, write, commit, then notify."""
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext

from accounts.models import User
from accounts.permissions import has_permission
from challenges.queries import challenge_by_slug
from core import audit, notifications, photos, realtime, search, uploads
from core.errors import ActionError
from core.fields import web_link
from core.markdown import render_markdown
from core.timeutil import utcnow
from events import live
from events.models import GOING, KINDS, MODES, RATINGS, WAITLIST, Event, EventHost, Rsvp, SurveyResponse
from events.permissions import can_create, can_edit, can_link_group, can_rsvp, can_run
from events.visibility import is_public
from extensions import db
from groups.queries import group_by_slug
from partners.actions import chosen as chosen_partners

TITLE_LENGTH = (5, 150)
DESCRIPTION_MAX = 20_000
COVER_SIZE = (1200, 800)
LONGEST_EVENT = timedelta(days=31)
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud or from a slide
CODE_LENGTH = 6


@dataclass
class EventDetails:
    """What the event form holds. `hosts` and `cohosts` are usernames; None leaves them as they are."""
    title: str
    kind: str
    description: str
    mode: str
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    stream_url: str = ""
    capacity: int | None = None
    partners: list[int] | None = None  # ids from the partner directory; None leaves them as they are
    hosts: list[str] | None = None
    cohosts: list[str] | None = None
    cover: object = None  # an uploaded file
    remove_cover: bool = False
    group: str | None = None  # a reading group's slug; "" for none; None leaves it as it is
    challenge: str | None = None  # a reading challenge's slug; "" for none; None leaves it as it is


def _validated(details: EventDetails, actor, event: Event | None = None) -> EventDetails:
    current = event.group if event is not None else None
    if details.group is not None and details.group != (current.slug if current else ""):
        chosen = _group(details.group)
        if (current is not None and not can_link_group(actor, current)) \
                or (details.group and (chosen is None or not can_link_group(actor, chosen))):
            raise ActionError(gettext("Choose one of the reading groups you facilitate."), "group")
    if details.challenge and _challenge(details.challenge) is None:
        raise ActionError(gettext("Choose one of the reading challenges."), "challenge")
    details.title = " ".join(details.title.split())
    low, high = TITLE_LENGTH
    if not low <= len(details.title) <= high:
        raise ActionError(gettext("A title has %(low)d to %(high)d characters.", low=low, high=high), "title")
    if details.kind not in KINDS:
        raise ActionError(gettext("Please choose a type."), "kind")
    if details.mode not in MODES:
        raise ActionError(gettext("Please choose where the event happens."), "mode")
    if len(details.description) > DESCRIPTION_MAX:
        raise ActionError(gettext("A description can have at most %(count)d characters.", count=DESCRIPTION_MAX),
                          "description")
    details.place = " ".join(details.place.split())[:300]
    details.stream_url = web_link(details.stream_url, "stream_url")
    if details.mode != "online" and not details.place:
        raise ActionError(gettext("Where is it? Enter the place."), "place")
    if details.mode != "onsite" and not details.stream_url:
        raise ActionError(gettext("Enter the link where people watch or join online."), "stream_url")
    details.starts_at, details.ends_at = (moment.replace(second=0, microsecond=0)
                                          for moment in (details.starts_at, details.ends_at))
    if details.ends_at <= details.starts_at:
        raise ActionError(gettext("The event must end after it starts."), "ends_at")
    if details.ends_at - details.starts_at > LONGEST_EVENT:
        raise ActionError(gettext("An event lasts at most 31 days."), "ends_at")
    if details.capacity is not None and not 1 <= details.capacity <= 100_000:
        raise ActionError(gettext("Seats: a number from 1 to 100000, or empty for no limit."), "capacity")
    return details


def _users_named(usernames: list[str], field_name: str) -> list[User]:
    names = list(dict.fromkeys(name.strip().lstrip("@").lower() for name in usernames if name.strip()))
    found = {user.username: user for user in db.session.execute(
        db.select(User).where(User.username.in_(names))).scalars()} if names else {}
    missing = [name for name in names if name not in found]
    if missing:
        raise ActionError(gettext("No member is called %(names)s.", names=", ".join(missing)), field_name)
    return [found[name] for name in names]


def _set_hosts(event: Event, hosts: list[str], cohosts: list[str]) -> None:
    host_users = _users_named(hosts, "hosts")
    if not host_users:
        raise ActionError(gettext("An event needs at least one host."), "hosts")
    not_hosts = [user.username for user in host_users if not has_permission(user, "host_events")]
    if not_hosts:
        raise ActionError(gettext("Only members with the host or admin role can be hosts: %(names)s. "
                                  "Make them co-hosts instead.", names=", ".join(not_hosts)), "hosts")
    roles = {user.id: "host" for user in host_users}
    for user in _users_named(cohosts, "cohosts"):
        roles.setdefault(user.id, "cohost")
    existing = {row.user_id: row for row in event.hosts}
    for user_id, row in existing.items():
        if user_id not in roles:
            event.hosts.remove(row)
            realtime.access_lost(user_id)  # their sockets leave the live room's hosts room
    for user_id, role in roles.items():
        if user_id in existing:
            existing[user_id].role = role
        else:
            event.hosts.append(EventHost(user_id=user_id, role=role))


def _write(event: Event, details: EventDetails) -> str | None:
    """Copies the details onto the event; returns the old cover's path, to delete after the commit."""
    event.title, event.kind, event.mode = details.title, details.kind, details.mode
    event.description_md = details.description.strip()
    event.description_html = render_markdown(event.description_md)
    event.place = details.place if details.mode != "online" else ""
    event.stream_url = details.stream_url if details.mode != "onsite" else ""
    event.starts_at, event.ends_at = details.starts_at, details.ends_at
    event.capacity, event.updated_at = details.capacity, utcnow()
    if details.partners is not None:
        event.partners = chosen_partners(details.partners)
    if details.hosts is not None:
        _set_hosts(event, details.hosts, details.cohosts or [])
    if details.group is not None:
        group = _group(details.group)
        if group is not None and group.is_private and group.id != event.group_id:
            realtime.room_closed(live.room_name(event.id))  # only the group's members may stay
        event.group = group
    if details.challenge is not None:
        event.challenge = _challenge(details.challenge)
    event.cover_path, old_cover = uploads.replace_image(event.cover_path, details.cover, details.remove_cover,
                                                        "events", COVER_SIZE, crop=False)
    return old_cover


@contextmanager
def _all_or_nothing():
    """A refusal half-way through a change leaves nothing of it in the session."""
    try:
        yield
    except ActionError:
        db.session.rollback()
        raise


def _group(slug: str):
    """The reading group named in the form, which the actor must facilitate (checked in `_validated`)."""
    return group_by_slug(slug) if slug else None


def _challenge(slug: str):
    """The reading challenge named in the form (any challenge: they are all public)."""
    return challenge_by_slug(slug) if slug else None


def _index(event: Event) -> None:
    """Only what a guest may see is found by search (never a private reading group's events)."""
    if not is_public(event):
        search.remove("event", event.id)
    else:
        search.index("event", event.id, event.title, search.plain_text(event.description_html))


def create_event(actor, details: EventDetails) -> Event:
    if not can_create(actor):
        raise ActionError(gettext("Only hosts and admins can create events."))
    details = _validated(details, actor)
    if details.starts_at <= utcnow():
        raise ActionError(gettext("Choose a start in the future."), "starts_at")
    if not details.hosts:
        details.hosts = [actor.username]
    photos.check(details.description, actor, "description")
    with _all_or_nothing():
        event = Event(created_by_id=actor.id)
        db.session.add(event)
        _write(event, details)
        db.session.flush()
        photos.attach(event.description_md, "event", event.id)
    _index(event)
    audit.record(actor, "event.create", "event", event.id, details=event.title)
    db.session.commit()
    return event


def edit_event(actor, event: Event, details: EventDetails) -> None:
    """Co-hosts may change everything but who hosts. Raising the seats lets waitlisted members in;
    lowering them takes no seat from anyone already going."""
    if not can_edit(actor, event):
        raise ActionError(gettext("You may not change this event."))
    if details.hosts is not None and not can_run(actor, event):
        raise ActionError(gettext("Only the event's hosts can change who hosts it."), "hosts")
    with _all_or_nothing():
        details = _validated(details, actor, event)
        photos.check(details.description, actor, "description")
        old_cover = _write(event, details)
        photos.attach(event.description_md, "event", event.id, replacing=True)
        db.session.flush()
    _index(event)
    notified = _fill_seats(event, actor)
    audit.record(actor, "event.edit", "event", event.id, details=event.title)
    notifications.push_unread_counts(notified)
    db.session.commit()
    uploads.delete_image(old_cover)


def delete_event(actor, event: Event) -> None:
    """Cancels the event: it leaves every list, and everyone who had a seat or waited for one is told."""
    if not can_run(actor, event):
        raise ActionError(gettext("Only the event's hosts can cancel it."))
    event.deleted_at = utcnow()
    _index(event)
    photos.delete_owned("event", [event.id])
    rsvps = db.session.execute(db.select(Rsvp).where(Rsvp.event_id == event.id)).scalars().all()
    notified = notifications.notify({rsvp.user_id: notifications.EVENT_CANCELLED for rsvp in rsvps}, actor,
                                    target=event, message=event.title)
    audit.record(actor, "event.delete", "event", event.id, details=event.title)
    notifications.push_unread_counts(notified)
    db.session.commit()


def _locked(event: Event) -> Event:
    """The event row, locked until the commit on PostgreSQL, so two requests counting its seats take
    turns (SQLite lets one writer in at a time anyway)."""
    return db.session.execute(db.select(Event).where(Event.id == event.id).with_for_update()).scalar_one()


def _going_count(event_id: int) -> int:
    return db.session.scalar(db.select(db.func.count(Rsvp.id)).where(Rsvp.event_id == event_id,
                                                                      Rsvp.status == GOING))


def _fill_seats(event: Event, actor) -> set[int]:
    """Moves waitlisted members, first come first served, into free seats and tells them."""
    _locked(event)
    waiting = db.select(Rsvp).where(Rsvp.event_id == event.id, Rsvp.status == WAITLIST).order_by(Rsvp.id)
    if event.capacity is not None:
        free = event.capacity - _going_count(event.id)
        if free <= 0:
            return set()
        waiting = waiting.limit(free)
    promoted = db.session.execute(waiting).scalars().all()
    for rsvp in promoted:
        rsvp.status = GOING
    return notifications.notify({rsvp.user_id: notifications.EVENT_SEAT for rsvp in promoted}, actor, target=event)


def _require_open(event: Event) -> None:
    if event.deleted_at:
        raise ActionError(gettext("This event has been cancelled."))
    if event.has_ended:
        raise ActionError(gettext("This event has ended."))


def rsvp(member, event: Event) -> Rsvp:
    """A seat while there is one, else a place at the end of the waitlist."""
    if not can_rsvp(member):
        raise ActionError(gettext("Please sign in to continue."))
    _require_open(event)
    _locked(event)
    existing = my_rsvp(member, event)
    if existing:
        return existing
    full = event.capacity is not None and _going_count(event.id) >= event.capacity
    booking = Rsvp(event_id=event.id, user_id=member.id, status=WAITLIST if full else GOING)
    db.session.add(booking)
    db.session.commit()
    return booking


def cancel_rsvp(member, event: Event) -> None:
    """Gives the seat (or the waitlist place) back; the first waiting member then takes a freed seat."""
    _require_open(event)
    _locked(event)
    booking = my_rsvp(member, event)
    if booking is None:
        raise ActionError(gettext("You are not signed up for this event."))
    db.session.delete(booking)
    db.session.flush()
    notified = _fill_seats(event, member) if booking.status == GOING else set()
    notifications.push_unread_counts(notified)
    db.session.commit()


def my_rsvp(member, event: Event) -> Rsvp | None:
    if not member.is_authenticated:
        return None
    return db.session.execute(db.select(Rsvp).where(Rsvp.event_id == event.id, Rsvp.user_id == member.id)
                              ).scalar_one_or_none()


def reveal_checkin_code(actor, event: Event, new: bool = False) -> str:
    """The code a host shows during the session; `new` replaces one that got out."""
    if not can_edit(actor, event):
        raise ActionError(gettext("You may not change this event."))
    if event.has_ended:
        raise ActionError(gettext("This event has ended."))
    if new or not event.checkin_code:
        event.checkin_code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        audit.record(actor, "event.checkin_code", "event", event.id, details=event.title)
        db.session.commit()
    return event.checkin_code


def check_in(member, event: Event, code: str) -> Rsvp:
    """Marks the member as attending. Someone who came without signing up (or from the waitlist) is
    there all the same, so they get a seat."""
    if not can_rsvp(member):
        raise ActionError(gettext("Please sign in to continue."))
    if event.deleted_at or not event.is_running:
        raise ActionError(gettext("Check-in is open only while the event is running."))
    typed = "".join(code.split()).upper()
    if not event.checkin_code or not secrets.compare_digest(typed.encode(), event.checkin_code.encode()):
        raise ActionError(gettext("That is not the check-in code. Check it with the host and try again."), "code")
    booking = my_rsvp(member, event) or Rsvp(event_id=event.id, user_id=member.id)
    booking.status = GOING
    booking.attended_at = booking.attended_at or utcnow()
    db.session.add(booking)
    db.session.commit()
    return booking


def set_recording(actor, event: Event, url: str) -> None:
    if not can_edit(actor, event):
        raise ActionError(gettext("You may not change this event."))
    event.recording_url = web_link(url, "recording_url")
    audit.record(actor, "event.recording", "event", event.id, details=event.recording_url or "cleared")
    db.session.commit()


def answer_survey(member, event: Event, rating: int, comment: str) -> SurveyResponse:
    """Once per member who was going, after the event ended."""
    booking = my_rsvp(member, event)
    if event.deleted_at or booking is None or booking.status != GOING:
        raise ActionError(gettext("Only people who signed up for this event can rate it."))
    if not event.has_ended:
        raise ActionError(gettext("You can rate the event once it has ended."))
    if rating not in RATINGS:
        raise ActionError(gettext("Choose a rating from 1 to 5."), "rating")
    if db.session.execute(db.select(SurveyResponse.id).filter_by(event_id=event.id, user_id=member.id)).first():
        raise ActionError(gettext("You have already rated this event. Thank you!"))
    answer = SurveyResponse(event_id=event.id, user_id=member.id, rating=rating, comment=comment.strip()[:1000])
    db.session.add(answer)
    db.session.commit()
    return answer


def send_reminders(now: datetime | None = None) -> int:
    """In-app reminders a day and an hour before each event, to everyone going, and the notice that an
    online event's live room is open once it starts. Safe to run as often as cron likes: each is claimed by a
    conditional UPDATE, so it is sent once even when two runs overlap. A member who signs up within the last
    hour gets only the hour's reminder."""
    now = now or utcnow()
    sent = 0
    for name, ahead in (("hour_reminder_at", timedelta(hours=1)), ("day_reminder_at", timedelta(days=1))):
        column = getattr(Rsvp, name)
        due = db.session.execute(
            db.select(Rsvp.id).join(Event, Event.id == Rsvp.event_id)
            .where(Rsvp.status == GOING, column.is_(None), Event.deleted_at.is_(None),
                   Event.starts_at > now, Event.starts_at <= now + ahead)).scalars().all()
        for rsvp_id in due:
            sent += _remind(rsvp_id, name, now)
    return sent + _tell_live_rooms_open(now)


def _tell_live_rooms_open(now: datetime) -> int:
    """Everyone going to an online or hybrid event that has started hears that its live room is open (on
    the phone too, where they allowed it), once."""
    due = db.session.execute(
        db.select(Rsvp.id).join(Event, Event.id == Rsvp.event_id)
        .where(Rsvp.status == GOING, Rsvp.live_notice_at.is_(None), Event.deleted_at.is_(None),
               Event.mode.in_(("online", "hybrid")), Event.starts_at <= now, Event.ends_at > now)).scalars().all()
    told = 0
    for rsvp_id in due:
        if db.session.execute(db.update(Rsvp).where(Rsvp.id == rsvp_id, Rsvp.live_notice_at.is_(None))
                              .values(live_notice_at=now)).rowcount:
            booking = db.session.get(Rsvp, rsvp_id)
            notifications.push_unread_counts(notifications.notify({booking.user_id: "live_open"}, None,
                                                                   target=booking.event))
            told += 1
        db.session.commit()
    return told


def _remind(rsvp_id: int, name: str, now: datetime) -> int:
    """Claims the reminder, then sends it. The hour's reminder also stands for the day's."""
    values = {name: now}
    if name == "hour_reminder_at":
        values["day_reminder_at"] = db.func.coalesce(Rsvp.day_reminder_at, now)
    claimed = db.session.execute(db.update(Rsvp).where(Rsvp.id == rsvp_id, getattr(Rsvp, name).is_(None))
                                 .values(values)).rowcount
    if not claimed:
        return 0
    booking = db.session.get(Rsvp, rsvp_id)
    notified = notifications.notify({booking.user_id: "event_reminder"}, None, target=booking.event)
    notifications.push_unread_counts(notified)
    db.session.commit()
    return 1
