"""Event pages: thin routes that parse, call an action or a query, and render."""
from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_datetime, format_time, gettext, ngettext
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from core import counters, embeds, photos
from core.csvsafe import audited_csv_download
from core.errors import ActionError
from core.forms import refusal_shown, show_action_error
from core.i18n import TIMEZONES, format_when
from core.library_time import from_library_time, library_today, select_timezone, to_library_time
from core.urls import page_number
from events import actions, links, polls, queries, questions, snapshot
from events import live as room_live
from events.forms import (KIND_LABELS, MODE_LABELS, CheckInForm, EventForm, RecordingForm, SurveyForm,
                          usernames)
from events.models import GOING
from events.permissions import can_create, can_edit, can_host_live, can_rsvp, can_run, can_see_results
from events.visibility import can_see
from extensions import limiter
from challenges import queries as challenge_queries
from groups import queries as group_queries
from library.models import current_library
from partners.forms import with_partner_choices

bp = Blueprint("events", __name__, url_prefix="/events")
SLOW_MODE_CHOICES = (0, 5, 10, 30, 60, 120, 300)


def _event_or_404(event_id: int):
    """The event; a private reading group's is found only by the group's members (and staff)."""
    event = queries.event_by_id(event_id)
    if event is None or not can_see(current_user, event):
        abort(404)
    return event


def _editable_event(event_id: int):
    event = _event_or_404(event_id)
    if not can_edit(current_user, event):
        abort(403)
    return event


def _back(event, anchor: str | None = None):
    return redirect(url_for("events.show", event_id=event.id, slug=event.slug, _anchor=anchor))


@bp.get("/")
def index():
    past = request.args.get("tab") == "past"
    page = (queries.past_page if past else queries.upcoming_page)(page_number(), current_user)
    return render_template("events/index.html", page=page, past=past, may_create=can_create(current_user),
                           counts=queries.seat_counts([event.id for event in page.items]))


def _details(form: EventForm, with_hosts: bool) -> actions.EventDetails:
    return actions.EventDetails(
        title=form.title.data or "", kind=form.kind.data, description=photos.text_with_photos(form, "description"),
        mode=form.mode.data, place=form.place.data or "", stream_url=form.stream_url.data or "",
        starts_at=from_library_time(form.starts_at.data), ends_at=from_library_time(form.ends_at.data),
        capacity=form.capacity.data, partners=form.partners.data or [],
        hosts=usernames(form.hosts.data) if with_hosts else None,
        cohosts=usernames(form.cohosts.data) if with_hosts else None,
        cover=form.cover.data or None, remove_cover=form.remove_cover.data,
        group=form.group.data if form.group.choices else None,
        challenge=form.challenge.data if form.challenge.choices else None)


def _with_groups(form: EventForm, event=None) -> EventForm:
    """The reading groups the member facilitates (all of them for staff) become the form's group choices;
    a member who facilitates none gets no selector, and the event keeps its group."""
    groups = group_queries.managed_by(current_user)
    if event is not None and event.group is not None and event.group not in groups:
        return form
    if groups:
        form.group.choices = [SelectChoice("", gettext("No reading group"))] + [
            SelectChoice(group.slug, group.name) for group in groups]
    return form


def _with_challenges(form: EventForm, event=None) -> EventForm:
    """The reading challenges not yet ended (and the event's own, even if it has) become the challenge choices."""
    challenges = challenge_queries.not_ended(library_today())
    if event is not None and event.challenge is not None and event.challenge not in challenges:
        challenges.insert(0, event.challenge)
    if challenges:
        form.challenge.choices = [SelectChoice("", gettext("No reading challenge"))] + [
            SelectChoice(challenge.slug, challenge.title) for challenge in challenges]
    return form



@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    if not can_create(current_user):
        abort(403)
    form = with_partner_choices(_with_challenges(_with_groups(EventForm(
        hosts=current_user.username, group=request.args.get("group", ""), challenge=request.args.get("challenge", "")))))
    valid = form.validate_on_submit()
    photos.take_from_form(form, current_user)
    if valid:
        with refusal_shown(form):
            event = actions.create_event(current_user, _details(form, with_hosts=True))
            flash(gettext("The event has been published."), "success")
            return _back(event)
    return render_template("events/form.html", form=form, event=None, may_run=True), 400 if form.errors else 200


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id):
    event = _editable_event(event_id)
    may_run = can_run(current_user, event)
    form = EventForm(title=event.title, kind=event.kind, description=event.description_md, mode=event.mode,
                     place=event.place, stream_url=event.stream_url, starts_at=to_library_time(event.starts_at),
                     ends_at=to_library_time(event.ends_at), capacity=event.capacity,
                     partners=[partner.id for partner in event.partners],
                     hosts=", ".join(user.username for user in event.people("host")),
                     cohosts=", ".join(user.username for user in event.people("cohost")),
                     group=event.group.slug if event.group else "",
                     challenge=event.challenge.slug if event.challenge else "")
    with_partner_choices(_with_challenges(_with_groups(form, event), event))
    valid = form.validate_on_submit()
    photos.take_from_form(form, current_user)
    if valid:
        with refusal_shown(form):
            actions.edit_event(current_user, event, _details(form, with_hosts=may_run))
            flash(gettext("Your changes have been saved."), "success")
            return _back(event)
    return render_template("events/form.html", form=form, event=event, may_run=may_run), \
        400 if form.errors else 200


@bp.route("/<int:event_id>/delete", methods=["GET", "POST"])
@login_required
def delete(event_id):
    event = _event_or_404(event_id)
    if not can_run(current_user, event):
        abort(403)
    if request.method == "POST":
        actions.delete_event(current_user, event)
        flash(gettext("The event has been cancelled. Everyone who signed up has been told."), "success")
        return redirect(url_for("events.index"))
    return render_template("events/delete.html", event=event,
                           signed_up=sum(queries.seat_counts([event.id])[event.id].values()))


@bp.get("/<int:event_id>")
@bp.get("/<int:event_id>-<slug>")
def show(event_id, slug=None):
    event = _event_or_404(event_id)
    counters.count_view("event", event.id)
    return _render_event(event)


def _render_event(event, status: int = 200, checkin_form=None, survey_form=None, recording_form=None):
    user = current_user._get_current_object()
    booking = actions.my_rsvp(user, event)
    may_edit = can_edit(user, event)
    answerable = event.has_ended and booking is not None and booking.status == GOING \
        and not queries.has_answered(user, event)
    return render_template(
        "events/show.html", event=event, booking=booking, counts=queries.seat_counts([event.id])[event.id],
        position=queries.waitlist_position(booking) if booking and booking.status != GOING else None,
        may_edit=may_edit, may_run=can_run(user, event), may_rsvp=can_rsvp(user),
        may_see_results=can_see_results(user, event), player=embeds.youtube_player(event.stream_url),
        recording_player=embeds.youtube_player(event.recording_url),
        google_url=links.google_calendar_url(event),
        checkin_form=checkin_form or (CheckInForm() if event.is_running and user.is_authenticated and not may_edit
                                      and not (booking and booking.attended_at) else None),
        survey_form=survey_form or (SurveyForm() if answerable else None),
        recording_form=recording_form or (RecordingForm(recording_url=event.recording_url) if may_edit else None),
        **_live_results(event),
    ), status


def _live_results(event) -> dict:
    """Once the live session is over, its polls' results and the chat transcript stay on the event page."""
    if not room_live.has_ended(event, room_live.settings(event)):
        return {"live_polls": [], "transcript": None}
    return {"live_polls": [polls.payload(poll) for poll in polls.of_event(event)],
            "transcript": room_live.transcript_page(event, page_number())}


@bp.post("/<int:event_id>/rsvp")
@login_required
def rsvp(event_id):
    event = _event_or_404(event_id)
    with refusal_shown():
        booking = actions.rsvp(current_user, event)
        flash(gettext("You are going. See you there!") if booking.status == GOING else
              gettext("All seats are taken: you are on the waitlist."), "success")
    return _back(event, "rsvp")


@bp.post("/<int:event_id>/cancel")
@login_required
def cancel(event_id):
    event = _event_or_404(event_id)
    with refusal_shown():
        actions.cancel_rsvp(current_user, event)
        flash(gettext("You are no longer signed up for this event."), "success")
    return _back(event, "rsvp")


@bp.get("/<int:event_id>/attendees")
@login_required
def attendees(event_id):
    event = _editable_event(event_id)
    return render_template("events/attendees.html", event=event, rows=queries.attendees(event))


@bp.get("/<int:event_id>/attendees.csv")
@login_required
def attendees_csv(event_id):
    event = _editable_event(event_id)
    header = [gettext("Name"), gettext("Username"), gettext("Status"), gettext("Signed up"), gettext("Attended")]
    statuses = {GOING: gettext("Going"), "waitlist": gettext("Waitlist")}
    rows = [[row.user.display_name, row.user.username, statuses[row.status], format_when(row.created_at),
             format_when(row.attended_at)] for row in queries.attendees(event)]
    return audited_csv_download([header, *rows], f"event-{event.id}-attendees.csv",
                                current_user, "event.export", "event", event)


@bp.post("/<int:event_id>/checkin-code")
@login_required
def checkin_code(event_id):
    event = _editable_event(event_id)
    with refusal_shown():
        actions.reveal_checkin_code(current_user, event, new=request.form.get("new") == "1")
    return _back(event, "host-tools")


def _wrong_code(response) -> bool:
    return g.get("wrong_checkin_code", False)


@bp.post("/<int:event_id>/check-in")
@login_required
@limiter.limit("5 per 10 minutes", key_func=lambda: f"checkin:{current_user.get_id()}", deduct_when=_wrong_code)
def check_in(event_id):
    """Wrong codes count against a limit, so guessing the code is slower than asking the host."""
    event = _event_or_404(event_id)
    form = CheckInForm()
    if form.validate_on_submit():
        try:
            actions.check_in(current_user, event, form.code.data)
        except ActionError as error:
            g.wrong_checkin_code = error.field == "code"
            show_action_error(form, error)
        else:
            flash(gettext("You are checked in. Enjoy the event!"), "success")
            return _back(event, "rsvp")
    return _render_event(event, 400, checkin_form=form)


@bp.post("/<int:event_id>/recording")
@login_required
def recording(event_id):
    event = _editable_event(event_id)
    form = RecordingForm()
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.set_recording(current_user, event, form.recording_url.data or "")
            flash(gettext("The recording link has been saved.") if event.recording_url else
                  gettext("The recording link has been removed."), "success")
            return _back(event, "recording")
    return _render_event(event, 400, recording_form=form)


@bp.route("/<int:event_id>/survey", methods=["GET", "POST"])
@login_required
def survey(event_id):
    """POST: a member's rating. GET: the results, for the event's hosts and staff."""
    event = _event_or_404(event_id)
    if request.method == "GET":
        if not can_see_results(current_user, event):
            abort(403)
        return render_template("events/survey.html", event=event, results=queries.survey_results(event))
    form = SurveyForm()
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.answer_survey(current_user, event, form.rating.data, form.comment.data or "")
            flash(gettext("Thank you for your feedback!"), "success")
            return _back(event)
    return _render_event(event, 400, survey_form=form)


@bp.get("/<int:event_id>/live")
def live(event_id):
    """The live room: the stream beside the chat, questions and polls. The page shows what has been said
    so far without JavaScript; static/js/live.js joins the room and keeps it current."""
    event = _event_or_404(event_id)
    user = current_user._get_current_object()
    return render_template("events/live.html", live_updates=True, event=event, player=embeds.youtube_player(event.stream_url),
                           room=snapshot.live_room(user, event), history=room_live.recent_messages(event), may_host=can_host_live(user, event),
                           message_max=room_live.MESSAGE_MAX, question_max=questions.QUESTION_MAX,
                           slow_mode_choices=SLOW_MODE_CHOICES, live_strings=_live_strings(),
                           library_timezone=select_timezone())


def _plural(key: str, singular: str, plural: str) -> dict:
    """Both forms of a counted phrase for the script, `{n}` standing for the number."""
    forms = {key + "_one": 1, key + "_many": 2}
    return {name: ngettext(singular, plural, number).replace(str(number), "{n}", 1) for name, number in forms.items()}


def _live_strings() -> dict:
    """What static/js/live.js says, in the reader's language. `{n}` stands for a number."""
    return {
        "online": gettext("%(num)s online", num="{n}"),
        **_plural("votes", "%(num)d vote", "%(num)d votes"),
        **_plural("total", "%(num)d vote in all", "%(num)d votes in all"),
        "connected": gettext("Connected"),
        "reconnecting": gettext("Connection lost. Reconnecting…"),
        "no_connection": gettext("Not sent yet: the connection is down. Press Send again once it is back."),
        "held": gettext("Not sent yet: your message goes out as soon as the connection is back."),
        "sign_in": gettext("Sign in to take part in the chat."),
        "ended": gettext("The live session has ended: the chat is read-only."),
        "ended_badge": gettext("Ended"),
        "paused": gettext("The hosts have paused the chat for a moment."),
        "muted": gettext("A host has muted you in this room."),
        "slow_mode": gettext("Slow mode: one message every %(seconds)s seconds.", seconds="{n}"),
        "wait": gettext("You can send again in %(seconds)s seconds.", seconds="{n}"),
        "delete": gettext("Delete"),
        "mute": gettext("Mute"),
        "unmute": gettext("Unmute"),
        "confirm_delete": gettext("Delete this message for everyone?"),
        "confirm_end": gettext("End the live session? The chat becomes read-only for everyone, and this cannot "
                               "be undone."),
        "upvote": gettext("Upvote"),
        "voted": gettext("Voted"),
        "approve": gettext("Approve"),
        "highlight": gettext("Highlight: answering now"),
        "unhighlight": gettext("Stop highlighting"),
        "reject": gettext("Remove for everyone"),
        # A host's buttons on a question show these short words on a phone; the names above stay their
        # accessible names (each short word is part of its name, as WCAG 2.5.3 asks).
        "highlight_short": gettext("Highlight"),
        "unhighlight_short": gettext("Stop"),
        "reject_short": gettext("Remove"),
        "answered": gettext("Answered"),
        "mark_answered": gettext("Mark answered"),
        "pending": gettext("Waiting for approval"),
        "now": gettext("Being answered now"),
        "vote": gettext("Vote"),
        "vote_for": gettext("Vote for: %(option)s", option="{x}"),
        "your_vote": gettext("your vote"),
        "closed": gettext("Closed"),
        "close_poll": gettext("Close the poll"),
        "pause": gettext("Pause the chat"),
        "unpause": gettext("Let the chat continue"),
    }


def _ics(body: bytes, filename: str) -> Response:
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f"inline; filename={filename}", "Cache-Control": "public, max-age=300"})


@bp.get("/<int:event_id>.ics")
def event_ics(event_id):
    event = _event_or_404(event_id)
    return _ics(links.calendar([event], event.title), f"event-{event.id}.ics")


@bp.get("/calendar.ics")
def calendar_ics():
    return _ics(links.calendar(queries.for_calendar(), current_library().name), "events.ics")


def _zone_name() -> str:
    return TIMEZONES.get(select_timezone(), select_timezone())


def init_views(app) -> None:
    app.jinja_env.globals.update(EVENT_KINDS=KIND_LABELS, EVENT_MODES=MODE_LABELS)
    app.jinja_env.filters.update(
        hour=lambda value: format_time(value, "short"),
        clock=lambda value: f"{format_time(value, 'short')} {_zone_name()}",
        day_of_month=lambda value: format_datetime(value, "d"),
        short_month=lambda value: format_datetime(value, "MMM"))
    app.context_processor(lambda: {"library_zone": _zone_name()})
