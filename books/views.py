"""Book pages: thin routes that parse, call an action or a query, and render."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from accounts.permissions import has_permission, require
from books import actions, queries
from books.forms import BookForm, DecisionForm, PickForm, QuoteForm, ReviewForm, ShelfForm, SuggestionForm
from core.isbn import pretty
from books.models import LANGUAGES, QUOTES_PER_PAGE, SHELVES, Quote, Review, Suggestion
from core import counters
from core.forms import refusal_shown
from core.urls import page_number
from extensions import db
from groups import queries as group_queries
from library.opac import build_url
from library.models import current_library

bp = Blueprint("books", __name__, url_prefix="/books")


def book_url(book, **params) -> str:
    return url_for("books.book", book_id=book.id, slug=book.slug, **params)


def _book_or_404(book_id: int):
    return queries.book_with_pick(book_id) or abort(404)


def _own_or_403(model, item_id: int):
    item = db.session.get(model, item_id) or abort(404)
    if not actions.can_change(current_user, item):
        abort(403)
    return item


@bp.get("/")
def index():
    words = request.args.get("q", "").strip()[:100]
    found = queries.catalogue(words, page_number())
    return render_template("books/index.html", found=found, words=words)


@bp.get("/<int:book_id>")
@bp.get("/<int:book_id>-<slug>")
def book(book_id, slug=None):
    book = _book_or_404(book_id)
    counters.count_view("book", book.id)
    return _render_book(book)


def _render_book(book, shelf_form=None, review_form=None, quote_form=None, status=200):
    page = page_number()
    reviews = queries.reviews_on_page(book, page)
    if page > reviews.pages:
        abort(404)
    entry, my_review = queries.my_shelf_and_review(current_user, book)
    quotes = queries.quotes_of_book(book, per_page=5)
    staff = has_permission(current_user, "manage_books")
    if current_user.is_authenticated:
        shelf_form = shelf_form or ShelfForm(shelf=entry.shelf if entry else "",
                                             progress=entry.progress_pages if entry else None)
        review_form = review_form or ReviewForm(rating=my_review.rating if my_review else None,
                                                body=my_review.body_md if my_review else "")
        quote_form = quote_form or QuoteForm()
    return render_template(
        "books/book.html", book=book, reviews=reviews, my_review=my_review, entry=entry, quotes=quotes[:5],
        more_quotes=len(quotes) > 5, recommendations=queries.readers_also_read(book),
        reading_groups=group_queries.reading(book, current_user),
        opac_url=build_url(current_library().opac_url_template, book.isbn13, book.title),
        isbn=pretty(book.isbn13) if book.isbn13 else None, language=LANGUAGES.get(book.language),
        shelf_form=shelf_form, review_form=review_form, quote_form=quote_form, shelves=SHELVES,
        pick_form=PickForm(note=book.pick.note if book.pick else "") if staff else None, staff=staff,
        my_id=current_user.id if current_user.is_authenticated else None,
        moderator=has_permission(current_user, "moderate")), status


@bp.route("/new", methods=["GET", "POST"])
@require("manage_books")
def new():
    return _edit_book(None)


@bp.route("/<int:book_id>/edit", methods=["GET", "POST"])
@require("manage_books")
def edit(book_id):
    return _edit_book(_book_or_404(book_id))


def _edit_book(book):
    form = BookForm(obj=book, description=book.description_md if book else "",
                    isbn=book.isbn13 if book else "")
    if form.validate_on_submit():
        with refusal_shown(form):
            book = actions.save_book(current_user, book, title=form.title.data, authors=form.authors.data,
                                     isbn=form.isbn.data, page_count=form.page_count.data,
                                     language=form.language.data, description=form.description.data or "",
                                     cover=form.cover.data or None, remove_cover=form.remove_cover.data)
            flash(gettext("The book has been saved."), "success")
            return redirect(book_url(book))
    return render_template("books/edit.html", form=form, book=book), 400 if form.errors else 200


@bp.post("/<int:book_id>/shelf")
@login_required
def shelf(book_id):
    book = _book_or_404(book_id)
    form = ShelfForm()
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.shelve(current_user, book, form.shelf.data or None, form.progress.data)
            flash(gettext("Your shelves have been updated."), "success")
            return redirect(book_url(book, _anchor="my-shelf"))
    return _render_book(book, shelf_form=form, status=400)


@bp.post("/<int:book_id>/review")
@login_required
def review(book_id):
    book = _book_or_404(book_id)
    form = ReviewForm()
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.save_review(current_user, book, form.rating.data, form.body.data or "")
            flash(gettext("Your review has been saved."), "success")
            return redirect(book_url(book, _anchor="my-review"))
    return _render_book(book, review_form=form, status=400)


@bp.get("/reviews/<int:review_id>")
def review_permalink(review_id):
    """A review's own address (shared from its book's page): the page of reviews that holds it. A visit
    from a shared link counts for the review (utm_source), not again for the book."""
    review = db.session.get(Review, review_id) or abort(404)
    counters.count_view("review", review.id)
    page = queries.review_page(review)
    return redirect(url_for("books.book", book_id=review.book_id, slug=review.book.slug,
                            page=page if page > 1 else None, _anchor=f"r{review.id}"))


@bp.route("/reviews/<int:review_id>/delete", methods=["GET", "POST"])
@login_required
def delete_review(review_id):
    review = _own_or_403(Review, review_id)
    book = review.book
    if request.method == "POST":
        actions.delete_review(current_user, review)
        flash(gettext("The review has been deleted."), "success")
        return redirect(book_url(book))
    return render_template("books/delete.html", book=book, item_html=review.body_html, kind="review",
                           rating=review.rating)


@bp.get("/<int:book_id>/quotes")
def quotes(book_id):
    book = _book_or_404(book_id)
    page = page_number()
    found = queries.quotes_of_book(book, page)
    if page > 1 and not found:
        abort(404)
    return render_template("books/quotes.html", book=book, quotes=found[:QUOTES_PER_PAGE], page=page,
                           has_next=len(found) > QUOTES_PER_PAGE, my_id=current_user.get_id() and current_user.id)


@bp.post("/<int:book_id>/quotes")
@login_required
def add_quote(book_id):
    book = _book_or_404(book_id)
    form = QuoteForm()
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.add_quote(current_user, book, form.text.data, form.page.data)
            flash(gettext("The quote has been saved."), "success")
            return redirect(book_url(book, _anchor="quotes"))
    return _render_book(book, quote_form=form, status=400)


@bp.route("/quotes/<int:quote_id>/edit", methods=["GET", "POST"])
@login_required
def edit_quote(quote_id):
    quote = db.session.get(Quote, quote_id) or abort(404)
    if quote.user_id != current_user.id:
        abort(403)
    form = QuoteForm(obj=quote, text=quote.text_md)
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.edit_quote(current_user, quote, form.text.data, form.page.data)
            flash(gettext("Your changes have been saved."), "success")
            return redirect(book_url(quote.book, _anchor="quotes"))
    return render_template("books/edit_quote.html", form=form, quote=quote), 400 if form.errors else 200


@bp.route("/quotes/<int:quote_id>/delete", methods=["GET", "POST"])
@login_required
def delete_quote(quote_id):
    quote = _own_or_403(Quote, quote_id)
    book = quote.book
    if request.method == "POST":
        actions.delete_quote(current_user, quote)
        flash(gettext("The quote has been deleted."), "success")
        return redirect(book_url(book, _anchor="quotes"))
    return render_template("books/delete.html", book=book, item_html=quote.text_html, kind="quote")


@bp.post("/<int:book_id>/pick")
@require("manage_books")
def pick(book_id):
    book = _book_or_404(book_id)
    form = PickForm()
    if not form.validate_on_submit():
        flash(" ".join(form.note.errors) or gettext("This form has expired. Please go back, reload the page and "
                                                    "try again."), "error")
        return redirect(book_url(book))
    picked = request.form.get("picked") == "1"
    actions.set_pick(current_user, book, picked, form.note.data or "")
    flash(gettext("Marked as a staff pick.") if picked else gettext("No longer a staff pick."), "success")
    return redirect(book_url(book))


@bp.get("/my-shelves")
@login_required
def my_shelves():
    entries = queries.shelves_of(current_user)
    grouped = {key: [entry for entry in entries if entry.shelf == key] for key in SHELVES}
    return render_template("books/my_shelves.html", grouped=grouped, shelves=SHELVES)


@bp.route("/suggest", methods=["GET", "POST"])
@login_required
def suggest():
    form = SuggestionForm()
    if form.validate_on_submit():
        with refusal_shown(form):
            actions.suggest(current_user, form.title.data, form.authors.data, form.isbn.data, form.why.data or "")
            flash(gettext("Thank you! Library staff will look at your suggestion."), "success")
            return redirect(url_for("books.suggest"))
    return render_template("books/suggest.html", form=form, mine=queries.suggestions_by(current_user)), \
        400 if form.errors else 200


@bp.get("/suggestions")
@require("manage_books")
def suggestions():
    return render_template("books/suggestions.html", suggestions=queries.pending_suggestions(),
                           form=DecisionForm())


@bp.post("/suggestions/<int:suggestion_id>")
@require("manage_books")
def decide(suggestion_id):
    suggestion = db.session.get(Suggestion, suggestion_id) or abort(404)
    form = DecisionForm()
    decision = request.form.get("decision")
    if not form.validate_on_submit() or decision not in ("approve", "reject"):
        abort(400)
    with refusal_shown():
        if decision == "approve":
            book = actions.approve_suggestion(current_user, suggestion, form.note.data or "")
            flash(gettext("“%(title)s” is in the catalogue. Add its cover and description now.", title=book.title),
                  "success")
            return redirect(url_for("books.edit", book_id=book.id))
        actions.reject_suggestion(current_user, suggestion, form.note.data or "")
        flash(gettext("The suggestion has been rejected."), "success")
    return redirect(url_for("books.suggestions"))
