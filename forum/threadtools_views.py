"""Routes of the moderator's thread tools (global pin, close date, merge, split); their forms are in forum/forms.py."""
from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user

from accounts.permissions import require
from core.fields import database_int_or_none
from core.forms import SerambiForm, refusal_shown
from forum import loaders, queries, thread_page, threadtools
from forum.forms import MergeForm, PostForm, SplitForm

bp = Blueprint("forum_tools", __name__, url_prefix="/forum")


def _back(thread, **args):
    return redirect(url_for("forum.thread", thread_id=thread.id, slug=thread.slug, **args))


@bp.post("/t/<int:thread_id>/global-pin")
@require("moderate")
def global_pin(thread_id):
    thread = loaders.thread_or_404(thread_id)
    if not SerambiForm().validate_on_submit():
        return _back(thread)
    pinned = request.form.get("pinned") == "1"
    with refusal_shown():
        threadtools.pin_globally(current_user, thread, pinned)
        flash(gettext("Pinned at the top of the forum and the home page.") if pinned
              else gettext("No longer pinned at the top of the forum."), "success")
    return _back(thread)


@bp.post("/t/<int:thread_id>/close-date")
@require("moderate")
def close_date(thread_id):
    thread = loaders.thread_or_404(thread_id)
    if not SerambiForm().validate_on_submit():
        return _back(thread)
    clearing = request.form.get("clear") == "1"
    with refusal_shown():
        threadtools.set_close_date(current_user, thread, None if clearing else request.form.get("closes_at", ""))
        flash(gettext("The closing date has been removed.") if clearing
              else gettext("The closing date has been saved."), "success")
    return _back(thread)


@bp.post("/t/<int:thread_id>/merge")
@require("moderate")
def merge(thread_id):
    thread = loaders.thread_or_404(thread_id)
    form = MergeForm()
    if not form.validate_on_submit():
        flash(" ".join(error for errors in form.errors.values() for error in errors), "error")
        return _back(thread)
    if not form.confirm.data:
        flash(gettext("Tick the box to confirm the merge: it cannot be undone."), "error")
        return _back(thread)
    with refusal_shown():
        target = threadtools.merge_thread(current_user, thread, form.target.data or "")
        flash(gettext("The posts of “%(title)s” have been moved here.", title=thread.title), "success")
        return redirect(url_for("forum.thread", thread_id=target.id, slug=target.slug,
                                page=target.page_count if target.page_count > 1 else None))
    return _back(thread)


@bp.post("/t/<int:thread_id>/split")
@require("moderate")
def split(thread_id):
    thread = loaders.thread_or_404(thread_id)
    form = SplitForm()
    page = min(max(database_int_or_none(form.page.data) or 1, 1), thread.page_count)
    form.selected = {number for number in map(database_int_or_none, request.form.getlist("posts")) if number}
    if form.validate_on_submit():
        with refusal_shown(form):
            new = threadtools.split_thread(current_user, thread, sorted(form.selected), form.title.data or "",
                                           queries.category_by_id(form.category.data))
            flash(ngettext("%(num)d post has been moved into this new thread.",
                           "%(num)d posts have been moved into this new thread.", len(form.selected)), "success")
            return redirect(url_for("forum.thread", thread_id=new.id, slug=new.slug))
    return thread_page.render_thread(thread, page, PostForm(formdata=None), 400, split_form=form)
