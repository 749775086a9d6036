"""Event tables. An event's times are stored in UTC and shown in the library's time zone (WIB/WITA/WIT).

A member's RSVP is one row per event: `going` holds a seat, `waitlist` waits for one in the order the
rows were made (their id). Cancelling deletes the row; the next waitlisted member then takes the seat
(events/actions.py, `_fill_seats`)."""
from core.timeutil import UTCDateTime, utcnow
from core.text import slugify
from extensions import db

EVENTS_PER_PAGE = 12
KINDS = ("webinar", "discussion", "workshop", "book_fair", "bedah_buku", "seminar", "campaign")
MODES = ("online", "onsite", "hybrid")
HOST_ROLES = ("host", "cohost")
GOING, WAITLIST = "going", "waitlist"
RATINGS = (1, 2, 3, 4, 5)


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (db.Index("ix_events_schedule", "deleted_at", "starts_at", "id"),)

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(150), nullable=False)
    kind = db.Column(db.String(20), nullable=False)  # one of KINDS
    description_md = db.Column(db.Text, nullable=False, default="")
    description_html = db.Column(db.Text, nullable=False, default="")
    cover_path = db.Column(db.String(200), nullable=True)
    mode = db.Column(db.String(10), nullable=False)  # one of MODES
    place = db.Column(db.String(300), nullable=False, default="")  # where on-site and hybrid events happen
    stream_url = db.Column(db.String(500), nullable=False, default="")  # where online and hybrid ones are watched
    starts_at = db.Column(UTCDateTime, nullable=False)
    ends_at = db.Column(UTCDateTime, nullable=False)
    capacity = db.Column(db.Integer, nullable=True)  # seats; None: no limit
    recording_url = db.Column(db.String(500), nullable=False, default="")
    checkin_code = db.Column(db.String(12), nullable=True)  # revealed by a host during the session
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    deleted_at = db.Column(UTCDateTime, nullable=True)  # cancelled by its hosts: gone everywhere
    # A reading group's event: listed on the group's page; a private group's is seen only by its members.
    group_id = db.Column(db.Integer, db.ForeignKey("reading_groups.id"), nullable=True, index=True)
    # A reading challenge the event belongs to (optional): each page links to the other.
    challenge_id = db.Column(db.Integer, db.ForeignKey("challenges.id"), nullable=True, index=True)

    hosts = db.relationship("EventHost", order_by="EventHost.id", cascade="all, delete-orphan",
                            back_populates="event")
    group = db.relationship("ReadingGroup")
    # Partner organisations from the directory (partners/models.py).
    partners = db.relationship("Partner", secondary="event_partners", order_by="Partner.name")
    challenge = db.relationship("Challenge")

    @property
    def slug(self) -> str:
        return slugify(self.title)

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= utcnow()

    @property
    def is_running(self) -> bool:
        return self.starts_at <= utcnow() < self.ends_at

    def people(self, role: str) -> list:
        return [row.user for row in self.hosts if row.role == role]


class EventHost(db.Model):
    """Who runs an event: `host` (may do everything, including cancelling it) or `cohost` (may edit)."""
    __tablename__ = "event_hosts"
    __table_args__ = (db.UniqueConstraint("event_id", "user_id", name="uq_event_hosts_once"),)

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    role = db.Column(db.String(10), nullable=False)  # one of HOST_ROLES

    event = db.relationship(Event, back_populates="hosts")
    user = db.relationship("User")


class Rsvp(db.Model):
    __tablename__ = "event_rsvps"
    __table_args__ = (db.UniqueConstraint("event_id", "user_id", name="uq_event_rsvps_once"),
                      db.Index("ix_event_rsvps_queue", "event_id", "status", "id"))

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    status = db.Column(db.String(10), nullable=False)  # GOING or WAITLIST
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    attended_at = db.Column(UTCDateTime, nullable=True)  # entered the check-in code
    day_reminder_at = db.Column(UTCDateTime, nullable=True)  # when the reminder a day before was sent
    hour_reminder_at = db.Column(UTCDateTime, nullable=True)
    live_notice_at = db.Column(UTCDateTime, nullable=True)  # when the member was told its live room is open

    event = db.relationship(Event)
    user = db.relationship("User")


class SurveyResponse(db.Model):
    """One per member who was going, given after the event ended."""
    __tablename__ = "event_survey_responses"
    __table_args__ = (db.UniqueConstraint("event_id", "user_id", name="uq_event_survey_responses_once"),)

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    rating = db.Column(db.Integer, nullable=False)  # one of RATINGS
    comment = db.Column(db.String(1000), nullable=False, default="")
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class LiveRoom(db.Model):
    """The live room's settings, made the first time a host changes one (no row: the defaults)."""
    __tablename__ = "event_live_rooms"

    event_id = db.Column(db.Integer, db.ForeignKey("events.id"), primary_key=True)
    paused = db.Column(db.Boolean, nullable=False, default=False)
    slow_mode_seconds = db.Column(db.Integer, nullable=False, default=0)
    approve_questions = db.Column(db.Boolean, nullable=False, default=False)  # questions wait for a host
    highlighted_question_id = db.Column(db.Integer, nullable=True)  # the one being answered now
    ended_at = db.Column(UTCDateTime, nullable=True)  # ended by a host: read-only from then on


class ChatMessage(db.Model):
    """`client_id` is the sender's own name for the message, so a resend after a lost acknowledgement
    stores nothing twice."""
    __tablename__ = "event_chat_messages"
    __table_args__ = (db.UniqueConstraint("author_id", "client_id", name="uq_event_chat_messages_client"),
                      db.Index("ix_event_chat_messages_room", "event_id", "id"))

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id"), nullable=False)
    author_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    client_id = db.Column(db.String(64), nullable=False)
    body = db.Column(db.Text, nullable=False)
    html = db.Column(db.Text, nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    deleted_at = db.Column(UTCDateTime, nullable=True)

    author = db.relationship("User")


class EventMute(db.Model):
    """A member a host has muted in this event's live room."""
    __tablename__ = "event_mutes"
    __table_args__ = (db.UniqueConstraint("event_id", "user_id", name="uq_event_mutes_once"),)

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class Question(db.Model):
    __tablename__ = "event_questions"
    __table_args__ = (db.Index("ix_event_questions_room", "event_id", "id"),)

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id"), nullable=False)
    author_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    body = db.Column(db.String(300), nullable=False)
    html = db.Column(db.Text, nullable=False)
    votes = db.Column(db.Integer, nullable=False, default=0)
    approved = db.Column(db.Boolean, nullable=False, default=True)  # False: waits for a host
    answered_at = db.Column(UTCDateTime, nullable=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    removed_at = db.Column(UTCDateTime, nullable=True)  # rejected by a host: gone from the Q&A for everyone

    author = db.relationship("User")


class QuestionVote(db.Model):
    __tablename__ = "event_question_votes"
    __table_args__ = (db.UniqueConstraint("question_id", "user_id", name="uq_event_question_votes_once"),)

    id = db.Column(db.Integer, primary_key=True)
    question_id = db.Column(db.Integer, db.ForeignKey("event_questions.id"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)


class LivePoll(db.Model):
    __tablename__ = "event_polls"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("events.id"), nullable=False, index=True)
    question = db.Column(db.String(200), nullable=False)
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    closed_at = db.Column(UTCDateTime, nullable=True)

    options = db.relationship("LivePollOption", order_by="LivePollOption.position", cascade="all, delete-orphan")


class LivePollOption(db.Model):
    __tablename__ = "event_poll_options"

    id = db.Column(db.Integer, primary_key=True)
    poll_id = db.Column(db.Integer, db.ForeignKey("event_polls.id"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False)
    label = db.Column(db.String(100), nullable=False)
    votes = db.Column(db.Integer, nullable=False, default=0)


class LivePollVote(db.Model):
    __tablename__ = "event_poll_votes"
    __table_args__ = (db.UniqueConstraint("poll_id", "user_id", name="uq_event_poll_votes_once"),)

    id = db.Column(db.Integer, primary_key=True)
    poll_id = db.Column(db.Integer, db.ForeignKey("event_polls.id"), nullable=False)
    option_id = db.Column(db.Integer, db.ForeignKey("event_poll_options.id"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
