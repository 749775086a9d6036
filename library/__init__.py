"""The library's own profile: name, logo, colours, hours, contact; shown on every page."""
from flask import Flask

from core import library_time


def init_app(app: Flask) -> None:
    from library import views
    from library.models import current_library

    library_time.set_zone_provider(app, lambda: current_library().timezone)
    app.register_blueprint(views.bp)
    app.context_processor(lambda: {"library": current_library()})
