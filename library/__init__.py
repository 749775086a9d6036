"""The library's own profile: name, logo, colours, hours, contact; shown on every page."""
from flask import Flask

from core import library_time
from core.rendered import register_rendered
from library.models import LibraryProfile


def init_app(app: Flask) -> None:
    from library import views, webapp
    from library.models import current_library

    library_time.set_zone_provider(app, lambda: current_library().timezone)
    app.register_blueprint(views.bp)
    app.register_blueprint(webapp.bp)
    register_rendered(LibraryProfile, "description_md", "description_html")
    app.context_processor(lambda: {"library": current_library()})
