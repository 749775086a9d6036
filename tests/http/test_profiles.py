"""Profiles: editing one's own, the avatar pipeline, the public page."""
from io import BytesIO

import pytest
from PIL import Image

from accounts.models import User
from extensions import db
from tests.conftest import says


def image_bytes(fmt: str = "PNG", size=(600, 400), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    out = BytesIO()
    if exif:
        meta = Image.Exif()
        meta[0x010F] = "KameraRahasia"   # Make
        meta[0x8825] = {2: (6.0, 58.0, 0.0)}  # a GPS latitude
        image.save(out, fmt, exif=meta.tobytes())
    else:
        image.save(out, fmt)
    return out.getvalue()


def save_profile(client, **fields):
    data = {"display_name": "Budi Santoso", "bio": "", "interests": "", "language": "id", **fields}
    return client.submit("/settings/profile", data, content_type="multipart/form-data")


def test_a_member_edits_their_profile_and_sees_it(login, member):
    client = login(member)
    response = save_profile(client, display_name="Budi S.", bio="Suka **novel sejarah**.",
                            interests="novel,  sejarah , ,sains")
    assert response.status_code == 302 and response.headers["Location"] == "/u/budi"
    page = client.get("/u/budi").get_data(as_text=True)
    assert "Budi S." in page
    assert "<strong>novel sejarah</strong>" in page
    assert [chip in page for chip in ("<li>novel</li>", "<li>sejarah</li>", "<li>sains</li>")] == [True] * 3
    assert member.bio_html == "<p>Suka <strong>novel sejarah</strong>.</p>"  # stored on write


def test_a_bio_cannot_carry_script(login, member):
    client = login(member)
    save_profile(client, bio='<script>alert(1)</script> [klik](javascript:alert(1)) <img src=x onerror=alert(1)>')
    page = client.get("/u/budi").get_data(as_text=True)
    assert "<script>alert" not in page and "javascript:" not in page and "onerror" not in page.lower()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_an_avatar_is_re_encoded_square_and_stripped_of_metadata(app, login, member, fmt):
    client = login(member)
    upload = (BytesIO(image_bytes(fmt, exif=fmt in ("JPEG", "WEBP"))), f"foto.{fmt.lower()}")
    assert save_profile(client, avatar=upload).status_code == 302
    stored = Image.open(f"{app.config['UPLOAD_FOLDER']}/{member.avatar_path}")
    assert (stored.format, stored.size) == ("WEBP", (256, 256))
    assert not stored.getexif() and "exif" not in stored.info and "xmp" not in stored.info
    served = client.get(f"/media/{member.avatar_path}")
    assert served.status_code == 200 and served.mimetype == "image/webp"
    assert f'src="/media/{member.avatar_path}"' in client.get("/u/budi").get_data(as_text=True)


@pytest.mark.parametrize("payload, name, message", [
    (b"<svg onload=alert(1)>", "gambar.png", "This file is not an image we can read. Use JPEG, PNG, WebP or HEIC."),
    (image_bytes("GIF"), "gambar.png", "Only JPEG, PNG, WebP and HEIC images can be uploaded."),
])
def test_a_file_that_is_not_an_allowed_image_changes_nothing(login, member, payload, name, message):
    client = login(member)
    response = save_profile(client, display_name="Nama Baru", avatar=(BytesIO(payload), name))
    assert response.status_code == 400 and says(response, message)
    assert (member.avatar_path, member.display_name) == (None, "Budi Santoso")


def test_an_oversized_avatar_is_refused(login, member):
    client = login(member)
    response = save_profile(client, avatar=(BytesIO(b"\0" * (3 * 1024 * 1024)), "besar.png"))
    assert response.status_code == 400
    assert says(response, "The image is larger than %(size)d MB. Please choose a smaller one.", size=2)
    assert member.avatar_path is None


def test_removing_the_avatar_brings_back_the_initials(app, login, member):
    client = login(member)
    save_profile(client, avatar=(BytesIO(image_bytes()), "foto.png"))
    path = member.avatar_path
    save_profile(client, remove_avatar="y")
    assert member.avatar_path is None
    assert client.get(f"/media/{path}").status_code == 404  # the old file is gone too
    assert 'avatar-initials' in client.get("/u/budi").get_data(as_text=True)
    assert ">BS<" in client.get("/u/budi").get_data(as_text=True)


def test_over_long_profile_fields_are_refused(login, member):
    client = login(member)
    response = save_profile(client, display_name="x" * 61, bio="y" * 2001)
    assert response.status_code == 400
    assert says(response, "At most %(max)d characters.", max=60)
    assert says(response, "At most %(max)d characters.", max=2000)
    assert member.display_name == "Budi Santoso"


def test_profiles_of_unknown_members_are_a_translated_404(client):
    response = client.get("/u/tidak-ada")
    assert response.status_code == 404 and says(response, "Page not found")


def test_editing_a_profile_needs_a_signed_in_member(client):
    response = client.get("/settings/profile")
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")


def test_the_chosen_language_is_kept_with_the_account(app, login, member):
    client = login(member)
    save_profile(client, language="en")
    assert db.session.get(User, member.id).language == "en"
    other_device = app.test_client()
    other_device.login(member)
    assert says(other_device.get("/"), "Sign out", locale="en")
    assert 'lang="en"' in other_device.get("/").get_data(as_text=True)
