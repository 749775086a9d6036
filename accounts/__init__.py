"""Accounts: members, roles, sign-in, profiles (the staff pages that manage members are in staff/)."""
from flask import Flask
from flask_babel import lazy_gettext as _l

from accounts.models import User
from core.rendered import register_rendered
from extensions import db, login_manager


def init_app(app: Flask) -> None:
    from accounts import cli, views

    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    register_rendered(User, "bio_md", "bio_html")

    @login_manager.user_loader
    def load_user(cookie_id: str):
        """The cookie names the account and its session token; an old token no longer signs in."""
        user_id, _, token = cookie_id.partition(":")
        if not user_id.isdigit():
            return None
        session = db.session()
        first_query = not session.in_transaction()
        user = session.get(User, int(user_id))
        if first_query:
            _give_back_connection(session)
        if user is None or user.session_token != token or user.restriction:
            return None
        return user

    from flask_login import current_user
    from accounts.forms import ROLE_LABELS
    from accounts.permissions import awaits_confirmation, has_permission

    app.jinja_env.globals.update(can=lambda permission: has_permission(current_user, permission),
                                 awaits_confirmation=awaits_confirmation,
                                 role_label=lambda role: ROLE_LABELS[role])
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.users_cli)


def _give_back_connection(session) -> None:
    """Ends the read-only transaction that loaded the member, keeping the member loaded, so the request
    holds no database connection while it waits for something else before its next query (a rate limit
    in Redis, its turn on a busy gevent worker): 200 members replying at once otherwise held every
    connection in the pool while they waited, and the rest got the 503 page."""
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
