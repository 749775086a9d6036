"""Reading group pages: thin routes that parse, call an action or a query, and render."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from core import counters
from core.fields import database_int
from core.forms import refusal_shown
from core.urls import page_number
from events import queries as event_queries
from events.permissions import can_create as can_create_event
from forum.permissions import can_start_thread
from groups import access, actions, queries
from groups.forms import GroupForm, InviteForm, MilestoneForm, NominateForm
from groups.models import REQUESTED
from partners.forms import with_partner_choices

bp = Blueprint("groups", __name__)


def _group_or_404(slug: str):
    """(group, the visitor's membership); a private group is not found by those outside it."""
    group = queries.group_by_slug(slug)
    if group is None:
        abort(404)
    membership = access.membership_of(current_user, group)
    if not access.can_see(current_user, group, membership):
        abort(404)
    return group, membership


def _managed_group(slug: str):
    group, membership = _group_or_404(slug)
    if not access.can_manage(current_user, membership):
        abort(403)
    return group, membership


def _back(group, anchor: str | None = None):
    return redirect(url_for("groups.show", slug=group.slug, _anchor=anchor))


def _done(call, success: str, group, anchor: str | None = None):
    """Runs an action; flashes its refusal or the success message, then goes back to the group's page."""
    with refusal_shown():
        call()
        flash(success, "success")
    return _back(group, anchor)


@bp.get("/groups/")
def index():
    user = current_user._get_current_object()
    return render_template("groups/index.html", mine=queries.my_groups(user),
                           page=queries.listing(user, page_number()), may_create=access.can_create(user))


def _details(form: GroupForm) -> actions.GroupDetails:
    return actions.GroupDetails(name=form.name.data or "", description=form.description.data or "",
                                visibility=form.visibility.data, book=form.book.data or "",
                                cover=form.cover.data or None, remove_cover=form.remove_cover.data,
                                partners=form.partners.data or [])


@bp.route("/groups/new", methods=["GET", "POST"])
@login_required
def new():
    if not access.can_create(current_user):
        abort(403)
    form = with_partner_choices(GroupForm())
    if form.validate_on_submit():
        with refusal_shown(form):
            group = actions.create_group(current_user, _details(form))
            flash(gettext("The reading group has been created. Add its reading schedule next."), "success")
            return _back(group)
    return render_template("groups/form.html", form=form, group=None), 400 if form.errors else 200


@bp.route("/groups/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug):
    group, _ = _managed_group(slug)
    form = with_partner_choices(GroupForm(name=group.name, description=group.description_md,
                                          visibility=group.visibility,
                                          partners=[partner.id for partner in group.partners]))
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.edit_group(current_user, group, _details(form))
            flash(gettext("Your changes have been saved."), "success")
            return _back(group)
    return render_template("groups/form.html", form=form, group=group), 400 if form.errors else 200


@bp.get("/groups/<slug>")
def show(slug):
    group, membership = _group_or_404(slug)
    counters.count_view("group", group.id)
    return _render_group(group, membership)


def _render_group(group, membership, status: int = 200, milestone_form=None, invite_form=None, nominate_form=None):
    user = current_user._get_current_object()
    manages = access.can_manage(user, membership)
    takes_part = access.can_take_part(user, membership)
    category = actions.group_category(group)
    schedule = queries.schedule(group)
    return render_template(
        "groups/show.html", group=group, membership=membership, manages=manages, takes_part=takes_part,
        schedule=schedule, reached=access.reached_position(membership),
        sees_all=access.sees_all_milestones(user, membership), category=category,
        threads=queries.threads(group, category), may_start=can_start_thread(user, category),
        facilitators=queries.facilitators(group), members=queries.members(group) if manages else [],
        progress=queries.progress_counts(group), nominations=queries.nominations(group),
        events=event_queries.for_group(group), may_add_event=manages and can_create_event(user),
        my_vote=queries.my_vote(user, group) if takes_part else None,
        milestone_form=milestone_form or (MilestoneForm() if manages and group.current_book else None),
        invite_form=invite_form or (InviteForm() if manages else None),
        nominate_form=nominate_form or (NominateForm() if takes_part else None)), status


@bp.post("/groups/<slug>/join")
@login_required
def join(slug):
    group, _ = _group_or_404(slug)
    with refusal_shown():
        membership = actions.join(current_user, group)
        flash(gettext("Your request has been sent to the group's facilitators.") if membership.state == REQUESTED
              else gettext("Welcome to the group!"), "success")
    return _back(group)


@bp.route("/groups/<slug>/leave", methods=["GET", "POST"])
@login_required
def leave(slug):
    group, membership = _group_or_404(slug)
    if membership is None:
        return _back(group)
    if request.method == "GET":
        return render_template("groups/leave.html", group=group, membership=membership)
    with refusal_shown():
        actions.leave(current_user, group)
        flash(gettext("You are no longer in %(group)s.", group=group.name), "success")
        return redirect(url_for("groups.index"))
    return _back(group)


@bp.route("/groups/<slug>/members/<int:membership_id>", methods=["POST"])
@login_required
def member(slug, membership_id):
    """A facilitator's decision about one person: approve, deny, promote, demote or remove."""
    group, _ = _managed_group(slug)
    decision = request.form.get("action", "")
    calls = {"approve": lambda: actions.decide_request(current_user, group, membership_id, True),
             "deny": lambda: actions.decide_request(current_user, group, membership_id, False),
             "promote": lambda: actions.set_role(current_user, group, membership_id, "facilitator"),
             "demote": lambda: actions.set_role(current_user, group, membership_id, "member"),
             "remove": lambda: actions.remove_member(current_user, group, membership_id)}
    if decision not in calls:
        abort(400)
    return _done(calls[decision], gettext("Done."), group, "members")


@bp.get("/groups/<slug>/members/<int:membership_id>/remove")
@login_required
def confirm_remove(slug, membership_id):
    group, _ = _managed_group(slug)
    person = next((row for row in queries.members(group) if row.id == membership_id), None) or abort(404)
    return render_template("groups/remove.html", group=group, person=person)


@bp.post("/groups/<slug>/invite")
@login_required
def invite(slug):
    group, membership = _managed_group(slug)
    form = InviteForm()
    if form.validate_on_submit():
        with refusal_shown(form):
            invited = actions.invite(current_user, group, form.username.data)
            flash(gettext("%(name)s has been invited.", name=invited.user.username), "success")
            return _back(group, "members")
    return _render_group(group, membership, 400, invite_form=form)


@bp.post("/groups/<slug>/milestones")
@login_required
def add_milestone(slug):
    group, membership = _managed_group(slug)
    form = MilestoneForm()
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.add_milestone(current_user, group, form.label.data, form.due_on.data)
            flash(gettext("The milestone has been added, with its discussion."), "success")
            return _back(group, "schedule")
    return _render_group(group, membership, 400, milestone_form=form)


@bp.route("/groups/<slug>/milestones/<int:milestone_id>/edit", methods=["GET", "POST"])
@login_required
def edit_milestone(slug, milestone_id):
    group, _ = _managed_group(slug)
    milestone = queries.milestone_in(group, milestone_id) or abort(404)
    form = MilestoneForm(label=milestone.label, due_on=milestone.due_on)
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.edit_milestone(current_user, group, milestone, form.label.data, form.due_on.data)
            flash(gettext("Your changes have been saved."), "success")
            return _back(group, "schedule")
    return render_template("groups/milestone.html", group=group, milestone=milestone, form=form), \
        400 if form.errors else 200


@bp.post("/groups/<slug>/progress")
@login_required
def progress(slug):
    group, _ = _group_or_404(slug)
    chosen = request.form.get("milestone", type=database_int)
    milestone = queries.milestone_in(group, chosen) if chosen else None
    if chosen and milestone is None:
        abort(400)
    done = _done(lambda: actions.mark_progress(current_user, group, milestone), gettext("Your progress is saved."),
                 group, "schedule")
    back_to = request.form.get("thread", type=database_int)
    if back_to and milestone and milestone.thread_id == back_to:  # marked from the spoiler notice: read on
        return redirect(url_for("forum.thread", thread_id=back_to))
    return done


@bp.post("/groups/<slug>/nominate")
@login_required
def nominate(slug):
    group, membership = _group_or_404(slug)
    form = NominateForm()
    if form.validate_on_submit():
        with refusal_shown(form):
            nomination = actions.nominate(current_user, group, form.book.data)
            flash(gettext("“%(title)s” is nominated.", title=nomination.book.title), "success")
            return _back(group, "next-book")
    return _render_group(group, membership, 400, nominate_form=form)


@bp.post("/groups/<slug>/vote")
@login_required
def vote(slug):
    group, _ = _group_or_404(slug)
    nomination_id = request.form.get("nomination", type=database_int) or abort(400)
    return _done(lambda: actions.vote(current_user, group, nomination_id), gettext("Your vote is saved."), group,
                 "next-book")


@bp.post("/groups/<slug>/close-vote")
@login_required
def close_vote(slug):
    group, _ = _managed_group(slug)
    return _done(lambda: actions.close_vote(current_user, group),
                 gettext("The vote is closed: the group reads its new book with a new schedule."), group)
