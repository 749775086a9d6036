"""Forum tables. A post's `number` is its place in the thread (1 is the opening post); numbers never
change, so a page is a range of numbers and a link to a post always finds its page. The one exception
is a moderator's merge or split (forum/threadtools.py), which moves posts to another thread and
renumbers them there; /forum/p/<id> stays stable. A split leaves gaps in the old thread's numbers."""
from core.text import slugify
from core.timeutil import UTCDateTime, utcnow
from extensions import db

POSTS_PER_PAGE = 20
THREADS_PER_PAGE = 25
START_PERMISSIONS = ("members", "staff")
SLOW_MODE_CHOICES = (0, 10, 30, 60, 300, 900)
FLAG_REASONS = ("spam", "abuse", "off_topic", "other")
FLAG_OUTCOMES = ("hide", "delete", "dismiss", "warn", "suspend")
REACTIONS = {"like": "👍", "love": "❤️", "haha": "😄", "wow": "😮", "sad": "😢", "thanks": "🙏"}


class Category(db.Model):
    __tablename__ = "forum_categories"

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(60), nullable=False, unique=True)
    name = db.Column(db.String(80), nullable=False)
    description = db.Column(db.String(300), nullable=False, default="")
    colour = db.Column(db.String(7), nullable=False, default="#0f6b5c")
    position = db.Column(db.Integer, nullable=False, default=0)
    who_starts = db.Column(db.String(10), nullable=False, default="members")  # one of START_PERMISSIONS
    thread_count = db.Column(db.Integer, nullable=False, default=0)
    post_count = db.Column(db.Integer, nullable=False, default=0)
    # A reading group's own category: listed nowhere in the forum; its threads show on the group's page,
    # and who may read and write them is the group's rule (groups/access.py).
    group_id = db.Column(db.Integer, db.ForeignKey("reading_groups.id"), nullable=True, unique=True)

    group = db.relationship("ReadingGroup")


class Thread(db.Model):
    __tablename__ = "forum_threads"
    __table_args__ = (db.Index("ix_forum_threads_category_activity", "category_id", "pinned", "last_post_at", "id"),
                      db.Index("ix_forum_threads_activity", "last_post_at", "id"),
                      # Partial: an index on the flag itself led SQLite to sort every unpinned thread for the
                      # home page (16 ms at a million posts) instead of walking ix_forum_threads_activity.
                      db.Index("ix_forum_threads_global_pins", "last_post_at", "id",
                               sqlite_where=db.text("pinned_globally = 1"),
                               postgresql_where=db.text("pinned_globally")))

    id = db.Column(db.Integer, primary_key=True)
    category_id = db.Column(db.Integer, db.ForeignKey("forum_categories.id"), nullable=False)
    author_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    title = db.Column(db.String(150), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    last_post_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    last_post_id = db.Column(db.Integer, nullable=True)
    post_count = db.Column(db.Integer, nullable=False, default=0)  # numbers handed out so far
    locked = db.Column(db.Boolean, nullable=False, default=False)
    pinned = db.Column(db.Boolean, nullable=False, default=False)
    slow_mode_seconds = db.Column(db.Integer, nullable=False, default=0)  # 0: off
    deleted_at = db.Column(UTCDateTime, nullable=True)  # gone from lists; staff still open it
    pinned_globally = db.Column(db.Boolean, nullable=False, default=False)  # atop /forum/ and home
    closes_at = db.Column(UTCDateTime, nullable=True)  # no new replies from then on, as if locked
    merged_into_id = db.Column(db.Integer, db.ForeignKey("forum_threads.id"), nullable=True)  # a stub that redirects
    gap_count = db.Column(db.Integer, nullable=False, default=0)  # numbers whose posts were split off
    pending_at = db.Column(UTCDateTime, nullable=True)  # its opening post awaits approval: listed nowhere yet

    category = db.relationship(Category)
    author = db.relationship("User")
    # For reading: the thread page loads it with the thread (forum/queries.py); changes go through forum/polls.py.
    poll = db.relationship("Poll", uselist=False, viewonly=True)

    @property
    def posts_held(self) -> int:
        """Posts in the thread now: the numbers handed out, less those split off to another thread."""
        return self.post_count - self.gap_count

    @property
    def reply_count(self) -> int:
        return max(self.posts_held - 1, 0)

    @property
    def closed(self) -> bool:
        """Locked, or past its closing date."""
        return self.locked or (self.closes_at is not None and self.closes_at <= utcnow())

    @property
    def page_count(self) -> int:
        return max((self.post_count + POSTS_PER_PAGE - 1) // POSTS_PER_PAGE, 1)

    @property
    def slug(self) -> str:
        return slugify(self.title)


class Post(db.Model):
    __tablename__ = "forum_posts"
    __table_args__ = (db.UniqueConstraint("thread_id", "number", name="uq_forum_posts_thread_number"),)

    id = db.Column(db.Integer, primary_key=True)
    thread_id = db.Column(db.Integer, db.ForeignKey("forum_threads.id"), nullable=False)
    number = db.Column(db.Integer, nullable=False)
    author_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    body_md = db.Column(db.Text, nullable=False)
    body_html = db.Column(db.Text, nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow, index=True)  # analytics: posts in a period
    edited_at = db.Column(UTCDateTime, nullable=True)
    deleted_at = db.Column(UTCDateTime, nullable=True)
    reaction_counts = db.Column(db.JSON, nullable=False, default=dict)  # {"like": 3}: kept on write
    hidden_at = db.Column(UTCDateTime, nullable=True)  # hidden by a moderator: only staff and the author see it
    pending_at = db.Column(UTCDateTime, nullable=True, index=True)  # awaits approval (forum/approval.py)
    pending_reason = db.Column(db.String(120), nullable=True)  # why it was held, for the moderators

    thread = db.relationship(Thread)
    author = db.relationship("User")

    @property
    def page(self) -> int:
        return (self.number - 1) // POSTS_PER_PAGE + 1


class PostRevision(db.Model):
    """The text a post had before an edit."""
    __tablename__ = "forum_post_revisions"

    id = db.Column(db.Integer, primary_key=True)
    post_id = db.Column(db.Integer, db.ForeignKey("forum_posts.id"), nullable=False, index=True)
    editor_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    body_md = db.Column(db.Text, nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    editor = db.relationship("User")


class Reaction(db.Model):
    __tablename__ = "forum_reactions"
    __table_args__ = (db.UniqueConstraint("post_id", "user_id", "kind", name="uq_forum_reactions_once"),)

    id = db.Column(db.Integer, primary_key=True)
    post_id = db.Column(db.Integer, db.ForeignKey("forum_posts.id"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    kind = db.Column(db.String(10), nullable=False)  # a key of REACTIONS
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow, index=True)  # analytics: reactions in a period


class Bookmark(db.Model):
    __tablename__ = "forum_bookmarks"
    __table_args__ = (db.UniqueConstraint("user_id", "post_id", name="uq_forum_bookmarks_once"),)

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    post_id = db.Column(db.Integer, db.ForeignKey("forum_posts.id"), nullable=False, index=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    post = db.relationship(Post)


class Flag(db.Model):
    """A member's report of a post, open until a moderator acts on the post."""
    __tablename__ = "forum_flags"
    __table_args__ = (db.UniqueConstraint("post_id", "reporter_id", name="uq_forum_flags_once"),
                      db.Index("ix_forum_flags_open", "resolved_at", "post_id"))

    id = db.Column(db.Integer, primary_key=True)
    post_id = db.Column(db.Integer, db.ForeignKey("forum_posts.id"), nullable=False)
    reporter_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    reason = db.Column(db.String(20), nullable=False)  # one of FLAG_REASONS
    text = db.Column(db.String(500), nullable=False, default="")
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    resolved_at = db.Column(UTCDateTime, nullable=True)
    resolved_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    outcome = db.Column(db.String(20), nullable=True)  # one of FLAG_OUTCOMES

    post = db.relationship(Post)
    reporter = db.relationship("User", foreign_keys=[reporter_id])


class Watch(db.Model):
    """A member who hears of every reply in a thread. Starting or replying to a thread watches it."""
    __tablename__ = "forum_watches"
    __table_args__ = (db.UniqueConstraint("thread_id", "user_id", name="uq_forum_watches_once"),)

    id = db.Column(db.Integer, primary_key=True)
    thread_id = db.Column(db.Integer, db.ForeignKey("forum_threads.id"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)

    user = db.relationship("User")


class Poll(db.Model):
    """A thread's poll (at most one). Voting ends when `closes_at` passes or someone closes it by hand
    (`closed_at`); the thread being closed or locked ends it too (forum/polls.py)."""
    __tablename__ = "forum_polls"

    id = db.Column(db.Integer, primary_key=True)
    thread_id = db.Column(db.Integer, db.ForeignKey("forum_threads.id"), nullable=False, unique=True)
    question = db.Column(db.String(200), nullable=False)
    multiple = db.Column(db.Boolean, nullable=False, default=False)
    closes_at = db.Column(UTCDateTime, nullable=True)
    closed_at = db.Column(UTCDateTime, nullable=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    options = db.relationship("PollOption", order_by="PollOption.position")

    @property
    def closed(self) -> bool:
        return self.closed_at is not None or (self.closes_at is not None and self.closes_at <= utcnow())


class PollOption(db.Model):
    __tablename__ = "forum_poll_options"
    __table_args__ = (db.UniqueConstraint("poll_id", "position", name="uq_forum_poll_options_position"),
                      # lets a vote name its option and poll together (see PollVote)
                      db.UniqueConstraint("poll_id", "id", name="uq_forum_poll_options_poll_id"))

    id = db.Column(db.Integer, primary_key=True)
    poll_id = db.Column(db.Integer, db.ForeignKey("forum_polls.id"), nullable=False)
    position = db.Column(db.Integer, nullable=False)
    label = db.Column(db.String(100), nullable=False)


class PollVote(db.Model):
    """One chosen option. `slot` is 0 in a single-choice poll and the option's id in a multiple-choice
    one, so the unique (poll, user, slot) lets a member hold one vote per single-choice poll and one
    per option otherwise, whatever requests race. The composite foreign key keeps the option in the poll."""
    __tablename__ = "forum_poll_votes"
    __table_args__ = (db.UniqueConstraint("option_id", "user_id", name="uq_forum_poll_votes_option_user"),
                      db.UniqueConstraint("poll_id", "user_id", "slot", name="uq_forum_poll_votes_slot"),
                      db.ForeignKeyConstraint(["poll_id", "option_id"],
                                              ["forum_poll_options.poll_id", "forum_poll_options.id"],
                                              name="fk_forum_poll_votes_option_in_poll"),
                      db.Index("ix_forum_poll_votes_poll_option", "poll_id", "option_id"))

    id = db.Column(db.Integer, primary_key=True)
    poll_id = db.Column(db.Integer, db.ForeignKey("forum_polls.id"), nullable=False)
    option_id = db.Column(db.Integer, nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)  # indexed by the slot constraint
    slot = db.Column(db.Integer, nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
