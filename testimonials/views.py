"""Testimonial pages: a member writes one, staff decide in a queue and withdraw later."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from accounts.permissions import require
from core.forms import refusal_shown
from extensions import db
from testimonials import actions, queries
from testimonials.forms import NoteForm, TestimonialForm, WithdrawForm
from testimonials.models import Testimonial

bp = Blueprint("testimonials", __name__, url_prefix="/testimonials")


@bp.route("/write", methods=["GET", "POST"])
@login_required
def write():
    form = TestimonialForm()
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.submit(current_user, form.body.data, form.role_line.data or "")
            flash(gettext("Thank you! Library staff will read your testimonial before it appears on the home page."),
                  "success")
            return redirect(url_for("testimonials.write"))
    return render_template("testimonials/write.html", form=form, mine=queries.mine(current_user)), \
        400 if form.errors or form.form_errors else 200


@bp.route("/<int:testimonial_id>/delete", methods=["GET", "POST"])
@login_required
def delete(testimonial_id):
    testimonial = db.session.get(Testimonial, testimonial_id) or abort(404)
    if testimonial.user_id != current_user.id:
        abort(403)
    if request.method == "POST":
        actions.delete_own(current_user, testimonial)
        flash(gettext("Your testimonial has been deleted."), "success")
        return redirect(url_for("testimonials.write"))
    return render_template("testimonials/delete.html", testimonial=testimonial)


@bp.get("/queue")
@require("moderate")
def queue():
    return render_template("testimonials/queue.html", pending=queries.pending(), approved=queries.approved(),
                           form=NoteForm(), withdraw_form=WithdrawForm())


def _decision_target(testimonial_id: int, form) -> Testimonial:
    testimonial = db.session.get(Testimonial, testimonial_id) or abort(404)
    if not form.validate_on_submit():
        abort(400)
    return testimonial


@bp.post("/<int:testimonial_id>/decide")
@require("moderate")
def decide(testimonial_id):
    form = NoteForm()
    testimonial = _decision_target(testimonial_id, form)
    decision = request.form.get("decision")
    if decision not in ("approve", "reject"):
        abort(400)
    with refusal_shown():
        if decision == "approve":
            actions.approve(current_user, testimonial, form.note.data or "")
            flash(gettext("The testimonial is now shown on the home page, in turn with the others."), "success")
        else:
            actions.reject(current_user, testimonial, form.note.data or "")
            flash(gettext("The testimonial has been rejected."), "success")
    return redirect(url_for("testimonials.queue"))


@bp.post("/<int:testimonial_id>/withdraw")
@require("moderate")
def withdraw(testimonial_id):
    form = WithdrawForm()
    testimonial = _decision_target(testimonial_id, form)
    with refusal_shown():
        actions.withdraw(current_user, testimonial, form.reason.data or "")
        flash(gettext("The testimonial has been taken off the home page."), "success")
    return redirect(url_for("testimonials.queue", _anchor="approved"))
