"""The partner directory (/partners/) and a partner's page with its events and reading groups."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from accounts.permissions import has_permission, require
from core.forms import refusal_shown
from core.urls import page_number
from events import queries as event_queries
from extensions import db
from groups import queries as group_queries
from partners import actions, queries
from partners.forms import PartnerForm
from partners.models import KINDS, SECTIONS, event_partners, group_partners

bp = Blueprint("partners", __name__, url_prefix="/partners")


def _partner_or_404(slug: str):
    return queries.partner_by_slug(slug) or abort(404)


@bp.get("/")
def index():
    kind = request.args.get("kind", "")
    kind = kind if kind in KINDS else ""
    return render_template("partners/index.html", page=queries.directory(kind, page_number()), kind=kind,
                           kinds=KINDS, sections=SECTIONS, counts=queries.kind_counts(),
                           staff=has_permission(current_user, "manage_pages"))


@bp.get("/<slug>")
def show(slug):
    partner = _partner_or_404(slug)
    user = current_user._get_current_object()
    return render_template("partners/show.html", partner=partner, kinds=KINDS,
                           upcoming=event_queries.for_partner(partner, user),
                           past=event_queries.for_partner(partner, user, past=True),
                           groups=group_queries.for_partner(partner, user),
                           staff=has_permission(current_user, "manage_pages"))


@bp.route("/new", methods=["GET", "POST"])
@require("manage_pages")
def new():
    return _edit(None)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@require("manage_pages")
def edit(slug):
    return _edit(_partner_or_404(slug))


def _edit(partner):
    form = PartnerForm(obj=partner, description=partner.description_md if partner else "")
    if form.validate_on_submit():
        with refusal_shown(form):
            partner = actions.save_partner(current_user, partner, actions.PartnerDetails(
                name=form.name.data, kind=form.kind.data, description=form.description.data or "",
                website=form.website.data or "", slug=form.slug.data or "", logo=form.logo.data or None,
                remove_logo=form.remove_logo.data))
            flash(gettext("The partner has been saved."), "success")
            return redirect(url_for("partners.show", slug=partner.slug))
    return render_template("partners/form.html", form=form, partner=partner), 400 if form.errors else 200


@bp.route("/<slug>/delete", methods=["GET", "POST"])
@require("manage_pages")
def delete(slug):
    partner = _partner_or_404(slug)
    if request.method == "POST":
        actions.delete_partner(current_user, partner)
        flash(gettext("The partner has been removed from the directory."), "success")
        return redirect(url_for("partners.index"))
    links = [db.session.scalar(db.select(db.func.count()).select_from(table).where(table.c.partner_id == partner.id))
             for table in (event_partners, group_partners)]
    return render_template("partners/delete.html", partner=partner, events=links[0], groups=links[1])
