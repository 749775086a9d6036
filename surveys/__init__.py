"""Surveys (issue #6): staff build a survey of rating, choice and free-text questions, members answer once,
staff see the results as charts and tables and export them as CSV. `surveys.queries.ratings_given(start,
end)` gives the staff analytics dashboard the ratings of a period."""
from flask import Flask

from core.rendered import register_rendered
from surveys.models import Survey


def init_app(app: Flask) -> None:
    from surveys import queries, views

    app.register_blueprint(views.bp)
    app.jinja_env.globals["open_surveys"] = queries.open_surveys
    register_rendered(Survey, "intro_md", "intro_html")
