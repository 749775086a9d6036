"""Events: webinars, book discussions, workshops and more, with RSVPs, a waitlist, calendars, reminders,
check-in and a short survey, and a live room during the event (/events/<id>/live: chat, questions and
polls over Socket.IO; events/live.py and events/sockets.py)."""
from functools import partial

from flask import Flask

from core import photos, search, shareables, sitemaps
from core.markdown import render_markdown
from core.rendered import register_rendered
from events.models import ChatMessage, Event, Question


def init_app(app: Flask) -> None:
    from events import cli, notices, queries, shareable, sockets, views, visibility

    app.register_blueprint(views.bp)
    search.register_kind("event", 3, queries.events_by_id)
    shareables.register_type("event", Event, shareable.describe)
    sitemaps.register_section("events", Event, queries.sitemap_events, queries.sitemap_pages)
    views.init_views(app)
    app.cli.add_command(cli.events_cli)
    sockets.init_app(app)
    notices.register()
    register_rendered(Event, "description_md", "description_html")
    photos.register_owner("event", visibility.sees_event_id)
    register_rendered(ChatMessage, "body", "html", partial(render_markdown, inline=True))
    register_rendered(Question, "body", "html", partial(render_markdown, inline=True))
