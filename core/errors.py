"""Error pages (403/404/413/429/500 and the expired-form page) and the error actions raise."""
import time
from datetime import timedelta

from flask import Flask, current_app, render_template, session
from flask_babel import force_locale, format_timedelta, gettext, lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError, TimeoutError as PoolTimeout

from extensions import db, limiter


class ActionError(Exception):
    """A rule said no. The message is for a person and already translated."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field  # the form field it is about, when there is one


_PAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please check what you entered and try again.")),
    403: (_l("Not allowed"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("The page you are looking for does not exist or has been moved.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (_l("File too large"), _l("What you sent is too large. Please choose smaller files.")),
    429: (_l("Too many attempts"), _l("Please wait a moment before trying again.")),
    500: (_l("Something went wrong"), _l("An error occurred on our side. Please try again in a few minutes.")),
}


def render_error(status: int, message: str | None = None):
    title, default_message = _PAGES.get(status, _PAGES[500])
    return render_template("errors/error.html", status=status, title=title,
                           message=message or default_message), status


BUSY = _l("The site is very busy right now. Please try again in a few seconds.")
DATABASE_AWAY = _l("The site cannot reach its database at the moment. Please try again in a minute.")


def render_unavailable(message, retry_after: int):
    """The 503 page. It needs no database, not even for the library's name or who is signed in, since it
    answers when the database is away or every connection is taken."""
    try:
        db.session.rollback()
    except Exception:  # the connection is gone: there is nothing to roll back
        pass
    language = session.get("language") or current_app.config["SERAMBI_LANGUAGE"]
    with force_locale(language if language in ("id", "en") else "id"):
        html = current_app.jinja_env.get_template("errors/unavailable.html").render(
            message=str(message), language=language)
    return html, 503, {"Retry-After": str(retry_after)}


def _retry_message() -> str:
    limit = limiter.current_limit
    if limit is None:
        return str(_PAGES[429][1])
    seconds = max(1, int(limit.reset_at - time.time()))
    return gettext("Too many attempts. Please try again in %(wait)s.",
                   wait=format_timedelta(timedelta(seconds=seconds), threshold=1, add_direction=False))


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, gettext("This form has expired. Please go back, reload the page and try again."))

    for status in (400, 403, 404, 405, 413):
        app.register_error_handler(status, lambda error, status=status: render_error(status))

    @app.errorhandler(429)
    def too_many(error):
        return render_error(429, _retry_message())

    @app.errorhandler(PoolTimeout)
    def no_connection_free(error):
        return render_unavailable(BUSY, 5)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_away(error):
        if "database is locked" in str(error.orig):  # SQLite: another writer held on for too long
            return render_unavailable(BUSY, 5)
        current_app.logger.error("database unavailable: %s", error.orig)
        return render_unavailable(DATABASE_AWAY, 30)

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return render_error(500)

    @app.errorhandler(ActionError)
    def action_error(error):
        # An action refused outside a view that handles it: show the reason, change nothing.
        db.session.rollback()
        return render_error(400, error.message)
