"""Routes for polls inside threads, on the forum blueprint: add one to a thread, vote, take a vote
back, close it. Plain forms: everything works without JavaScript."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from core.forms import refusal_shown
from forum import loaders, polls
from forum.forms import PollFields
from forum.permissions import can_add_poll
from forum.views import bp, poll_draft


def _to_poll(thread):
    return redirect(url_for("forum.thread", thread_id=thread.id, slug=thread.slug, _anchor="poll"))


def _thread_and_poll(thread_id: int):
    thread = loaders.thread_or_404(thread_id)
    return thread, polls.poll_of(thread) or abort(404)


@bp.route("/t/<int:thread_id>/poll", methods=["GET", "POST"])
@login_required
def add_poll(thread_id):
    thread = loaders.thread_or_404(thread_id)
    if polls.poll_of(thread) is not None:
        flash(gettext("This thread already has a poll."), "error")
        return _to_poll(thread)
    if not can_add_poll(current_user, thread):
        abort(403)
    form = PollFields()
    if form.validate_on_submit():
        with refusal_shown(form):
            polls.add_poll(current_user, thread, poll_draft(form))
            flash(gettext("The poll has been added."), "success")
            return _to_poll(thread)
    return render_template("forum/add_poll.html", thread=thread, form=form), 400 if form.errors else 200


@bp.post("/t/<int:thread_id>/poll/vote")
@login_required
def vote(thread_id):
    thread, poll = _thread_and_poll(thread_id)
    with refusal_shown():
        polls.vote(current_user, poll, thread, request.form.getlist("option"))
        flash(gettext("Thank you: your vote has been counted."), "success")
    return _to_poll(thread)


@bp.post("/t/<int:thread_id>/poll/withdraw")
@login_required
def withdraw_vote(thread_id):
    thread, poll = _thread_and_poll(thread_id)
    with refusal_shown():
        polls.withdraw(current_user, poll, thread)
        flash(gettext("Your vote has been removed."), "success")
    return _to_poll(thread)


@bp.post("/t/<int:thread_id>/poll/close")
@login_required
def close_poll(thread_id):
    thread, poll = _thread_and_poll(thread_id)
    with refusal_shown():
        polls.close(current_user, poll, thread)
        flash(gettext("The poll is closed: everyone now sees the results."), "success")
    return _to_poll(thread)
