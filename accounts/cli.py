"""`flask --app app users create USERNAME EMAIL --role ROLE [--password P]`"""
import click
from flask.cli import AppGroup

from accounts import actions
from accounts.models import ROLES
from core.errors import ActionError

users_cli = AppGroup("users", help="Manage accounts.")


@users_cli.command("create")
@click.argument("username")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="member", show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Asked for when not given.")
def create(username, email, role, password):
    """Create an account."""
    try:
        user = actions.create_user(username, email, password, role=role, check_reserved=False)
    except ActionError as error:
        raise click.ClickException(error.message)
    click.echo(f"Created {user.username} ({user.role}).")
