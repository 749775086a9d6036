"""Staff pages for new-member approval and watched words (moderators and admins)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice

from accounts.permissions import require
from core import audit
from core.csvsafe import csv_download
from core.errors import ActionError
from core.forms import SerambiForm, at_most, refusal_shown, required, show_action_error
from extensions import db
from forum import approval, queries, watched_words
from forum.watched_words import WatchedWord

bp = Blueprint("forum_approval", __name__, url_prefix="/admin")
ACTION_LABELS = {"block": _l("Block: refuse the post"), "require_approval": _l("Hold for approval"),
                 "censor": _l("Censor: replace with ■■■")}
SHORT_LABELS = {"block": _l("Blocked"), "require_approval": _l("Held"), "censor": _l("Censored")}


@audit.describes("watched_word.add", "watched_word.delete")
def _word_and_action(details: str) -> str:
    word, _, action = details.rpartition(": ")
    return f"“{word}”: {SHORT_LABELS[action]}" if action in SHORT_LABELS else details


@audit.describes("watched_word.import")
def _imported(details: str) -> str:
    added, _, updated = details.partition(",")
    if not (added.isdigit() and updated.isdigit()):
        return details
    return gettext("Imported: %(added)d added, %(updated)d changed.", added=int(added), updated=int(updated))


@audit.describes("watched_word.starter")
def _starter_added(details: str) -> str:
    return gettext("Added %(count)d words from the starter list.", count=int(details)) if details.isdigit() else details


class WatchedWordForm(SerambiForm):
    word = StringField(_l("Word or phrase"), [required(), at_most(watched_words.WORD_MAX)], description=_l(
        "Matched on whole words, in any case. Put * at the start or end for any letters: judi* matches judian."))
    action = SelectField(_l("Action"), choices=[SelectChoice(name, label) for name, label in ACTION_LABELS.items()])


class ImportForm(SerambiForm):
    file = FileField(_l("CSV file"), [FileRequired(_l("Please choose a CSV file."))],
                     description=_l("Two columns, word and action (block, censor or require_approval); a header "
                                    "row is allowed. Words already on the list get the file's action."))


@bp.get("/approvals", endpoint="approvals")
@require("moderate")
def approval_queue():
    posts = approval.pending_posts()
    return render_template("forum/approval_queue.html", posts=posts, before=approval.posts_before(posts),
                           reason_label=approval.reason_label)


@bp.post("/approvals/<int:post_id>", endpoint="decide")
@require("moderate")
def decide(post_id):
    post = queries.post_with_thread(post_id) or abort(404)
    decision = request.form.get("decision", "")
    with refusal_shown():
        if decision == "approve":
            approval.approve(current_user, post)
        elif decision == "reject":
            approval.reject(current_user, post)
        else:
            raise ActionError(gettext("Unknown action."))
        flash(gettext("The post is published.") if decision == "approve" else gettext("The post has been rejected."),
              "success")
    return redirect(url_for("forum_approval.approvals"))


def _words_page(form=None, import_form=None, problems=(), status=200):
    return render_template("forum/watched_words.html", words=watched_words.all_words(),
                           form=form or WatchedWordForm(), import_form=import_form or ImportForm(),
                           problems=problems, labels=SHORT_LABELS), status


@bp.route("/watched-words", methods=["GET", "POST"], endpoint="watched_words")
@require("moderate")
def watched_words_page():
    form = WatchedWordForm()
    if form.validate_on_submit():
        with refusal_shown(form):
            entry = watched_words.add_word(current_user, form.word.data, form.action.data)
            flash(gettext("“%(word)s” is on the list.", word=entry.word), "success")
            return redirect(url_for("forum_approval.watched_words"))
    return _words_page(form=form, status=400 if form.errors else 200)


@bp.post("/watched-words/import", endpoint="import_words")
@require("moderate")
def import_words():
    form = ImportForm()
    if form.validate_on_submit():
        try:
            added, updated = watched_words.import_csv(current_user, form.file.data.read())
        except watched_words.ImportRefused as error:
            show_action_error(form, error)
            return _words_page(import_form=form, problems=error.problems, status=400)
        except ActionError as error:
            show_action_error(form, error)
        else:
            flash(gettext("Imported: %(added)d added, %(updated)d changed.", added=added, updated=updated), "success")
            return redirect(url_for("forum_approval.watched_words"))
    return _words_page(import_form=form, status=400)


@bp.get("/watched-words.csv", endpoint="export_words")
@require("moderate")
def export_words():
    return csv_download(watched_words.export_csv(), "watched-words.csv")


@bp.post("/watched-words/starter", endpoint="starter_words")
@require("moderate")
def starter_words():
    with refusal_shown():
        added = watched_words.load_starter(current_user)
        flash(gettext("Added %(count)d words from the starter list.", count=added), "success")
    return redirect(url_for("forum_approval.watched_words"))


@bp.route("/watched-words/<int:word_id>/delete", methods=["GET", "POST"], endpoint="delete_word")
@require("moderate")
def delete_word(word_id):
    entry = db.session.get(WatchedWord, word_id) or abort(404)
    if request.method == "POST":
        word = entry.word
        watched_words.delete_word(current_user, entry)
        flash(gettext("“%(word)s” is no longer watched.", word=word), "success")
        return redirect(url_for("forum_approval.watched_words"))
    return render_template("forum/delete_watched_word.html", entry=entry, labels=SHORT_LABELS)
