"""Members suggest books and staff decide; staff picks lead the list; readers-also-read; search finds books."""
import re

from books import actions
from books.models import Book, Suggestion
from core.audit import AuditEntry
from core.notifications import Notification
from extensions import db
from tests.books_helpers import add_book
from tests.conftest import says
from tests.http.test_books import listed_titles


def suggest(client, **fields):
    return client.submit("/books/suggest", {"title": "Cantik Itu Luka", "authors": "Eka Kurniawan",
                                            "isbn": "", "why": "Banyak yang mencari di rak sastra.", **fields})


def test_a_suggestion_is_approved_into_the_catalogue_and_the_member_is_told(app, login, member, moderator):
    client = login(member)
    assert suggest(client, isbn="979-3062-79-7").status_code == 302
    assert says(client.get("/books/suggest"), "Waiting for staff")
    staff = app.test_client()
    staff.login(moderator)
    queue = staff.get("/books/suggestions")
    assert "Cantik Itu Luka" in queue.get_data(as_text=True)
    suggestion = db.session.execute(db.select(Suggestion)).scalar_one()
    response = staff.submit(f"/books/suggestions/{suggestion.id}", {"decision": "approve", "note": "Terima kasih!"})
    book = db.session.execute(db.select(Book)).scalar_one()
    assert response.headers["Location"] == f"/books/{book.id}/edit"
    assert (book.title, book.authors, book.isbn13) == ("Cantik Itu Luka", "Eka Kurniawan", "9789793062792")
    assert (suggestion.state, suggestion.book_id, suggestion.staff_note) == ("approved", book.id, "Terima kasih!")
    notification = db.session.execute(db.select(Notification)).scalar_one()
    assert (notification.user_id, notification.kind) == (member.id, "suggestion")
    inbox = client.get("/notifications")
    assert says(inbox, "Library staff decided on your book suggestion “%(title)s”", title="Cantik Itu Luka")
    mine = client.get("/books/suggest")
    assert says(mine, "Added") and f'href="/books/{book.id}-cantik-itu-luka"' in mine.get_data(as_text=True)
    actions_logged = set(db.session.execute(db.select(AuditEntry.action)).scalars())
    assert actions_logged == {"book.create", "book_suggestion.approve"}
    staff.get(f"/books/{book.id}/edit")  # where the approval led: shows the flash message
    assert says(staff.get("/books/suggestions"), "No suggestions are waiting.")


def test_a_rejected_suggestion_says_why_and_adds_nothing(app, login, member, admin):
    client = login(member)
    suggest(client)
    suggestion = db.session.execute(db.select(Suggestion)).scalar_one()
    staff = app.test_client()
    staff.login(admin)
    staff.submit(f"/books/suggestions/{suggestion.id}", {"decision": "reject", "note": "Sudah ada di rak <b>lama</b>."})
    assert suggestion.state == "rejected" and db.session.scalar(db.select(db.func.count(Book.id))) == 0
    mine = client.get("/books/suggest")
    assert says(mine, "Not added") and "Sudah ada di rak &lt;b&gt;lama&lt;/b&gt;." in mine.get_data(as_text=True)
    again = staff.submit(f"/books/suggestions/{suggestion.id}", {"decision": "approve"})
    assert says(staff.get(again.headers["Location"]), "Someone has already decided on this suggestion.")
    assert db.session.scalar(db.select(db.func.count(Book.id))) == 0


def test_suggesting_a_book_already_in_the_catalogue_or_a_bad_isbn_is_refused(login, member, admin):
    add_book(admin, "Bumi Manusia", "Pramoedya Ananta Toer", isbn="9799731232")
    client = login(member)
    response = suggest(client, isbn="978-979-97312-3-4")
    assert response.status_code == 400 and says(response, "“%(title)s” is already in the catalogue.",
                                                  title="Bumi Manusia")
    assert suggest(client, isbn="123").status_code == 400
    assert suggest(client, authors="").status_code == 400
    assert db.session.scalar(db.select(db.func.count(Suggestion.id))) == 0


def test_staff_picks_come_first_with_their_note(client, login, admin):
    add_book(admin, "Amba", "Laksmi Pamuntjak")
    pick = add_book(admin, "Ronggeng Dukuh Paruk", "Ahmad Tohari")
    staff = login(admin)
    assert staff.submit(f"/books/{pick.id}/pick", {"picked": "1", "note": "Klasik dari Banyumas."}).status_code == 302
    guest = client.application.test_client()
    assert listed_titles(guest) == ["Ronggeng Dukuh Paruk", "Amba"]
    page = guest.get("/books/").get_data(as_text=True)
    assert "Klasik dari Banyumas." in page and "Klasik dari Banyumas." in guest.get(f"/books/{pick.id}").get_data(
        as_text=True)
    staff.submit(f"/books/{pick.id}/pick", {"picked": "0"})
    assert listed_titles(guest) == ["Amba", "Ronggeng Dukuh Paruk"]
    assert [entry for entry in db.session.execute(db.select(AuditEntry.action).order_by(AuditEntry.id)).scalars()
            if entry.endswith("pick")] == ["book.pick", "book.unpick"]


def test_readers_of_this_also_read_counts_shared_readers(client, make_user, admin):
    laskar, pemimpi, bumi, amba = (add_book(admin, title, "x") for title in
                                   ("Laskar Pelangi", "Sang Pemimpi", "Bumi Manusia", "Amba"))
    for name in ("ani", "budi", "cici"):
        reader = make_user(name)
        actions.shelve(reader, laskar, "read")
        actions.shelve(reader, pemimpi, "want")
    dodi = make_user("dodi")
    actions.save_review(dodi, laskar, 5, "")
    actions.shelve(dodi, laskar, "read")  # a shelf and a review: one reader, counted once
    actions.save_review(dodi, bumi, 4, "")
    actions.shelve(make_user("eka"), amba, "read")  # not a reader of Laskar Pelangi
    page = client.get(f"/books/{laskar.id}").get_data(as_text=True)
    section = page.split('id="also-heading"')[1]
    assert re.findall(r"<strong>([^<]+)</strong>", section) == ["Sang Pemimpi", "Bumi Manusia"]


def test_books_are_found_by_search_and_stay_up_to_date(client, admin):
    book = add_book(admin, "Bumi Manusia", "Pramoedya Ananta Toer", description="Kisah Minke dan Annelies.")
    found = client.get("/search", query_string={"q": "annelies"}).get_data(as_text=True)
    assert f'href="/books/{book.id}-bumi-manusia"' in found
    assert f'href="/books/{book.id}-bumi-manusia"' in client.get("/search", query_string={"q": "pramoedya"}
                                                                 ).get_data(as_text=True)
    actions.save_book(admin, book, title="Anak Semua Bangsa", authors="Pramoedya Ananta Toer", isbn=None,
                      page_count=None, language="id", description="Lanjutan kisah Minke.")
    assert "Anak Semua Bangsa" in client.get("/search", query_string={"q": "bangsa"}).get_data(as_text=True)
    assert f"/books/{book.id}" not in client.get("/search", query_string={"q": "annelies"}).get_data(as_text=True)
