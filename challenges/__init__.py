"""Reading challenges (issue #4): goals, logs kept honest, live leaderboards, badges, certificates,
quizzes and prize draws."""
from flask import Flask
from flask_babel import format_date, format_decimal

from challenges.models import Challenge, QuizQuestion
from challenges.quizzes import rerendered_choices
from core import search, shareables, sitemaps
from core.rendered import register_rendered


def init_app(app: Flask) -> None:
    from challenges import queries, shareable, sockets, views  # noqa: F401 (sockets declares its events: core/realtime.py)

    app.register_blueprint(views.bp)
    search.register_kind("challenge", 5, queries.challenges_by_id)
    shareables.register_type("challenge", Challenge, shareable.describe)
    sitemaps.register_section("challenges", Challenge, queries.sitemap_challenges, queries.sitemap_pages)
    app.jinja_env.filters["number"] = format_decimal  # 12.345 in Indonesian, 12,345 in English
    app.jinja_env.filters["long_date"] = lambda day: format_date(day, "long")
    register_rendered(Challenge, "description_md", "description_html")
    register_rendered(QuizQuestion, "text_md", "text_html")
    register_rendered(QuizQuestion, "choices", "choices", rerendered_choices)
