"""The library's own pages and the announcements on the home page: staff write them (admins; members get 403,
guests are sent to sign in), drafts stay hidden, Markdown goes through the one sanitiser, every change is
audited, and announcements show on the home page only while current, in the library's time zone."""
from datetime import datetime, timedelta, timezone

import pytest

from core.audit import AuditEntry
from core.timeutil import utcnow
from extensions import db
from library.models import unsaved_library
from pages.models import Announcement, Page
from tests.conftest import says
from tests.http.test_books_roles import SIGN_IN, attempt
from tests.pages_helpers import add_announcement, add_page, add_partner
from tests.security.test_stored_xss import executable_parts

HOSTILE = ("<script>alert('page')</script> [klik](javascript:alert(1)) <img src=x onerror=alert(2)> "
           "<a href=\"/\" onclick=\"alert(3)\">x</a> <iframe src=\"https://jahat.example\"></iframe>")


@pytest.fixture
def world(make_user, admin):
    page = add_page(admin, "Pinjam e-book")
    draft = add_page(admin, "Rahasia Dapur", body="Belum siap.", published=False)
    announcement = add_announcement(admin)
    partner = add_partner(admin)
    users = {"guest": None, "member": make_user("budi"), "host": make_user("sari", "host"),
             "moderator": make_user("dimas", "moderator"), "admin": admin}
    return {"page": page, "draft": draft, "announcement": announcement, "partner": partner, "users": users}


STAFF_ONLY = [
    ("GET", "/admin/pages", None),
    ("GET", "/admin/pages/new", None),
    ("POST", "/admin/pages/new", {"title": "Halaman Baru", "kind": "service", "body": "Isi"}),
    ("GET", "/admin/pages/{page}/edit", None),
    ("POST", "/admin/pages/{page}/edit", {"title": "Diubah", "kind": "service", "body": "Isi"}),
    ("GET", "/admin/pages/{page}/delete", None),
    ("POST", "/admin/pages/{page}/delete", None),
    ("GET", "/admin/announcements/new", None),
    ("POST", "/admin/announcements/new", {"title": "Pengumuman Baru"}),
    ("GET", "/admin/announcements/{announcement}/edit", None),
    ("POST", "/admin/announcements/{announcement}/edit", {"title": "Diubah"}),
    ("GET", "/admin/announcements/{announcement}/delete", None),
    ("POST", "/admin/announcements/{announcement}/delete", None),
    ("GET", "/partners/new", None),
    ("POST", "/partners/new", {"name": "Sanggar Baru", "kind": "art_group"}),
    ("GET", "/partners/{partner}/edit", None),
    ("POST", "/partners/{partner}/edit", {"name": "Diubah", "kind": "school"}),
    ("GET", "/partners/{partner}/delete", None),
    ("POST", "/partners/{partner}/delete", None),
]
EXPECTED = {"guest": SIGN_IN, "member": 403, "host": 403, "moderator": 403}


@pytest.mark.parametrize("who", list(EXPECTED))
@pytest.mark.parametrize("method, url, data", STAFF_ONLY)
def test_only_admins_manage_pages_announcements_and_partners(app, world, who, method, url, data):
    url = url.format(page=world["page"].id, announcement=world["announcement"].id, partner=world["partner"].slug)
    assert attempt(app, world, who, method, url, data) == EXPECTED[who]
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == 4  # only the fixture's own
    assert world["page"].title == "Pinjam e-book" and world["partner"].name == "Komunitas Baca"


@pytest.mark.parametrize("method, url, data", STAFF_ONLY)
def test_admins_may(app, world, method, url, data):
    url = url.format(page=world["page"].id, announcement=world["announcement"].id, partner=world["partner"].slug)
    assert attempt(app, world, "admin", method, url, data) in (200, 302)


def test_an_admin_writes_a_page_with_a_preview_and_everyone_reads_it(client, login, admin):
    login(admin)
    form = client.get("/admin/pages/new").get_data(as_text=True)
    assert 'data-preview="/forum/preview"' in form and "js/preview.js" in form
    response = client.submit("/admin/pages/new", {
        "title": "Cara mengenali hoaks", "kind": "campaign", "summary": "Lima langkah sebelum meneruskan pesan.",
        "body": "## Langkah\n\n1. **Cek sumbernya**\n2. Bandingkan", "position": "2", "published": "y"})
    assert response.status_code == 302 and response.headers["Location"] == "/p/cara-mengenali-hoaks"
    page = db.session.execute(db.select(Page)).scalar_one()
    assert (page.kind, page.position, page.published) == ("campaign", 2, True)
    assert db.session.execute(db.select(AuditEntry.action, AuditEntry.details)).all() == \
        [("page.create", "cara-mengenali-hoaks")]
    guest = client.application.test_client()
    shown = guest.get("/p/cara-mengenali-hoaks")
    assert shown.status_code == 200 and "<h2>Langkah</h2>" in shown.get_data(as_text=True)
    assert "<strong>Cek sumbernya</strong>" in shown.get_data(as_text=True)
    listing = guest.get("/pages/")
    assert says(listing, "Digital literacy") and "Lima langkah sebelum meneruskan pesan." in listing.get_data(as_text=True)
    assert 'href="/p/cara-mengenali-hoaks"' in listing.get_data(as_text=True)
    assert 'href="/pages/"' in guest.get("/").get_data(as_text=True)  # the footer links to the pages


def test_the_index_groups_pages_by_section_in_their_order(client, admin):
    add_page(admin, "Cara mengenali hoaks", kind="campaign")
    add_page(admin, "Pinjam e-book", kind="service", position=2)
    add_page(admin, "Keanggotaan", kind="service", position=1)
    add_page(admin, "Internet sehat", kind="tutorial")
    text = client.get("/pages/").get_data(as_text=True)
    order = [text.index(title) for title in ("Keanggotaan", "Pinjam e-book", "Internet sehat", "Cara mengenali hoaks")]
    assert order == sorted(order)


def test_a_draft_is_seen_by_staff_only(app, client, login, admin, member, make_user):
    draft = add_page(admin, "Layanan Baru", body="Segera hadir.", published=False)
    assert client.get(f"/p/{draft.slug}").status_code == 404
    assert "Layanan Baru" not in client.get("/pages/").get_data(as_text=True)
    for user in (member, make_user("dimas", "moderator")):
        other = app.test_client()
        other.login(user)
        assert other.get(f"/p/{draft.slug}").status_code == 404
    login(admin)
    shown = client.get(f"/p/{draft.slug}")
    assert shown.status_code == 200 and says(shown, "This page is a draft: only staff can see it.")
    manage = client.get("/admin/pages")
    assert "Layanan Baru" in manage.get_data(as_text=True) and says(manage, "Draft")
    client.submit(f"/admin/pages/{draft.id}/edit", {"title": "Layanan Baru", "kind": "service", "body": "Siap.",
                                                    "slug": draft.slug, "published": "y"})
    assert app.test_client().get(f"/p/{draft.slug}").status_code == 200


def test_page_markdown_is_sanitised(client, login, admin):
    login(admin)
    response = client.submit("/admin/pages/new", {"title": "<script>alert(0)</script> Panduan", "kind": "tutorial",
                                                  "summary": HOSTILE[:300], "body": HOSTILE, "published": "y"})
    assert response.status_code == 302
    for url in (response.headers["Location"], "/pages/", "/admin/pages"):
        html = client.get(url).get_data(as_text=True)
        assert executable_parts(html) == [], url
        assert "&lt;script&gt;alert(0)&lt;/script&gt; Panduan" in html
    assert "&lt;script&gt;alert(&#39;page&#39;)&lt;/script&gt;" in client.get(response.headers["Location"]).get_data(
        as_text=True)


def test_addresses_are_checked(client, login, admin):
    add_page(admin, "Pinjam e-book")
    login(admin)
    base = {"title": "Lain", "kind": "service", "body": "Isi"}
    refused = client.submit("/admin/pages/new", {**base, "slug": "Bukan Alamat!"})
    assert refused.status_code == 400 and says(refused, "Use lowercase letters, digits and hyphens only, e.g. pinjam-e-book.")
    taken = client.submit("/admin/pages/new", {**base, "slug": "pinjam-e-book"})
    assert taken.status_code == 400 and says(taken, "This address is already taken.")
    made = client.submit("/admin/pages/new", {**base, "title": "Pinjam e-book"})  # made from the title: -2
    assert made.headers["Location"] == "/p/pinjam-e-book-2"


def test_an_edit_is_audited_and_a_new_address_replaces_the_old(client, login, admin):
    page = add_page(admin, "Pinjam e-book")
    login(admin)
    edit = client.get(f"/admin/pages/{page.id}/edit").get_data(as_text=True)
    assert "Pinjam **e-book** dengan kartu anggota." in edit  # the Markdown, to edit
    response = client.submit(f"/admin/pages/{page.id}/edit", {"title": "Pinjam buku digital", "kind": "service",
                                                              "slug": "buku-digital", "body": "Baru", "published": "y"})
    assert response.headers["Location"] == "/p/buku-digital"
    assert client.get("/p/pinjam-e-book").status_code == 404
    assert db.session.execute(db.select(AuditEntry.action).order_by(AuditEntry.id)).scalars().all() == \
        ["page.create", "page.edit"]
    assert says(client.get("/admin/audit"), "Edited a page of the library")


def test_deleting_asks_first_and_needs_the_form_token(client, login, admin):
    page_id = add_page(admin, "Pinjam e-book").id
    login(admin)
    confirm = client.get(f"/admin/pages/{page_id}/delete")
    assert says(confirm, "Delete the page?") and "Pinjam e-book" in confirm.get_data(as_text=True)
    assert client.post(f"/admin/pages/{page_id}/delete").status_code == 400  # no CSRF token
    assert db.session.get(Page, page_id) is not None
    assert client.submit(f"/admin/pages/{page_id}/delete").headers["Location"] == "/admin/pages"
    assert db.session.get(Page, page_id) is None
    assert db.session.execute(db.select(AuditEntry.action).order_by(AuditEntry.id.desc())).scalars().first() == \
        "page.delete"
    assert client.get("/p/pinjam-e-book").status_code == 404


# Announcements

def test_the_home_page_shows_current_announcements_newest_first(client, admin, member):
    now = utcnow()
    add_announcement(admin, "Lama", starts_at=now - timedelta(days=3))
    add_announcement(admin, "Baru", body="Isi **penting**.", starts_at=now - timedelta(hours=1))
    add_announcement(admin, "Nanti", starts_at=now + timedelta(days=1))
    add_announcement(admin, "Selesai", starts_at=now - timedelta(days=5), ends_at=now - timedelta(minutes=1))
    client.login(member)
    home = client.get("/").get_data(as_text=True)
    assert "Nanti" not in home and "Selesai" not in home
    assert home.index("Baru") < home.index("Lama") and "Isi <strong>penting</strong>." in home


def test_an_admin_schedules_an_announcement_in_the_library_time_zone(client, login, admin):
    library = unsaved_library()
    library.timezone = "Asia/Makassar"  # WITA, UTC+8
    db.session.add(library)
    db.session.commit()
    login(admin)
    form = client.get("/admin/announcements/new")
    assert "WITA" in form.get_data(as_text=True) and 'data-preview="/forum/preview"' in form.get_data(as_text=True)
    response = client.submit("/admin/announcements/new", {"title": "Pekan Literasi", "body": "Buka **malam**.",
                                                          "starts_at": "2030-01-10T08:00", "ends_at": "2030-01-17T21:00"})
    assert response.status_code == 302
    announcement = db.session.execute(db.select(Announcement)).scalar_one()
    assert announcement.starts_at == datetime(2030, 1, 10, 0, 0, tzinfo=timezone.utc)
    assert announcement.ends_at == datetime(2030, 1, 17, 13, 0, tzinfo=timezone.utc)
    manage = client.get("/admin/pages")
    assert says(manage, "Scheduled") and "Pekan Literasi" in manage.get_data(as_text=True)
    assert "Pekan Literasi" not in client.get("/").get_data(as_text=True)
    edit = client.get(f"/admin/announcements/{announcement.id}/edit").get_data(as_text=True)
    assert 'value="2030-01-10T08:00"' in edit  # shown back in WITA
    refused = client.submit(f"/admin/announcements/{announcement.id}/edit", {
        "title": "Pekan Literasi", "starts_at": "2030-01-10T08:00", "ends_at": "2030-01-10T07:00"})
    assert refused.status_code == 400 and says(refused, "The end must come after the start.")


def test_announcements_are_sanitised_audited_and_deleted_after_asking(client, login, admin):
    login(admin)
    client.submit("/admin/announcements/new", {"title": "<b>Renovasi</b>", "body": HOSTILE[:1000]})
    announcement = db.session.execute(db.select(Announcement)).scalar_one()
    home = client.get("/").get_data(as_text=True)
    assert executable_parts(home) == [] and "&lt;b&gt;Renovasi&lt;/b&gt;" in home
    assert says(client.get(f"/admin/announcements/{announcement.id}/delete"), "Delete the announcement?")
    client.submit(f"/admin/announcements/{announcement.id}/delete")
    assert db.session.execute(db.select(Announcement)).scalar_one_or_none() is None
    assert db.session.execute(db.select(AuditEntry.action).order_by(AuditEntry.id)).scalars().all() == \
        ["announcement.create", "announcement.delete"]
    assert "Renovasi" not in client.get("/").get_data(as_text=True)


def test_the_staff_area_has_tiles_for_admins(app, login, admin, make_user):
    assert says(login(admin).get("/admin/"), "Pages and announcements")
    moderator = app.test_client()
    moderator.login(make_user("dimas", "moderator"))
    assert not says(moderator.get("/admin/"), "Pages and announcements")


def test_search_finds_published_pages_and_partners_but_never_a_draft(client, login, admin):
    page = add_page(admin, "Cara mengenali hoaks", body="Cek **sumbernya** sebelum meneruskan kabar kilat.")
    add_page(admin, "Rencana Rahasia", body="Kabar kilat untuk staf saja.", published=False)
    add_partner(admin, "Komunitas Kilat", description="Relawan kabar kilat.")
    found = client.get("/search?q=kilat").get_data(as_text=True)
    assert 'href="/p/cara-mengenali-hoaks"' in found and 'href="/partners/komunitas-kilat"' in found
    assert "Rencana Rahasia" not in found
    login(admin)
    client.submit(f"/admin/pages/{page.id}/edit", {"title": page.title, "kind": "service", "body": "kilat",
                                                   "slug": page.slug})  # back to a draft
    assert "mengenali" not in client.application.test_client().get("/search?q=kilat").get_data(as_text=True)
