"""Share clicks, og:images, the events feed, the sitemap and robots.txt."""
from flask import Blueprint, Response, abort, g, redirect, render_template, request, send_file
from flask_babel import gettext

from core.counters import count_share
from core.urls import absolute_url
from events import queries as event_queries
from extensions import csrf, limiter
from forum.feeds import atom_feed
from library.models import current_library
from core import shareables as items
from sharing import images, links, sitemap

bp = Blueprint("sharing", __name__)
YEAR = 365 * 24 * 3600


def _shareable_or_404(item_type: str, item_id: int) -> items.Shareable:
    """Only what a guest may see is shareable (core/shareables.py): the rest is not found, for everyone."""
    found = items.load(item_type, item_id) if item_type in items.TYPES else None
    if found is None:
        abort(404)
    return found


@bp.get("/share/<item_type>/<int:item_id>/<channel>")
def share(item_type, item_id, channel):
    """A share button: counts the click and sends the browser to the channel's own share page. Links,
    not scripts, so sharing works without JavaScript; a GET, so no form and no cookie is needed."""
    if channel not in links.REDIRECT_CHANNELS:
        abort(404)
    item = _shareable_or_404(item_type, item_id)
    count_share(item_type, item_id, channel)
    response = redirect(links.channel_url(item, channel), 302)
    response.headers["Cache-Control"] = "no-store"  # every click reaches the server and is counted
    return response


@bp.post("/share/<item_type>/<int:item_id>/<channel>")
@csrf.exempt
@limiter.limit("30 per minute")
def report_share(item_type, item_id, channel):
    """The page's script reports a copied link or the phone's share sheet (navigator.sendBeacon, which
    sends no CSRF token). Exempt from CSRF because all a forged request can do is add one to a share
    count (no data, no account is touched); the limit per address keeps such counts small."""
    if channel not in links.SCRIPT_CHANNELS:  # the others are counted by the GET that redirects
        abort(404)
    _shareable_or_404(item_type, item_id)
    count_share(item_type, item_id, channel)
    return "", 204


def _asks_for_a_drawn_image() -> bool:
    """Serving a picture already on disk costs next to nothing: only drawing counts against the limit."""
    item_type, item_id = request.view_args.get("item_type"), request.view_args.get("item_id")
    return item_type in items.TYPES and images.is_drawn(item_type, item_id, request.args.get("v", ""))


@bp.get("/og/<item_type>/<int:item_id>.png")
@limiter.limit("30 per minute", deduct_when=lambda response: g.get("og_image_drawn", False),
               exempt_when=_asks_for_a_drawn_image)
def og_image(item_type, item_id):
    """Drawn on the first request (at most 30 drawings a minute per address, so a crawler walking the
    sitemap fills the disk slowly), then served from disk, to anyone, without a limit."""
    item = _shareable_or_404(item_type, item_id)
    if item.image_type != item_type:  # a review has its book's image
        abort(404)
    library = current_library()
    path, g.og_image_drawn = images.image_path(item_type, item_id, item.drawn_title, library)
    response = send_file(path, mimetype="image/png", conditional=True, max_age=0)
    current = request.args.get("v") == images.version(item.drawn_title, library)
    # The address with the current ?v= never changes its picture; any other one may, tomorrow.
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable" if current else "public, max-age=3600"
    return response


@bp.get("/events/feed.xml")
def events_feed():
    """The newest announced events (a private reading group's never)."""
    return atom_feed(f"{gettext('Events')} · {current_library().name}", absolute_url("events.index"),
                     events=event_queries.newest(), with_threads=False)


@bp.get("/sitemap.xml")
def sitemap_index():
    body = render_template("sharing/sitemap_index.xml", parts=sitemap.parts())
    return Response(body, mimetype="application/xml")


@bp.get("/sitemap/<kind>-<int:chunk>.xml")
def sitemap_part(kind, chunk):
    if kind not in sitemap.kinds() or chunk < 0:
        abort(404)
    entries = sitemap.entries(kind, chunk)
    if entries is None:
        abort(404)
    return Response(render_template("sharing/sitemap.xml", entries=entries), mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    lines = ["User-agent: *", "Disallow: /share/", "Disallow: /admin/", "Disallow: /settings/",
             f"Sitemap: {absolute_url('sharing.sitemap_index')}", ""]
    return Response("\n".join(lines), mimetype="text/plain")

