"""Forum: categories, threads and replies."""
from flask import Flask


def init_app(app: Flask) -> None:
    from forum import admin, approval_admin, fragments, reading_views, threadtools_views, views  # noqa: F401 (reading_views adds routes to views.bp)

    app.register_blueprint(views.bp)
    app.register_blueprint(threadtools_views.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(approval_admin.bp)
    app.jinja_env.globals["post_url"] = views.post_url
    app.jinja_env.globals["post_card"] = fragments.post_card
