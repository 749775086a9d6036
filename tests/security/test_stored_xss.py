"""No stored XSS: every payload of the corpus goes in everywhere a member can write, and every page that
shows it is parsed for anything executable."""
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser

import pytest

from accounts import actions as account_actions
from accounts.models import User
from forum import actions, polls
from forum.models import Post
from extensions import db
from tests.security.xss_corpus import PAYLOADS

ATOM = "{http://www.w3.org/2005/Atom}"
ATOM_ELEMENTS = {"feed", "id", "title", "link", "updated", "generator", "entry", "author", "name", "category",
                 "published", "content"}
EXECUTABLE_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "base", "meta", "link", "style", "form",
                   "frame", "frameset", "applet", "template", "audio", "video", "input", "textarea", "select",
                   "button", "keygen", "isindex", "marquee"}
OUR_OWN = {"link": {"rel": ("stylesheet", "icon", "alternate")}, "meta": {}, "script": {},
           "form": {}, "input": {}, "textarea": {}, "select": {}, "button": {}, "svg": {}}


class ExecutableFinder(HTMLParser):
    """Collects what could run: event handlers, script URLs, and dangerous elements other than the site's own
    (its scripts are files under /static/, its forms post to itself, its icons are inline SVG without handlers)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            squeezed = "".join((value or "").split()).lower()
            if name.startswith("on") or name == "srcdoc" or name == "style" or \
                    name == "formaction" and not _site_path(value):  # the site's own buttons post to itself
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "xlink:href", "background", "data") and \
                    squeezed.startswith(("javascript:", "vbscript:", "data:")):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script" and not (attributes.get("src") or "").startswith("/static/"):
            self.found.append("<script> not from /static/")
        if tag in EXECUTABLE_TAGS and tag not in OUR_OWN:
            self.found.append(f"<{tag}>")


def _site_path(value: str | None) -> bool:
    return bool(value) and value.startswith("/") and not value.startswith("//")


def executable_parts(html: str) -> list[str]:
    finder = ExecutableFinder()
    finder.feed(html)
    return finder.found


def test_the_checker_finds_what_it_should():
    assert executable_parts("<p onclick=x>") and executable_parts('<a href=" javascript:x">')
    assert executable_parts("<script>alert(1)</script>") and executable_parts("<iframe src=x>")
    assert not executable_parts('<script src="/static/js/forum.js"></script><a href="/u/budi">x</a>')
    assert executable_parts("<button formaction=javascript:alert(1)>") and executable_parts("<button formaction=//evil>")
    assert not executable_parts('<button form="post-actions" formaction="/forum/p/1/bookmark">')


@pytest.fixture
def hostile_forum(admin, make_user):
    """One thread per payload (title and body), a flag and a display name and bio carrying it too."""
    writer, reporter = make_user("penulis"), make_user("pelapor")
    category = actions.save_category(admin, None, name=PAYLOADS[0][:80], slug="uji", description=PAYLOADS[1][:300],
                                     colour="#0f6b5c", position=0, who_starts="members")
    threads = []
    for number, payload in enumerate(PAYLOADS):
        title = f"T{number} {payload}"[:150]
        line = " ".join(payload.split())  # an option is one line
        poll = polls.draft(writer, payload[:200], f"{line[:100]}\n{number} {line[-90:]}\nopsi biasa", False)
        threads.append(actions.create_thread(writer, category, title, f"{payload}\n\nkata-kunci-uji", poll=poll))
        if number % 2:  # closed polls show their results; open ones their options (and to members, a form)
            polls.close(writer, polls.poll_of(threads[-1]), threads[-1])
    for post in db.session.execute(db.select(Post).order_by(Post.id).limit(30)).scalars():
        actions.flag_post(reporter, post, "other", PAYLOADS[post.id % len(PAYLOADS)])
    account_actions.update_profile(writer, display_name=PAYLOADS[3][:60], bio_md=PAYLOADS[20], interests=PAYLOADS[5])
    return threads


def test_no_page_carries_anything_executable(app, client, login, moderator, member, hostile_forum):
    guest = app.test_client()
    urls = ["/", "/forum/", "/forum/c/uji", "/search?q=kata-kunci-uji", "/u/penulis"]
    urls += [f"/forum/t/{thread.id}" for thread in hostile_forum]
    for url in urls:
        assert executable_parts(guest.get(url).get_data(as_text=True)) == [], url
    voter = login(member)
    for thread in hostile_forum[:40:2]:  # open polls: the voting form, then the results with the voter's choice
        html = voter.get(f"/forum/t/{thread.id}").get_data(as_text=True)
        assert executable_parts(html) == [], thread.id
        option = polls.poll_of(thread).options[0].id
        voter.submit(f"/forum/t/{thread.id}/poll/vote", {"option": option})
        html = voter.get(f"/forum/t/{thread.id}").get_data(as_text=True)
        assert "poll-result-mine" in html and executable_parts(html) == [], thread.id
    voter.submit("/auth/logout")
    staff = login(moderator)
    for url in ("/admin/flags", "/admin/users?q=penulis", "/admin/users/penulis", "/admin/audit"):
        assert executable_parts(staff.get(url).get_data(as_text=True)) == [], url
    feed = ElementTree.fromstring(guest.get("/feed.xml").data)  # well-formed: no payload broke out of its text
    assert {element.tag.split("}")[1] for element in feed.iter()} <= ATOM_ELEMENTS
    for content in feed.iter(f"{ATOM}content"):  # what a feed reader renders as HTML
        assert executable_parts(content.text) == []


@pytest.fixture
def hostile_books(admin, make_user):
    """Every payload as a book's title, authors and description, and as a review, a quote, a pick note and a
    suggestion; the library's catalogue link carries the titles."""
    from books import actions as book_actions
    from library.models import unsaved_library

    profile = unsaved_library()
    profile.opac_url_template = "https://opac.example/?q={title}"
    db.session.add(profile)
    db.session.commit()
    reader = make_user("pembaca")
    books = []
    for number, payload in enumerate(PAYLOADS):
        book = book_actions.save_book(admin, None, title=f"B{number} {payload}"[:200], authors=payload[:300],
                                      isbn=None, page_count=None, language="id",
                                      description=f"{payload}\n\nkata-kunci-buku")
        book_actions.save_review(reader, book, 1 + number % 5, payload)
        book_actions.add_quote(reader, book, f"{payload} kutipan")
        book_actions.shelve(reader, book, "reading", number)
        book_actions.suggest(reader, payload[:200], payload[:300], None, payload)
        books.append(book)
    book_actions.set_pick(admin, books[0], True, PAYLOADS[4][:300])
    return books


def test_no_book_page_carries_anything_executable(app, login, admin, hostile_books):
    guest = app.test_client()
    urls = ["/books/", "/books/?page=2", "/books/?q=alert", "/search?q=kata-kunci-buku", "/u/pembaca"]
    urls += [f"/books/{book.id}" for book in hostile_books] + [f"/books/{hostile_books[0].id}/quotes"]
    for url in urls:
        assert executable_parts(guest.get(url).get_data(as_text=True)) == [], url
    reader = app.test_client()
    reader.login(db.session.execute(db.select(User).where(User.username == "pembaca")).scalar_one())
    for url in ("/books/my-shelves", "/books/suggest", f"/books/{hostile_books[5].id}"):
        assert executable_parts(reader.get(url).get_data(as_text=True)) == [], url
    staff = login(admin)
    for url in ("/books/suggestions", f"/books/{hostile_books[0].id}/edit", "/admin/audit"):
        assert executable_parts(staff.get(url).get_data(as_text=True)) == [], url
