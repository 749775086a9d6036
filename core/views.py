"""Site-wide pages: home, language switch, uploaded media, health check."""
from flask import (Blueprint, current_app, jsonify, redirect, render_template, request, send_from_directory,
                   flash, session, url_for)
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import text

from accounts import actions as account_actions
from books import queries as book_queries
from challenges import queries as challenge_queries, rules as challenge_rules
from core import notifications, search
from core.fields import database_int
from core.i18n import LANGUAGES
from core.urls import absolute_url, page_number, safe_next_url
from extensions import csrf, db
from events import queries as event_queries
from forum import queries as forum_queries, reading
from groups import queries as group_queries
from pages import queries as page_queries
from partners import queries as partner_queries
from library.models import current_library

bp = Blueprint("core", __name__)


@bp.get("/")
def home():
    threads = forum_queries.recent_threads()
    return render_template("home.html", recent_threads=threads, read_states=reading.states(current_user, threads),
                           upcoming_events=event_queries.upcoming(current_user),
                           running_challenges=challenge_queries.running(challenge_rules.library_today()),
                           announcements=page_queries.current_announcements())


@bp.get("/feed.xml")
def site_feed():
    """New threads and newly announced events."""
    from forum.views import atom_feed

    return atom_feed(current_library().name, absolute_url("core.home"), events=event_queries.newest())


SEARCH_PER_PAGE = 20


@bp.get("/search")
def search_page():
    """Full-text search. Each kind of result is loaded in one query, after the index answers."""
    words = request.args.get("q", "").strip()[:200]
    page = page_number()
    hits = search.query(words, limit=SEARCH_PER_PAGE + 1, offset=(page - 1) * SEARCH_PER_PAGE) if words else []
    found = {"post": forum_queries.posts_by_id([hit.ref_id for hit in hits if hit.kind == "post"]),
             "event": event_queries.events_by_id([hit.ref_id for hit in hits if hit.kind == "event"]),
             "book": book_queries.books_by_id([hit.ref_id for hit in hits if hit.kind == "book"]),
             "group": group_queries.groups_by_id([hit.ref_id for hit in hits if hit.kind == "group"]),
             "challenge": challenge_queries.challenges_by_id([hit.ref_id for hit in hits if hit.kind == "challenge"]),
             "page": page_queries.published_by_id([hit.ref_id for hit in hits if hit.kind == "page"]),
             "partner": partner_queries.partners_by_id([hit.ref_id for hit in hits if hit.kind == "partner"])}
    results = [(hit, found[hit.kind][hit.ref_id]) for hit in hits[:SEARCH_PER_PAGE]
               if hit.ref_id in found.get(hit.kind, {})]
    return render_template("search.html", words=words, results=results, page=page,
                           has_next=len(hits) > SEARCH_PER_PAGE)


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
        notifications.set_kinds_off(current_user, [kind for kind in notifications.KINDS
                                                   if kind not in request.form.getlist("on")])
        flash(gettext("Your notification settings have been saved."), "success")
        return redirect(url_for("core.notification_settings"))
    return render_template("notifications/settings.html", kinds=notifications.KINDS)


@bp.post("/language")
@csrf.exempt
def set_language():
    """Guests switch language without a CSRF token: a forged switch could only change a guest's own
    display language, and a token would give every guest page a session cookie (no shared caching,
    more bytes, more CPU). Signed-in members' choice is saved to their account, so it is protected."""
    if current_user.is_authenticated:
        csrf.protect()
    language = request.form.get("language")
    if language in LANGUAGES:
        session["language"] = language
        if current_user.is_authenticated:
            account_actions.set_language(current_user, language)
    return redirect(safe_next_url(request.form.get("next")))


@bp.get("/media/<path:filename>")
def media(filename):
    response = send_from_directory(current_app.config["UPLOAD_FOLDER"], filename, max_age=31536000)
    response.headers["Content-Security-Policy"] = "default-src 'none'"  # never run as a document
    return response


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
