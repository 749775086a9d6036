"""Reading groups (issue #4 fills this package in)."""
from flask import Blueprint, Flask, render_template

bp = Blueprint("groups", __name__)


@bp.get("/groups/")
def index():
    return render_template("coming_soon.html", section="groups")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
