"""Sharing: every shareable page carries Open Graph and Twitter Card tags (read with a parser), a share
bar of well-formed links that count the click per channel and send on to the channel, a generated
1200×630 PNG og:image, the events feed and the sitemap; nothing of a private reading group, a hidden
thread or a cancelled event is shareable."""
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from io import BytesIO
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from books import actions as book_actions
from core import counters
from core.counter_models import DailyCount
from core.library_time import library_today
from events import actions as event_actions
from extensions import db
from forum import actions as forum_actions
from groups import actions as group_actions
from library import drawing
from core import shareables as items
from sharing import images, links
from tests.books_helpers import add_book
from tests.challenge_helpers import make_challenge
from tests.conftest import translated
from tests.event_factory import new_event
from tests.group_helpers import add_member, add_milestone, make_group

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"
LONG_TITLE = ("Bedah Buku Laskar Pelangi bersama Komunitas Literasi Kota Semarang dan Para Guru Sekolah Dasar "
              "se-Kecamatan Tembalang")
MARKDOWN = "Diskusi **seru** bersama [penulis](https://contoh.id) & <em>tamu</em>.\n\n" + "Kata " * 80


class PageParser(HTMLParser):
    """The page's <meta> tags, <link rel=canonical>, and the share bar's links."""

    def __init__(self):
        super().__init__()
        self.meta, self.canonical, self.share_links, self.bars = {}, None, [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        elif tag == "div" and "share-bar" in (attrs.get("class") or "").split():
            self.bars += 1
        elif tag == "a" and "share-button" in (attrs.get("class") or "").split():
            self.share_links.append(attrs)


def parse(response) -> PageParser:
    parser = PageParser()
    parser.feed(response.get_data(as_text=True))
    return parser


@pytest.fixture
def category(admin):
    return forum_actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                       colour="#0f6b5c", position=0, who_starts="members")


@pytest.fixture
def everything(admin, host, member, category):
    """One public item of each type, with a long title and a Markdown description."""
    book = add_book(admin, LONG_TITLE, description=MARKDOWN)
    review = book_actions.save_review(member, book, 5, "Buku **terbaik** tahun ini.")
    return {"thread": forum_actions.create_thread(member, category, LONG_TITLE, MARKDOWN),
            "event": new_event(host, LONG_TITLE, description=MARKDOWN),
            "group": make_group(host, LONG_TITLE[:100], description=MARKDOWN),
            "book": book, "review": review,
            "challenge": make_challenge(admin, title=LONG_TITLE, description=MARKDOWN)}


def page_of(item_type: str, item) -> str:
    return {"thread": f"/forum/t/{getattr(item, 'id', 0)}", "event": f"/events/{getattr(item, 'id', 0)}",
            "group": f"/groups/{getattr(item, 'slug', '')}", "book": f"/books/{getattr(item, 'id', 0)}",
            "challenge": f"/challenges/{getattr(item, 'slug', '')}"}[item_type]


def when(event) -> str:
    """The event's start as the Indonesian page and message say it."""
    from flask_babel import force_locale

    from core.i18n import format_when

    with force_locale("id"):
        return format_when(event.starts_at)


def counted(metric: str, item_type: str, item_id: int, channel: str) -> int:
    counters.flush()
    return db.session.execute(db.select(DailyCount.total).filter_by(
        day=library_today(), metric=metric, item_type=item_type, item_id=item_id, channel=channel)).scalar() or 0


def absolute(url: str) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@pytest.mark.parametrize("item_type", ["thread", "event", "group", "book", "challenge"])
def test_every_shareable_page_has_open_graph_and_twitter_tags(client, everything, item_type):
    page = parse(client.get(page_of(item_type, everything[item_type])))
    meta = page.meta
    assert meta["og:locale"] == "id_ID" and meta["og:type"] and meta["og:site_name"]
    assert 0 < len(meta["og:title"]) <= 70 and meta["og:title"].endswith("…")
    assert LONG_TITLE.startswith(meta["og:title"][:-1])
    description = meta["og:description"]
    assert 0 < len(description) <= 200
    assert not any(mark in description for mark in ("**", "](", "<", ">")), description  # plain text
    assert "seru" in description or item_type == "thread" and "Diskusi" in description
    for key in ("og:url", "og:image", "twitter:image"):
        assert absolute(meta[key]), (key, meta[key])
    assert meta["og:url"] == page.canonical and "utm_source" not in meta["og:url"]
    assert (meta["og:image:width"], meta["og:image:height"], meta["og:image:type"]) == ("1200", "630", "image/png")
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:title"] == meta["og:title"] and meta["twitter:description"] == description
    assert client.get(meta["og:url"]).status_code == 200


def test_the_share_bar_links_are_counted_and_well_formed(client, everything):
    event = everything["event"]
    page = parse(client.get(f"/events/{event.id}"))
    assert page.bars == 1
    hrefs = {link["href"] for link in page.share_links}
    assert hrefs == {f"/share/event/{event.id}/{channel}" for channel in links.REDIRECT_CHANNELS}
    for link in page.share_links:
        assert set(link["rel"].split()) == {"nofollow", "noopener"}


@pytest.mark.parametrize("channel, domain, link_param", [
    ("whatsapp", "wa.me", "text"), ("facebook", "www.facebook.com", "u"), ("x", "x.com", "url"),
    ("telegram", "t.me", "url"), ("email", "", "body")])
def test_a_share_click_counts_and_goes_to_the_channel(client, everything, channel, domain, link_param):
    event = everything["event"]
    response = client.get(f"/share/event/{event.id}/{channel}")
    assert response.status_code == 302 and response.headers["Cache-Control"] == "no-store"
    target = urlsplit(response.headers["Location"])
    assert target.netloc == domain and target.scheme == ("mailto" if channel == "email" else "https")
    assert " " not in response.headers["Location"] and "+" not in target.query  # spaces are %20
    shared = parse_qs(target.query)[link_param][0]
    page_url = f"http://localhost/events/{event.id}-{event.slug}?utm_source={channel}"
    assert page_url in shared
    if channel == "whatsapp":
        assert shared == translated("Come to “%(title)s” at %(library)s, %(when)s!", title=event.title,
                                    when=when(event), library="Perpustakaan Kota") + " " + page_url
    assert counted("share", "event", event.id, channel) == 1
    # the link brings a visit, counted under the channel that carried it
    client.get(urlsplit(page_url).path + "?" + urlsplit(page_url).query)
    assert counted("visit", "event", event.id, channel) == 1


def test_copying_the_link_or_the_share_sheet_is_reported_without_a_token(client, everything):
    book = everything["book"]
    for channel in ("copy", "share"):
        assert client.post(f"/share/book/{book.id}/{channel}").status_code == 204
        assert counted("share", "book", book.id, channel) == 1
    assert client.post(f"/share/book/{book.id}/myspace").status_code == 404
    assert client.post(f"/share/book/{book.id}/whatsapp").status_code == 404  # counted by its GET only
    assert client.get(f"/share/book/{book.id}/copy").status_code == 404  # nothing to redirect to
    assert client.get(f"/share/book/{book.id}/friendster").status_code == 404
    assert client.get(f"/share/planet/{book.id}/whatsapp").status_code == 404
    assert client.get(f"/share/book/{book.id + 99}/whatsapp").status_code == 404


def test_the_og_image_is_a_1200_by_630_png_drawn_once(client, everything, monkeypatch):
    drawn = []
    real_draw = images.draw
    monkeypatch.setattr(images, "draw", lambda *args: drawn.append(args) or real_draw(*args))
    for item_type in ("event", "book", "group", "challenge", "thread"):
        url = parse(client.get(page_of(item_type, everything[item_type]))).meta["og:image"]
        first, again = client.get(url), client.get(url)
        assert first.status_code == again.status_code == 200 and first.mimetype == "image/png"
        assert "immutable" in first.headers["Cache-Control"]
        picture = Image.open(BytesIO(first.data))
        picture.verify()
        assert (picture.format, picture.size) == ("PNG", (1200, 630))
        assert again.data == first.data
    assert len(drawn) == 5  # each drawn once; the second request is read from disk
    event = everything["event"]
    assert client.get(f"/og/event/{event.id}.png?v=old").headers["Cache-Control"] == "public, max-age=3600"
    assert client.get(f"/og/review/{everything['review'].id}.png").status_code == 404  # the book's image serves


def test_a_new_title_draws_a_new_image_at_a_new_address(client, everything, host):
    event = everything["event"]
    before = parse(client.get(f"/events/{event.id}")).meta["og:image"]
    client.get(before)
    event.title = "Judul Baru"
    db.session.commit()
    after = parse(client.get(f"/events/{event.id}")).meta["og:image"]
    assert after != before and client.get(after).status_code == 200
    assert len(list(images.folder().glob(f"event-{event.id}-*.png"))) == 1  # the old file is gone


def test_the_og_image_works_with_pillows_own_font_and_a_logo(app, everything, monkeypatch, tmp_path):
    from library.models import current_library

    drawing.font.cache_clear()
    monkeypatch.setattr(drawing, "FONT_CANDIDATES", {"bold": (), "regular": ()})
    library = current_library()
    logo = Image.new("RGBA", (300, 200), (200, 40, 40, 255))
    logo.save(f"{app.config['UPLOAD_FOLDER']}/logo.webp", "WEBP")
    library.logo_path = "logo.webp"
    picture = Image.open(BytesIO(images.draw("Kata " * 60, library)))
    red, green, blue = picture.convert("RGB").getpixel((1200 - 72 - 10, 72 + 10))  # the logo, top right (WebP: near enough)
    assert picture.size == (1200, 630) and red > 180 and green < 60 and blue < 60
    drawing.font.cache_clear()


def test_a_review_has_a_permalink_and_its_own_share_counts(client, everything, make_user):
    book, review = everything["book"], everything["review"]
    for number in range(12):  # newer reviews push the first one to page 2
        book_actions.save_review(make_user(f"pembaca{number}"), book, 4, "Bagus.")
    response = client.get(f"/books/reviews/{review.id}?utm_source=whatsapp")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/books/{book.id}-{book.slug}?page=2#r{review.id}")
    assert counted("visit", "review", review.id, "whatsapp") == 1
    page = client.get(f"/books/{book.id}?page=2")
    assert f'id="r{review.id}"' in page.get_data(as_text=True)
    assert f"/share/review/{review.id}/whatsapp" in {link["href"] for link in parse(page).share_links}
    shared = urlsplit(client.get(f"/share/review/{review.id}/telegram").headers["Location"])
    assert parse_qs(shared.query)["url"] == [f"http://localhost/books/reviews/{review.id}?utm_source=telegram"]
    assert counted("share", "review", review.id, "telegram") == 1


@pytest.fixture
def private(host, member, category):
    group = make_group(host, "Klub Rahasia", visibility="private", description="Rahasia kami")
    add_member(group, member)
    thread = forum_actions.create_thread(member, group_actions.group_category(group),
                                         "Utas rahasia", "Isi rahasia")
    return {"group": group, "thread": thread, "event": new_event(host, "Acara rahasia", group=group.slug)}


@pytest.mark.parametrize("who", ["guest", "member"])
def test_nothing_of_a_private_group_is_shareable_even_by_its_members(app, member, private, who):
    client = app.test_client()
    if who == "member":
        client.login(member)
    for item_type, item in private.items():
        assert client.get(f"/share/{item_type}/{item.id}/whatsapp").status_code == 404
        assert client.post(f"/share/{item_type}/{item.id}/copy").status_code == 404
        assert client.get(f"/og/{item_type}/{item.id}.png").status_code == 404
        page = client.get(page_of(item_type, item))
        if who == "member":  # members see the page, without a share bar or a preview of it
            parsed = parse(page)
            assert page.status_code == 200 and parsed.bars == 0 and "og:title" not in parsed.meta
            assert parsed.meta["robots"] == "noindex"
    assert not list(images.folder().glob("*.png")) if images.folder().exists() else True


def test_deleted_pending_and_merged_threads_and_cancelled_events_are_not_shareable(client, admin, host, member,
                                                                                     category, everything):
    thread, event = everything["thread"], everything["event"]
    other = forum_actions.create_thread(member, category, "Utas yang lain", "Isi")
    event_actions.delete_event(host, event)
    thread.deleted_at = other.created_at
    db.session.commit()
    for url in (f"/share/thread/{thread.id}/x", f"/og/thread/{thread.id}.png", f"/share/event/{event.id}/x",
                f"/og/event/{event.id}.png"):
        assert client.get(url).status_code == 404, url


def test_a_milestone_discussion_is_described_without_its_posts(client, admin, host, member):
    add_book(admin, "Laskar Pelangi")
    group = make_group(host, "Klub Terbuka", book="Laskar Pelangi")
    add_member(group, member)
    milestone = add_milestone(host, group, "Bab 1-5")
    forum_actions.reply(member, milestone.thread, "Ternyata Lintang pindah ke kota!")
    meta = parse(client.get(f"/forum/t/{milestone.thread_id}")).meta
    assert "og:description" not in meta or "Lintang" not in meta["og:description"]
    shared = items.load("thread", milestone.thread_id)
    assert shared is not None and shared.description == translated(
        "A discussion of the reading group %(group)s.", group="Klub Terbuka")


def test_the_events_feed_has_public_events_only(client, everything, private):
    response = client.get("/events/feed.xml")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert titles == [LONG_TITLE]  # no thread, no private group's event
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://localhost/events/feed.xml"


def test_the_sitemap_lists_public_pages_only(client, everything, private, category, member):
    hidden = forum_actions.create_thread(member, category, "Akan dihapus", "Isi")
    hidden.deleted_at = hidden.created_at
    db.session.commit()
    index = ElementTree.fromstring(client.get("/sitemap.xml").data)
    parts = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert parts and all(absolute(part) for part in parts)
    listed = []
    for part in parts:
        response = client.get(urlsplit(part).path)
        assert response.status_code == 200 and response.mimetype == "application/xml"
        listed += [loc.text for loc in ElementTree.fromstring(response.data).iter(f"{SITEMAP}loc")]
    paths = {urlsplit(url).path for url in listed}
    assert all(absolute(url) for url in listed)
    for item_type in ("event", "group", "challenge"):
        assert any(path.startswith(page_of(item_type, everything[item_type])) for path in paths), item_type
    assert f"/forum/t/{everything['thread'].id}-{everything['thread'].slug}" in paths
    assert f"/books/{everything['book'].id}-{everything['book'].slug}" in paths
    assert {"/", "/forum/", "/forum/c/diskusi-buku", "/events/"} <= paths
    assert not any("rahasia" in path for path in paths)
    assert not any(path.startswith(f"/forum/t/{hidden.id}-") for path in paths)
    assert not any(path.startswith(f"/events/{private['event'].id}-") for path in paths)
    assert client.get("/sitemap/planets-0.xml").status_code == 404
    assert client.get("/sitemap/pages-1.xml").status_code == 404
    assert "Sitemap: http://localhost/sitemap.xml" in client.get("/robots.txt").get_data(as_text=True)


def test_titles_and_descriptions_are_cut_at_a_word():
    assert items.shorten("satu dua tiga", 70) == "satu dua tiga"
    cut = items.shorten("kata " * 30, 70)
    assert len(cut) <= 70 and cut.endswith("kata…")
    assert len(items.shorten("x" * 300, 200)) == 200


def test_drawing_og_images_is_limited_per_address(client, admin):
    books = [add_book(admin, f"Buku nomor {number}") for number in range(31)]
    statuses = [client.get(f"/og/book/{book.id}.png").status_code for book in books]
    assert statuses == [200] * 30 + [429]
    drawn = parse(client.get(f"/books/{books[0].id}")).meta["og:image"]
    assert client.get(drawn).status_code == 200, "a picture already drawn is served whatever the limit"
    assert client.get(f"/og/book/{books[30].id}.png").status_code == 429, "drawing stays limited"
