"""The site's icons (issue 17): /favicon.ico answers, every page links an icon, and the icons are drawn from
the library's logo, or from its initials and colours when it has none; cached, and redrawn when they change."""
from io import BytesIO

import pytest
from PIL import Image

from extensions import db
from library import icons
from library.models import LibraryProfile
from tests.http.test_library_profile import profile_form
from tests.http.test_profiles import image_bytes


def picture(response) -> Image.Image:
    return Image.open(BytesIO(response.data)).convert("RGB")


def near(colour, expected) -> bool:
    """The stored logo is re-encoded (WebP): its colours come back within a few steps."""
    return all(abs(a - b) <= 6 for a, b in zip(colour, expected))


@pytest.mark.parametrize("path", ["/", "/forum/", "/events/", "/auth/login", "/search"])
def test_every_page_links_its_icons_and_they_answer(client, path):
    page = client.get(path).get_data(as_text=True)
    for link in ('rel="icon" href="', 'rel="apple-touch-icon" href="'):
        address = page.split(link)[1].split('"')[0]
        assert address.startswith("/icons/")
        response = client.get(address)
        assert response.status_code == 200 and response.mimetype == "image/png"
        assert response.cache_control.max_age == 31536000  # the address names the profile's version


def test_favicon_ico_answers_and_is_revalidated(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/vnd.microsoft.icon"
    assert Image.open(BytesIO(response.data)).format == "ICO"
    assert response.cache_control.public and response.cache_control.max_age == 86400
    again = client.get("/favicon.ico", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_without_a_logo_the_icon_shows_the_initials_on_the_library_colours(login, admin):
    client = login(admin)
    client.submit("/admin/library", profile_form(name="Perpustakaan Kota Batu Hijau", primary_color="#7a1f5c"))
    assert icons.initials("Perpustakaan Kota Batu Hijau") == "KB"
    icon = picture(client.get("/icons/192.png?v=1"))
    assert icon.size == (192, 192)
    assert icon.getpixel((8, 8)) == (0x7a, 0x1f, 0x5c)  # the library's colour
    white = sum(count for count, colour in icon.getcolors(192 * 192) if colour == (255, 255, 255))
    assert white > 192 * 192 // 20  # the letters, in white
    assert icon.getpixel((96, 190)) == (0xff, 0xd1, 0x66)  # the accent band


def test_with_a_logo_the_icons_show_it_and_change_with_it(login, admin):
    client = login(admin)
    before = client.get("/icons/512.png?v=1").data
    client.submit("/admin/library", profile_form(logo=(BytesIO(image_bytes(size=(400, 200))), "logo.png")),
                  content_type="multipart/form-data")
    version = db.session.get(LibraryProfile, 1).version
    assert f"/icons/32.png?v={version}" in client.get("/").get_data(as_text=True)
    icon = picture(client.get(f"/icons/512.png?v={version}"))
    assert client.get(f"/icons/512.png?v={version}").data != before
    assert near(icon.getpixel((256, 256)), (200, 120, 40))  # the (orange) logo, centred
    assert icon.getpixel((4, 4)) == (255, 255, 255)  # on white
    assert near(picture(client.get("/favicon.ico")).getpixel((24, 24)), (200, 120, 40))


def test_icons_come_at_the_sizes_asked_and_no_others(client):
    assert client.get("/icons/33.png").status_code == 404  # each size is drawn once per process: a few only
    library = db.session.get(LibraryProfile, 1) or LibraryProfile(name="Perpustakaan Kota", primary_color="#0f6b5c",
                                                                   accent_color="#e0a526")
    for size in (64, 192, 512):
        assert Image.open(BytesIO(icons.png(library, size))).size == (size, size)
