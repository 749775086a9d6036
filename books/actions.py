"""Every change to the catalogue and to what members do with books: check, validate, write, commit."""
from flask_babel import gettext, lazy_gettext as _l

from accounts.permissions import has_permission, is_member, is_reader, require_permission
from books.models import LANGUAGES, SHELVES, Book, BookPick, Quote, Review, ShelfEntry, Suggestion
from core import audit, notifications, search, uploads
from core import isbn as isbn_rules
from core.errors import ActionError
from core.fields import markdown_text as _markdown, one_line as _line
from core.timeutil import utcnow
from extensions import db

COVER_BOX = (400, 600)
DESCRIPTION_MAX = 10_000
REVIEW_MAX = 10_000
QUOTE_MAX = 1_000
WHY_MAX = 1_000
NOTE_MAX = 300
PAGES_MAX = 20_000


def _isbn(text: str | None) -> str | None:
    if not (text or "").strip():
        return None
    try:
        return isbn_rules.normalise(text)
    except isbn_rules.InvalidISBN as error:
        raise ActionError(str(error.message), "isbn")


def book_with_isbn(isbn13: str | None) -> Book | None:
    if not isbn13:
        return None
    return db.session.execute(db.select(Book).where(Book.isbn13 == isbn13)).scalar_one_or_none()


STAFF_ONLY = _l("Only library staff manage the book catalogue.")


def _index(book: Book) -> None:
    search.index("book", book.id, book.title, f"{book.authors} {search.plain_text(book.description_html)}")


def save_book(actor, book: Book | None, *, title: str, authors: str, isbn: str | None, page_count: int | None,
              language: str, description: str, cover=None, remove_cover: bool = False) -> Book:
    """Adds a book (book=None) or changes one; staff only. The cover is re-encoded (core/uploads.py)."""
    require_permission(actor, "manage_books", STAFF_ONLY)
    title, authors = _line(title, "title", 200), _line(authors, "authors", 300)
    isbn13 = _isbn(isbn)
    holder = book_with_isbn(isbn13)
    if holder is not None and (book is None or holder.id != book.id):
        raise ActionError(gettext("“%(title)s” already has this ISBN in the catalogue.", title=holder.title), "isbn")
    if page_count is not None and not 1 <= page_count <= PAGES_MAX:
        raise ActionError(gettext("A number from 1 to %(max)d.", max=PAGES_MAX), "page_count")
    if language not in LANGUAGES:
        raise ActionError(gettext("Not a valid choice."), "language")
    description_md, description_html = _markdown(description, "description", DESCRIPTION_MAX)
    new = book is None
    book = book or Book(created_by_id=actor.id)
    book.cover_path, old_cover = uploads.replace_image(book.cover_path, cover, remove_cover, "covers", COVER_BOX,
                                                       crop=False)
    book.title, book.authors, book.isbn13, book.page_count, book.language = title, authors, isbn13, page_count, language
    book.description_md, book.description_html = description_md, description_html
    db.session.add(book)
    db.session.flush()
    _index(book)
    audit.record(actor, "book.create" if new else "book.edit", "book", book.id, details=title)
    db.session.commit()
    uploads.delete_image(old_cover)
    return book


def set_pick(actor, book: Book, picked: bool, note: str = "") -> None:
    """Marks the book a staff pick with an optional note (picking again changes the note), or unmarks it."""
    require_permission(actor, "manage_books", STAFF_ONLY)
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX:
        raise ActionError(gettext("At most %(max)d characters.", max=NOTE_MAX), "note")
    pick = db.session.execute(db.select(BookPick).where(BookPick.book_id == book.id)).scalar_one_or_none()
    if picked:
        pick = pick or BookPick(book_id=book.id)
        pick.note, pick.picked_by_id = note, actor.id
        db.session.add(pick)
    elif pick is not None:
        db.session.delete(pick)
    else:
        return
    audit.record(actor, "book.pick" if picked else "book.unpick", "book", book.id, details=note)
    db.session.commit()


def shelve(member, book: Book, shelf: str | None, progress: int | None = None) -> ShelfEntry | None:
    """Puts the book on one of the member's shelves (moving it from another), or takes it off (shelf=None).
    Pages read are kept on the "reading" shelf only, and never beyond the book's page count."""
    if not is_reader(member):
        raise ActionError(gettext("Please sign in to continue."))
    if shelf is not None and shelf not in SHELVES:
        raise ActionError(gettext("Not a valid choice."), "shelf")
    if shelf != "reading":
        progress = None
    elif progress is not None:
        high = book.page_count or PAGES_MAX
        if not 0 <= progress <= high:
            raise ActionError(gettext("Pages read: a number from 0 to %(max)d.", max=high), "progress")
    entry = db.session.execute(db.select(ShelfEntry).filter_by(user_id=member.id, book_id=book.id)).scalar_one_or_none()
    if shelf is None:
        if entry is not None:
            db.session.delete(entry)
        db.session.commit()
        return None
    entry = entry or ShelfEntry(user_id=member.id, book_id=book.id)
    entry.shelf, entry.progress_pages, entry.updated_at = shelf, progress, utcnow()
    db.session.add(entry)
    db.session.commit()
    return entry


def _recount(book: Book) -> None:
    db.session.flush()
    count, total = db.session.execute(db.select(db.func.count(Review.id), db.func.coalesce(db.func.sum(Review.rating), 0))
                                      .where(Review.book_id == book.id)).one()
    book.rating_count, book.rating_total = count, total


def save_review(member, book: Book, rating: int | None, body: str) -> Review:
    """Writes the member's review of the book, or changes it: one review per member per book."""
    if not is_member(member):
        raise ActionError(gettext("You cannot review books while your account is restricted."))
    if rating not in range(1, 6):
        raise ActionError(gettext("Please choose a rating from 1 to 5 stars."), "rating")
    body_md, body_html = _markdown(body, "body", REVIEW_MAX)
    review = db.session.execute(db.select(Review).filter_by(user_id=member.id, book_id=book.id)).scalar_one_or_none()
    if review is None:
        review = Review(user_id=member.id, book_id=book.id)
        db.session.add(review)
    elif (review.rating, review.body_md) == (rating, body_md):
        return review
    else:
        review.edited_at = utcnow()
    review.rating, review.body_md, review.body_html = rating, body_md, body_html
    _recount(book)
    db.session.commit()
    return review


def can_change(user, item) -> bool:
    """A review or quote: its author changes it; moderators may delete it."""
    return is_reader(user) and (item.user_id == user.id or has_permission(user, "moderate"))


def delete_review(actor, review: Review) -> None:
    if not can_change(actor, review):
        raise ActionError(gettext("You may not change this review."))
    if actor.id != review.user_id:
        audit.record(actor, "book_review.delete", "book_review", review.id, details=review.book.title)
    book = review.book
    db.session.delete(review)
    _recount(book)
    db.session.commit()


def _quote_fields(book: Book, text: str, page: int | None) -> tuple[str, str, int | None]:
    text_md, text_html = _markdown(text, "text", QUOTE_MAX, required=True)
    if page is not None and (page < 1 or (book.page_count and page > book.page_count)):
        raise ActionError(gettext("Page: a number from 1 to %(max)d.", max=book.page_count or PAGES_MAX), "page")
    return text_md, text_html, page


def add_quote(member, book: Book, text: str, page: int | None = None) -> Quote:
    if not is_member(member):
        raise ActionError(gettext("You cannot save quotes while your account is restricted."))
    text_md, text_html, page = _quote_fields(book, text, page)
    quote = Quote(book_id=book.id, user_id=member.id, text_md=text_md, text_html=text_html, page=page)
    db.session.add(quote)
    db.session.commit()
    return quote


def edit_quote(member, quote: Quote, text: str, page: int | None) -> None:
    if not (is_member(member) and quote.user_id == member.id):
        raise ActionError(gettext("You may not change this quote."))
    quote.text_md, quote.text_html, quote.page = _quote_fields(quote.book, text, page)
    db.session.commit()


def delete_quote(actor, quote: Quote) -> None:
    if not can_change(actor, quote):
        raise ActionError(gettext("You may not change this quote."))
    if actor.id != quote.user_id:
        audit.record(actor, "book_quote.delete", "book_quote", quote.id, details=quote.book.title)
    db.session.delete(quote)
    db.session.commit()


def suggest(member, title: str, authors: str, isbn: str | None, why: str) -> Suggestion:
    """A member proposes a book; staff approve or reject it in their queue."""
    if not is_member(member):
        raise ActionError(gettext("You cannot suggest books while your account is restricted."))
    title, authors, isbn13 = _line(title, "title", 200), _line(authors, "authors", 300), _isbn(isbn)
    holder = book_with_isbn(isbn13)
    if holder is not None:
        raise ActionError(gettext("“%(title)s” is already in the catalogue.", title=holder.title), "isbn")
    why_md, why_html = _markdown(why, "why", WHY_MAX)
    suggestion = Suggestion(user_id=member.id, title=title, authors=authors, isbn13=isbn13, why_md=why_md,
                            why_html=why_html)
    db.session.add(suggestion)
    db.session.commit()
    return suggestion


def _check_pending(staff, suggestion: Suggestion) -> None:
    require_permission(staff, "manage_books", STAFF_ONLY)
    if suggestion.state != "pending":
        raise ActionError(gettext("Someone has already decided on this suggestion."))


def _decide(staff, suggestion: Suggestion, state: str, note: str) -> None:
    note = " ".join((note or "").split())[:500]
    suggestion.state, suggestion.decided_at, suggestion.decided_by_id = state, utcnow(), staff.id
    suggestion.staff_note = note
    audit.record(staff, f"book_suggestion.{'approve' if state == 'approved' else 'reject'}", "book_suggestion",
                 suggestion.id, details=suggestion.title, reason=note)
    notified = notifications.notify({suggestion.user_id: "suggestion"}, staff, message=suggestion.title)
    notifications.push_unread_counts(notified)
    db.session.commit()


def approve_suggestion(staff, suggestion: Suggestion, note: str = "") -> Book:
    """Adds the suggested book to the catalogue (or links the book already there with its ISBN)."""
    _check_pending(staff, suggestion)
    book = book_with_isbn(suggestion.isbn13)
    if book is None:
        book = Book(title=suggestion.title, authors=suggestion.authors, isbn13=suggestion.isbn13,
                    created_by_id=staff.id)
        db.session.add(book)
        db.session.flush()
        _index(book)
        audit.record(staff, "book.create", "book", book.id, details=book.title)
    suggestion.book_id = book.id
    _decide(staff, suggestion, "approved", note)
    return book


def reject_suggestion(staff, suggestion: Suggestion, note: str = "") -> None:
    _check_pending(staff, suggestion)
    _decide(staff, suggestion, "rejected", note)
