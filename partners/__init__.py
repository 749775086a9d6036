"""The directory of partner organisations (/partners/): schools, communities and art groups, each with its page
listing the events and reading groups it takes part in. Events and groups choose partners from it."""
from flask import Flask

from core import search
from core.rendered import register_rendered
from partners.models import Partner


def init_app(app: Flask) -> None:
    from partners import queries, views

    app.register_blueprint(views.bp)
    search.register_kind("partner", 7, queries.partners_by_id)
    register_rendered(Partner, "description_md", "description_html")
