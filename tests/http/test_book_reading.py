"""What members do with a book: shelves with progress, one review each, quotes, and their own pages."""
import pytest

from books import actions
from books.models import Quote, Review, ShelfEntry
from core.audit import AuditEntry
from extensions import db
from tests.books_helpers import add_book
from tests.conftest import says, translated_plural
from tests.http.test_forum import count_queries


@pytest.fixture
def book(moderator):
    return add_book(moderator, "Laskar Pelangi", "Andrea Hirata", isbn="9793062797", page_count=529)


def test_a_member_moves_a_book_between_shelves_with_progress(login, member, book):
    client = login(member)
    assert client.submit(f"/books/{book.id}/shelf", {"shelf": "want"}).status_code == 302
    response = client.submit(f"/books/{book.id}/shelf", {"shelf": "reading", "progress": "120"})
    assert response.headers["Location"] == f"/books/{book.id}-laskar-pelangi#my-shelf"
    entry = db.session.execute(db.select(ShelfEntry)).scalar_one()
    assert (entry.shelf, entry.progress_pages) == ("reading", 120)
    page = client.get(f"/books/{book.id}")
    assert says(page, "page %(page)d of %(pages)d", page=120, pages=529)
    assert '<progress class="reading-progress" max="529" value="120"' in page.get_data(as_text=True)
    client.submit(f"/books/{book.id}/shelf", {"shelf": "read", "progress": "300"})
    assert (entry.shelf, entry.progress_pages) == ("read", None)  # progress belongs to "reading"
    shelves = client.get("/books/my-shelves")
    assert says(shelves, "Read") and "Laskar Pelangi" in shelves.get_data(as_text=True)
    client.submit(f"/books/{book.id}/shelf", {"shelf": ""})
    assert db.session.scalar(db.select(db.func.count(ShelfEntry.id))) == 0


@pytest.mark.parametrize("progress, message, params", [
    ("530", "Pages read: a number from 0 to %(max)d.", {"max": 529}),
    ("-1", "A number from %(min)d to %(max)d.", {"min": 0, "max": 20000}),
    ("banyak", "Not a valid integer value.", {}),
])
def test_progress_beyond_the_page_count_is_refused(login, member, book, progress, message, params):
    response = login(member).submit(f"/books/{book.id}/shelf", {"shelf": "reading", "progress": progress})
    assert response.status_code == 400 and says(response, message, **params)
    assert db.session.scalar(db.select(db.func.count(ShelfEntry.id))) == 0


def test_progress_without_a_page_count_is_any_sane_number(login, member, moderator):
    book = add_book(moderator, "Buku Tanpa Halaman", "Anonim")
    client = login(member)
    assert client.submit(f"/books/{book.id}/shelf", {"shelf": "reading", "progress": "999"}).status_code == 302
    assert says(client.get(f"/books/{book.id}"), "page %(page)d", page=999)


def test_one_review_per_member_per_book_and_the_average(app, login, member, make_user, book):
    client = login(member)
    response = client.submit(f"/books/{book.id}/review", {"rating": "4", "body": "Kisah *Lintang* menyentuh."})
    assert response.headers["Location"].endswith("#my-review")
    client.submit(f"/books/{book.id}/review", {"rating": "5", "body": "Setelah membaca ulang: luar biasa."})
    review = db.session.execute(db.select(Review)).scalar_one()  # changed, not a second one
    assert (review.rating, review.body_html, review.edited_at is not None) == \
        (5, "<p>Setelah membaca ulang: luar biasa.</p>", True)
    actions.save_review(make_user("siti"), book, 2, "")
    assert (book.rating_count, book.average_rating) == (2, 3.5)
    page = app.test_client().get(f"/books/{book.id}")
    assert translated_plural("%(num)d rating", "%(num)d ratings", 2) in page.get_data(as_text=True) and "<strong>3.5</strong>" in page.get_data(as_text=True)


@pytest.mark.parametrize("rating", ["0", "6", "", "x"])
def test_a_rating_is_one_to_five_stars(login, member, book, rating):
    response = login(member).submit(f"/books/{book.id}/review", {"rating": rating, "body": "Bagus"})
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(Review.id))) == 0


def test_deleting_a_review_asks_first_and_recounts(login, member, book):
    actions.save_review(member, book, 5, "Bagus")
    review = db.session.execute(db.select(Review)).scalar_one()
    client = login(member)
    assert says(client.get(f"/books/reviews/{review.id}/delete"), "Delete this review?")
    assert db.session.scalar(db.select(db.func.count(Review.id))) == 1
    assert client.submit(f"/books/reviews/{review.id}/delete").status_code == 302
    assert db.session.scalar(db.select(db.func.count(Review.id))) == 0
    assert (book.rating_count, book.average_rating) == (0, None)


def test_a_moderator_deletes_a_review_and_it_is_audited(login, member, moderator, book):
    review = actions.save_review(member, book, 1, "Spam spam")
    assert login(moderator).submit(f"/books/reviews/{review.id}/delete").status_code == 302
    assert db.session.execute(db.select(AuditEntry.action).where(AuditEntry.action.like("book_review%"))
                              ).scalar_one() == "book_review.delete"


def test_quotes_are_saved_edited_and_shown_on_the_book_and_the_profile(app, login, member, book):
    client = login(member)
    response = client.submit(f"/books/{book.id}/quotes", {"text": "Bermimpilah, karena Tuhan akan memeluk mimpi-mimpimu.",
                                                          "page": "12"})
    assert response.headers["Location"].endswith("#quotes")
    quote = db.session.execute(db.select(Quote)).scalar_one()
    guest = app.test_client()
    assert "memeluk mimpi-mimpimu" in guest.get(f"/books/{book.id}").get_data(as_text=True)
    profile = guest.get("/u/budi")
    assert says(profile, "Saved quotes") and says(profile, "page %(page)d", page=12)
    assert client.submit(f"/books/quotes/{quote.id}/edit", {"text": "Hidup adalah *perjuangan*.", "page": ""}
                         ).status_code == 302
    assert (quote.text_html, quote.page) == ("<p>Hidup adalah <em>perjuangan</em>.</p>", None)
    assert says(client.get(f"/books/quotes/{quote.id}/delete"), "Delete this quote?")
    client.submit(f"/books/quotes/{quote.id}/delete")
    assert db.session.scalar(db.select(db.func.count(Quote.id))) == 0


@pytest.mark.parametrize("fields, message, params", [
    ({"text": ""}, "This field is required.", {}),
    ({"text": "x" * 1001}, "At most %(max)d characters.", {"max": 1000}),
    ({"text": "Kutipan", "page": "600"}, "Page: a number from 1 to %(max)d.", {"max": 529}),
])
def test_bad_quotes_are_refused(login, member, book, fields, message, params):
    response = login(member).submit(f"/books/{book.id}/quotes", fields)
    assert response.status_code == 400 and says(response, message, **params)
    assert db.session.scalar(db.select(db.func.count(Quote.id))) == 0


def test_all_quotes_page_through(client, member, book):
    for number in range(23):
        actions.add_quote(member, book, f"Kutipan nomor {number}")
    first = client.get(f"/books/{book.id}/quotes").get_data(as_text=True)
    assert "Kutipan nomor 22" in first and "Kutipan nomor 2<" not in first
    second = client.get(f"/books/{book.id}/quotes?page=2").get_data(as_text=True)
    assert "Kutipan nomor 2<" in second and "Kutipan nomor 3<" not in second
    assert says(client.get(f"/books/{book.id}"), "All quotes")


def test_reviews_page_and_the_book_page_costs_the_same_whatever_their_number(app, login, member, make_user, book):
    client = login(member)
    actions.shelve(member, book, "reading", 10)
    short = count_queries(app, client, f"/books/{book.id}")
    other = add_book(make_user("staf2", "admin"), "Sang Pemimpi", "Andrea Hirata")
    for number in range(25):
        reader = make_user(f"pembaca{number}")
        actions.save_review(reader, book, 1 + number % 5, f"Ulasan nomor {number}")
        actions.add_quote(reader, book, f"Kutipan {number}")
        actions.shelve(reader, other, "read")
    assert count_queries(app, client, f"/books/{book.id}") == short
    assert count_queries(app, client, f"/books/{book.id}?page=3") == short
    third = client.get(f"/books/{book.id}?page=3").get_data(as_text=True)
    assert "Ulasan nomor 4<" in third and "Ulasan nomor 5<" not in third
    assert client.get(f"/books/{book.id}?page=4").status_code == 404
