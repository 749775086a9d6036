"""Forum: categories, threads and replies (issue #3 fills this package in)."""
from flask import Blueprint, Flask, render_template

bp = Blueprint("forum", __name__, url_prefix="/forum")


@bp.get("/")
def index():
    return render_template("coming_soon.html", section="forum")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
