"""Reaching a member by e-mail about their account: a forgotten password (a single-use link, e-mailed or given
by staff at the desk), confirming the address, and changing it. Each change writes its e-mail into the
outbox in its own transaction (core/mail.py)."""
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from accounts.models import PasswordReset, User, token_hash, user_by_login
from accounts.permissions import can_restrict
from accounts.rules import email_problem, normalise_email, password_problem
from core import audit, mail
from core.errors import ActionError
from core.timeutil import utcnow
from core.urls import absolute_url
from extensions import db

RESET_VALID = timedelta(hours=1)
CONFIRMATION_VALID = timedelta(days=7)


def _new_reset(user: User, issued_by: User | None = None) -> tuple[PasswordReset, str]:
    token = secrets.token_urlsafe(32)
    reset = PasswordReset(user_id=user.id, token_hash=token_hash(token), issued_by_id=issued_by.id if issued_by else None,
                          created_at=utcnow(), expires_at=utcnow() + RESET_VALID)
    db.session.add(reset)
    return reset, absolute_url("accounts.reset_password", token=token)


def request_password_reset(identifier: str) -> None:
    """E-mails a link to the account with this username or address, if there is one. The work is the same
    either way (the e-mail is written in both cases, and sent only in one), so neither the answer nor its
    time tells who has an account."""
    user = user_by_login(identifier)
    if user is None:
        token = secrets.token_urlsafe(32)
        token_hash(token)
        mail.compose("password_reset", None, name=identifier[:60],
                     link=absolute_url("accounts.reset_password", token=token))
        db.session.commit()
        return
    reset, link = _new_reset(user)
    db.session.flush()
    mail.send(user.email, user.language, "password_reset", f"reset-{reset.id}-{reset.token_hash[:16]}",
              name=user.display_name, link=link)
    db.session.commit()


def reset_for(token: str) -> PasswordReset:
    """The link's reset, or ActionError saying why it no longer works."""
    reset = db.session.execute(db.select(PasswordReset).where(PasswordReset.token_hash == token_hash(token))
                               ).scalar_one_or_none()
    if reset is None:
        raise ActionError(gettext("This link to set a new password is not valid. Check that you opened the whole "
                                  "link, or ask for a new one."))
    if reset.used_at is not None:
        raise ActionError(gettext("This link has already been used. Each link sets a password once: ask for a "
                                  "new one if you need it."))
    if reset.expires_at <= utcnow():
        raise ActionError(gettext("This link has expired: links work for one hour. Ask for a new one."))
    return reset


def reset_password(token: str, new_password: str) -> User:
    """Sets the new password once, ends every session of the account, and ends its other links."""
    reset = reset_for(token)
    user = reset.user
    problem = password_problem(new_password, user.username, user.email)
    if problem:
        raise ActionError(problem, "new_password")
    now = utcnow()
    used = db.session.execute(db.update(PasswordReset).where(PasswordReset.id == reset.id,
                                                             PasswordReset.used_at.is_(None)).values(used_at=now))
    if used.rowcount != 1:  # the same link submitted twice at once: the other submission won
        db.session.rollback()
        raise ActionError(gettext("This link has already been used. Each link sets a password once: ask for a "
                                  "new one if you need it."))
    db.session.execute(db.update(PasswordReset).where(PasswordReset.user_id == user.id,
                                                      PasswordReset.used_at.is_(None)).values(used_at=now))
    user.set_password(new_password)
    user.end_all_sessions()
    if reset.issued_by_id is None and user.email_confirmed_at is None:
        user.email_confirmed_at = now  # the link reached the member at this address
    db.session.commit()
    return user


def issue_reset_link(actor: User, user: User) -> str:
    """Staff at the desk give a member without reachable e-mail a link (shown once, never stored)."""
    if not can_restrict(actor, user):
        raise ActionError(gettext("You may not issue a password link for this account."))
    _, link = _new_reset(user, issued_by=actor)
    audit.record(actor, "user.reset_link", "user", user.id)
    db.session.commit()
    return link


def _confirmations() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="serambi-email-confirmation")


def send_confirmation(user: User, address: str | None = None) -> bool:
    """Queues a link confirming `address` (the account's own, or the one it asked to change to). The
    caller commits."""
    address = address or user.email
    token = _confirmations().dumps({"user": user.id, "email": address})
    return mail.send(address, user.language, "confirm_email", f"confirm-{user.id}-{secrets.token_hex(8)}",
                     name=user.display_name, link=absolute_url("accounts.confirm_email", token=token),
                     changing=address != user.email)


def resend_confirmation(user: User) -> None:
    if user.email_confirmed_at is not None and not user.pending_email:
        raise ActionError(gettext("Your e-mail address is already confirmed."))
    if not send_confirmation(user, user.pending_email or user.email):
        raise ActionError(gettext("E-mail to this address cannot be delivered. Change your e-mail address."))
    db.session.commit()


def confirmation_for(token: str) -> tuple[User, str]:
    """(the member, the address the link confirms), or ActionError saying why the link no longer works."""
    try:
        data = _confirmations().loads(token, max_age=int(CONFIRMATION_VALID.total_seconds()))
    except SignatureExpired:
        raise ActionError(gettext("This confirmation link has expired. Ask for a new one in your settings."))
    except BadSignature:
        raise ActionError(gettext("This confirmation link is not valid. Check that you opened the whole link."))
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None or data.get("email") not in (user.email, user.pending_email):
        raise ActionError(gettext("This confirmation link is for an address no longer on the account."))
    return user, data["email"]


def confirm_email(token: str) -> User:
    user, address = confirmation_for(token)
    if address == user.pending_email:
        if db.session.execute(db.select(User.id).where(User.email == address)).first():
            raise ActionError(gettext("Another account uses this address now. Choose another address."))
        user.email, user.pending_email = address, None
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    db.session.commit()
    return user


def change_email(user: User, password: str, new_address: str) -> None:
    """The new address takes effect once confirmed from it; the old one hears of the request at once."""
    if not user.check_password(password):
        raise ActionError(gettext("Your current password is not correct."), "password")
    new_address = normalise_email(new_address)
    problem = email_problem(new_address)
    if problem:
        raise ActionError(problem, "email")
    if new_address == user.email:
        raise ActionError(gettext("This is already your e-mail address."), "email")
    if db.session.execute(db.select(User.id).where(User.email == new_address)).first():
        raise ActionError(gettext("An account with this email already exists. Sign in instead?"), "email")
    user.pending_email = new_address
    if not send_confirmation(user, new_address):
        raise ActionError(gettext("E-mail to this address cannot be delivered. Choose another address."), "email")
    mail.send(user.email, user.language, "email_change_notice", f"email-change-{user.id}-{secrets.token_hex(8)}",
              name=user.display_name, new_address=new_address, settings=absolute_url("accounts.email_settings"))
    db.session.commit()
