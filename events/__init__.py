"""Events: webinars, book discussions, workshops and more, with RSVPs, a waitlist, calendars, reminders,
check-in and a short survey, and a live room during the event (/events/<id>/live: chat, questions and
polls over Socket.IO; events/live.py and events/sockets.py)."""
from flask import Flask

from core import search, shareables, sitemaps
from events.models import Event


def init_app(app: Flask) -> None:
    from events import cli, notices, queries, shareable, sockets, views

    app.register_blueprint(views.bp)
    search.register_kind("event", 3, queries.events_by_id)
    shareables.register_type("event", Event, shareable.describe)
    sitemaps.register_section("events", Event, queries.sitemap_events, queries.sitemap_pages)
    views.init_views(app)
    app.cli.add_command(cli.events_cli)
    sockets.init_app(app)
    notices.register()
