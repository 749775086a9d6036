"""The library profile editor (admins) and the stylesheet that carries the library's colours."""
from datetime import time

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from accounts.permissions import require
from core.forms import refusal_shown
from library import actions, icons
from library.colours import css_variables
from library.forms import LibraryForm
from library.models import current_library

bp = Blueprint("library", __name__)


@bp.get("/library.css")
def brand_css():
    profile = current_library()
    rules = "".join(f"{name}:{value};" for name, value in
                    css_variables(profile.primary_color, profile.accent_color).items())
    response = Response(f":root{{{rules}}}\n", mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 31536000  # the URL carries the profile's version
    return response


# Icons at the sizes pages, phones and the web-app manifest ask for; the drawing takes any size.
ICON_SIZES = (32, 180, 192, 512)


@bp.get("/icons/<int:size>.png")
def icon(size):
    if size not in ICON_SIZES:
        abort(404)
    return _icon_response(icons.png(current_library(), size), "image/png")


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for it on their own, at a fixed address."""
    return _icon_response(icons.favicon(current_library()), "image/vnd.microsoft.icon")


def _icon_response(body: bytes, mimetype: str) -> Response:
    """Linked icons carry the profile's version (?v=) in their address and are cached for a year; at a
    fixed address, for a day, then revalidated by ETag."""
    response = Response(body, mimetype=mimetype)
    response.cache_control.public = True
    response.cache_control.max_age = 31536000 if request.args.get("v") else 86400
    response.add_etag()
    return response.make_conditional(request)


def _form_for(profile) -> LibraryForm:
    hours = [{"closed": day["closed"], "opens": _parse_time(day["opens"]), "closes": _parse_time(day["closes"])}
             for day in profile.opening_hours]
    return LibraryForm(obj=profile, description=profile.description_md, opening_hours=hours)


def _parse_time(text: str) -> time | None:
    return time.fromisoformat(text) if text else None


def _hours_from(form: LibraryForm) -> list[dict]:
    hours = []
    for entry in form.opening_hours.entries:
        day = entry.form
        closed = bool(day.closed.data)
        hours.append({"closed": closed,
                      "opens": "" if closed else day.opens.data.strftime("%H:%M"),
                      "closes": "" if closed else day.closes.data.strftime("%H:%M")})
    return hours


@bp.route("/admin/library", methods=["GET", "POST"])
@require("manage_site")
def edit():
    form = _form_for(current_library())
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.update_library(current_user, form.data, form.description.data or "", _hours_from(form),
                                   logo=form.logo.data or None, remove_logo=form.remove_logo.data)
            flash(gettext("The library profile has been saved."), "success")
            return redirect(url_for("home.index"))
    return render_template("library/edit.html", form=form), 400 if form.errors else 200
