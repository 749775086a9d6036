"""Reading groups (and, later, reading challenges): groups read a book together on a schedule of milestones,
discuss it in their own forum category without spoilers, and vote on their next book."""
from flask import Flask

from core import search, shareables, sitemaps
from core.rendered import register_rendered
from groups.models import ReadingGroup


def init_app(app: Flask) -> None:
    from flask_babel import format_date

    from forum import visibility
    from groups import access, models, notices, queries, shareable, views  # noqa: F401  (models: the forum's categories refer to groups)

    visibility.guard_group_categories(access.CATEGORIES)
    app.register_blueprint(views.bp)
    search.register_kind("group", 2, queries.groups_by_id)
    shareables.register_type("group", ReadingGroup, shareable.describe)
    sitemaps.register_section("groups", ReadingGroup, queries.sitemap_groups, queries.sitemap_pages)
    app.jinja_env.filters["day"] = lambda value: format_date(value, "long")
    app.jinja_env.globals["GROUP_VISIBILITIES"] = models.VISIBILITIES
    notices.register()
    register_rendered(ReadingGroup, "description_md", "description_html")
