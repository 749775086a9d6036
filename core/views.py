"""Site-wide pages every feature relies on: the notifications inbox, uploaded media, health check."""
from flask import (Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, send_from_directory,
                   url_for)
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import text

from core import delivery, notifications, photos, webpush
from core.errors import ActionError
from core.fields import database_int
from core.urls import safe_next_url
from extensions import csrf, db, limiter

bp = Blueprint("core", __name__)


@bp.get("/notifications")
@login_required
def notifications_page():
    """Shows the newest notifications. Looking changes nothing: an item is read once opened (below)."""
    found = notifications.inbox(current_user, request.args.get("before", type=database_int))
    return render_template("notifications/index.html", items=found[:30],
                           older=found[29].id if len(found) > 30 else None)


@bp.post("/notifications")
@login_required
def open_notification():
    """A POST from the list's form: "open" is '<id> <where it leads>' (that one is marked read, the member
    goes there), "all" marks every notification read."""
    if request.form.get("all"):
        notifications.mark_all_read(current_user)
        return redirect(url_for("core.notifications_page"))
    number, _, target = request.form.get("open", "").partition(" ")
    try:
        notifications.mark_read(current_user, database_int(number))
    except ValueError:
        pass  # a number no notification has: nothing to mark
    return redirect(safe_next_url(target, "core.notifications_page"))


@bp.route("/settings/notifications", methods=["GET", "POST"])
@login_required
def notification_settings():
    if request.method == "POST":
        notifications.save_choices(current_user, [kind for kind in notifications.KINDS
                                                  if kind not in request.form.getlist("on")],
                                   {kind: request.form.get(f"email-{kind}", "") for kind in notifications.REACHABLE},
                                   request.form.getlist("push"))
        flash(gettext("Your notification settings have been saved."), "success")
        return redirect(url_for("core.notification_settings"))
    return render_template("notifications/settings.html", kinds=notifications.REACHABLE,
                           shown_kinds=notifications.KINDS, email_choices=notifications.EMAIL_CHOICES,
                           chosen=notifications.email_choice, push_kinds=notifications.PUSH_KINDS,
                           may_email=delivery.may_email(current_user), push_key=webpush.application_server_key())


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: the mail program posts it, without the page; the signed token is the permission
def unsubscribe(token):
    """An e-mail's unsubscribe link: GET asks (a mail scanner that opens links changes nothing), POST turns
    off that kind of e-mail (or the daily digest) for the member the link was sent to, signed in or not."""
    found = delivery.unsubscribe_target(token)
    if found is None:
        return render_template("notifications/unsubscribe.html", invalid=True), 404
    user, kind = found
    label = gettext("The daily digest") if kind == delivery.DIGEST else notifications.REACHABLE[kind]
    if request.method == "POST":
        delivery.unsubscribe(user, kind)
        return render_template("notifications/unsubscribe.html", done=True, label=label)
    return render_template("notifications/unsubscribe.html", label=label)


@bp.post("/settings/push")
@login_required
def push_subscribe():
    """The browser's subscription as JSON (static/js/push.js), with the page's CSRF token in X-CSRFToken."""
    try:
        webpush.subscribe(current_user, request.get_json(silent=True))
    except ActionError as error:
        return jsonify(ok=False, error=error.message), 400
    return jsonify(ok=True)


@bp.post("/settings/push/off")
@login_required
def push_unsubscribe():
    webpush.unsubscribe(current_user, (request.get_json(silent=True) or {}).get("endpoint"))
    return jsonify(ok=True)


@bp.get("/media/<path:filename>")
def media(filename):
    response = send_from_directory(current_app.config["UPLOAD_FOLDER"], filename, max_age=31536000)
    response.headers["Content-Security-Policy"] = "default-src 'none'"  # never run as a document
    return response


@bp.get("/photos/<name>")
def photo(name):
    """A photo's file, for those who may see what it belongs to; to others it does not exist."""
    match = photos.FILE_NAME.match(name)
    found = photos.by_keys([match.group(1)]).get(match.group(1)) if match else None
    width = int(match.group(2)) if match else 0
    if found is None or width not in found.stored_widths or not photos.may_see(current_user, found):
        abort(404)
    relative = f"{found.key[:2]}/{name}"
    accel = current_app.config["PHOTO_ACCEL_PREFIX"]
    if accel:  # nginx sends the file (README, "Photos")
        response = current_app.response_class(mimetype="image/webp")
        response.headers["X-Accel-Redirect"] = f"{accel.rstrip('/')}/{relative}"
    else:
        response = send_from_directory(current_app.config["PHOTO_FOLDER"], relative, max_age=86400)
    # Kept by the viewer's browser, never by a shared cache: a photo can be hidden later.
    response.cache_control.public = False
    response.cache_control.private = True
    response.cache_control.max_age = 86400
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response


@bp.post("/photos")
@login_required
@limiter.limit("60 per hour", key_func=lambda: f"photos:{current_user.get_id()}")
def upload_photo():
    """A photo dropped or pasted into a form (static/js/photos.js); the form then carries its key."""
    upload = request.files.get("photo")
    if not upload or not upload.filename:
        return jsonify(error=gettext("Choose a photo first.")), 400
    try:
        found = photos.store(upload, current_user)
    except ActionError as error:
        return jsonify(error=f"{upload.filename}: {error.message}"), 400
    row = photos.Row(found, "")
    return jsonify(key=found.key, thumbnail=row.thumbnail)


@bp.get("/healthz")
def healthz():
    status = {"status": "ok", "db": "ok", "redis": "off"}
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        db.session.rollback()
        status.update(status="error", db="error")
    if current_app.config["REDIS_URL"]:
        status["redis"] = _redis_status(current_app.config["REDIS_URL"])
        if status["redis"] != "ok":
            status["status"] = "error"
    return jsonify(status), 200 if status["status"] == "ok" else 503


def _redis_status(url: str) -> str:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
        return "ok"
    except redis.RedisError:
        return "error"
