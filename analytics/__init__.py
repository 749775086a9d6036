"""First-party analytics: counts of views, shares and visits, active members, and the staff dashboard."""
import atexit

from flask import Flask, request
from flask_login import current_user


def init_app(app: Flask) -> None:
    from analytics import figures, views
    from core import counters

    app.extensions["analytics"] = counters.Tally()
    app.register_blueprint(views.bp)
    app.jinja_env.filters["cell"] = views.cell
    app.jinja_env.tests["item"] = views.is_item
    app.jinja_env.globals.update(url_for_period=views.url_for_period, format_month=figures.format_month)

    @app.after_request
    def count_activity(response):
        if response.status_code == 503:  # the database is away or busy: leave it alone
            return response
        if current_user.is_authenticated and request.endpoint != "static":
            counters.mark_active()
        if app.extensions["analytics"].due(app.config["ANALYTICS_FLUSH_SECONDS"]):
            response.call_on_close(lambda: _flush(app))
        return response

    if not app.testing:
        atexit.register(_flush, app)


def _flush(app: Flask) -> None:
    from core import counters

    with app.app_context():
        counters.flush()
