"""The staff's pages about members (top floor: they gather each feature's record of a member): the admin
dashboard, finding a member, roles, restrictions, deleting a member's posts, the audit log."""
from flask import Flask


def init_app(app: Flask) -> None:
    from staff import members

    app.register_blueprint(members.bp)
