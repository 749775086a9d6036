"""Test data for the book catalogue, made through the real actions."""
from books import actions


def add_book(staff, title="Laskar Pelangi", authors="Andrea Hirata", isbn=None, page_count=None,
             description="", language="id", **extra):
    return actions.save_book(staff, None, title=title, authors=authors, isbn=isbn, page_count=page_count,
                             language=language, description=description, **extra)
