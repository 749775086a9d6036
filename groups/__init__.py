"""Reading groups (and, later, reading challenges): groups read a book together on a schedule of milestones,
discuss it in their own forum category without spoilers, and vote on their next book."""
from flask import Flask

from core.rendered import register_rendered
from groups.models import ReadingGroup


def init_app(app: Flask) -> None:
    from flask_babel import format_date

    from groups import models, notices, views  # noqa: F401  (models: the forum's categories refer to groups)

    app.register_blueprint(views.bp)
    app.jinja_env.filters["day"] = lambda value: format_date(value, "long")
    app.jinja_env.globals["GROUP_VISIBILITIES"] = models.VISIBILITIES
    notices.register()
    register_rendered(ReadingGroup, "description_md", "description_html")
