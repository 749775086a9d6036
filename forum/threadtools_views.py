"""Routes and forms of the moderator's thread tools (global pin, close date, merge, split)."""
from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext, lazy_gettext as _l, ngettext, to_user_timezone
from flask_login import current_user
from wtforms import BooleanField, DateTimeLocalField, HiddenField, SelectField, StringField

from accounts.permissions import require
from core.errors import ActionError
from core.fields import database_int_or_none
from core.forms import SerambiForm, at_most, show_action_error
from core.library_time import to_library_time
from core.timeutil import utcnow
from forum import queries, threadtools
from forum.forms import PostForm

bp = Blueprint("forum_tools", __name__, url_prefix="/forum")
LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


class CloseDateForm(SerambiForm):
    closes_at = DateTimeLocalField(_l("Close to new replies on"), format=LOCAL_MINUTE,
                                   description=_l("In the library's time zone. Moderators can still reply."))


class MergeForm(SerambiForm):
    target = StringField(_l("Merge into thread"), [at_most(300)],
                         description=_l("Its number or its link, for example 123 or /forum/t/123-judul."))
    confirm = BooleanField(_l("Move every post there; this cannot be undone"))


class SplitForm(SerambiForm):
    title = StringField(_l("Title of the new thread"), [at_most(150)])
    category = SelectField(_l("Category of the new thread"), choices=[], validate_choice=False)
    page = HiddenField()


def panel(thread, category_choices, split_form=None) -> dict:
    """The forms the thread page shows a moderator; `split_form` when split mode is on."""
    close = CloseDateForm(formdata=None, closes_at=to_library_time(thread.closes_at))
    close.closes_at.render_kw = {"min": to_user_timezone(utcnow()).strftime(LOCAL_MINUTE)}
    if split_form is not None:
        split_form.category.choices = category_choices
        if not split_form.category.data:
            split_form.category.data = str(thread.category_id)
    return {"close": close, "merge": MergeForm(formdata=None), "split": split_form}


def split_mode_form(thread, page: int):
    """An empty split form when ?split=1 is asked for."""
    if request.args.get("split") != "1":
        return None
    form = SplitForm(formdata=None, page=str(page))
    form.selected = set()
    return form


def _back(thread, **args):
    return redirect(url_for("forum.thread", thread_id=thread.id, slug=thread.slug, **args))


def _thread(thread_id):
    from forum.views import _thread_or_404

    return _thread_or_404(thread_id)


@bp.post("/t/<int:thread_id>/global-pin")
@require("moderate")
def global_pin(thread_id):
    thread = _thread(thread_id)
    if not SerambiForm().validate_on_submit():
        return _back(thread)
    pinned = request.form.get("pinned") == "1"
    try:
        threadtools.pin_globally(current_user, thread, pinned)
    except ActionError as error:
        flash(error.message, "error")
    else:
        flash(gettext("Pinned at the top of the forum and the home page.") if pinned
              else gettext("No longer pinned at the top of the forum."), "success")
    return _back(thread)


@bp.post("/t/<int:thread_id>/close-date")
@require("moderate")
def close_date(thread_id):
    thread = _thread(thread_id)
    if not SerambiForm().validate_on_submit():
        return _back(thread)
    clearing = request.form.get("clear") == "1"
    try:
        threadtools.set_close_date(current_user, thread, None if clearing else request.form.get("closes_at", ""))
    except ActionError as error:
        flash(error.message, "error")
    else:
        flash(gettext("The closing date has been removed.") if clearing
              else gettext("The closing date has been saved."), "success")
    return _back(thread)


@bp.post("/t/<int:thread_id>/merge")
@require("moderate")
def merge(thread_id):
    thread = _thread(thread_id)
    form = MergeForm()
    if not form.validate_on_submit():
        flash(" ".join(error for errors in form.errors.values() for error in errors), "error")
        return _back(thread)
    if not form.confirm.data:
        flash(gettext("Tick the box to confirm the merge: it cannot be undone."), "error")
        return _back(thread)
    try:
        target = threadtools.merge_thread(current_user, thread, form.target.data or "")
    except ActionError as error:
        flash(error.message, "error")
        return _back(thread)
    flash(gettext("The posts of “%(title)s” have been moved here.", title=thread.title), "success")
    return redirect(url_for("forum.thread", thread_id=target.id, slug=target.slug,
                            page=target.page_count if target.page_count > 1 else None))


@bp.post("/t/<int:thread_id>/split")
@require("moderate")
def split(thread_id):
    from forum.views import _render_thread

    thread = _thread(thread_id)
    form = SplitForm()
    page = min(max(database_int_or_none(form.page.data) or 1, 1), thread.page_count)
    form.selected = {number for number in map(database_int_or_none, request.form.getlist("posts")) if number}
    if form.validate_on_submit():
        try:
            new = threadtools.split_thread(current_user, thread, sorted(form.selected), form.title.data or "",
                                           queries.category_by_id(form.category.data))
        except ActionError as error:
            show_action_error(form, error)
        else:
            flash(ngettext("%(num)d post has been moved into this new thread.",
                           "%(num)d posts have been moved into this new thread.", len(form.selected)), "success")
            return redirect(url_for("forum.thread", thread_id=new.id, slug=new.slug))
    return _render_thread(thread, page, PostForm(formdata=None), 400, split_form=form)
