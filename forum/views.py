"""Forum pages: thin routes that parse, call an action or a query, and render."""
from datetime import datetime

from flask import (Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request,
                   url_for)
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from accounts.permissions import has_permission, require
from core import counters, photos
from core.errors import ActionError, render_error
from core.fields import database_int, database_int_or_none
from core.forms import refusal_shown
from core.markdown import escape_markdown, render_markdown
from core.urls import absolute_url
from forum import actions, approval, category_watch, loaders, polls, queries, reading, thread_page
from forum.feeds import atom_feed
from forum.forms import FlagForm, ModerateThreadForm, PostForm, ThreadForm
from forum.models import REACTIONS, PostRevision
from forum.permissions import can_reply, can_see_history, can_start_thread
from forum.visibility import can_see_post, can_see_thread
from groups.access import milestone_hiding
from extensions import db, limiter
from library.models import current_library

bp = Blueprint("forum", __name__, url_prefix="/forum")


def post_url(post) -> str:
    """The stable link to a post: its thread's page, anchored at the post."""
    return url_for("forum.thread", thread_id=post.thread_id, page=post.page if post.page > 1 else None,
                   _anchor=f"p{post.id}")


@bp.get("/")
def index():
    return render_template("forum/index.html", categories=queries.categories(), pinned=queries.globally_pinned())


def _cursor(text: str | None):
    """'2026-11-22T04:15:00+00:00_42' -> (datetime, 42); anything malformed means the first page."""
    try:
        moment, thread_id = (text or "").rsplit("_", 1)
        moment = datetime.fromisoformat(moment)
    except ValueError:
        return None
    thread_id = database_int_or_none(thread_id)
    return (moment, thread_id) if moment.tzinfo and thread_id is not None else None


@bp.get("/c/<slug>")
def category(slug):
    category = loaders.category_or_404(slug)
    if category.group_id is not None:  # a group's threads are listed on the group's page
        return redirect(url_for("groups.show", slug=category.group.slug))
    pinned, threads, next_cursor = queries.threads_in(category, _cursor(request.args.get("before")))
    return render_template("forum/category.html", category=category, pinned=pinned, threads=threads,
                           next_cursor=f"{next_cursor[0].isoformat()}_{next_cursor[1]}" if next_cursor else None,
                           may_start=can_start_thread(current_user, category),
                           read_states=reading.states(current_user, pinned + threads),
                           watching_category=category_watch.is_watching(current_user, category))


@bp.get("/c/<slug>/feed.xml")
def category_feed(slug):
    category = loaders.forum_category_or_404(slug)
    return atom_feed(f"{category.name} · {current_library().name}",
                     absolute_url("forum.category", slug=category.slug), category)


def _posting_limit():
    """Per member, site-wide; moderators are exempt."""
    return limiter.limit(lambda: current_app.config["RATELIMIT_POSTING"], methods=["POST"],
                         key_func=lambda: f"posting:{current_user.get_id()}",
                         exempt_when=lambda: has_permission(current_user, "moderate"))


def poll_draft(form) -> polls.PollDraft:
    """The poll typed into a form's poll fields, checked (ActionError names the field at fault)."""
    return polls.draft(current_user, form.poll_question.data, form.poll_options.data,
                       form.poll_multiple.data == "multiple", form.poll_closes_at.data or "")


@bp.route("/c/<slug>/new", methods=["GET", "POST"])
@login_required
@_posting_limit()
def new_thread(slug):
    category = loaders.category_or_404(slug)
    if not can_start_thread(current_user, category):
        abort(403)
    form = ThreadForm()
    valid = form.validate_on_submit()
    photos.take_from_form(form, current_user)
    if valid:
        with refusal_shown(form):
            thread = actions.create_thread(current_user, category, form.title.data, photos.text_with_photos(form),
                                           poll=poll_draft(form) if form.asks_for_poll() else None)
            if thread.pending_at:
                flash(approval.held_message(), "success")
            return redirect(url_for("forum.thread", thread_id=thread.id, slug=thread.slug))
    return render_template("forum/new_thread.html", category=category, form=form), 400 if form.errors else 200


@bp.get("/t/<int:thread_id>")
@bp.get("/t/<int:thread_id>-<slug>")
def thread(thread_id, slug=None):
    thread = loaders.thread_or_404(thread_id)
    if thread.merged_into_id is not None:  # merged: its posts, and its old links, live on in the target
        return redirect(url_for("forum.thread", thread_id=thread.merged_into_id), 301)
    page = request.args.get("page", 1, type=int)
    if not 1 <= page <= thread.page_count:
        abort(404)
    # No form (and so no CSRF token and session cookie) for readers who cannot reply: guests get a
    # cookie-free page that caches.
    form = PostForm(body=_quote(request.args.get("quote", type=database_int))) if can_reply(current_user, thread) else None
    split_form = thread_page.split_mode_form(thread, page) if has_permission(current_user, "moderate") else None
    counters.count_view("thread", thread.id)
    return thread_page.render_thread(thread, page, form, split_form=split_form)


def _quote(post_id: int | None) -> str:
    post = queries.post_with_thread(post_id) if post_id else None
    if post is None or post.hidden_at or not can_see_post(current_user, post) \
            or not can_see_thread(current_user, post.thread) or milestone_hiding(current_user, post.thread):
        return ""
    quoted = "\n".join(f"> {line}" for line in post.body_md.splitlines())
    intro = gettext("[%(name)s wrote](%(url)s):", name=escape_markdown(post.author.display_name), url=post_url(post))
    return f"> {intro}\n{quoted}\n\n"


@bp.post("/t/<int:thread_id>/reply")
@login_required
@_posting_limit()
def reply(thread_id):
    thread = loaders.thread_or_404(thread_id)
    form = PostForm()
    valid = form.validate_on_submit()
    photos.take_from_form(form, current_user)
    if valid:
        with refusal_shown(form):
            post = actions.reply(current_user, thread, photos.text_with_photos(form))
            if post.pending_at:
                flash(approval.held_message(), "success")
            return redirect(post_url(post))
    return thread_page.render_thread(thread, thread.page_count, form, 400)


@bp.get("/p/<int:post_id>")
def post(post_id):
    return redirect(post_url(loaders.post_or_404(post_id)))


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id):
    post = loaders.changeable_post(post_id)
    form = PostForm(body=post.body_md)
    valid = form.validate_on_submit()
    photos.take_from_form(form, current_user)
    if valid:
        with refusal_shown(form):
            actions.edit_post(current_user, post, photos.text_with_photos(form))
            flash(approval.held_message() if post.pending_at else gettext("Your changes have been saved."), "success")
            return redirect(post_url(post))
    return render_template("forum/edit_post.html", post=post, form=form), 400 if form.errors else 200


@bp.route("/p/<int:post_id>/delete", methods=["GET", "POST"])
@login_required
def delete(post_id):
    post = loaders.changeable_post(post_id)
    if request.method == "POST":
        actions.delete_post(current_user, post)
        flash(gettext("The post has been deleted."), "success")
        return redirect(post_url(post))
    return render_template("forum/delete_post.html", post=post)


@bp.get("/p/<int:post_id>/history")
def history(post_id):
    post = loaders.visible_post(post_id)
    if not can_see_history(current_user, post):
        return render_error(403, gettext("Only the author of a post and the moderators may see its earlier versions."))
    revisions = db.session.execute(
        db.select(PostRevision).options(joinedload(PostRevision.editor))
        .where(PostRevision.post_id == post.id).order_by(PostRevision.id.desc())).scalars().all()
    return render_template("forum/history.html", post=post, revisions=revisions)


@bp.post("/t/<int:thread_id>/moderate")
@require("moderate")
def moderate(thread_id):
    thread = loaders.thread_or_404(thread_id)
    form = ModerateThreadForm()
    if not form.validate_on_submit():
        abort(400)
    target = queries.category_by_id(form.category.data) if form.action.data == "move" else None
    with refusal_shown():
        actions.moderate_thread(current_user, thread, form.action.data, title=form.title.data, category=target,
                                slow_mode=form.slow_mode.data)
        flash(gettext("Done."), "success")
    return redirect(url_for("forum.thread", thread_id=thread.id, slug=thread.slug))


@bp.route("/p/<int:post_id>/react", methods=["GET", "POST"])
@login_required
def react(post_id):
    """GET: the six reactions to choose from (the thread page links here rather than repeating them under
    every post; static/js/forum.js opens them in place)."""
    post = loaders.visible_post(post_id)
    if request.method == "POST":
        with refusal_shown():
            actions.toggle_reaction(current_user, post, request.form.get("kind", ""))
    elif post.author_id == current_user.id:
        flash(gettext("You cannot react to this post."), "error")
    else:
        mine = queries.my_marks(current_user, [post])[0]
        return render_template("forum/react.html", post=post, mine={kind for _, kind in mine},
                               reactions=REACTIONS, reaction_labels=thread_page.REACTION_LABELS)
    return redirect(post_url(post))


@bp.post("/p/<int:post_id>/bookmark")
@login_required
def bookmark(post_id):
    post = loaders.visible_post(post_id)
    with refusal_shown():
        added = actions.toggle_bookmark(current_user, post)
        flash(gettext("Bookmarked.") if added else gettext("Bookmark removed."), "success")
    return redirect(post_url(post))


@bp.get("/bookmarks")
@login_required
def bookmarks():
    found = queries.bookmarks_of(current_user, request.args.get("before", type=database_int))
    return render_template("forum/bookmarks.html", bookmarks=found[:20],
                           older=found[19].id if len(found) > 20 else None)


@bp.post("/preview")
@login_required
@limiter.limit("60 per minute", key_func=lambda: f"preview:{current_user.get_id()}")
def preview():
    """The HTML a post would get, from the same renderer that stores it (for the live preview)."""
    body = request.form.get("body", "")[:actions.BODY_MAX]
    try:
        return jsonify(html=render_markdown(body))
    except ActionError as error:  # too much formatting: the preview says so, as posting would
        return jsonify(error=error.message), 400


@bp.route("/p/<int:post_id>/flag", methods=["GET", "POST"])
@login_required
def flag(post_id):
    post = loaders.visible_post(post_id)
    form = FlagForm()
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.flag_post(current_user, post, form.reason.data, form.text.data or "")
            flash(gettext("Thank you. Moderators will look at this post."), "success")
            return redirect(post_url(post))
    return render_template("forum/flag.html", post=post, form=form), 400 if form.errors else 200


@bp.post("/t/<int:thread_id>/watch")
@login_required
def watch(thread_id):
    thread = loaders.thread_or_404(thread_id)
    watching = actions.toggle_watch(current_user, thread)
    flash(gettext("You will be told of new replies.") if watching else gettext("You no longer watch this thread."),
          "success")
    return redirect(url_for("forum.thread", thread_id=thread.id, slug=thread.slug))
