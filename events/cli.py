"""`flask --app app events send-reminders`: meant for cron (see README, "Events")."""
import click
from flask.cli import AppGroup

from events import actions

events_cli = AppGroup("events", help="Events: reminders.")


@events_cli.command("send-reminders")
def send_reminders():
    """Send the in-app reminders that are due (a day and an hour before). Never sends one twice."""
    click.echo(f"Reminders sent: {actions.send_reminders()}")
