"""First-party analytics: the staff dashboard over the counts core/counters.py keeps."""
from flask import Flask


def init_app(app: Flask) -> None:
    from analytics import figures, views

    app.register_blueprint(views.bp)
    app.jinja_env.filters["cell"] = views.cell
    app.jinja_env.tests["item"] = views.is_item
    app.jinja_env.globals.update(url_for_period=views.url_for_period, format_month=figures.format_month)
