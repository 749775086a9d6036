"""Survey pages: thin routes that parse, call an action or a query, and render. Results are for staff
only (members get 403, guests go to sign in); the export of every response is for admins only."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from accounts.permissions import has_permission, require
from core.charts import bar_chart
from core.csvsafe import audited_csv_download
from core.errors import ActionError
from core.forms import refusal_shown, show_action_error
from core.i18n import format_when
from core.library_time import to_library_time
from core.urls import page_number
from extensions import db, login_manager
from surveys import actions, queries
from surveys.forms import ConfirmForm, QuestionForm, SurveyForm
from surveys.models import CLOSED, DRAFT, KINDS, OPEN, RATING, STATUSES, SurveyQuestion, Survey

bp = Blueprint("surveys", __name__, url_prefix="/surveys")


def _staff() -> bool:
    return has_permission(current_user, "manage_surveys")


def _survey_or_404(survey_id: int) -> Survey:
    survey = db.session.get(Survey, survey_id) or abort(404)
    if survey.status == DRAFT and not _staff():
        abort(404)  # a draft is not there yet for members
    return survey


def _question_or_404(survey: Survey, question_id: int) -> SurveyQuestion:
    question = db.session.get(SurveyQuestion, question_id)
    if question is None or question.survey_id != survey.id:
        abort(404)
    return question


def _local_input(moment) -> str:
    """A stored UTC time as a datetime-local field shows it, in the library's time zone."""
    return to_library_time(moment).strftime("%Y-%m-%dT%H:%M") if moment else ""


@bp.get("/")
def index():
    surveys = queries.open_surveys()
    return render_template("surveys/index.html", surveys=surveys, answered=queries.answered(current_user, surveys))


@bp.get("/manage")
@require("manage_surveys")
def manage():
    return render_template("surveys/manage.html", surveys=queries.all_surveys(), statuses=STATUSES)


@bp.get("/<int:survey_id>")
def show(survey_id):
    return _render_survey(_survey_or_404(survey_id))


def _render_survey(survey: Survey, given=None, errors=None, status=200):
    response = queries.my_response(current_user, survey)
    return render_template("surveys/show.html", survey=survey, response=response, given=given or {},
                           errors=errors or {}, staff=_staff(), closed_message=actions.closed_message(survey),
                           kinds=KINDS), status


@bp.post("/<int:survey_id>")
def answer(survey_id):
    survey = _survey_or_404(survey_id)
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    given = {question.id: request.form.getlist(f"q{question.id}") for question in survey.questions}
    try:
        actions.answer(current_user, survey, given)
    except actions.AnswersRefused as refused:
        return _render_survey(survey, given, refused.errors, status=400)
    except ActionError as error:
        flash(error.message, "error")
        return redirect(url_for("surveys.show", survey_id=survey.id))
    flash(gettext("Thank you! Your answers have been saved."), "success")
    return redirect(url_for("surveys.show", survey_id=survey.id))


def _saved(survey: Survey | None, form: SurveyForm) -> Survey | None:
    """The survey created or changed from its settings form; None when the form or the action refused."""
    if not form.validate_on_submit():
        return None
    with refusal_shown(form):
        return actions.save_survey(current_user, survey, title=form.title.data, intro=form.intro.data or "",
                                   closes_at=form.closes_at.data or "")
    return None


@bp.route("/new", methods=["GET", "POST"])
@require("manage_surveys")
def new():
    form = SurveyForm()
    survey = _saved(None, form)
    if survey:
        flash(gettext("The survey has been created as a draft. Add its questions, then open it."), "success")
        return redirect(url_for("surveys.edit", survey_id=survey.id))
    return render_template("surveys/new.html", form=form), 400 if form.errors or form.form_errors else 200


def _render_builder(survey: Survey, form=None, question_form=None, status=200):
    form = form or SurveyForm(title=survey.title, intro=survey.intro_md, closes_at=_local_input(survey.closes_at))
    return render_template("surveys/edit.html", survey=survey, form=form, question_form=question_form or QuestionForm(),
                           confirm=ConfirmForm(), kinds=KINDS, statuses=STATUSES, frozen=bool(survey.response_count)
                           ), status


@bp.route("/<int:survey_id>/edit", methods=["GET", "POST"])
@require("manage_surveys")
def edit(survey_id):
    survey = _survey_or_404(survey_id)
    if request.method == "GET":
        return _render_builder(survey)
    form = SurveyForm()
    if _saved(survey, form):
        flash(gettext("Your changes have been saved."), "success")
        return redirect(url_for("surveys.edit", survey_id=survey.id))
    return _render_builder(survey, form=form, status=400)


def _question_draft(form: QuestionForm) -> actions.QuestionDraft:
    return actions.draft_question(form.kind.data, form.prompt.data, form.hint.data or "", form.required.data,
                                  form.options.data or "")


@bp.post("/<int:survey_id>/questions")
@require("manage_surveys")
def add_question(survey_id):
    survey = _survey_or_404(survey_id)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            actions.add_question(current_user, survey, _question_draft(form))
        except ActionError as error:
            if error.field is None:  # about the survey, not what was typed: frozen, or too many questions
                flash(error.message, "error")
                return redirect(url_for("surveys.edit", survey_id=survey.id))
            show_action_error(form, error)
        else:
            flash(gettext("The question has been added."), "success")
            return redirect(url_for("surveys.edit", survey_id=survey.id, _anchor="add-question"))
    return _render_builder(survey, question_form=form, status=400)


@bp.route("/<int:survey_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
@require("manage_surveys")
def edit_question(survey_id, question_id):
    survey = _survey_or_404(survey_id)
    question = _question_or_404(survey, question_id)
    form = QuestionForm(obj=question, options="\n".join(option.label for option in question.options))
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.edit_question(current_user, question, _question_draft(form))
            flash(gettext("Your changes have been saved."), "success")
            return redirect(url_for("surveys.edit", survey_id=survey.id, _anchor=f"question-{question.id}"))
    return render_template("surveys/question.html", survey=survey, question=question, form=form,
                           frozen=bool(survey.response_count)), 400 if form.errors or form.form_errors else 200


@bp.route("/<int:survey_id>/questions/<int:question_id>/delete", methods=["GET", "POST"])
@require("manage_surveys")
def delete_question(survey_id, question_id):
    survey = _survey_or_404(survey_id)
    question = _question_or_404(survey, question_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        with refusal_shown():
            actions.delete_question(current_user, question)
            flash(gettext("The question has been deleted."), "success")
        return redirect(url_for("surveys.edit", survey_id=survey.id))
    return render_template("surveys/confirm.html", survey=survey, form=form, kind="question", question=question)


@bp.post("/<int:survey_id>/questions/<int:question_id>/move")
@require("manage_surveys")
def move_question(survey_id, question_id):
    survey = _survey_or_404(survey_id)
    question = _question_or_404(survey, question_id)
    if not ConfirmForm().validate_on_submit() or request.form.get("direction") not in ("up", "down"):
        abort(400)
    with refusal_shown():
        actions.move_question(current_user, question, -1 if request.form["direction"] == "up" else 1)
    return redirect(url_for("surveys.edit", survey_id=survey.id, _anchor=f"question-{question.id}"))


@bp.post("/<int:survey_id>/status")
@require("manage_surveys")
def set_status(survey_id):
    survey = _survey_or_404(survey_id)
    status = request.form.get("status")
    if not ConfirmForm().validate_on_submit() or status not in (OPEN, CLOSED):
        abort(400)
    with refusal_shown():
        actions.set_status(current_user, survey, status)
        flash(gettext("The survey is open: members can answer it now.") if status == OPEN
              else gettext("The survey is closed: it takes no more answers."), "success")
    return redirect(url_for("surveys.edit", survey_id=survey.id))


@bp.route("/<int:survey_id>/delete", methods=["GET", "POST"])
@require("manage_surveys")
def delete(survey_id):
    survey = _survey_or_404(survey_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        actions.delete_survey(current_user, survey)
        flash(gettext("The survey and its answers have been deleted."), "success")
        return redirect(url_for("surveys.manage"))
    return render_template("surveys/confirm.html", survey=survey, form=form, kind="survey")


@bp.get("/<int:survey_id>/results")
@require("manage_surveys")
def results(survey_id):
    survey = _survey_or_404(survey_id)
    found = queries.results(survey)
    charts = {result.question.id: bar_chart(
        [(label, count) for label, count, _ in _labelled(result)], result.question.prompt, total=result.answered)
        for result in found if result.question.kind != "text" and result.answered}
    return render_template("surveys/results.html", survey=survey, results=found, charts=charts,
                           labelled=_labelled, statuses=STATUSES)


def _labelled(result) -> list[tuple]:
    """The result's rows with ratings named as people read them ("4 of 5 stars")."""
    if result.question.kind != RATING:
        return result.rows()
    return [(gettext("%(num)d of 5 stars", num=int(label)), count, percent) for label, count, percent in result.rows()]


@bp.get("/<int:survey_id>/results/<int:question_id>")
@require("manage_surveys")
def text_answers(survey_id, question_id):
    survey = _survey_or_404(survey_id)
    question = _question_or_404(survey, question_id)
    if question.kind != "text":
        abort(404)
    page = queries.text_answers(question, page_number())
    if page.page > 1 and not page.items:
        abort(404)
    return render_template("surveys/text_answers.html", survey=survey, question=question, page=page)


@bp.get("/<int:survey_id>/responses.csv")
@require("export_personal_data")
def export(survey_id):
    survey = _survey_or_404(survey_id)
    rows = queries.export_rows(survey, format_when)
    return audited_csv_download(rows, f"survey-{survey.id}-responses.csv",
                                current_user, "survey.export", "survey", survey)
