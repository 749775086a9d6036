"""Reading group tables.

A group reads one book at a time. Each book read is a `round`: the schedule's milestones, the members'
progress and the nominations for the next book all belong to the group's current round, and closing the
vote for the next book starts a new round with an empty schedule. The group's discussions are forum
threads in the group's own forum Category (forum_categories.group_id), so the forum's machinery (posts,
quotes, reactions, moderation, unread marks) serves groups too."""
from flask_babel import lazy_gettext as _l

from core.timeutil import UTCDateTime, utcnow
from extensions import db

VISIBILITIES = {"public": _l("Public: anyone may join"),
                "request": _l("By request: a facilitator approves who joins"),
                "private": _l("Private: by invitation only, invisible to others")}
FACILITATOR, MEMBER = "facilitator", "member"
ACTIVE, REQUESTED, INVITED = "active", "requested", "invited"
GROUPS_PER_PAGE = 20


class ReadingGroup(db.Model):
    __tablename__ = "reading_groups"

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(60), nullable=False, unique=True)
    name = db.Column(db.String(100), nullable=False)
    description_md = db.Column(db.Text, nullable=False, default="")
    description_html = db.Column(db.Text, nullable=False, default="")
    cover_path = db.Column(db.String(200), nullable=True)
    visibility = db.Column(db.String(10), nullable=False, default="public")  # a key of VISIBILITIES
    current_book_id = db.Column(db.Integer, db.ForeignKey("books.id"), nullable=True, index=True)
    round = db.Column(db.Integer, nullable=False, default=1)  # the book being read: 1 for the first, and so on
    member_count = db.Column(db.Integer, nullable=False, default=0)  # active members, kept on every change
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    current_book = db.relationship("Book")
    partners = db.relationship("Partner", secondary="group_partners", order_by="Partner.name")

    @property
    def is_private(self) -> bool:
        return self.visibility == "private"


class Membership(db.Model):
    """One row per person and group: an active member or facilitator, a pending request, or an invitation.
    `reached_id` is the milestone of the current round the member has read up to."""
    __tablename__ = "reading_group_members"
    __table_args__ = (db.UniqueConstraint("group_id", "user_id", name="uq_reading_group_members_once"),)

    id = db.Column(db.Integer, primary_key=True)
    group_id = db.Column(db.Integer, db.ForeignKey("reading_groups.id"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    role = db.Column(db.String(12), nullable=False, default=MEMBER)  # FACILITATOR or MEMBER
    state = db.Column(db.String(10), nullable=False, default=ACTIVE)  # ACTIVE, REQUESTED or INVITED
    reached_id = db.Column(db.Integer, db.ForeignKey("reading_group_milestones.id"), nullable=True)
    invited_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    group = db.relationship(ReadingGroup)
    user = db.relationship("User", foreign_keys=[user_id])
    reached = db.relationship("Milestone", foreign_keys=[reached_id])

    @property
    def is_facilitator(self) -> bool:
        return self.state == ACTIVE and self.role == FACILITATOR


class Milestone(db.Model):
    """A stop in the reading schedule (a chapter or page range, with a date) and its discussion thread."""
    __tablename__ = "reading_group_milestones"
    __table_args__ = (db.Index("ix_reading_group_milestones_schedule", "group_id", "round", "position"),)

    id = db.Column(db.Integer, primary_key=True)
    group_id = db.Column(db.Integer, db.ForeignKey("reading_groups.id"), nullable=False)
    round = db.Column(db.Integer, nullable=False)
    position = db.Column(db.Integer, nullable=False)  # 1, 2, 3 … in the round's schedule
    label = db.Column(db.String(100), nullable=False)  # "Bab 1–5" or "hlm. 1–80"
    due_on = db.Column(db.Date, nullable=False)
    thread_id = db.Column(db.Integer, db.ForeignKey("forum_threads.id"), nullable=True, unique=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    thread = db.relationship("Thread")


class Nomination(db.Model):
    """A book a member put forward as the group's next one, during the current round."""
    __tablename__ = "reading_group_nominations"
    __table_args__ = (db.UniqueConstraint("group_id", "round", "book_id", name="uq_reading_group_nominations_once"),)

    id = db.Column(db.Integer, primary_key=True)
    group_id = db.Column(db.Integer, db.ForeignKey("reading_groups.id"), nullable=False)
    round = db.Column(db.Integer, nullable=False)
    book_id = db.Column(db.Integer, db.ForeignKey("books.id"), nullable=False)
    nominated_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    vote_count = db.Column(db.Integer, nullable=False, default=0)  # recounted on every vote
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    book = db.relationship("Book")
    nominated_by = db.relationship("User")


class Vote(db.Model):
    """A member's one vote for the next book in a round (changing it moves the row)."""
    __tablename__ = "reading_group_votes"
    __table_args__ = (db.UniqueConstraint("group_id", "round", "user_id", name="uq_reading_group_votes_once"),)

    id = db.Column(db.Integer, primary_key=True)
    group_id = db.Column(db.Integer, db.ForeignKey("reading_groups.id"), nullable=False)
    round = db.Column(db.Integer, nullable=False)
    nomination_id = db.Column(db.Integer, db.ForeignKey("reading_group_nominations.id"), nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
