"""Members and their roles."""
import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from accounts.rules import normalise_email
from core import realtime
from core.timeutil import UTCDateTime, utcnow
from extensions import db

ROLES = ("member", "moderator", "host", "admin")


def new_session_token() -> str:
    return secrets.token_hex(16)


@dataclass(frozen=True)
class Restriction:
    kind: str  # "banned", "suspended" or "silenced"
    reason: str
    until: datetime | None  # None: until staff lift it


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(30), nullable=False, unique=True)
    email = db.Column(db.String(254), nullable=False, unique=True)
    email_confirmed_at = db.Column(UTCDateTime, nullable=True)  # the member opened a confirmation link sent to it
    pending_email = db.Column(db.String(254), nullable=True)  # asked for, until confirmed from that address
    password_hash = db.Column(db.String(255), nullable=False)
    display_name = db.Column(db.String(60), nullable=False)
    bio_md = db.Column(db.Text, nullable=False, default="")
    bio_html = db.Column(db.Text, nullable=False, default="")
    interests = db.Column(db.String(200), nullable=False, default="")
    avatar_path = db.Column(db.String(200), nullable=True)
    language = db.Column(db.String(5), nullable=True)
    notifications_off = db.Column(db.JSON, nullable=False, default=list)  # kinds in core.notifications.KINDS
    # Beyond the site (core/notifications.py): {kind: "now"|"daily"|"never"} where the member changed the default,
    # the kinds not to push to the phone, and when the last daily digest went out.
    notification_email = db.Column(db.JSON, nullable=True)
    notification_push_off = db.Column(db.JSON, nullable=True)
    digest_sent_at = db.Column(UTCDateTime, nullable=True)
    role = db.Column(db.String(20), nullable=False, default="member")
    # Part of the login cookie: changing it ends every session of this account.
    session_token = db.Column(db.String(32), nullable=False, default=new_session_token)
    suspended_until = db.Column(UTCDateTime, nullable=True)
    suspension_reason = db.Column(db.String(500), nullable=False, default="")
    silenced_until = db.Column(UTCDateTime, nullable=True)  # read-only: may sign in and read, not post
    silence_reason = db.Column(db.String(500), nullable=False, default="", server_default="")
    banned_at = db.Column(UTCDateTime, nullable=True)
    ban_reason = db.Column(db.String(500), nullable=False, default="")
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def end_all_sessions(self) -> None:
        """Signs the account out everywhere: its cookies no longer sign in, and once this is committed its
        open sockets are disconnected too."""
        self.session_token = new_session_token()
        realtime.access_lost(self.id)

    @property
    def restriction(self) -> Restriction | None:
        if self.banned_at:
            return Restriction("banned", self.ban_reason, None)
        if self.suspended_until and self.suspended_until > utcnow():
            return Restriction("suspended", self.suspension_reason, self.suspended_until)
        return None

    @property
    def silence(self) -> Restriction | None:
        if self.silenced_until and self.silenced_until > utcnow():
            return Restriction("silenced", self.silence_reason, self.silenced_until)
        return None

    @property
    def interest_list(self) -> list[str]:
        return [item.strip() for item in self.interests.split(",") if item.strip()]

    @property
    def initials(self) -> str:
        words = self.display_name.split() or [self.username]
        return "".join(word[0] for word in words[:2]).upper()

    @property
    def avatar_colour(self) -> int:
        """One of eight palette classes, stable per member (see .avatar--cN in the CSS)."""
        return hashlib.sha1(self.username.encode()).digest()[0] % 8


class PasswordReset(db.Model):
    """A single-use link that sets a new password: e-mailed to the member, or given by staff at the desk.
    Only a hash of the link's token is kept, so the table does not hold working links."""
    __tablename__ = "password_resets"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    issued_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)  # staff, or None: e-mailed
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    expires_at = db.Column(UTCDateTime, nullable=False)
    used_at = db.Column(UTCDateTime, nullable=True)

    user = db.relationship("User", foreign_keys=[user_id])


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_by_login(identifier: str) -> User | None:
    """Finds a member by username or email, whichever they typed."""
    if "@" in identifier:
        return db.session.execute(db.select(User).where(User.email == normalise_email(identifier))).scalar_one_or_none()
    return db.session.execute(db.select(User).where(User.username == identifier.strip().lower())).scalar_one_or_none()


@functools.cache
def _unknown_account_hash(method: str) -> str:
    """A hash no typed password matches, made by the site's own method (once per process)."""
    return generate_password_hash(secrets.token_urlsafe(32), method)


def password_matches(user: User | None, password: str) -> bool:
    """The password check of a sign-in. For an unknown account the password is checked all the same,
    against a hash made the same way, so the time a failed sign-in takes does not tell who has an account."""
    if user is None:
        check_password_hash(_unknown_account_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return False
    return user.check_password(password)
