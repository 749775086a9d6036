"""The book catalogue: books, shelves, reviews, quotes, suggestions and staff picks. Reading groups and
challenges link to books.models.Book."""
from flask import Flask

from books.models import Book, Quote, Review, Suggestion
from core.rendered import register_rendered


def init_app(app: Flask) -> None:
    from accounts.views import register_profile_part
    from books import queries, views

    register_profile_part("quotes", queries.quotes_by)
    app.register_blueprint(views.bp)
    app.jinja_env.globals["book_url"] = views.book_url
    register_rendered(Book, "description_md", "description_html")
    register_rendered(Review, "body_md", "body_html")
    register_rendered(Quote, "text_md", "text_html")
    register_rendered(Suggestion, "why_md", "why_html")
