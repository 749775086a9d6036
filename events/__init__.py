"""Events and their live rooms (issue #5 fills this package in)."""
from flask import Blueprint, Flask, render_template

bp = Blueprint("events", __name__, url_prefix="/events")


@bp.get("/")
def index():
    return render_template("coming_soon.html", section="events")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
