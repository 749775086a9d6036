"""Who may do what. Every view and socket handler asks here, so a rule lives in one place."""
from functools import wraps

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from core.errors import ActionError, render_error
from extensions import login_manager

PERMISSIONS = {
    "manage_site": {"admin"},               # library profile, roles
    "moderate": {"moderator", "admin"},     # suspend and ban members, moderation queue
    "host_events": {"host", "admin"},       # create events and run live rooms
    "manage_books": {"moderator", "admin"},  # the book catalogue: add, edit, picks, members' suggestions
    "manage_challenges": {"moderator", "admin"},  # reading challenges, their teams, quizzes, draws, others' logs
    # Least privilege: moderators moderate; the library's analytics and downloads of members' personal data
    # are for admins (an event's attendee list is for the event's hosts: events/permissions.py).
    "view_analytics": {"admin"},  # the analytics dashboard, its CSVs and the monthly report
    "manage_surveys": {"moderator", "admin"},  # surveys: build, open and close them, see the (anonymous) results
    "export_personal_data": {"admin"},  # downloads, row by row: survey responses, challenge results with names
    "manage_pages": {"admin"},  # the library's own pages, announcements and the partner directory
}
# Why a page is refused, where the bare "not allowed" would leave a staff member guessing.
REFUSALS = {
    "view_analytics": _l("The library's analytics are for its admins."),
    "export_personal_data": _l("Downloads of members' answers and results are for the library's admins, who "
                               "look after members' personal data."),
}


def has_permission(user, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(permission)
    return bool(user and user.is_authenticated and user.role in PERMISSIONS[permission])


def require_permission(actor, permission: str, refusal) -> None:
    """For actions: raise ActionError(refusal) unless the actor holds the permission."""
    if not has_permission(actor, permission):
        raise ActionError(str(refusal))


def can_moderate(user) -> bool:
    """Moderators and admins: the staff who see private groups, moderate and post anywhere."""
    return has_permission(user, "moderate")


def is_reader(user) -> bool:
    """Signed in and not suspended or banned: may keep bookmarks and watch threads."""
    return bool(user and user.is_authenticated and user.restriction is None)


# Whether members must confirm their e-mail address before they take part: the library's profile decides
# (library/ sets the rule in its init_app); until then, they may.
CONFIRMATION_RULE = {"required": lambda: False}


def set_confirmation_rule(required) -> None:
    CONFIRMATION_RULE["required"] = required


def awaits_confirmation(user) -> bool:
    """A member (not staff) with an unconfirmed address, where the library wants it confirmed to take part."""
    return bool(user.is_authenticated and user.role == "member" and user.email_confirmed_at is None
                and CONFIRMATION_RULE["required"]())


def is_member(user) -> bool:
    """A reader who may also take part (post, react, flag, vote): not silenced, and confirmed where the
    library asks for it."""
    return is_reader(user) and user.silence is None and not awaits_confirmation(user)


def can_restrict(actor, target) -> bool:
    """Admins may suspend or ban anyone but admins; moderators only members. Never oneself."""
    if not has_permission(actor, "moderate") or actor.id == target.id:
        return False
    if actor.role == "admin":
        return target.role != "admin"
    return target.role == "member"


def require(permission: str):
    """View decorator: 403 unless the signed-in member has the permission (guests go to sign in)."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not has_permission(current_user, permission):
                if permission in REFUSALS:
                    return render_error(403, str(REFUSALS[permission]))
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator
