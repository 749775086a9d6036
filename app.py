"""Serambi: the application factory. `flask --app app ...` finds create_app() here."""
import os

from flask import Flask
from sqlalchemy.orm import configure_mappers
from werkzeug.middleware.proxy_fix import ProxyFix

import config
from extensions import babel, csrf, db, limiter, login_manager, migrate, socketio


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", config.engine_options(app.config["SQLALCHEMY_DATABASE_URI"]))
    os.makedirs(app.config["UPLOAD_FOLDER"], exist_ok=True)
    os.makedirs(app.config["PHOTO_FOLDER"], exist_ok=True)

    proxy_hops = int(os.environ.get("SERAMBI_PROXY_HOPS", "0"))
    if proxy_hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxy_hops, x_proto=proxy_hops, x_host=proxy_hops)

    _init_extensions(app)
    _register_features(app)
    configure_mappers()  # now, not on a first query: until then backrefs such as Book.pick do not exist
    return app


def _init_extensions(app: Flask) -> None:
    from core import fanout, i18n, library_time

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=library_time.select_timezone)
    login_manager.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        client_manager=fanout.client_manager(app.config["REDIS_URL"], app.config["SOCKETIO_CHANNEL"]),
        cors_allowed_origins=None,  # the site's own origin only (python-engineio compares the Origin header)
    )
    fanout.use_direct_websockets(socketio.server)


def _register_features(app: Flask) -> None:
    import accounts
    import analytics
    import books
    import challenges
    import core
    import events
    import forum
    import groups
    import home
    import library
    import pages
    import partners
    import sharing
    import staff
    import surveys
    import testimonials

    for feature in (core, accounts, library, forum, books, challenges, groups, events, pages, partners, analytics,
                    sharing, testimonials, surveys, staff, home):
        feature.init_app(app)
    core.realtime.register_handlers(app)  # the features' Socket.IO events, declared with core.realtime.on()
