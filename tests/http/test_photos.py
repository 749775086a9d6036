"""Photos in posts: the pipeline (metadata gone, sizes, limits checked before decoding), the form with and
without JavaScript, who may see a photo, and unused uploads collected."""
import os
import re
import struct
import zlib
from datetime import timedelta
from io import BytesIO

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from core import photos
from core.photo_models import Photo
from extensions import db
from forum import actions
from forum.models import Post
from groups import actions as group_actions
from tests.conftest import says
from tests.group_helpers import add_member, make_group
from tests.http.test_forum import category, thread  # noqa: F401  (fixtures)


def jpeg_with_gps(size=(2000, 1500), orientation=6) -> bytes:
    """A phone photo as phones make them: EXIF with GPS, camera and orientation, an XMP packet, a comment."""
    image = Image.new("RGB", size, (200, 120, 40))
    image.paste((30, 90, 160), (0, 0, size[0] // 2, size[1] // 3))
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    exif[0x0112] = orientation
    exif[0x8825] = {1: "S", 2: (6.0, 58.0, 12.0), 3: "E", 4: (110.0, 25.0, 0.0)}  # GPS: Semarang
    out = BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"RumahSaya", quality=80,
               xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>LokasiRahasia</rdf:Description></x:xmpmeta>')
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims width × height pixels in 60 bytes (nothing behind the header is ever decoded)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b""))


def plain(message: str, **params) -> str:
    from flask_babel import force_locale, gettext

    with force_locale("id"):
        return gettext(message, **params)


def a_gif() -> bytes:
    out = BytesIO()
    Image.new("RGB", (40, 30)).save(out, "GIF")
    return out.getvalue()


def stored_files(app) -> list[str]:
    return [name for _, _, names in os.walk(app.config["PHOTO_FOLDER"]) for name in names]


def upload(user, data: bytes, name="foto.jpg") -> Photo:
    return photos.store(FileStorage(BytesIO(data), filename=name, name="photos"), user)


def photo_urls(html: str) -> list[str]:
    return re.findall(r'/photos/[A-Za-z0-9_-]{22}-\d+\.webp', html)


def test_a_reply_with_a_phone_photo_keeps_no_metadata_in_any_size(app, login, member, thread):
    client = login(member)
    first = client.submit(f"/forum/t/{thread.id}/reply", {"body": "Foto kegiatan kemarin.",
                                                            "photos": (BytesIO(jpeg_with_gps()), "IMG_0001.jpg")},
                          content_type="multipart/form-data")
    # Without JavaScript the photo is uploaded with the form, which comes back asking for its description
    assert first.status_code == 400 and says(first, "Describe each photo in a few words (for readers who cannot "
                                                    "see it), then send again.")
    photo = db.session.execute(db.select(Photo)).scalar_one()
    assert f'name="alt-{photo.key}"' in first.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count(Post.id))).scalar() == 1  # nothing posted yet

    sent = client.submit(f"/forum/t/{thread.id}/reply", {"body": "Foto kegiatan kemarin.", "photo": photo.key,
                                                         f"alt-{photo.key}": "Anak-anak membaca [di] taman"},
                         content_type="multipart/form-data")
    assert sent.status_code == 302
    post = db.session.execute(db.select(Post).where(Post.number == 2)).scalar_one()
    assert post.body_md.endswith(f"![Anak-anak membaca (di) taman](upload:{photo.key})")
    assert (photo.owner_kind, photo.owner_id) == ("post", post.id)
    # Turned upright by its EXIF orientation (6: the phone was held upright), never enlarged
    assert photo.stored_widths == [480, 960, 1500] and (photo.width, photo.height) == (1500, 2000)

    page = app.test_client().get(f"/forum/t/{thread.id}").get_data(as_text=True)
    image = re.search(r"<img [^>]*srcset[^>]*>", page).group(0)
    for attribute in ('alt="Anak-anak membaca (di) taman"', 'width="1500"', 'height="2000"', 'loading="lazy"',
                      f"/photos/{photo.key}-480.webp 480w", f"/photos/{photo.key}-1500.webp 1500w", "sizes="):
        assert attribute in image
    assert f'<a href="/photos/{photo.key}-1500.webp"' in page  # opens large

    for width in photo.stored_widths:
        served = app.test_client().get(f"/photos/{photo.key}-{width}.webp")
        assert served.status_code == 200 and served.mimetype == "image/webp"
        assert "private" in served.headers["Cache-Control"] and served.headers["Content-Security-Policy"] == "default-src 'none'"
        data = served.get_data()
        stored = Image.open(BytesIO(data))
        assert stored.format == "WEBP" and stored.width == width and stored.height == round(2000 * width / 1500)
        assert not stored.getexif() and not {"exif", "xmp", "icc_profile", "comment"} & set(stored.info)
        for trace in (b"EXIF", b"XMP", b"ICCP", b"KameraRahasia", b"RumahSaya", b"LokasiRahasia"):
            assert trace not in data
        assert stored.getpixel((5, 5))[2] < 100  # upright: the blue block went from the top left to the top right


def test_an_upload_without_javascript_is_shown_as_the_member_left_it(login, member, thread):
    client = login(member)
    photo = upload(member, jpeg_with_gps((800, 600), 1))
    page = client.submit(f"/forum/t/{thread.id}/reply", {"body": "", "photo": photo.key,
                                                         f"alt-{photo.key}": "Rak buku baru"},
                         content_type="multipart/form-data")
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and 'value="Rak buku baru"' in html and f"/photos/{photo.key}-480.webp" in html


PHOTO_REFUSALS = [
    (png_header(30_000, 30_000), "besar.png", "The image has too many pixels (at most %(count)d megapixels). Please "
                                              "choose a smaller one."),
    (png_header(7_000, 6_000), "besar.png", "The image has too many pixels (at most %(count)d megapixels). Please "
                                            "choose a smaller one."),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "gambar.svg",
     "This file is not an image we can read. Use JPEG, PNG, WebP or HEIC."),
    (b"<html><script>alert(1)</script></html>" * 10, "foto.jpg",
     "This file is not an image we can read. Use JPEG, PNG, WebP or HEIC."),
    (a_gif(), "foto.jpg", "Only JPEG, PNG, WebP and HEIC images can be uploaded."),
    (b"\xff\xd8\xff\xe0" + b"\0" * (11 * 2**20), "besar.jpg",
     "The image is larger than %(size)d MB. Please choose a smaller one."),
]


@pytest.mark.parametrize("data, name, message", PHOTO_REFUSALS, ids=["30k-square", "42-megapixels", "svg",
                                                                     "html-named-jpg", "gif-named-jpg", "11-mb"])
def test_what_is_not_a_photo_we_take_is_refused_and_nothing_is_stored(app, login, member, thread, data, name,
                                                                      message):
    client = login(member)
    response = client.submit(f"/forum/t/{thread.id}/reply", {"body": "Lihat ini",
                                                             "photos": (BytesIO(data), name, "image/jpeg")},
                             content_type="multipart/form-data")
    assert response.status_code == 400 and says(response, message, size=10, count=40)
    assert db.session.execute(db.select(db.func.count(Photo.id))).scalar() == 0 and not stored_files(app)
    assert db.session.execute(db.select(db.func.count(Post.id))).scalar() == 1
    dropped = client.post("/photos", data={"photo": (BytesIO(data), name)}, content_type="multipart/form-data",
                          headers={"X-CSRFToken": client.csrf_token()})
    assert dropped.status_code == 400 and dropped.get_json()["error"] == f"{name}: {plain(message, size=10, count=40)}"
    assert not stored_files(app)


def test_a_dropped_photo_is_seen_by_its_uploader_only_until_it_is_posted(app, login, member, make_user, thread):
    client = login(member)
    dropped = client.post("/photos", data={"photo": (BytesIO(jpeg_with_gps((640, 480), 1)), "tempel.png")},
                          content_type="multipart/form-data", headers={"X-CSRFToken": client.csrf_token()})
    key = dropped.get_json()["key"]
    assert dropped.get_json()["thumbnail"] == f"/photos/{key}-480.webp"
    assert client.get(f"/photos/{key}-640.webp").status_code == 200
    assert app.test_client().get(f"/photos/{key}-640.webp").status_code == 404
    assert app.test_client().get(f"/photos/{key}-9999.webp").status_code == 404
    other = make_user("wati")
    stolen = app.test_client()
    stolen.login(other)
    refused = stolen.submit(f"/forum/t/{thread.id}/reply", {"body": f"![punyaku](upload:{key})"})
    assert refused.status_code == 400 and says(refused, "A photo in this text no longer exists. Remove its line "
                                                        "(upload:…) and add the photo again.")
    assert stolen.get(f"/photos/{key}-640.webp").status_code == 404


def test_a_photo_needs_a_description_and_a_text_at_most_six(app, login, member, thread):
    client = login(member)
    keys = [upload(member, jpeg_with_gps((500, 400), 1)).key for _ in range(7)]
    bare = client.submit(f"/forum/t/{thread.id}/reply", {"body": f"Lihat ![ ](upload:{keys[0]})"})
    assert bare.status_code == 400 and says(bare, "Each photo needs a short description: write it between the "
                                                  "brackets of ![…](upload:…).")
    many = client.submit(f"/forum/t/{thread.id}/reply", {"body": "\n\n".join(f"![foto](upload:{key})" for key in keys)})
    assert many.status_code == 400 and says(many, "At most %(count)d photos in one text.", count=6)
    assert db.session.execute(db.select(db.func.count(Post.id))).scalar() == 1


def test_a_private_groups_photo_is_not_found_by_guests_and_outsiders(app, host, member, make_user):
    group = make_group(host, visibility="private")
    add_member(group, member)
    photo = upload(member, jpeg_with_gps((600, 400), 1))
    actions.create_thread(member, group_actions.group_category(group), "Foto pertemuan",
                          f"Kami bertemu.\n\n![Peserta klub](upload:{photo.key})")
    address = f"/photos/{photo.key}-480.webp"
    outsider = app.test_client()
    outsider.login(make_user("wati"))
    insider = app.test_client()
    insider.login(host)
    assert app.test_client().get(address).status_code == 404 and outsider.get(address).status_code == 404
    assert insider.get(address).status_code == 200


def test_a_hidden_posts_photos_are_hidden_and_a_deleted_posts_are_gone(app, login, member, moderator, make_user,
                                                                       thread):
    photo = upload(member, jpeg_with_gps((600, 400), 1))
    post = actions.reply(member, thread, f"Foto.\n\n![Pameran buku](upload:{photo.key})")
    address = f"/photos/{photo.key}-480.webp"
    reader = app.test_client()
    reader.login(make_user("wati"))
    assert reader.get(address).status_code == 200
    actions.flag_post(make_user("joko"), post, "spam", "")
    actions.resolve_flags(moderator, post, "hide")
    staff = app.test_client()
    staff.login(moderator)
    assert reader.get(address).status_code == 404 and app.test_client().get(address).status_code == 404
    assert staff.get(address).status_code == 200 and login(member).get(address).status_code == 200
    photo_id = photo.id
    actions.delete_post(moderator, post)
    assert staff.get(address).status_code == 404 and not stored_files(app)
    assert db.session.get(Photo, photo_id) is None


def test_a_photo_taken_out_of_a_post_by_an_edit_is_deleted(app, login, member, thread):
    kept, dropped = upload(member, jpeg_with_gps((600, 400), 1)), upload(member, jpeg_with_gps((600, 400), 1))
    dropped_id = dropped.id
    post = actions.reply(member, thread, f"![Satu](upload:{kept.key})\n\n![Dua](upload:{dropped.key})")
    client = login(member)
    response = client.submit(f"/forum/p/{post.id}/edit", {"body": f"![Satu saja](upload:{kept.key})"})
    assert response.status_code == 302
    assert db.session.get(Photo, dropped_id) is None and db.session.get(Photo, kept.id) is not None
    assert sorted(stored_files(app)) == sorted(f"{kept.key}-{width}.webp" for width in kept.stored_widths)


def test_unused_uploads_are_collected_after_a_day(app, member, thread):
    old, fresh, posted = (upload(member, jpeg_with_gps((500, 400), 1)) for _ in range(3))
    actions.reply(member, thread, f"![Lama tapi dipakai](upload:{posted.key})")
    for photo in (old, posted):
        photo.created_at -= timedelta(days=1, minutes=1)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["media", "collect"])
    assert "1 unused photo(s) deleted." in result.output
    assert [photo.key for photo in db.session.execute(db.select(Photo).order_by(Photo.id)).scalars()] \
        == [fresh.key, posted.key]
    assert not any(name.startswith(old.key) for name in stored_files(app))


def test_sizes_are_never_wider_than_the_photo():
    assert [photos.widths_for(width) for width in (4000, 1600, 1000, 480, 300)] == [
        [480, 960, 1600], [480, 960, 1600], [480, 960, 1000], [480], [300]]


def test_heic_from_a_phone_is_taken(app, member):
    import pillow_heif

    out = BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (640, 480), (10, 120, 60))).save(out, quality=60)
    photo = upload(member, out.getvalue(), "IMG_0002.HEIC")
    assert photo.stored_widths == [480, 640]


def test_images_from_other_sites_become_links_and_the_csp_allows_only_our_own(app, login, member, thread):
    client = login(member)
    client.submit(f"/forum/t/{thread.id}/reply", {"body": "![peta](https://pelacak.example/peta.png)"})
    page = app.test_client().get(f"/forum/t/{thread.id}")
    html = page.get_data(as_text=True)
    assert '<a href="https://pelacak.example/peta.png" rel="nofollow ugc noopener">peta</a>' in html
    assert 'src="https://pelacak.example' not in html
    assert "img-src 'self';" in page.headers["Content-Security-Policy"]


def test_a_reference_no_photo_has_leaves_its_description_and_upload_is_no_link(app):
    from core.markdown import render_markdown

    assert render_markdown("![foto](upload:AAAAAAAAAAAAAAAAAAAAAA) [x](upload:AAAAAAAAAAAAAAAAAAAAAA) "
                           '<img src="upload:../../etc" alt="y">') == '<p>foto <a rel="nofollow ugc noopener">x</a> </p>'


VIDEOS = [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://www.instagram.com/reel/Cx1abcDEF/", "Instagram", "https://www.instagram.com/reel/Cx1abcDEF/embed"),
    ("https://www.tiktok.com/@perpuskota/video/7234567890123456789", "TikTok",
     "https://www.tiktok.com/embed/v2/7234567890123456789"),
    ("https://www.facebook.com/perpuskota/videos/123456789012", "Facebook",
     "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fperpuskota%2Fvideos%2F123456789012"),
]


@pytest.mark.parametrize("link, host, player", VIDEOS, ids=[video[1] + str(n) for n, video in enumerate(VIDEOS)])
def test_a_video_link_is_offered_to_play_and_nothing_loads_from_its_host_before(app, login, member, thread, link,
                                                                                host, player):
    login(member).submit(f"/forum/t/{thread.id}/reply", {"body": f"Tonton ini:\n\n{link}"})
    page = app.test_client().get(f"/forum/t/{thread.id}")
    html = page.get_data(as_text=True)
    assert f'href="{link}"' in html and f'data-embed-host="{host}" data-embed="{player}"' in html
    assert "<iframe" not in html and "js/embeds.js" in html  # the player only when the member asks
    frames = re.search(r"frame-src ([^;]+);", page.headers["Content-Security-Policy"]).group(1).split()
    assert frames == ["https://www.youtube-nocookie.com", "https://www.instagram.com", "https://www.tiktok.com",
                      "https://www.facebook.com"]


@pytest.mark.parametrize("link", ["https://www.youtube.com/watch?v=short", "https://vimeo.com/123456",
                                  "https://www.instagram.com/perpuskota/", "http://www.tiktok.com/@a/video/12345678",
                                  "https://www.facebook.com/perpuskota", "https://youtube.com.contoh.id/watch?v=dQw4w9WgXcQ"])
def test_other_links_stay_links(app, link):
    from core.markdown import render_markdown

    html = render_markdown(f"[tautan]({link})")
    assert "data-embed" not in html and f'href="{link}"' in html


def test_a_library_pages_photos_follow_the_page_draft_then_published(app, login, admin, member):
    client = login(admin)
    form = {"title": "Layanan e-book", "kind": "service", "slug": "", "summary": "", "position": "0",
            "body": "Cara meminjam e-book.", "photos": (BytesIO(jpeg_with_gps((800, 600), 1)), "layanan.jpg")}
    first = client.submit("/admin/pages/new", form, content_type="multipart/form-data")
    photo = db.session.execute(db.select(Photo)).scalar_one()
    assert first.status_code == 400 and f'name="alt-{photo.key}"' in first.get_data(as_text=True)
    form.pop("photos")
    saved = client.submit("/admin/pages/new", {**form, "photo": photo.key, f"alt-{photo.key}": "Layar e-book"},
                          content_type="multipart/form-data")
    assert saved.status_code == 302 and (photo.owner_kind, photo.owner_id) == ("page", 1)
    address = f"/photos/{photo.key}-480.webp"
    reader = app.test_client()
    reader.login(member)
    assert client.get(address).status_code == 200 and reader.get(address).status_code == 404  # a draft
    from pages.models import Page

    body = db.session.get(Page, 1).body_md  # the edit form shows the text with its photo's line
    assert body.endswith(f"![Layar e-book](upload:{photo.key})")
    client.submit("/admin/pages/1/edit", {**form, "body": body, "published": "y"}, content_type="multipart/form-data")
    assert reader.get(address).status_code == 200 and app.test_client().get(address).status_code == 200
    client.submit("/admin/pages/1/delete")
    assert app.test_client().get(address).status_code == 404 and not stored_files(app)


def test_a_private_groups_event_shows_its_photos_to_members_only_and_a_cancelled_one_deletes_them(app, host,
                                                                                                 member, make_user):
    from events import actions as event_actions
    from tests.event_factory import new_event

    group = make_group(host, visibility="private")
    add_member(group, member)
    photo = upload(host, jpeg_with_gps((800, 600), 1))
    event = new_event(host, description=f"Diskusi bersama.\n\n![Sampul buku bulan ini](upload:{photo.key})",
                      group=group.slug)
    address = f"/photos/{photo.key}-480.webp"
    insider, outsider = app.test_client(), app.test_client()
    insider.login(member)
    outsider.login(make_user("wati"))
    assert (photo.owner_kind, photo.owner_id) == ("event", event.id)
    assert insider.get(address).status_code == 200
    assert outsider.get(address).status_code == 404 and app.test_client().get(address).status_code == 404
    event_actions.delete_event(host, event)
    assert insider.get(address).status_code == 404 and not stored_files(app)


def test_an_event_form_takes_photos_without_javascript(app, login, host):
    from tests.event_factory import form

    client = login(host)
    first = client.submit("/events/new", form(photos=(BytesIO(jpeg_with_gps((800, 600), 1)), "poster.jpg")),
                          content_type="multipart/form-data")
    photo = db.session.execute(db.select(Photo)).scalar_one()
    assert first.status_code == 400 and f'name="alt-{photo.key}"' in first.get_data(as_text=True)
    sent = client.submit("/events/new", form(photo=photo.key, **{f"alt-{photo.key}": "Poster webinar"}),
                         content_type="multipart/form-data")
    assert sent.status_code == 302 and photo.owner_kind == "event"
    assert f'alt="Poster webinar"' in client.get(sent.headers["Location"]).get_data(as_text=True)
