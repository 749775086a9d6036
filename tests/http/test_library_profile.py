"""The library profile: an admin edits it and every page shows it."""
from io import BytesIO

from library.models import LibraryProfile
from extensions import db
from tests.conftest import says
from tests.http.test_profiles import image_bytes

HOURS = {f"opening_hours-{day}-{part}": value for day in range(7)
         for part, value in (("opens", "09:00"), ("closes", "17:00"))}


def profile_form(**fields):
    return {"name": "Perpustakaan Kota Batu Hijau", "tagline": "Baca, diskusi, berkarya.",
            "description": "Buka untuk **semua** warga.", "address": "Jl. Sudirman 1", "phone": "0778-123",
            "email": "halo@batuhijau.example", "website": "", "whatsapp": "0812 3456 7890",
            "instagram": "https://instagram.com/batuhijau", "facebook": "", "x": "", "youtube": "",
            "primary_color": "#7a1f5c", "accent_color": "#ffd166", "timezone": "Asia/Makassar",
            **HOURS, "opening_hours-6-closed": "y", **fields}


def test_an_admin_edits_the_profile_and_every_page_shows_it(login, admin):
    client = login(admin)
    response = client.submit("/admin/library", profile_form())
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Perpustakaan Kota Batu Hijau" in home and "Baca, diskusi, berkarya." in home
    assert "<strong>semua</strong>" in home
    assert "https://wa.me/6281234567890" in home
    assert "https://instagram.com/batuhijau" in home
    assert "09.00–17.00" in home  # written as Indonesian writes every time (issue 17)
    forum = client.get("/forum/").get_data(as_text=True)
    assert "<title>Forum · Perpustakaan Kota Batu Hijau</title>" in forum
    css = client.get("/library.css")
    assert "--brand:#7a1f5c" in css.get_data(as_text=True) and css.mimetype == "text/css"
    profile = db.session.get(LibraryProfile, 1)
    assert profile.opening_hours[6] == {"closed": True, "opens": "", "closes": ""}
    assert profile.timezone == "Asia/Makassar"


def test_the_logo_is_uploaded_and_shown_in_the_header(login, admin):
    client = login(admin)
    client.submit("/admin/library", profile_form(logo=(BytesIO(image_bytes(size=(1200, 300))), "logo.png")),
                  content_type="multipart/form-data")
    profile = db.session.get(LibraryProfile, 1)
    assert profile.logo_path and f'src="/media/{profile.logo_path}"' in client.get("/").get_data(as_text=True)


def test_light_brand_colours_are_darkened_for_readable_text(login, admin):
    client = login(admin)
    client.submit("/admin/library", profile_form(primary_color="#ffee88"))
    css = client.get("/library.css").get_data(as_text=True)
    assert "--brand:#ffee88" in css and "--on-brand:#1b1b1f" in css and "--brand-ink:#ffee88" not in css


def test_bad_input_is_explained_and_changes_nothing(login, admin):
    client = login(admin)
    client.submit("/admin/library", profile_form())
    cases = [
        ({"primary_color": "red;}body{display:none"}, "Choose a colour as #rrggbb, for example #0f6b5c."),
        ({"instagram": "javascript:alert(1)"}, "Enter a full web address starting with https://"),
        ({"website": "not a url"}, "Enter a full web address starting with https://"),
        ({"whatsapp": "12ab"}, "Enter a phone number with 8 to 15 digits."),
        ({"name": ""}, "This field is required."),
        ({"name": "x" * 121}, "At most %(max)d characters."),
        ({"opening_hours-0-opens": "18:00"}, "Closing time must be after opening time."),
        ({"opening_hours-1-opens": ""}, "Give both opening and closing times, or tick Closed."),
        ({"timezone": "Europe/Paris"}, "Not a valid choice."),
    ]
    for fields, message in cases:
        response = client.submit("/admin/library", profile_form(**fields))
        assert response.status_code == 400, fields
        assert says(response, message, max=120), fields
    profile = db.session.get(LibraryProfile, 1)
    assert (profile.name, profile.primary_color, profile.instagram) == (
        "Perpustakaan Kota Batu Hijau", "#7a1f5c", "https://instagram.com/batuhijau")


def test_times_are_shown_in_the_library_time_zone(login, admin, member):
    from datetime import datetime, timezone
    member.created_at = datetime(2026, 3, 1, 20, 30, tzinfo=timezone.utc)
    db.session.commit()
    client = login(admin)
    assert "2 Maret 2026 03.30 WIB" in client.get("/admin/users/budi").get_data(as_text=True)
    client.submit("/admin/library", profile_form(timezone="Asia/Jayapura"))
    assert "2 Maret 2026 05.30 WIT" in client.get("/admin/users/budi").get_data(as_text=True)


def test_the_home_page_marks_today_in_the_opening_hours(client):
    from datetime import timedelta

    from core.timeutil import utcnow
    from flask_babel import force_locale

    from core.i18n import weekday_name

    page = client.get("/").get_data(as_text=True)
    assert page.count('<tr class="today">') == 1
    with force_locale("id"):
        today = weekday_name((utcnow() + timedelta(hours=7)).weekday())  # WIB is UTC+7
    assert f'<tr class="today">\n      <th scope="row">{today}</th>' in page
