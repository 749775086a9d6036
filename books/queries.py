"""Read-only queries the book pages share. Each page costs a fixed number of queries."""
from dataclasses import dataclass

from sqlalchemy.orm import contains_eager, joinedload

from books.models import (BOOKS_PER_PAGE, QUOTES_PER_PAGE, REVIEWS_PER_PAGE, Book, BookPick, Quote, Review,
                          ShelfEntry, Suggestion)
from core.sitemaps import Entry
from core.text import slugify
from core.urls import absolute_url
from extensions import db

RECOMMENDATIONS = 6


@dataclass(frozen=True)
class Page:
    """A page of a list whose total is already known (no COUNT query), in the shape of the pagination macro."""
    items: list
    page: int
    total: int
    per_page: int

    @property
    def pages(self) -> int:
        return max((self.total + self.per_page - 1) // self.per_page, 1)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def book_with_pick(book_id: int) -> Book | None:
    return db.session.execute(db.select(Book).options(joinedload(Book.pick)).where(Book.id == book_id)
                              ).scalar_one_or_none()


def _like(words: str) -> str:
    escaped = words.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def catalogue(words: str, page: int):
    """Books whose title or authors contain `words` (any case), staff picks first, then by title."""
    select = (db.select(Book).outerjoin(BookPick, BookPick.book_id == Book.id).options(contains_eager(Book.pick))
              .order_by(BookPick.id.is_(None), db.func.lower(Book.title), Book.id))
    if words:
        pattern = _like(words)
        select = select.where(db.or_(db.func.lower(Book.title).like(pattern, escape="\\"),
                                     db.func.lower(Book.authors).like(pattern, escape="\\")))
    return db.paginate(select, page=page, per_page=BOOKS_PER_PAGE, error_out=False)


def reviews_on_page(book: Book, page: int) -> Page:
    """Newest first, with their authors, in one query (the total is the book's kept rating count)."""
    items = db.session.execute(db.select(Review).options(joinedload(Review.author)).where(Review.book_id == book.id)
                               .order_by(Review.id.desc()).limit(REVIEWS_PER_PAGE)
                               .offset((page - 1) * REVIEWS_PER_PAGE)).scalars().all()
    return Page(items, page, book.rating_count, REVIEWS_PER_PAGE)


def review_page(review: Review) -> int:
    """Which page of its book's reviews (newest first) shows the review."""
    newer = db.session.execute(db.select(db.func.count()).select_from(Review).where(
        Review.book_id == review.book_id, Review.id > review.id)).scalar()
    return newer // REVIEWS_PER_PAGE + 1


def quotes_of_book(book: Book, page: int = 1, per_page: int = QUOTES_PER_PAGE) -> list[Quote]:
    """One more than asked for, so the caller knows whether there is a next page."""
    return db.session.execute(db.select(Quote).options(joinedload(Quote.author)).where(Quote.book_id == book.id)
                              .order_by(Quote.id.desc()).limit(per_page + 1).offset((page - 1) * per_page)
                              ).scalars().all()


def quotes_by(user, limit: int = 10) -> list[Quote]:
    return db.session.execute(db.select(Quote).options(joinedload(Quote.book)).where(Quote.user_id == user.id)
                              .order_by(Quote.id.desc()).limit(limit)).scalars().all()


def my_shelf_and_review(user, book: Book) -> tuple[ShelfEntry | None, Review | None]:
    if not user.is_authenticated:
        return None, None
    entry = db.session.execute(db.select(ShelfEntry).filter_by(user_id=user.id, book_id=book.id)).scalar_one_or_none()
    review = db.session.execute(db.select(Review).filter_by(user_id=user.id, book_id=book.id)).scalar_one_or_none()
    return entry, review


def shelves_of(user) -> list[ShelfEntry]:
    return db.session.execute(db.select(ShelfEntry).options(joinedload(ShelfEntry.book)).where(
        ShelfEntry.user_id == user.id).order_by(ShelfEntry.updated_at.desc(), ShelfEntry.id.desc())).scalars().all()


def readers_also_read(book: Book, limit: int = RECOMMENDATIONS) -> list[Book]:
    """Books most often shelved or reviewed by the members who shelved or reviewed this one: one query,
    counting each reader once per book, the top `limit` with the most readers in common."""
    links = db.union(db.select(ShelfEntry.user_id, ShelfEntry.book_id),
                     db.select(Review.user_id, Review.book_id)).subquery()
    readers = db.union(db.select(ShelfEntry.user_id).where(ShelfEntry.book_id == book.id),
                       db.select(Review.user_id).where(Review.book_id == book.id)).subquery()
    common = db.func.count(links.c.user_id)
    top = (db.select(links.c.book_id, common.label("readers"))
           .join(readers, readers.c.user_id == links.c.user_id)
           .where(links.c.book_id != book.id).group_by(links.c.book_id)
           .order_by(common.desc(), links.c.book_id).limit(limit).subquery())
    return db.session.execute(db.select(Book).join(top, top.c.book_id == Book.id)
                              .order_by(top.c.readers.desc(), Book.id)).scalars().all()


def books_by_id(book_ids: list[int]) -> dict[int, Book]:
    if not book_ids:
        return {}
    return {book.id: book for book in db.session.execute(db.select(Book).where(Book.id.in_(book_ids))).scalars()}


def pending_suggestions(limit: int = 50) -> list[Suggestion]:
    """Oldest first, as a queue."""
    return db.session.execute(db.select(Suggestion).options(joinedload(Suggestion.author))
                              .where(Suggestion.state == "pending").order_by(Suggestion.id).limit(limit)
                              ).scalars().all()


def suggestions_by(user, limit: int = 50) -> list[Suggestion]:
    return db.session.execute(db.select(Suggestion).options(joinedload(Suggestion.book))
                              .where(Suggestion.user_id == user.id).order_by(Suggestion.id.desc()).limit(limit)
                              ).scalars().all()


def sitemap_books(in_chunk) -> list[Entry]:
    rows = db.session.execute(db.select(Book.id, Book.title).where(*in_chunk).order_by(Book.id)).all()
    return [Entry(absolute_url("books.book", book_id=row.id, slug=slugify(row.title))) for row in rows]


def sitemap_pages() -> list[Entry]:
    return [Entry(absolute_url("books.index"))]
