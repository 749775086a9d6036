"""Testimonials (issue #6): members write a few words about the library, staff approve them, and the
approved ones take turns on the home page."""
from flask import Flask


def init_app(app: Flask) -> None:
    from testimonials import queries, views

    app.register_blueprint(views.bp)
    app.jinja_env.globals["home_testimonials"] = queries.on_home
