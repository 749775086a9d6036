"""The library's own pages (services, how-to guides, digital literacy campaigns) at /p/<slug> and /pages/, and
the announcements on the home page. Staff (the `manage_pages` permission) write them in /admin/pages."""
from flask import Flask

from core import photos, search
from core.rendered import register_rendered
from pages.models import Announcement, Page


def init_app(app: Flask) -> None:
    from pages import queries, views

    app.register_blueprint(views.bp)
    search.register_kind("page", 6, queries.published_by_id)
    register_rendered(Page, "body_md", "body_html")
    photos.register_owner("page", queries.sees_page_id)
    register_rendered(Announcement, "body_md", "body_html")
