"""The book catalogue: staff add and edit books (ISBN checked, cover re-encoded), everyone browses,
filters and opens them, and each book links to the library's own catalogue."""
import os
import re
from io import BytesIO

import pytest

from books.models import Book
from core.audit import AuditEntry
from extensions import db
from library.models import unsaved_library
from tests.books_helpers import add_book
from tests.conftest import says
from tests.http.test_profiles import image_bytes


def book_form(**fields):
    return {"title": "Bumi Manusia", "authors": "Pramoedya Ananta Toer", "isbn": "979-97312-3-2",
            "page_count": "535", "language": "id", "description": "Kisah **Minke** di zaman kolonial.", **fields}


def set_opac_template(template: str) -> None:
    profile = unsaved_library()
    profile.opac_url_template = template
    db.session.add(profile)
    db.session.commit()


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_staff_add_a_book_and_everyone_reads_it(app, login, make_user, role):
    client = login(make_user("staf", role))
    response = client.submit("/books/new", book_form())
    book = db.session.execute(db.select(Book)).scalar_one()
    assert response.headers["Location"] == f"/books/{book.id}-bumi-manusia"
    assert (book.isbn13, book.page_count, book.description_html) == \
        ("9789799731234", 535, "<p>Kisah <strong>Minke</strong> di zaman kolonial.</p>")
    page = app.test_client().get(f"/books/{book.id}-judul-lama-apa-saja").get_data(as_text=True)
    assert '<h1 class="book-heading">Bumi Manusia</h1>' in page and "Pramoedya Ananta Toer" in page
    assert "978-979973123-4" in page and "<strong>Minke</strong>" in page
    assert db.session.execute(db.select(AuditEntry.action)).scalar_one() == "book.create"


def test_staff_edit_a_book_and_the_change_is_audited(login, moderator):
    book = add_book(moderator, isbn="9793062797")
    client = login(moderator)
    form = book_form(title="Laskar Pelangi (edisi baru)", authors="Andrea Hirata", isbn="978-979-3062-79-2",
                     page_count="")
    assert client.get(f"/books/{book.id}/edit").status_code == 200
    assert client.submit(f"/books/{book.id}/edit", form).status_code == 302
    assert (book.title, book.isbn13, book.page_count) == ("Laskar Pelangi (edisi baru)", "9789793062792", None)
    assert [entry.action for entry in db.session.execute(db.select(AuditEntry).order_by(AuditEntry.id)).scalars()] \
        == ["book.create", "book.edit"]


@pytest.mark.parametrize("fields, message, params", [
    ({"isbn": "979-97312-3-3"}, "This ISBN's check digit is wrong: please check the number.", {}),
    ({"isbn": "12345"}, "An ISBN has 10 or 13 digits (the last one of an ISBN-10 may be X).", {}),
    ({"isbn": "1234567890128"}, "An ISBN-13 starts with 978 or 979.", {}),
    ({"title": "   "}, "This field is required.", {}),
    ({"title": "x" * 201}, "At most %(max)d characters.", {"max": 200}),
    ({"page_count": "0"}, "A number from %(min)d to %(max)d.", {"min": 1, "max": 20000}),
    ({"language": "klingon"}, "Not a valid choice.", {}),
])
def test_bad_input_is_refused_with_a_reason_and_changes_nothing(login, admin, fields, message, params):
    response = login(admin).submit("/books/new", book_form(**fields))
    assert response.status_code == 400
    assert says(response, message, **params)
    assert db.session.scalar(db.select(db.func.count(Book.id))) == 0


def test_an_isbn_is_in_the_catalogue_once(login, admin):
    add_book(admin, title="Bumi Manusia", isbn="9799731232")
    response = login(admin).submit("/books/new", book_form(title="Bumi Manusia (cetak ulang)",
                                                            isbn="978-979-97312-3-4"))
    assert response.status_code == 400
    assert says(response, "“%(title)s” already has this ISBN in the catalogue.", title="Bumi Manusia")
    assert db.session.scalar(db.select(db.func.count(Book.id))) == 1


def test_a_cover_is_re_encoded_and_replaced(app, login, admin):
    client = login(admin)
    client.submit("/books/new", book_form(cover=(BytesIO(image_bytes(size=(900, 1400))), "sampul.png")),
                  content_type="multipart/form-data")
    book = db.session.execute(db.select(Book)).scalar_one()
    assert book.cover_path.startswith("covers/") and book.cover_path.endswith(".webp")
    first = os.path.join(app.config["UPLOAD_FOLDER"], book.cover_path)
    assert os.path.isfile(first)
    assert f'src="/media/{book.cover_path}"' in client.get(f"/books/{book.id}").get_data(as_text=True)
    client.submit(f"/books/{book.id}/edit", book_form(cover=(BytesIO(image_bytes()), "baru.jpg")),
                  content_type="multipart/form-data")
    assert not os.path.exists(first) and os.path.isfile(os.path.join(app.config["UPLOAD_FOLDER"], book.cover_path))
    client.submit(f"/books/{book.id}/edit", book_form(remove_cover="y"), content_type="multipart/form-data")
    assert book.cover_path is None


@pytest.mark.parametrize("upload, message", [
    ((BytesIO(b"<html><script>alert(1)</script>"), "sampul.png"),
     "This file is not an image we can read. Use JPEG, PNG, WebP or HEIC."),
    ((BytesIO(image_bytes("GIF")), "sampul.gif"), "Only JPEG, PNG, WebP and HEIC images can be uploaded."),
    ((BytesIO(b"\x89PNG" + b"\0" * (2 * 1024 * 1024)), "besar.png"),
     "The image is larger than %(size)d MB. Please choose a smaller one."),
])
def test_non_images_and_oversize_files_are_refused(login, admin, upload, message):
    response = login(admin).submit("/books/new", book_form(cover=upload), content_type="multipart/form-data")
    assert response.status_code == 400 and says(response, message, size=2)
    assert db.session.scalar(db.select(db.func.count(Book.id))) == 0


def test_the_library_catalogue_link_carries_the_isbn(client, admin):
    book = add_book(admin, isbn="979-3062-79-7")
    untemplated = client.get(f"/books/{book.id}")
    assert not says(untemplated, "Find it at the library")
    set_opac_template("https://opac.example/index.php?search=search&keywords={isbn}&judul={title}")
    page = client.get(f"/books/{book.id}")
    assert says(page, "Find it at the library")
    assert 'href="https://opac.example/index.php?search=search&amp;keywords=9789793062792&amp;judul=Laskar%20Pelangi"' \
        in page.get_data(as_text=True)


def test_an_admin_sets_the_catalogue_template_in_the_library_profile(login, admin):
    from tests.http.test_library_profile import profile_form

    client = login(admin)
    refused = client.submit("/admin/library", profile_form(opac_url_template="javascript:alert(1)//{isbn}"))
    assert refused.status_code == 400
    assert says(refused, "The catalogue address must start with http:// or https://.")
    template = "https://inlislite.example/opac/pencarian-sederhana?katakunci={title}"
    assert client.submit("/admin/library", profile_form(opac_url_template=template)).status_code == 302
    book = add_book(admin, title="Bumi Manusia")
    assert "katakunci=Bumi%20Manusia" in client.get(f"/books/{book.id}").get_data(as_text=True)


def listed_titles(client, **params) -> list[str]:
    page = client.get("/books/", query_string=params).get_data(as_text=True)
    return re.findall(r'<h2 class="book-title"><a href="[^"]+">([^<]+)</a>', page)


def test_the_list_filters_by_title_or_author_and_pages(client, admin):
    add_book(admin, "Laskar Pelangi", "Andrea Hirata")
    add_book(admin, "Sang Pemimpi", "Andrea Hirata")
    add_book(admin, "Bumi Manusia", "Pramoedya Ananta Toer")
    assert listed_titles(client) == ["Bumi Manusia", "Laskar Pelangi", "Sang Pemimpi"]
    assert listed_titles(client, q="HIRATA") == ["Laskar Pelangi", "Sang Pemimpi"]
    assert listed_titles(client, q="manusia") == ["Bumi Manusia"]
    assert listed_titles(client, q="100%_") == []
    assert says(client.get("/books/", query_string={"q": "zzz"}),
                "No book matches “%(words)s”. Try part of the title or of an author name.", words="zzz")
    for number in range(20):
        add_book(admin, f"Zaman {number:02d}", "Penulis Lain")
    assert len(listed_titles(client)) == 20
    assert listed_titles(client, page=2) == ["Zaman 17", "Zaman 18", "Zaman 19"]


def test_an_empty_catalogue_says_so(client):
    assert says(client.get("/books/"), "The catalogue is empty for now.")


def test_a_missing_book_is_not_found(client):
    assert client.get("/books/999").status_code == 404
    assert client.get("/books/999-apa-saja").status_code == 404
