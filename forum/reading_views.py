"""Routes for unread tracking and category watching, on the forum blueprint."""
from flask import flash, redirect, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from core.forms import refusal_shown
from forum import category_watch, loaders, reading
from forum.views import bp, post_url


@bp.get("/t/<int:thread_id>/unread")
def unread(thread_id):
    """The first post the member has not read yet (or the last one when all are read); a member who
    never opened the thread, and a guest, start at the top."""
    thread = loaders.thread_or_404(thread_id)
    post = reading.first_unread_post(current_user, thread)
    if post is None:
        return redirect(url_for("forum.thread", thread_id=thread.id, slug=thread.slug))
    return redirect(post_url(post))


@bp.post("/c/<slug>/read")
@login_required
def mark_category_read(slug):
    category = loaders.category_or_404(slug)
    with refusal_shown():
        reading.mark_category_read(current_user, category)
        flash(gettext("Every thread in this category is marked as read."), "success")
    return redirect(url_for("forum.category", slug=category.slug))


@bp.post("/c/<slug>/watch")
@login_required
def watch_category(slug):
    category = loaders.category_or_404(slug)
    with refusal_shown():
        watching = category_watch.toggle(current_user, category)
        flash(gettext("You will be told of every new thread here.") if watching
              else gettext("You no longer watch this category."), "success")
    return redirect(url_for("forum.category", slug=category.slug))
