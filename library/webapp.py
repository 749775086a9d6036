"""The installable web app: its manifest, the service worker that keeps recent thread pages and an
offline page for when the network drops, and that offline page."""
import json

from flask import Blueprint, Response, current_app, render_template, url_for
from flask_babel import get_locale

from library.models import current_library

bp = Blueprint("webapp", __name__)

OFFLINE_PATH = "/offline"
SHORT_NAME_MAX = 12  # what a phone's home screen shows under an icon without cutting it


def short_name(name: str) -> str:
    """The library's name for a home-screen label: whole, or its last words that fit ("Perpustakaan Kota
    Semarang" → "Semarang"), since the place tells libraries apart better than "Perpustakaan" does."""
    if len(name) <= SHORT_NAME_MAX:
        return name
    words, label = name.split(), ""
    for word in reversed(words):
        candidate = f"{word} {label}".strip()
        if len(candidate) > SHORT_NAME_MAX:
            break
        label = candidate
    return label or name[:SHORT_NAME_MAX]


@bp.get("/manifest.webmanifest")
def manifest():
    library = current_library()
    body = {
        "name": library.name,
        "short_name": short_name(library.name),
        "description": library.tagline or library.name,
        "lang": str(get_locale()),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": library.primary_color,
        "icons": [{"src": url_for("library.icon", size=size, v=library.version), "sizes": f"{size}x{size}",
                   "type": "image/png", "purpose": "any"} for size in (192, 512)],
    }
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")
    response.cache_control.no_cache = True
    return response


@bp.get("/sw.js")
def service_worker():
    """Served from the root so that its scope is the whole site. Its text changes with the assets' version,
    which is how browsers learn that a new one is to be installed."""
    version = current_app.jinja_env.globals["asset_version"]
    library = current_library()
    shell = [url_for("static", filename="css/serambi.css") + f"?v={version}",
             url_for("library.brand_css", v=library.version),
             url_for("static", filename="js/webapp.js") + f"?v={version}"]
    script = render_template("webapp/sw.js", version=version, offline_url=OFFLINE_PATH, shell_urls=shell)
    response = Response(script, mimetype="text/javascript")
    response.cache_control.no_cache = True
    return response


@bp.get(OFFLINE_PATH)
def offline():
    """What the service worker shows for a page it has not kept; it asks for it without cookies, so the copy
    it keeps names nobody."""
    return render_template("webapp/offline.html")
