"""Forum: categories, threads and replies."""
from flask import Flask

from core import photos, search, shareables, sitemaps
from core.rendered import register_rendered
from forum.models import Post, Thread


def init_app(app: Flask) -> None:
    # poll_views and reading_views add their routes to views.bp
    from forum import (admin, approval_admin, fragments, loaders, notices, poll_views, queries, reading_views, shareable,  # noqa: F401
                       threadtools_views, views)

    app.register_blueprint(views.bp)
    search.register_kind("post", 1, queries.posts_by_id)
    shareables.register_type("thread", Thread, shareable.describe)
    sitemaps.register_section("threads", Thread, queries.sitemap_threads, queries.sitemap_pages)
    app.register_blueprint(threadtools_views.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(approval_admin.bp)
    app.jinja_env.globals["post_url"] = views.post_url
    app.jinja_env.globals["post_card"] = fragments.post_card
    notices.register()
    register_rendered(Post, "body_md", "body_html")
    photos.register_owner("post", loaders.sees_post_id)
