"""Forum: categories, threads and replies."""
from flask import Flask

from core.rendered import register_rendered
from forum.models import Post


def init_app(app: Flask) -> None:
    # poll_views and reading_views add their routes to views.bp
    from forum import (admin, approval_admin, fragments, notices, poll_views, reading_views,  # noqa: F401
                       threadtools_views, views)

    app.register_blueprint(views.bp)
    app.register_blueprint(threadtools_views.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(approval_admin.bp)
    app.jinja_env.globals["post_url"] = views.post_url
    app.jinja_env.globals["post_card"] = fragments.post_card
    notices.register()
    register_rendered(Post, "body_md", "body_html")
