"""Who may do what with books: every action, for a guest, a member, another member, a moderator and an admin.
Members never manage the catalogue or decide on suggestions; a member changes only their own review and quote."""
import pytest

from books import actions
from books.models import Book, Quote, Review, Suggestion
from extensions import db
from tests.books_helpers import add_book

SIGN_IN = "sign in"


@pytest.fixture
def world(make_user, admin):
    """A book with the author's review and quote, and a pending suggestion; the users who try things."""
    author = make_user("penulis")
    book = add_book(admin, "Laskar Pelangi", "Andrea Hirata", page_count=529)
    review = actions.save_review(author, book, 4, "Bagus")
    quote = actions.add_quote(author, book, "Bermimpilah")
    suggestion = actions.suggest(author, "Amba", "Laksmi Pamuntjak", None, "")
    users = {"guest": None, "member": make_user("budi"), "author": author, "moderator": make_user("dimas", "moderator"),
             "admin": admin, "host": make_user("sari", "host")}
    return {"book": book, "review": review, "quote": quote, "suggestion": suggestion, "users": users}


def attempt(app, world, who, method, url, data=None):
    client = app.test_client()
    if world["users"][who] is not None:
        client.login(world["users"][who])
    response = client.get(url) if method == "GET" else client.submit(url, data or {})
    if response.status_code == 302 and "/auth/login" in response.headers["Location"]:
        return SIGN_IN
    return response.status_code


STAFF_ONLY = [
    ("GET", "/books/new", None),
    ("POST", "/books/new", {"title": "Buku Baru", "authors": "Siapa", "language": "id"}),
    ("GET", "/books/{book}/edit", None),
    ("POST", "/books/{book}/edit", {"title": "Diubah", "authors": "Siapa", "language": "id"}),
    ("POST", "/books/{book}/pick", {"picked": "1"}),
    ("GET", "/books/suggestions", None),
    ("POST", "/books/suggestions/{suggestion}", {"decision": "approve"}),
]


@pytest.mark.parametrize("method, url, data", STAFF_ONLY)
@pytest.mark.parametrize("who, expected", [("guest", SIGN_IN), ("member", 403), ("author", 403), ("host", 403),
                                           ("moderator", "allowed"), ("admin", "allowed")])
def test_only_staff_manage_the_catalogue(app, world, method, url, data, who, expected):
    url = url.format(book=world["book"].id, suggestion=world["suggestion"].id)
    status = attempt(app, world, who, method, url, data)
    if expected == "allowed":
        assert status in (200, 302)
    else:
        assert status == expected
        assert world["book"].title == "Laskar Pelangi" and world["book"].pick is None
        assert world["suggestion"].state == "pending"
        assert db.session.scalar(db.select(db.func.count(Book.id))) == 1


OWN_ONLY = [
    ("GET", "/books/quotes/{quote}/edit", None),
    ("POST", "/books/quotes/{quote}/edit", {"text": "Diubah orang lain"}),
    ("GET", "/books/quotes/{quote}/delete", None),
    ("POST", "/books/quotes/{quote}/delete", None),
    ("GET", "/books/reviews/{review}/delete", None),
    ("POST", "/books/reviews/{review}/delete", None),
]


@pytest.mark.parametrize("method, url, data", OWN_ONLY)
@pytest.mark.parametrize("who, expected", [("guest", SIGN_IN), ("member", 403), ("host", 403), ("author", "allowed")])
def test_a_member_changes_only_their_own_review_and_quote(app, world, method, url, data, who, expected):
    url = url.format(quote=world["quote"].id, review=world["review"].id)
    status = attempt(app, world, who, method, url, data)
    if expected == "allowed":
        assert status in (200, 302)
    else:
        assert status == expected
        assert db.session.scalar(db.select(db.func.count(Quote.id))) == 1
        assert db.session.scalar(db.select(db.func.count(Review.id))) == 1
        assert world["quote"].text_md == "Bermimpilah"


@pytest.mark.parametrize("who", ["moderator", "admin"])
def test_moderators_may_delete_but_not_edit_others_quotes(app, world, who):
    assert attempt(app, world, who, "GET", f"/books/quotes/{world['quote'].id}/edit") == 403
    assert attempt(app, world, who, "POST", f"/books/quotes/{world['quote'].id}/delete") == 302
    assert db.session.scalar(db.select(db.func.count(Quote.id))) == 0


MEMBER_ACTIONS = [
    ("POST", "/books/{book}/shelf", {"shelf": "reading", "progress": "5"}),
    ("POST", "/books/{book}/review", {"rating": "3", "body": "Lumayan"}),
    ("POST", "/books/{book}/quotes", {"text": "Sebuah kutipan"}),
    ("GET", "/books/suggest", None),
    ("POST", "/books/suggest", {"title": "Saman", "authors": "Ayu Utami"}),
    ("GET", "/books/my-shelves", None),
]


@pytest.mark.parametrize("method, url, data", MEMBER_ACTIONS)
@pytest.mark.parametrize("who", ["guest", "member", "moderator"])
def test_members_keep_shelves_review_quote_and_suggest_guests_sign_in(app, world, method, url, data, who):
    status = attempt(app, world, who, method, url.format(book=world["book"].id), data)
    assert status == (SIGN_IN if who == "guest" else (200 if method == "GET" else 302))


@pytest.mark.parametrize("url", ["/books/", "/books/{book}", "/books/{book}-laskar-pelangi", "/books/{book}/quotes"])
def test_everyone_reads_the_catalogue(app, world, url):
    for who in ("guest", "member", "admin"):
        assert attempt(app, world, who, "GET", url.format(book=world["book"].id)) == 200


def test_silenced_members_keep_shelves_but_do_not_write(app, world):
    from datetime import timedelta

    from core.timeutil import utcnow

    member = world["users"]["member"]
    member.silenced_until = utcnow() + timedelta(days=1)
    db.session.commit()
    book = world["book"]
    assert attempt(app, world, "member", "POST", f"/books/{book.id}/shelf", {"shelf": "want"}) == 302
    assert attempt(app, world, "member", "POST", f"/books/{book.id}/review", {"rating": "5"}) == 400
    assert attempt(app, world, "member", "POST", f"/books/{book.id}/quotes", {"text": "x"}) == 400
    assert attempt(app, world, "member", "POST", "/books/suggest", {"title": "Saman", "authors": "Ayu"}) == 400
    assert db.session.scalar(db.select(db.func.count(Suggestion.id))) == 1
