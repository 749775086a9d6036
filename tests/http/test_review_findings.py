"""Edge cases a review found: each was a real bug before its fix."""
import unicodedata
from io import BytesIO

from PIL import Image

from accounts.models import User
from extensions import db
from library.models import LibraryProfile
from tests.conftest import PASSWORD, says
from tests.http.test_library_profile import profile_form
from tests.http.test_profiles import save_profile


def count_users() -> int:
    return db.session.scalar(db.select(db.func.count(User.id)))


def test_one_mailbox_cannot_register_twice_in_another_unicode_spelling(client):
    composed, decomposed = "ü@contöh.id", unicodedata.normalize("NFD", "ü@contöh.id")
    assert composed != decomposed
    client.submit("/auth/register", {"username": "pertama", "email": composed, "password": "membaca-setiap-hari"})
    client.submit("/auth/logout")
    response = client.submit("/auth/register", {"username": "kedua", "email": decomposed,
                                                "password": "membaca-setiap-hari"})
    assert response.status_code == 400 and count_users() == 1
    assert client.submit("/auth/login", {"username": decomposed, "password": "membaca-setiap-hari"}).status_code == 302


def test_display_names_must_be_visible_and_free_of_direction_tricks(login, member):
    client = login(member)
    for name in ("\u200b", "\u202eanitaR uB", "   "):
        response = save_profile(client, display_name=name)
        assert response.status_code == 400, repr(name)
    assert member.display_name == "Budi Santoso"


def test_a_next_with_a_line_break_goes_home_instead_of_crashing(client, member):
    response = client.submit("/auth/login?next=/x%0Ay", {"username": "budi", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.submit("/language", {"language": "en", "next": "/x\ny"}).headers["Location"] == "/"


def test_changing_the_password_keeps_this_device_remembered(app, client, member):
    client.login(member, remember="y")
    client.submit("/settings/password", {"current_password": PASSWORD, "new_password": "novel-baru-setiap-bulan",
                                         "confirm": "novel-baru-setiap-bulan"})
    reopened = app.test_client()  # the browser restarts: only the remember cookie survives
    reopened.set_cookie("remember_token", client.get_cookie("remember_token").value)
    assert reopened.get("/settings/profile").status_code == 200


def test_staff_find_members_whose_usernames_have_underscores(login, admin, make_user):
    make_user("budi_santoso")
    make_user("budixsantoso")
    page = login(admin).get("/admin/users?q=budi_s").get_data(as_text=True)
    assert "@budi_santoso" in page and "@budixsantoso" not in page


def test_absurd_page_numbers_do_not_crash(login, admin):
    client = login(admin)
    for url in ("/admin/users?page=99999999999999999999999", "/admin/audit?page=-5", "/admin/users?page=x"):
        assert client.get(url).status_code == 200, url


def test_values_with_a_trailing_newline_are_refused(login, admin):
    client = login(admin)
    assert client.submit("/admin/library", profile_form(primary_color="#0f6b5c\n")).status_code == 400
    response = client.submit("/admin/categories/", {"name": "Buku", "slug": "buku\n", "colour": "#0f6b5c\n",
                                                    "position": "0", "who_starts": "members"})
    assert response.status_code == 400


def test_whatsapp_numbers_are_ascii_digits(login, admin):
    response = login(admin).submit("/admin/library", profile_form(whatsapp="٠٨١٢٣٤٥٦٧٨٩"))
    assert response.status_code == 400 and says(response, "Enter a phone number with 8 to 15 digits.")
    assert db.session.get(LibraryProfile, 1) is None


def test_the_cli_checks_the_username_format(app):
    result = app.test_cli_runner().invoke(args=["users", "create", "Bad Name!!", "bad@contoh.id",
                                                "--password", "rak-buku-baru-2026"])
    assert result.exit_code != 0 and count_users() == 0


def test_guessing_at_one_account_is_limited_even_from_a_busy_address(app, client, member, make_user):
    app.config["RATELIMIT_LOGIN_ACCOUNT"] = "3 per minute"
    for _ in range(3):
        client.submit("/auth/login", {"username": "budi", "password": "salah-salah-salah"})
    assert client.login(member).status_code == 429
    assert client.login(make_user("siti")).status_code == 302  # the rest of the building signs in


def test_a_tiny_file_that_decodes_to_a_huge_image_is_refused(login, member):
    big = BytesIO()
    Image.new("1", (6300, 6300)).save(big, "PNG")
    assert len(big.getvalue()) < 200_000
    response = save_profile(login(member), avatar=(BytesIO(big.getvalue()), "bom.png"))
    assert response.status_code == 400
    assert says(response, "The image has too many pixels (at most %(count)d megapixels). Please choose a smaller one.",
                count=16)
    assert member.avatar_path is None
