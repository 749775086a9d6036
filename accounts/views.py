"""Sign-up, sign-in, profiles and a member's own settings."""
import time

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, login_user, logout_user

from accounts import actions, recovery
from accounts.forms import EmailForm, ForgotPasswordForm, LoginForm, NewPasswordForm, PasswordForm, ProfileForm, RegisterForm
from accounts.models import User, user_by_login
from core import mail
from core.errors import ActionError
from core.forms import SerambiForm, refusal_shown
from core.urls import safe_next_url
from extensions import db, limiter

bp = Blueprint("accounts", __name__)


def start_session(user: User, remember: bool = False) -> None:
    """A fresh session on every sign-in: nothing from before it (or planted in it) survives."""
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language
    login_user(user, remember=remember)


@bp.route("/auth/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_REGISTER"], methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        problems = actions.registration_problems(form.username.data, form.email.data, form.password.data)
        for field, message in problems.items():
            form[field].errors = [message]
        if not problems:
            with refusal_shown(form):  # taken a moment ago by another request
                user = actions.create_user(form.username.data, form.email.data, form.password.data,
                                           language=session.get("language"), confirm_email=True)
                start_session(user)
                flash(gettext("Welcome to the community, %(name)s!", name=user.username), "success")
                return redirect(url_for("accounts.edit_profile"))
    return render_template("accounts/register.html", form=form), 400 if form.errors else 200


@bp.route("/auth/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN_ACCOUNT"], methods=["POST"],
               key_func=lambda: "login:" + request.form.get("username", "").strip().lower()[:254])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        with refusal_shown():
            user = actions.authenticate(form.username.data, form.password.data)
            start_session(user, remember=form.remember.data)
            flash(gettext("You are signed in."), "success")
            return redirect(safe_next_url(request.args.get("next")))
    return render_template("accounts/login.html", form=form), 400 if request.method == "POST" else 200


@bp.route("/auth/logout", methods=["GET", "POST"])
def logout():
    if not current_user.is_authenticated:
        return redirect(url_for("home.index"))
    if request.method == "GET":
        return render_template("accounts/logout.html")
    current_user.end_all_sessions()
    db.session.commit()
    session.clear()
    logout_user()  # after clear(): it leaves the note that deletes the remember-me cookie
    flash(gettext("You are signed out on every device."), "success")
    return redirect(url_for("home.index"))


@bp.get("/u/<username>")
def profile(username):
    user = db.session.execute(db.select(User).where(User.username == username.lower())).scalar_one_or_none()
    if user is None:
        abort(404)
    parts = {name: load(user) for name, load in PROFILE_PARTS.items()}
    return render_template("accounts/profile.html", user=user, **parts)


PROFILE_PARTS = {}  # name in the profile template -> load(user): what features show on a member's profile


def register_profile_part(name: str, load) -> None:
    """A feature's part of every member's profile (for example books: the member's saved quotes)."""
    PROFILE_PARTS[name] = load


@bp.route("/settings/profile", methods=["GET", "POST"])
@login_required
def edit_profile():
    form = ProfileForm(obj=current_user, bio=current_user.bio_md, language=current_user.language or "id")
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.update_profile(current_user, display_name=form.display_name.data, bio_md=form.bio.data or "",
                                   interests=form.interests.data or "", avatar=form.avatar.data or None,
                                   remove_avatar=form.remove_avatar.data)
            actions.set_language(current_user, form.language.data)
            session["language"] = current_user.language
            flash(gettext("Your profile has been saved."), "success")
            return redirect(url_for("accounts.profile", username=current_user.username))
    return render_template("accounts/edit_profile.html", form=form, email_dead=mail.is_dead(current_user.email)), \
        400 if form.errors else 200


@bp.route("/settings/password", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_PASSWORD_CHANGE"], methods=["POST"],
               key_func=lambda: f"password:{current_user.id}")
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.change_password(current_user, form.current_password.data, form.new_password.data)
            # This device stays signed in (remembered if it was); every other one is signed out.
            start_session(current_user._get_current_object(), remember="remember_token" in request.cookies)
            flash(gettext("Your password has been changed. Other devices have been signed out."), "success")
            return redirect(url_for("accounts.edit_profile"))
    return render_template("accounts/password.html", form=form), 400 if form.errors else 200


def _reset_account_key() -> str:
    """The account asked about, however it was named (username or address); the name typed when none has it."""
    typed = request.form.get("username", "").strip().lower()[:254]
    user = user_by_login(typed) if typed else None
    return f"reset:{user.id}" if user else f"reset:{typed}"


@bp.route("/auth/reset", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET"], methods=["POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET_ACCOUNT"], methods=["POST"], key_func=_reset_account_key)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        started = time.monotonic()
        recovery.request_password_reset(form.username.data)
        # The same work is done for an unknown account, but writing the link and its e-mail costs a few
        # milliseconds more: every answer waits until the same moment, so its time tells nothing.
        time.sleep(max(0.0, current_app.config["PASSWORD_RESET_ANSWER_SECONDS"] - (time.monotonic() - started)))
        return render_template("accounts/reset_sent.html")
    return render_template("accounts/forgot_password.html", form=form), 400 if form.errors else 200


@bp.route("/auth/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    try:
        recovery.reset_for(token)
    except ActionError as refusal:
        return render_template("accounts/reset_refused.html", message=refusal.message), 410
    form = NewPasswordForm()
    if form.validate_on_submit():
        with refusal_shown(form):
            recovery.reset_password(token, form.new_password.data)
            session.clear()
            logout_user()
            flash(gettext("Your new password is set, and every device has been signed out. Sign in with it now."),
                  "success")
            return redirect(url_for("accounts.login"))
    response = render_template("accounts/reset_password.html", form=form), 400 if form.errors else 200
    return response


@bp.route("/auth/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token):
    """The link shows a button: mail scanners that open links confirm nothing."""
    try:
        user, address = recovery.confirmation_for(token)
    except ActionError as refusal:
        return render_template("accounts/confirm_email.html", refusal=refusal.message), 410
    form = SerambiForm()
    if request.method == "POST" and form.validate_on_submit():
        with refusal_shown():
            recovery.confirm_email(token)
            flash(gettext("Thank you: %(address)s is confirmed.", address=address), "success")
            return redirect(url_for("accounts.email_settings" if current_user.is_authenticated else "accounts.login"))
    return render_template("accounts/confirm_email.html", form=form, address=address, refusal=None)


@bp.route("/settings/email", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_RESET_ACCOUNT"], methods=["POST"],
               key_func=lambda: f"email:{current_user.id}")
def email_settings():
    form = EmailForm()
    if request.form.get("resend"):
        if SerambiForm().validate_on_submit():
            with refusal_shown():
                recovery.resend_confirmation(current_user)
                flash(gettext("A new confirmation link is on its way to %(address)s.",
                              address=current_user.pending_email or current_user.email), "success")
        return redirect(url_for("accounts.email_settings"))
    if form.validate_on_submit():
        with refusal_shown(form):
            recovery.change_email(current_user, form.password.data, form.email.data)
            flash(gettext("We have sent a link to %(address)s: your address changes once you open it.",
                          address=current_user.pending_email), "success")
            return redirect(url_for("accounts.email_settings"))
    return render_template("accounts/email.html", form=form, dead=mail.is_dead(current_user.email)), \
        400 if form.errors else 200
