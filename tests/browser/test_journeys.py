"""The journeys issue #2 names (each page checked at 360 and 1280 px)."""
from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import expect

from extensions import db
from library.models import LibraryProfile
from tests.conftest import PASSWORD


def text(message: str, locale: str = "id", **params) -> str:
    from flask_babel import force_locale, gettext

    with force_locale(locale):
        return gettext(message, **params)


def photo(tmp_path) -> str:
    path = tmp_path / "foto-profil.jpg"
    Image.new("RGB", (800, 600), (30, 90, 160)).save(path, "JPEG")
    return str(path)


@pytest.mark.each_width
def test_a_newcomer_registers_signs_in_switches_language_edits_profile_and_signs_out(site, tmp_path):
    page = site.page
    site.open("/", "home-guest")
    page.get_by_role("link", name=text("Join the community")).click()
    site.check("register")
    page.fill("#username", "rina.pembaca")
    page.fill("#email", "rina@contoh.id")
    page.fill("#password", "ayo-membaca-buku")
    page.get_by_role("button", name=text("Create account")).click()
    expect(page.locator("h1")).to_have_text(text("Edit profile"))

    page.goto(site.base_url + "/auth/logout")
    site.check("logout")
    page.get_by_role("button", name=text("Sign out")).click()
    expect(page.get_by_role("link", name=text("Sign in")).first).to_be_visible()

    page.goto(site.base_url + "/auth/login")
    site.check("login")
    page.fill("#username", "RINA@contoh.id")
    page.fill("#password", "ayo-membaca-buku")
    page.get_by_label(text("Remember me on this device")).check()
    page.get_by_role("button", name=text("Sign in")).click()
    expect(page.locator(".flash-success")).to_have_text(text("You are signed in."))

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Events")).to_be_visible()
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")

    page.goto(site.base_url + "/settings/profile")
    site.check("edit-profile")
    page.fill("#display_name", "Rina Pembaca")
    page.fill("#bio", "Penggemar **novel detektif** dan puisi.")
    page.fill("#interests", "novel, puisi")
    page.set_input_files("#avatar", photo(tmp_path))
    page.get_by_role("button", name=text("Save profile")).click()
    expect(page).to_have_url(site.base_url + "/u/rina.pembaca")
    expect(page.locator("h1")).to_have_text("Rina Pembaca")
    expect(page.locator(".prose strong")).to_have_text("novel detektif")
    avatar = page.locator(".profile-head img.avatar")
    expect(avatar).to_have_js_property("naturalWidth", 256)  # loaded, at the size the upload was resized to
    site.check("profile")

    page.goto(site.base_url + "/auth/logout")
    page.get_by_role("button", name=text("Sign out")).click()
    expect(page.get_by_role("link", name=text("Sign in")).first).to_be_visible()
    assert "remember_token" not in {cookie["name"] for cookie in page.context.cookies()}


def test_a_bad_sign_up_is_explained_next_to_the_field(site, member):
    page = site.page
    site.open("/auth/register", "register")
    page.fill("#username", "budi")
    page.fill("#email", "budi-lain@contoh.id")
    page.fill("#password", "pendek")
    page.get_by_role("button", name=text("Create account")).click()
    expect(page.locator("#username-error")).to_have_text(text("This username is already taken."))
    expect(page.locator("#password-error")).to_contain_text(text("A password needs at least %(count)d characters.",
                                                                 count=10))
    expect(page.locator("#username")).to_have_attribute("aria-invalid", "true")
    site.check("register-errors")


def test_an_admin_edits_the_library_profile_and_the_home_page_shows_it(site, admin, tmp_path):
    page = site.page
    page.goto(site.base_url + "/auth/login")
    page.fill("#username", admin.username)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name=text("Sign in")).click()

    page.get_by_role("link", name=text("Staff")).click()
    site.check("staff")
    page.get_by_role("link", name=text("Library profile")).click()
    site.check("library-edit")
    page.fill("#name", "Perpustakaan Kota Batu Hijau")
    page.fill("#tagline", "Membaca mengubah dunia.")
    page.fill("#description", "Selamat datang di **rumah baca** warga.")
    page.fill("#address", "Jl. Engku Putri No. 1, Batam")
    page.fill("#whatsapp", "0812 7777 8888")
    page.locator("#primary_color").fill("#7a1f5c")
    logo = tmp_path / "logo.png"
    Image.new("RGB", (600, 200), (122, 31, 92)).save(logo)
    page.set_input_files("#logo", str(logo))
    page.fill("#opening_hours-5-closes", "14:00")
    page.get_by_role("button", name=text("Save library profile")).click()

    expect(page).to_have_url(site.base_url + "/")
    expect(page.locator("h1")).to_have_text("Perpustakaan Kota Batu Hijau")
    expect(page.locator(".brand-name")).to_have_text("Perpustakaan Kota Batu Hijau")
    expect(page.locator(".tagline")).to_have_text("Membaca mengubah dunia.")
    expect(page.locator(".prose strong")).to_have_text("rumah baca")
    expect(page.locator(".site-footer")).to_contain_text("Jl. Engku Putri No. 1, Batam")
    expect(page.locator(".home-side")).to_contain_text("08.00–14.00")  # as Indonesian writes every time
    header = page.locator(".site-header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert header == "rgb(122, 31, 92)"
    expect(page.locator(".brand-logo")).to_be_visible()
    site.check("home-after-edit")
    assert db.session.get(LibraryProfile, 1).whatsapp == "6281277778888"
