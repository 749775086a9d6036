"""The staff's pages about members (top floor: they gather each feature's record of a member): the admin
dashboard, finding a member, roles, restrictions, deleting a member's posts, the audit log; the e-mail delivery queue."""
from flask import Flask


def init_app(app: Flask) -> None:
    from staff import members, outbox

    app.register_blueprint(members.bp)
    app.register_blueprint(outbox.bp)
