"""Forum: categories, threads and replies."""
from flask import Flask


def init_app(app: Flask) -> None:
    from forum import admin, views

    app.register_blueprint(views.bp)
    app.register_blueprint(admin.bp)
    app.jinja_env.globals["post_url"] = views.post_url
