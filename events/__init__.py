"""Events: webinars, book discussions, workshops and more, with RSVPs, a waitlist, calendars, reminders,
check-in and a short survey. The live room (/events/<id>/live) arrives with its own piece of work."""
from flask import Flask


def init_app(app: Flask) -> None:
    from events import cli, views

    app.register_blueprint(views.bp)
    views.init_views(app)
    app.cli.add_command(cli.events_cli)
