"""Every change to an account goes through here: check, validate, write, commit."""
import unicodedata
from datetime import datetime

from flask_babel import gettext
from sqlalchemy.exc import IntegrityError

from accounts import recovery
from accounts.models import ROLES, User, password_matches, user_by_login
from accounts.permissions import can_restrict, has_permission
from accounts.rules import display_name_problem, email_problem, normalise_email, password_problem, username_problem
from core import audit, notifications, realtime, uploads
from core.errors import ActionError
from core.i18n import LANGUAGES, format_when
from core.markdown import render_markdown
from core.timeutil import utcnow
from extensions import db

AVATAR_SIZE = (256, 256)


def _taken(column, value) -> bool:
    return db.session.execute(db.select(User.id).where(column == value)).first() is not None


def registration_problems(username: str, email: str, password: str, check_reserved: bool = True) -> dict:
    """Every reason a sign-up would be refused, by form field, so a form can show them all at once."""
    username, email = username.strip().lower(), normalise_email(email)
    problems = {
        "username": username_problem(username, check_reserved),
        "email": email_problem(email),
        "password": password_problem(password, username, email),
    }
    if not problems["username"] and _taken(User.username, username):
        problems["username"] = gettext("This username is already taken.")
    if not problems["email"] and _taken(User.email, email):
        problems["email"] = gettext("An account with this email already exists. Sign in instead?")
    return {field: message for field, message in problems.items() if message}


def create_user(username: str, email: str, password: str, *, role: str = "member",
                language: str | None = None, check_reserved: bool = True, confirm_email: bool = False) -> User:
    """`confirm_email`: e-mail the new member a link confirming the address, in the same transaction."""
    if role not in ROLES:
        raise ActionError(gettext("Unknown role."))
    problems = registration_problems(username, email, password, check_reserved)
    if problems:
        field, message = next(iter(problems.items()))
        raise ActionError(message, field)
    user = User(username=username.strip().lower(), email=normalise_email(email), display_name=username.strip(),
                role=role, language=language if language in LANGUAGES else None)
    user.set_password(password)
    db.session.add(user)
    try:
        if confirm_email:
            db.session.flush()
            recovery.send_confirmation(user)
        db.session.commit()
    except IntegrityError:  # the same name or email registered a moment ago, in another request
        db.session.rollback()
        raise ActionError(gettext("This username or email has just been taken. Please choose another."))
    return user


def restriction_message(user: User) -> str | None:
    restriction = user.restriction
    if restriction is None:
        return None
    reason = restriction.reason or gettext("no reason given")
    if restriction.kind == "banned":
        return gettext("This account has been banned. Reason: %(reason)s", reason=reason)
    return gettext("This account is suspended until %(until)s. Reason: %(reason)s",
                   until=format_when(restriction.until), reason=reason)


def authenticate(identifier: str, password: str) -> User:
    user = user_by_login(identifier)
    if not password_matches(user, password):
        raise ActionError(gettext("Wrong username, email or password."))
    message = restriction_message(user)
    if message:
        raise ActionError(message)
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not user.check_password(current_password):
        raise ActionError(gettext("Your current password is not correct."), "current_password")
    problem = password_problem(new_password, user.username, user.email)
    if problem:
        raise ActionError(problem, "new_password")
    user.set_password(new_password)
    user.end_all_sessions()
    db.session.commit()


def update_profile(user: User, *, display_name: str, bio_md: str, interests: str,
                   avatar=None, remove_avatar: bool = False) -> None:
    user.avatar_path, old_avatar = uploads.replace_image(user.avatar_path, avatar, remove_avatar, "avatars",
                                                         AVATAR_SIZE, crop=True)
    display_name = unicodedata.normalize("NFC", " ".join(display_name.split()))
    problem = display_name_problem(display_name)
    if problem:
        raise ActionError(problem, "display_name")
    user.display_name = display_name
    user.bio_md = bio_md.strip()
    user.bio_html = render_markdown(user.bio_md)
    user.interests = ", ".join(item.strip() for item in interests.split(",") if item.strip())[:200]
    db.session.commit()
    uploads.delete_image(old_avatar)


def set_language(user: User, language: str) -> None:
    if language in LANGUAGES:
        user.language = language
        db.session.commit()


def set_role(actor: User, user: User, role: str) -> None:
    if not has_permission(actor, "manage_site"):
        raise ActionError(gettext("Only library staff with the admin role can change roles."))
    if role not in ROLES:
        raise ActionError(gettext("Unknown role."))
    if user.id == actor.id:
        raise ActionError(gettext("You cannot change your own role. Ask another admin."))
    if user.role == role:
        return
    audit.record(actor, "user.role", "user", user.id, details=f"{user.role} → {role}")
    user.role = role
    realtime.access_lost(user.id)  # a former admin's sockets leave the live rooms' hosts rooms
    db.session.commit()


def _require_restrict(actor: User, user: User) -> None:
    if not can_restrict(actor, user):
        raise ActionError(gettext("You may not restrict this account."))


def suspend(actor: User, user: User, until: datetime, reason: str) -> None:
    _require_restrict(actor, user)
    if until <= utcnow():
        raise ActionError(gettext("The end of a suspension must be in the future."))
    reason = reason.strip()
    if not reason:
        raise ActionError(gettext("Please give a reason: the member will see it."))
    user.suspended_until, user.suspension_reason = until, reason
    user.end_all_sessions()
    audit.record(actor, "user.suspend", "user", user.id, details=until.isoformat(), reason=reason)
    db.session.commit()


def ban(actor: User, user: User, reason: str) -> None:
    _require_restrict(actor, user)
    reason = reason.strip()
    if not reason:
        raise ActionError(gettext("Please give a reason: the member will see it."))
    user.banned_at, user.ban_reason = utcnow(), reason
    user.end_all_sessions()
    audit.record(actor, "user.ban", "user", user.id, reason=reason)
    db.session.commit()


def silence(actor: User, user: User, until: datetime, reason: str) -> None:
    """Read-only until `until`: the member signs in and reads, but cannot post, react, flag or vote."""
    _require_restrict(actor, user)
    if until <= utcnow():
        raise ActionError(gettext("The end of a read-only period must be in the future."))
    reason = reason.strip()
    if not reason:
        raise ActionError(gettext("Please give a reason: the member will see it."))
    user.silenced_until, user.silence_reason = until, reason
    audit.record(actor, "user.silence", "user", user.id, details=until.isoformat(), reason=reason)
    db.session.commit()


def warn(actor: User, user: User, message: str, post=None) -> None:
    """A moderator's warning, delivered as a notification the member cannot turn off."""
    _require_restrict(actor, user)
    message = message.strip()
    if not message:
        raise ActionError(gettext("Please write the warning: the member will see it."))
    audit.record(actor, "user.warn", "user", user.id, details=str(post.id) if post else "", reason=message)
    notified = notifications.notify({user.id: notifications.WARNING}, actor, post, message)
    notifications.push_unread_counts(notified)
    db.session.commit()


def lift_restriction(actor: User, user: User) -> None:
    """Ends a ban, a suspension and a silence at once."""
    _require_restrict(actor, user)
    user.banned_at, user.ban_reason = None, ""
    user.suspended_until, user.suspension_reason = None, ""
    user.silenced_until, user.silence_reason = None, ""
    audit.record(actor, "user.lift", "user", user.id)
    db.session.commit()
