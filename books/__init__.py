"""The book catalogue: books, shelves, reviews, quotes, suggestions and staff picks. Reading groups and
challenges link to books.models.Book."""
from flask import Flask

from books.models import Book, Quote, Review, Suggestion
from core import search, shareables, sitemaps
from core.rendered import register_rendered


def init_app(app: Flask) -> None:
    from accounts.views import register_profile_part
    from books import queries, shareable, views

    register_profile_part("quotes", queries.quotes_by)
    app.register_blueprint(views.bp)
    search.register_kind("book", 4, queries.books_by_id)
    shareables.register_type("book", Book, shareable.describe_book)
    shareables.register_type("review", Review, shareable.describe_review)
    sitemaps.register_section("books", Book, queries.sitemap_books, queries.sitemap_pages)
    app.jinja_env.globals["book_url"] = views.book_url
    register_rendered(Book, "description_md", "description_html")
    register_rendered(Review, "body_md", "body_html")
    register_rendered(Quote, "text_md", "text_html")
    register_rendered(Suggestion, "why_md", "why_html")
