"""The partner directory: staff add partners (with a logo, a website and a Markdown description); events and
reading groups choose theirs on their forms; a partner's page lists its events and groups and never shows a
private group, or its events, to anyone outside it."""
import re
from datetime import timedelta
from io import BytesIO

import pytest

from core.audit import AuditEntry
from events.models import Event
from extensions import db
from groups.models import ReadingGroup
from partners.models import Partner
from tests.conftest import says
from tests.event_factory import at, form, new_event
from tests.group_helpers import add_member, make_group
from tests.http.test_profiles import image_bytes
from tests.pages_helpers import add_partner
from tests.security.test_stored_xss import executable_parts


def test_an_admin_adds_a_partner_with_a_logo(client, login, admin):
    login(admin)
    response = client.submit("/partners/new", {
        "name": "Sanggar Tari Merak", "kind": "art_group", "website": "https://sanggar.contoh.id",
        "description": "Latihan **tari** setiap Sabtu. <script>alert(1)</script>",
        "logo": (BytesIO(image_bytes(size=(900, 300))), "logo.png")}, content_type="multipart/form-data")
    assert response.status_code == 302 and response.headers["Location"] == "/partners/sanggar-tari-merak"
    partner = db.session.execute(db.select(Partner)).scalar_one()
    assert partner.logo_path.startswith("partners/") and partner.logo_path.endswith(".webp")
    assert db.session.execute(db.select(AuditEntry.action)).scalars().all() == ["partner.create"]
    page = client.application.test_client().get("/partners/sanggar-tari-merak")
    html = page.get_data(as_text=True)
    assert "<strong>tari</strong>" in html and executable_parts(html) == []
    assert 'href="https://sanggar.contoh.id"' in html and f"/media/{partner.logo_path}" in html
    assert says(page, "Art group")


@pytest.mark.parametrize("data, field_message", [
    ({"name": "komunitas  BACA"}, "“%(name)s” is already in the directory."),
    ({"name": "Lain", "website": "javascript:alert(1)"}, "Enter a full link starting with https://"),
    ({"name": "Lain", "slug": "Tidak Boleh"}, "Use lowercase letters, digits and hyphens only, e.g. pinjam-e-book."),
])
def test_a_partner_is_refused_with_the_reason(client, login, admin, data, field_message):
    add_partner(admin, "Komunitas Baca")
    login(admin)
    response = client.submit("/partners/new", {"kind": "community", **data})
    assert response.status_code == 400 and says(response, field_message, name="Komunitas Baca")
    assert db.session.scalar(db.select(db.func.count(Partner.id))) == 1


def test_the_directory_filters_by_kind(client, admin):
    add_partner(admin, "SMPN 1 Tanjung Sari", "school")
    add_partner(admin, "SD Negeri 3", "school")
    add_partner(admin, "Komunitas Baca", "community")
    everyone = client.get("/partners/").get_data(as_text=True)
    assert all(name in everyone for name in ("SMPN 1 Tanjung Sari", "SD Negeri 3", "Komunitas Baca"))
    schools = client.get("/partners/?kind=school")
    assert "SD Negeri 3" in schools.get_data(as_text=True) and "Komunitas Baca" not in schools.get_data(as_text=True)
    assert 'aria-current="page"' in schools.get_data(as_text=True) and says(schools, "Schools")
    assert client.get("/partners/?kind=bukan").status_code == 200  # an unknown kind shows everyone
    assert 'href="/partners/"' in client.get("/").get_data(as_text=True)  # the footer links to the directory


def test_a_host_chooses_an_events_partners_on_its_form(client, login, admin, host):
    komunitas, sekolah = add_partner(admin, "Komunitas Baca"), add_partner(admin, "SMPN 1", "school")
    login(host)
    page = client.get("/events/new").get_data(as_text=True)
    assert f'value="{komunitas.id}"' in page and 'type="checkbox"' in page
    unknown = client.submit("/events/new", form(partners=[komunitas.id, 9999]))
    assert unknown.status_code == 400 and says(unknown, "Choose partners from the directory.")
    assert db.session.execute(db.select(Event)).scalar_one_or_none() is None
    created = client.submit("/events/new", form(partners=[komunitas.id]))
    event = db.session.execute(db.select(Event)).scalar_one()
    assert event.partners == [komunitas]
    shown = client.get(created.headers["Location"]).get_data(as_text=True)
    assert f'href="/partners/{komunitas.slug}"' in shown
    edit = client.get(f"/events/{event.id}/edit").get_data(as_text=True)
    assert re.search(rf'<input checked[^>]*value="{komunitas.id}"', edit)
    assert client.submit(f"/events/{event.id}/edit", form(title=event.title, hosts="sari", partners=[sekolah.id])).status_code == 302
    assert db.session.get(Event, event.id).partners == [sekolah]
    client.submit(f"/events/{event.id}/edit", form(title=event.title, hosts="sari"))  # none ticked: none left
    assert db.session.get(Event, event.id).partners == []


def test_a_facilitator_chooses_a_groups_partners(client, login, admin, host):
    sekolah = add_partner(admin, "SMPN 1 Tanjung Sari", "school")
    login(host)
    assert f'value="{sekolah.id}"' in client.get("/groups/new").get_data(as_text=True)
    response = client.submit("/groups/new", {"name": "Klub Baca Siswa", "visibility": "public",
                                             "partners": [sekolah.id]})
    group = db.session.execute(db.select(ReadingGroup)).scalar_one()
    assert group.partners == [sekolah]
    assert f'href="/partners/{sekolah.slug}"' in client.get(response.headers["Location"]).get_data(as_text=True)
    client.submit(f"/groups/{group.slug}/edit", {"name": "Klub Baca Siswa", "visibility": "public"})
    assert db.session.get(ReadingGroup, group.id).partners == []


@pytest.fixture
def partnered(admin, host, member, make_user):
    """A partner with a public group and a private one (`member` belongs to it), an upcoming and a past public
    event, and an upcoming event of the private group."""
    partner = add_partner(admin, "Komunitas Baca")
    other = add_partner(admin, "Sanggar Lain", "art_group")
    public = make_group(host, "Klub Terbuka")
    hidden = make_group(host, "Klub Rahasia", visibility="private")
    add_member(hidden, member)
    for group in (public, hidden):
        group.partners = [partner]
    db.session.commit()
    soon = new_event(host, "Bedah Buku Bersama", partners=[partner.id])
    past = at(new_event(host, "Lokakarya Lalu", partners=[partner.id]), timedelta(days=-3))
    secret = new_event(host, "Pertemuan Rahasia", partners=[partner.id], group=hidden.slug)
    elsewhere = new_event(host, "Acara Mitra Lain", partners=[other.id])
    return {"partner": partner, "soon": soon, "past": past, "secret": secret, "elsewhere": elsewhere}


@pytest.mark.parametrize("who, sees_private", [("guest", False), ("outsider", False), ("member", True),
                                               ("moderator", True)])
def test_a_partners_page_lists_its_events_and_groups_but_private_ones_only_to_insiders(
        app, partnered, member, make_user, who, sees_private):
    client = app.test_client()
    if who != "guest":
        client.login({"outsider": make_user("luar"), "member": member,
                      "moderator": make_user("dimas", "moderator")}[who])
    page = client.get(f"/partners/{partnered['partner'].slug}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Bedah Buku Bersama" in html and "Lokakarya Lalu" in html and "Klub Terbuka" in html
    assert html.index("Bedah Buku Bersama") < html.index("Lokakarya Lalu")  # upcoming first, then past
    assert "Acara Mitra Lain" not in html
    assert ("Klub Rahasia" in html) is sees_private and ("Pertemuan Rahasia" in html) is sees_private


def test_removing_a_partner_asks_first_and_keeps_the_events(client, login, admin, host):
    partner = add_partner(admin, "Komunitas Baca")
    event = new_event(host, partners=[partner.id])
    group = make_group(host)
    group.partners = [partner]
    db.session.commit()
    login(admin)
    confirm = client.get(f"/partners/{partner.slug}/delete")
    assert says(confirm, "Remove the partner?")
    assert "1" in confirm.get_data(as_text=True)
    assert client.post(f"/partners/{partner.slug}/delete").status_code == 400  # no CSRF token
    assert client.submit(f"/partners/{partner.slug}/delete").headers["Location"] == "/partners/"
    assert db.session.scalar(db.select(db.func.count(Partner.id))) == 0
    assert db.session.get(Event, event.id).partners == [] and db.session.get(ReadingGroup, group.id).partners == []
    assert db.session.execute(db.select(AuditEntry.action).where(AuditEntry.actor_id == admin.id)
                              .order_by(AuditEntry.id)).scalars().all() == ["partner.create", "partner.delete"]
    assert client.get(f"/events/{event.id}").status_code == 200


def test_the_directory_and_a_partners_page_cost_the_same_with_more_rows(app, client, admin, host):
    from tests.http.test_forum import count_queries

    partner = add_partner(admin, "Komunitas Baca")
    new_event(host, "Acara 0", partners=[partner.id])
    make_group(host, "Klub 0").partners = [partner]
    db.session.commit()
    few = {url: count_queries(app, client, url) for url in ("/partners/", f"/partners/{partner.slug}", "/pages/")}
    for number in range(1, 5):
        add_partner(admin, f"Mitra {number}", "school")
        at(new_event(host, f"Acara {number}", partners=[partner.id]), timedelta(days=-number))
        make_group(host, f"Klub {number}").partners = [partner]
        db.session.commit()
    assert {url: count_queries(app, client, url) for url in few} == few
