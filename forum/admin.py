"""Staff pages of the forum: categories (admins) and the flag queue (moderators)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from accounts.permissions import require
from core.forms import refusal_shown
from extensions import db
from forum import actions, queries
from forum.forms import CategoryForm
from forum.models import Category
from forum.permissions import can_suspend_from_queue

bp = Blueprint("forum_admin", __name__, url_prefix="/admin")


@bp.route("/categories/", methods=["GET", "POST"])
@bp.route("/categories/<int:category_id>", methods=["GET", "POST"])
@require("manage_site")
def edit(category_id=None):
    category = db.session.get(Category, category_id) if category_id else None
    if category_id and category is None:
        abort(404)
    form = CategoryForm(obj=category)
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.save_category(current_user, category, name=form.name.data, slug=form.slug.data,
                                  description=form.description.data or "", colour=form.colour.data,
                                  position=form.position.data or 0, who_starts=form.who_starts.data)
            flash(gettext("The category has been saved."), "success")
            return redirect(url_for("forum_admin.edit"))
    return render_template("forum/admin_categories.html", form=form, category=category,
                           categories=queries.categories()), 400 if form.errors else 200


@bp.get("/flags", endpoint="flags")
@require("moderate")
def flag_queue():
    queue = queries.open_flags()
    suspendable = {post.id for post, _ in queue if can_suspend_from_queue(current_user, post.author)}
    return render_template("forum/flag_queue.html", queue=queue, suspendable=suspendable)


@bp.post("/flags/<int:post_id>", endpoint="resolve")
@require("moderate")
def resolve(post_id):
    post = queries.post_with_thread(post_id) or abort(404)
    with refusal_shown():
        actions.resolve_flags(current_user, post, request.form.get("outcome", ""),
                              request.form.get("message", "")[:500])
        flash(gettext("Done."), "success")
    return redirect(url_for("forum_admin.flags"))
