"""Book catalogue tables. A Book is what other features (reading groups, challenges) link to; what
members do with a book lives in its own tables around it."""
from flask_babel import lazy_gettext as _l

from core.text import slugify
from core.timeutil import UTCDateTime, utcnow
from extensions import db

SHELVES = {"want": _l("Want to read"), "reading": _l("Reading"), "read": _l("Read")}
LANGUAGES = {"id": _l("Indonesian"), "en": _l("English"), "jv": _l("Javanese"), "su": _l("Sundanese"),
             "ms": _l("Malay"), "ar": _l("Arabic"), "other": _l("Another language")}
SUGGESTION_STATES = ("pending", "approved", "rejected")
BOOKS_PER_PAGE = 20
REVIEWS_PER_PAGE = 10
QUOTES_PER_PAGE = 20


class Book(db.Model):
    __tablename__ = "books"

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    authors = db.Column(db.String(300), nullable=False)  # as printed, several separated by commas
    isbn13 = db.Column(db.String(13), nullable=True, unique=True)  # core.isbn.normalise() keeps it ISBN-13
    page_count = db.Column(db.Integer, nullable=True)
    language = db.Column(db.String(10), nullable=False, default="id")  # a key of LANGUAGES
    description_md = db.Column(db.Text, nullable=False, default="")
    description_html = db.Column(db.Text, nullable=False, default="")
    cover_path = db.Column(db.String(200), nullable=True)
    rating_count = db.Column(db.Integer, nullable=False, default=0)  # recounted on every review change
    rating_total = db.Column(db.Integer, nullable=False, default=0)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)

    @property
    def slug(self) -> str:
        return slugify(self.title)

    @property
    def average_rating(self) -> float | None:
        return round(self.rating_total / self.rating_count, 1) if self.rating_count else None


class BookPick(db.Model):
    """A staff pick: shown first on /books/ and marked on the book page, with staff's note."""
    __tablename__ = "book_picks"

    id = db.Column(db.Integer, primary_key=True)
    book_id = db.Column(db.Integer, db.ForeignKey("books.id"), nullable=False, unique=True)
    note = db.Column(db.String(300), nullable=False, default="")
    picked_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    book = db.relationship(Book, backref=db.backref("pick", uselist=False))
    picked_by = db.relationship("User")


class ShelfEntry(db.Model):
    """A book on one of a member's shelves (one shelf per book), with pages read while reading."""
    __tablename__ = "book_shelf_entries"
    __table_args__ = (db.UniqueConstraint("user_id", "book_id", name="uq_book_shelf_entries_once"),)

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    book_id = db.Column(db.Integer, db.ForeignKey("books.id"), nullable=False, index=True)
    shelf = db.Column(db.String(10), nullable=False)  # a key of SHELVES
    progress_pages = db.Column(db.Integer, nullable=True)  # only on the "reading" shelf
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    book = db.relationship(Book)


class Review(db.Model):
    __tablename__ = "book_reviews"
    __table_args__ = (db.UniqueConstraint("user_id", "book_id", name="uq_book_reviews_once"),
                      db.Index("ix_book_reviews_book_newest", "book_id", "id"))

    id = db.Column(db.Integer, primary_key=True)
    book_id = db.Column(db.Integer, db.ForeignKey("books.id"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    rating = db.Column(db.Integer, nullable=False)  # 1 to 5
    body_md = db.Column(db.Text, nullable=False, default="")
    body_html = db.Column(db.Text, nullable=False, default="")
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    edited_at = db.Column(UTCDateTime, nullable=True)

    book = db.relationship(Book)
    author = db.relationship("User")


class Quote(db.Model):
    __tablename__ = "book_quotes"
    __table_args__ = (db.Index("ix_book_quotes_book_newest", "book_id", "id"),)

    id = db.Column(db.Integer, primary_key=True)
    book_id = db.Column(db.Integer, db.ForeignKey("books.id"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    text_md = db.Column(db.Text, nullable=False)
    text_html = db.Column(db.Text, nullable=False)
    page = db.Column(db.Integer, nullable=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    book = db.relationship(Book)
    author = db.relationship("User")


class Suggestion(db.Model):
    """A member's suggestion of a book for the catalogue, until staff approve (a Book is made) or reject it."""
    __tablename__ = "book_suggestions"
    __table_args__ = (db.Index("ix_book_suggestions_state", "state", "id"),)

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    title = db.Column(db.String(200), nullable=False)
    authors = db.Column(db.String(300), nullable=False)
    isbn13 = db.Column(db.String(13), nullable=True)
    why_md = db.Column(db.Text, nullable=False, default="")
    why_html = db.Column(db.Text, nullable=False, default="")
    state = db.Column(db.String(10), nullable=False, default="pending")  # one of SUGGESTION_STATES
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    decided_at = db.Column(UTCDateTime, nullable=True)
    decided_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    staff_note = db.Column(db.String(500), nullable=False, default="")
    book_id = db.Column(db.Integer, db.ForeignKey("books.id"), nullable=True)  # the book it became

    author = db.relationship("User", foreign_keys=[user_id])
    book = db.relationship(Book)
