"""What every feature shares: i18n, security headers, errors, uploads, audit log, notifications, counting."""
import hashlib
from pathlib import Path

from flask import Flask
from flask_login import current_user

from core import rendered


def init_app(app: Flask) -> None:
    from core import (counters, delivery, errors, i18n, mail, notifications, outbox, photos, realtime, requests,
                      security, views, webpush)
    from core.urls import absolute_url

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["asset_version"] = _asset_version(app)
    requests.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    realtime.init_app(app)
    counters.init_app(app)
    outbox.init_app(app)
    mail.init_app(app)
    app.jinja_env.globals["absolute_url"] = absolute_url
    app.extensions["serambi_unread_pusher"] = notifications.UnreadCountPusher(app)
    app.register_blueprint(views.bp)
    app.jinja_env.globals["notification_link"] = notifications.link
    app.context_processor(lambda: {"unread_notifications": notifications.unread_count(current_user.id)
                                   if current_user.is_authenticated else 0})
    app.cli.add_command(rendered.markdown_cli)
    photos.init_app(app)
    webpush.init_app(app)
    delivery.init_app(app)


def _asset_version(app: Flask) -> str:
    """Changes when the stylesheets or scripts change, so browsers may cache them for long."""
    digest = hashlib.sha1()
    for path in sorted(Path(app.static_folder).glob("[cj]s*/*")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]
