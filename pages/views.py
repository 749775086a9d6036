"""The library's pages (/pages/, /p/<slug>) and the staff screens for pages and announcements (/admin/…)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from accounts.permissions import has_permission, require
from core import photos
from core.forms import refusal_shown
from core.library_time import from_library_time, to_library_time
from core.timeutil import utcnow
from extensions import db
from pages import actions, queries
from pages.forms import AnnouncementForm, PageForm
from pages.models import KINDS, SECTIONS, Announcement, Page

bp = Blueprint("pages", __name__)


def _staff() -> bool:
    return has_permission(current_user, "manage_pages")


@bp.get("/pages/")
def index():
    return render_template("pages/index.html", sections=queries.sections(), section_names=SECTIONS,
                           staff=_staff())


@bp.get("/p/<slug>")
def show(slug):
    """A draft is not found by anyone but staff."""
    page = queries.page_by_slug(slug)
    if page is None or not queries.can_see(current_user, page):
        abort(404)
    return render_template("pages/show.html", page=page, kinds=KINDS, section_names=SECTIONS, staff=_staff())


@bp.get("/admin/pages")
@require("manage_pages")
def manage():
    return render_template("pages/manage.html", sections=queries.sections(include_drafts=True),
                           section_names=SECTIONS, announcements=queries.all_announcements(), now=utcnow())


def _page_or_404(page_id: int) -> Page:
    return db.session.get(Page, page_id) or abort(404)


@bp.route("/admin/pages/new", methods=["GET", "POST"])
@require("manage_pages")
def new_page():
    return _edit_page(None)


@bp.route("/admin/pages/<int:page_id>/edit", methods=["GET", "POST"])
@require("manage_pages")
def edit_page(page_id):
    return _edit_page(_page_or_404(page_id))


def _edit_page(page: Page | None):
    form = PageForm(obj=page, body=page.body_md if page else "", kind=page.kind if page else request.args.get("kind"))
    valid = form.validate_on_submit()
    photos.take_from_form(form, current_user)
    if valid:
        with refusal_shown(form):
            page = actions.save_page(current_user, page, actions.PageDetails(
                title=form.title.data, body=photos.text_with_photos(form), kind=form.kind.data, slug=form.slug.data or "",
                summary=form.summary.data or "", published=form.published.data, position=form.position.data or 0))
            flash(gettext("The page has been published.") if page.published
                  else gettext("The page has been saved as a draft. Only staff can see it."), "success")
            return redirect(url_for("pages.show", slug=page.slug))
    return render_template("pages/form.html", form=form, page=page), 400 if form.errors else 200


@bp.route("/admin/pages/<int:page_id>/delete", methods=["GET", "POST"])
@require("manage_pages")
def delete_page(page_id):
    page = _page_or_404(page_id)
    if request.method == "POST":
        actions.delete_page(current_user, page)
        flash(gettext("The page has been deleted."), "success")
        return redirect(url_for("pages.manage"))
    return render_template("pages/delete.html", what=page.title, kind="page", back=url_for("pages.show", slug=page.slug))


def _announcement_or_404(announcement_id: int) -> Announcement:
    return db.session.get(Announcement, announcement_id) or abort(404)



@bp.route("/admin/announcements/new", methods=["GET", "POST"])
@require("manage_pages")
def new_announcement():
    return _edit_announcement(None)


@bp.route("/admin/announcements/<int:announcement_id>/edit", methods=["GET", "POST"])
@require("manage_pages")
def edit_announcement(announcement_id):
    return _edit_announcement(_announcement_or_404(announcement_id))


def _edit_announcement(announcement: Announcement | None):
    form = AnnouncementForm(data={"title": announcement.title, "body": announcement.body_md,
                                  "starts_at": to_library_time(announcement.starts_at),
                                  "ends_at": to_library_time(announcement.ends_at)} if announcement else None)
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.save_announcement(current_user, announcement, actions.AnnouncementDetails(
                title=form.title.data, body=form.body.data or "",
                starts_at=from_library_time(form.starts_at.data) if form.starts_at.data else None,
                ends_at=from_library_time(form.ends_at.data) if form.ends_at.data else None))
            flash(gettext("The announcement has been saved."), "success")
            return redirect(url_for("pages.manage", _anchor="announcements"))
    return render_template("pages/announcement_form.html", form=form, announcement=announcement), \
        400 if form.errors else 200


@bp.route("/admin/announcements/<int:announcement_id>/delete", methods=["GET", "POST"])
@require("manage_pages")
def delete_announcement(announcement_id):
    announcement = _announcement_or_404(announcement_id)
    if request.method == "POST":
        actions.delete_announcement(current_user, announcement)
        flash(gettext("The announcement has been deleted."), "success")
        return redirect(url_for("pages.manage", _anchor="announcements"))
    return render_template("pages/delete.html", what=announcement.title, kind="announcement",
                           back=url_for("pages.manage", _anchor="announcements"))
