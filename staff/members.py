"""Staff pages for members: find a member, change their role, suspend, ban, lift; the audit log."""
from datetime import datetime, time, timedelta, timezone

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_timezone, gettext
from flask_login import current_user

from accounts import actions, recovery
from accounts.forms import (ROLE_LABELS, BanForm, DeletePostsForm, LiftForm, RoleForm, SilenceForm, SuspendForm,
                            WarnForm)
from accounts.models import ROLES, User
from accounts.permissions import can_restrict, has_permission, require
from core.audit import ACTION_LABELS, AuditEntry, describes
from core.forms import refusal_shown
from core.i18n import format_when
from core.timeutil import typed_day, utcnow
from core.urls import page_number
from extensions import db
from forum import actions as forum_actions, queries as forum_queries

bp = Blueprint("staff", __name__, url_prefix="/admin")
PER_PAGE = 25


def _user_or_404(username: str) -> User:
    user = db.session.execute(db.select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        abort(404)
    return user


@bp.get("/")
@require("moderate")
def dashboard():
    return render_template("admin/dashboard.html")


@bp.get("/users")
@require("moderate")
def users():
    query = request.args.get("q", "").strip().lower()[:100]
    role = request.args.get("role", "")
    select = db.select(User).order_by(User.username)
    if query:
        select = select.where(User.username.contains(query, autoescape=True)
                              | User.email.contains(query, autoescape=True)
                              | User.display_name.icontains(query, autoescape=True))
    if role in ROLES:
        select = select.where(User.role == role)
    page = db.paginate(select, page=page_number(), per_page=PER_PAGE, error_out=False)
    return render_template("admin/users.html", page=page, query=query, role=role, roles=ROLES)


@bp.get("/users/<username>")
@require("moderate")
def user_detail(username, reset_link: str | None = None):
    user = _user_or_404(username)
    return render_template("admin/user.html", user=user, role_form=RoleForm(role=user.role), reset_link=reset_link,
                           reset_form=LiftForm(),
                           suspend_form=SuspendForm(), silence_form=SilenceForm(), ban_form=BanForm(),
                           warn_form=WarnForm(), delete_posts_form=DeletePostsForm(), lift_form=LiftForm(),
                           may_set_role=has_permission(current_user, "manage_site") and user.id != current_user.id,
                           may_restrict=can_restrict(current_user, user), record=forum_queries.member_record(user))


def _act(username: str, form_class, apply):
    """Validates the posted form, applies the action, and explains the outcome either way."""
    user = _user_or_404(username)
    form = form_class()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
    else:
        with refusal_shown():
            message = apply(user, form)
            flash(message, "success")
    return redirect(url_for("staff.user_detail", username=user.username))


@bp.post("/users/<username>/role")
@require("manage_site")
def set_role(username):
    def apply(user, form):
        actions.set_role(current_user, user, form.role.data)
        return gettext("The role of %(name)s has been saved.", name=user.username)
    return _act(username, RoleForm, apply)


@bp.post("/users/<username>/suspend")
@require("moderate")
def suspend(username):
    def apply(user, form):
        actions.suspend(current_user, user, utcnow() + timedelta(days=form.days.data), form.reason.data)
        return gettext("%(name)s has been suspended and signed out.", name=user.username)
    return _act(username, SuspendForm, apply)


@bp.post("/users/<username>/silence")
@require("moderate")
def silence(username):
    def apply(user, form):
        actions.silence(current_user, user, utcnow() + timedelta(days=form.days.data), form.reason.data)
        return gettext("%(name)s can read but not post until %(until)s.", name=user.username,
                       until=format_when(user.silenced_until))
    return _act(username, SilenceForm, apply)


@bp.post("/users/<username>/warn")
@require("moderate")
def warn(username):
    def apply(user, form):
        actions.warn(current_user, user, form.message.data)
        return gettext("The warning has been sent to %(name)s.", name=user.username)
    return _act(username, WarnForm, apply)


@bp.post("/users/<username>/delete-posts")
@require("moderate")
def delete_posts(username):
    def apply(user, form):
        posts, threads = forum_actions.delete_all_posts(current_user, user)
        if form.ban.data:
            actions.ban(current_user, user, gettext("Spam"))
        return gettext("Deleted %(posts)d posts and %(threads)d threads by %(name)s.", posts=posts, threads=threads,
                       name=user.username)
    return _act(username, DeletePostsForm, apply)


@bp.post("/users/<username>/reset-link")
@require("moderate")
def reset_link(username):
    """The link is shown on this one page, never stored or sent: staff hand it to the member at the desk."""
    user = _user_or_404(username)
    if LiftForm().validate_on_submit():
        with refusal_shown():
            return user_detail(username, reset_link=recovery.issue_reset_link(current_user, user))
    return redirect(url_for("staff.user_detail", username=user.username))


@bp.post("/users/<username>/ban")
@require("moderate")
def ban(username):
    def apply(user, form):
        actions.ban(current_user, user, form.reason.data)
        return gettext("%(name)s has been banned and signed out.", name=user.username)
    return _act(username, BanForm, apply)


@bp.post("/users/<username>/lift")
@require("moderate")
def lift(username):
    def apply(user, form):
        actions.lift_restriction(current_user, user)
        return gettext("%(name)s may sign in and post again.", name=user.username)
    return _act(username, LiftForm, apply)


@describes("user.role")
def _role_change(details: str) -> str:
    roles = details.split(" → ")
    if not all(role in ROLE_LABELS for role in roles):
        return details
    return " → ".join(str(ROLE_LABELS[role]) for role in roles)


@describes("user.warn")
def _warned_about(details: str) -> str:
    return gettext("post #%(id)d", id=int(details)) if details.isdigit() else details


def _user_id_by_name(username: str) -> int:
    """-1 (matches nothing) for a name nobody has, so a mistyped filter shows no entries rather than all."""
    user_id = db.session.scalar(db.select(User.id).where(User.username == username.strip().lower()))
    return -1 if user_id is None else user_id


def _day_start(text: str, days_later: int = 0) -> datetime | None:
    """'2026-11-22' -> the start of that day (or of a later one) in the library's time zone, as UTC."""
    day = typed_day(text)
    if day is None:
        return None
    local = datetime.combine(day + timedelta(days=days_later), time.min, get_timezone())
    return local.astimezone(timezone.utc)


def audit_filters(args) -> tuple[list, dict]:
    """(SQL conditions, the filters as given) from the query string: action, who, member, from, to."""
    given = {key: args.get(key, "").strip()[:60] for key in ("action", "who", "member", "from", "to")}
    conditions = []
    if given["action"]:
        conditions.append(AuditEntry.action == given["action"])
    if given["who"]:
        conditions.append(AuditEntry.actor_id == _user_id_by_name(given["who"]))
    if given["member"]:
        conditions += [AuditEntry.target_type == "user", AuditEntry.target_id == _user_id_by_name(given["member"])]
    since, until = _day_start(given["from"]), _day_start(given["to"], days_later=1)
    if since:
        conditions.append(AuditEntry.created_at >= since)
    if until:
        conditions.append(AuditEntry.created_at < until)
    return conditions, given


@bp.get("/audit")
@require("moderate")
def audit_log():
    conditions, given = audit_filters(request.args)
    select = (db.select(AuditEntry).options(db.joinedload(AuditEntry.actor)).where(*conditions)
              .order_by(AuditEntry.id.desc()))
    page = db.paginate(select, page=page_number(), per_page=50, error_out=False)
    targets = [entry.target_id for entry in page.items if entry.target_type == "user"]
    members = {user.id: user for user in db.session.execute(
        db.select(User).where(User.id.in_(targets))).scalars()} if targets else {}
    return render_template("admin/audit.html", page=page, filters=given, members=members,
                           labels=ACTION_LABELS, filtered={key: value for key, value in given.items() if value})
