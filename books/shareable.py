"""How a book and a review describe themselves when shared (core/shareables.py): all are public."""
from flask_babel import gettext

from core.search import plain_text
from core.shareables import Shareable


def describe_book(book) -> Shareable:
    description = plain_text(book.description_html)
    byline = gettext("By %(authors)s.", authors=book.authors) if book.authors else ""
    return Shareable("book", book.id, book.title, " ".join(part for part in (byline, description) if part)
                     or book.title, "books.book", {"book_id": book.id, "slug": book.slug},
                     image_type="book", image_id=book.id, og_type="book")


def describe_review(review) -> Shareable:
    """A review lives on its book's page; its address is a permalink that finds the right page of reviews."""
    book = review.book
    title = gettext("%(name)s on “%(book)s”", name=review.author.display_name, book=book.title)
    return Shareable("review", review.id, title, plain_text(review.body_html) or "★" * review.rating,
                     "books.review_permalink", {"review_id": review.id}, image_type="book", image_id=book.id,
                     image_title=book.title, og_type="article")
