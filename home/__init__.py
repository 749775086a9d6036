"""The top floor's gathering pages: home, search, the site's feed, the language switch, and the demo seed."""
from flask import Flask

from home import cli, views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.seed_demo)
