"""Challenge pages: thin routes that parse a form, call an action or a query, and render."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, gettext
from flask_login import current_user, login_required

from accounts.models import User
from accounts.permissions import has_permission, require, require_permission
from books.models import ShelfEntry
from challenges import actions, queries, quizzes, raffle, rules
from challenges.forms import (ChallengeForm, CorrectForm, DrawForm, JoinForm, LogForm, QuizForm, ReasonForm,
                              TeamsForm, badges_text, parse_badges)
from challenges.models import ENTRY_STATES, MEMBER, PENDING, UNITS, Challenge, Draw, LogEntry, Quiz
from core import counters
from core.csvsafe import audited_csv_download
from core.errors import ActionError
from core.fields import database_int
from core.forms import SerambiForm, refusal_shown
from core.library_time import library_today
from core.urls import page_number
from events import queries as event_queries
from events.permissions import can_create as can_create_event
from extensions import db

bp = Blueprint("challenges", __name__, url_prefix="/challenges")


def _challenge_or_404(slug: str) -> Challenge:
    return queries.challenge_by_slug(slug) or abort(404)


def _in_challenge(model, item_id: int, challenge: Challenge):
    item = db.session.get(model, item_id)
    if item is None or item.challenge_id != challenge.id:
        abort(404)
    return item


@bp.get("/")
def index():
    today = library_today()
    lists = queries.listing(today)
    counts = queries.participant_counts([c.id for group in lists.values() for c in group])
    return render_template("challenges/index.html", lists=lists, counts=counts, units=UNITS,
                           staff=has_permission(current_user, "manage_challenges"))


@bp.route("/new", methods=["GET", "POST"])
@require("manage_challenges")
def new():
    return _edit(None)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@require("manage_challenges")
def edit(slug):
    return _edit(_challenge_or_404(slug))


def _edit(challenge):
    form = ChallengeForm(obj=challenge, description=challenge.description_md if challenge else "",
                         badges=badges_text(challenge) if challenge else "",
                         is_team=("team" if challenge.is_team else "individual") if challenge else "individual")
    if form.validate_on_submit():
        with refusal_shown(form):
            details = actions.ChallengeDetails(
                title=form.title.data, description=form.description.data or "", starts_on=form.starts_on.data,
                ends_on=form.ends_on.data, unit=form.unit.data, target=form.target.data,
                is_team=form.is_team.data == "team", badges=parse_badges(form.badges.data),
                raffle_every=form.raffle_every.data)
            challenge = actions.save_challenge(current_user, challenge, details)
            flash(gettext("The challenge has been saved."), "success")
            return redirect(url_for("challenges.show", slug=challenge.slug))
    return render_template("challenges/edit.html", form=form, challenge=challenge), 400 if form.errors else 200


def _shelf_choices(user) -> list[tuple[int, str]]:
    if not current_user.is_authenticated:
        return []
    books = db.session.execute(db.select(ShelfEntry).where(ShelfEntry.user_id == user.id)
                               .order_by(ShelfEntry.updated_at.desc()).limit(50)).scalars().all()
    return [(0, "—")] + [(entry.book.id, entry.book.title) for entry in books]


def _log_form(challenge: Challenge, **defaults) -> LogForm:
    form = LogForm(**defaults)
    form.book_id.choices = _shelf_choices(current_user)
    form.amount.description = gettext("In %(unit)s. At most %(cap)s %(unit)s a day.", unit=UNITS[challenge.unit],
                                      cap=format_decimal(rules.day_cap(challenge.unit)))
    return form


@bp.get("/<slug>")
def show(slug):
    challenge = _challenge_or_404(slug)
    counters.count_view("challenge", challenge.id)
    return _render_show(challenge)


def _render_show(challenge: Challenge, log_form: LogForm | None = None, status: int = 200):
    today = library_today()
    participant = actions.participant_of(challenge, current_user)
    total = queries.my_total(challenge.id, current_user.id) if participant else None
    staff = has_permission(current_user, "manage_challenges")
    if log_form is None and (participant or staff):
        log_form = _log_form(challenge, read_on=min(today, challenge.ends_on),
                             amount=1 if challenge.unit == "books" else None)
    return render_template(
        "challenges/show.html", live_updates=True, challenge=challenge, status=challenge.status(today), today=today,
        participant=participant, total=total, rank=queries.rank_of(total) if total else None,
        earned=queries.earned_badges(challenge, total.amount) if total else [],
        entries=queries.my_entries(challenge.id, current_user.id) if participant else [],
        members=queries.member_rows(challenge.id, queries.LIVE_ROWS),
        teams=queries.team_rows(challenge.id, queries.LIVE_ROWS) if challenge.is_team else [],
        participants=queries.board_size(challenge.id, MEMBER), units=UNITS, staff=staff,
        pending=queries.pending_count(challenge.id) if staff else 0, quizzes=quizzes.quizzes_of(challenge),
        events=event_queries.for_challenge(challenge, current_user), may_add_event=can_create_event(current_user),
        join_form=JoinForm(), log_form=log_form), status


@bp.post("/<slug>/join")
@login_required
def join(slug):
    challenge = _challenge_or_404(slug)
    form = JoinForm()
    if form.validate_on_submit():
        with refusal_shown():
            actions.join(current_user, challenge, form.hide_name.data)
            flash(gettext("You have joined the challenge. Happy reading!"), "success")
    return redirect(url_for("challenges.show", slug=slug, _anchor="my-progress"))


@bp.post("/<slug>/name")
@login_required
def name(slug):
    challenge = _challenge_or_404(slug)
    form = JoinForm()
    if form.validate_on_submit():
        with refusal_shown():
            actions.set_name_hidden(current_user, challenge, form.hide_name.data)
            flash(gettext("Your leaderboard setting has been saved."), "success")
    return redirect(url_for("challenges.show", slug=slug, _anchor="my-progress"))


@bp.post("/<slug>/log")
@login_required
def log(slug):
    challenge = _challenge_or_404(slug)
    form = _log_form(challenge)
    if form.validate_on_submit():
        with refusal_shown(form):
            reader = _reader(form.username.data)
            entry = actions.log_reading(current_user, challenge, reader, amount=form.amount.data,
                                        read_on=form.read_on.data, book_id=form.book_id.data or None,
                                        book_title=form.book_title.data or "")
            if entry.state == PENDING:
                flash(gettext("Thank you! This is more than usual, so a librarian will check it before it counts."),
                      "success")
            else:
                flash(gettext("Your reading has been logged."), "success")
            return redirect(url_for("challenges.show", slug=slug, _anchor="my-progress"))
    return _render_show(challenge, log_form=form, status=400)


def _reader(username: str | None) -> User:
    username = (username or "").strip().lstrip("@").lower()
    if not username or username == current_user.username:
        return current_user
    require_permission(current_user, "manage_challenges", actions.STAFF_ONLY)
    found = db.session.execute(db.select(User).where(User.username == username)).scalar_one_or_none()
    if found is None:
        raise ActionError(gettext("No member is called %(names)s.", names=username), "username")
    return found


@bp.get("/<slug>/leaderboard")
def leaderboard(slug):
    challenge = _challenge_or_404(slug)
    page = page_number()
    rows, pages = queries.leaderboard_page(challenge.id, page)
    if page > pages:
        abort(404)
    teams = queries.team_rows(challenge.id, 200) if challenge.is_team else []
    return render_template("challenges/leaderboard.html", challenge=challenge, rows=rows, page=page, pages=pages,
                           teams=teams, units=UNITS)


@bp.get("/<slug>/entries")
@require("manage_challenges")
def entries(slug):
    challenge = _challenge_or_404(slug)
    state = request.args.get("state", PENDING)
    found = queries.entries_page(challenge.id, page_number(), state if state in ENTRY_STATES else None)
    return render_template("challenges/entries.html", challenge=challenge, found=found, state=state,
                           states=ENTRY_STATES, units=UNITS, reason_form=SerambiForm())


@bp.post("/<slug>/entries/<int:entry_id>/<any(approve, reject, remove):decision>")
@require("manage_challenges")
def decide(slug, entry_id, decision):
    challenge = _challenge_or_404(slug)
    entry = _in_challenge(LogEntry, entry_id, challenge)
    form = ReasonForm()
    if form.validate_on_submit():
        with refusal_shown():
            if decision == "approve":
                actions.approve_entry(current_user, entry)
            elif decision == "reject":
                actions.reject_entry(current_user, entry, form.reason.data)
            else:
                actions.remove_entry(current_user, entry, form.reason.data)
            flash(gettext("The entry has been updated."), "success")
    return redirect(url_for("challenges.entries", slug=slug, state=request.args.get("state", PENDING)))


@bp.route("/<slug>/entries/<int:entry_id>/correct", methods=["GET", "POST"])
@require("manage_challenges")
def correct(slug, entry_id):
    challenge = _challenge_or_404(slug)
    entry = _in_challenge(LogEntry, entry_id, challenge)
    form = CorrectForm(obj=entry)
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.correct_entry(current_user, entry, form.amount.data, form.read_on.data, form.reason.data)
            flash(gettext("The entry has been corrected."), "success")
            return redirect(url_for("challenges.entries", slug=slug, state="counted"))
    return render_template("challenges/correct.html", challenge=challenge, entry=entry, form=form,
                           units=UNITS), 400 if form.errors else 200


@bp.route("/<slug>/teams", methods=["GET", "POST"])
@require("manage_challenges")
def teams(slug):
    challenge = _challenge_or_404(slug)
    members = queries.team_members(challenge)
    form = TeamsForm(teams="\n".join(f"{team.name}: {', '.join(members.get(team.id, []))}"
                                     for team in challenge.teams))
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.set_teams(current_user, challenge, form.teams.data or "")
            flash(gettext("The teams have been saved."), "success")
            return redirect(url_for("challenges.show", slug=slug, _anchor="teams"))
    return render_template("challenges/teams.html", challenge=challenge, form=form), 400 if form.errors else 200


@bp.get("/<slug>/certificate")
@bp.get("/<slug>/certificate/<username>")
@login_required
def certificate(slug, username=None):
    challenge = _challenge_or_404(slug)
    reader = current_user
    if username and username != current_user.username:
        if not has_permission(current_user, "manage_challenges"):
            abort(403)
        reader = db.session.execute(db.select(User).where(User.username == username)).scalar_one_or_none() or abort(404)
    total = queries.my_total(challenge.id, reader.id)
    if total is None or total.amount < challenge.target:
        abort(404)
    return render_template("challenges/certificate.html", challenge=challenge, reader=reader, total=total,
                           units=UNITS, today=library_today())


@bp.route("/<slug>/quizzes/new", methods=["GET", "POST"])
@require("manage_challenges")
def new_quiz(slug):
    challenge = _challenge_or_404(slug)
    form = QuizForm()
    if form.validate_on_submit():
        with refusal_shown(form):
            quiz = quizzes.create_quiz(current_user, challenge, form.title.data, form.questions.data,
                                       form.time_limit_minutes.data, form.points_per_answer.data)
            flash(gettext("The quiz has been saved."), "success")
            return redirect(url_for("challenges.quiz", slug=slug, quiz_id=quiz.id))
    return render_template("challenges/new_quiz.html", challenge=challenge, form=form), 400 if form.errors else 200


@bp.get("/<slug>/quizzes/<int:quiz_id>")
def quiz(slug, quiz_id):
    challenge = _challenge_or_404(slug)
    found = _in_challenge(Quiz, quiz_id, challenge)
    attempt = quizzes.attempt_of(found, current_user) if current_user.is_authenticated else None
    return render_template("challenges/quiz.html", challenge=challenge, quiz=found, attempt=attempt,
                           deadline=quizzes.deadline(found, attempt) if attempt else None,
                           joined=actions.participant_of(challenge, current_user) is not None,
                           running=challenge.status(library_today()) == "running", form=SerambiForm())


@bp.post("/<slug>/quizzes/<int:quiz_id>/<any(start, submit):step>")
@login_required
def quiz_step(slug, quiz_id, step):
    challenge = _challenge_or_404(slug)
    found = _in_challenge(Quiz, quiz_id, challenge)
    if SerambiForm().validate_on_submit():
        with refusal_shown():
            if step == "start":
                quizzes.start(current_user, found)
            else:
                answers = {question.id: request.form.get(f"q{question.id}", type=database_int) for question in found.questions}
                attempt = quizzes.submit(current_user, found, answers)
                flash(gettext("You answered %(right)d of %(count)d questions right: %(points)d points.",
                              right=attempt.correct_count, count=len(found.questions), points=attempt.points), "success")
    return redirect(url_for("challenges.quiz", slug=slug, quiz_id=quiz_id))


@bp.route("/<slug>/draws", methods=["GET", "POST"])
@require("manage_challenges")
def draws(slug):
    challenge = _challenge_or_404(slug)
    form = DrawForm()
    if form.validate_on_submit():
        with refusal_shown(form):
            record = raffle.draw(current_user, challenge, form.winners.data)
            flash(gettext("The winners have been drawn."), "success")
            return redirect(url_for("challenges.draw", slug=slug, draw_id=record.id))
    return render_template("challenges/draws.html", challenge=challenge, form=form, draws=raffle.draws_of(challenge),
                           tickets=raffle.tickets(challenge)), 400 if form.errors else 200


@bp.get("/<slug>/draws/<int:draw_id>")
@require("manage_challenges")
def draw(slug, draw_id):
    challenge = _challenge_or_404(slug)
    record = _in_challenge(Draw, draw_id, challenge)
    again, matches = raffle.verify(record)
    people = {user.id: user for user in db.session.execute(
        db.select(User).where(User.id.in_(record.winner_ids + again))).scalars()}
    return render_template("challenges/draw.html", challenge=challenge, record=record, again=again, matches=matches,
                           people=people, ticket_count=sum(entries for _, entries in record.tickets))


@bp.get("/<slug>/results.csv")
@require("export_personal_data")
def results_csv(slug):
    challenge = _challenge_or_404(slug)
    header = [gettext("Rank"), gettext("Name"), gettext("Username"), gettext("Team"), str(UNITS[challenge.unit]),
              gettext("Quiz points"), gettext("Goal reached"), gettext("Raffle entries")]
    rows = [header] + [[rank, name, username, team or "", amount, points,
                        gettext("yes") if amount >= challenge.target else gettext("no"),
                        challenge.raffle_entries(amount)]
                       for rank, (amount, points, username, name, team) in
                       enumerate(queries.results(challenge.id), 1)]
    return audited_csv_download(rows, f"challenge-{challenge.slug}.csv",
                                current_user, "challenge.export", "challenge", challenge)
