"""Staff pages for members: find a member, change their role, suspend, ban, lift; the audit log."""
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from accounts import actions
from accounts.forms import BanForm, LiftForm, RoleForm, SuspendForm
from accounts.models import ROLES, User
from accounts.permissions import can_restrict, has_permission, require
from core.audit import AuditEntry
from core.errors import ActionError
from core.timeutil import utcnow
from core.urls import page_number
from extensions import db

bp = Blueprint("accounts_admin", __name__, url_prefix="/admin")
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
def user_detail(username):
    user = _user_or_404(username)
    return render_template("admin/user.html", user=user, role_form=RoleForm(role=user.role),
                           suspend_form=SuspendForm(), ban_form=BanForm(), lift_form=LiftForm(),
                           may_set_role=has_permission(current_user, "manage_site") and user.id != current_user.id,
                           may_restrict=can_restrict(current_user, user))


def _act(username: str, form_class, apply):
    """Validates the posted form, applies the action, and explains the outcome either way."""
    user = _user_or_404(username)
    form = form_class()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
    else:
        try:
            message = apply(user, form)
        except ActionError as error:
            flash(error.message, "error")
        else:
            flash(message, "success")
    return redirect(url_for("accounts_admin.user_detail", username=user.username))


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


@bp.get("/audit")
@require("moderate")
def audit_log():
    action = request.args.get("action", "")
    select = db.select(AuditEntry).options(db.joinedload(AuditEntry.actor)).order_by(AuditEntry.id.desc())
    if action:
        select = select.where(AuditEntry.action == action)
    page = db.paginate(select, page=page_number(), per_page=50, error_out=False)
    actions_known = db.session.execute(db.select(AuditEntry.action).distinct().order_by(AuditEntry.action)).scalars()
    return render_template("admin/audit.html", page=page, action=action, actions_known=list(actions_known))
