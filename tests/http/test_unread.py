"""Unread tracking: members resume a thread where they stopped, lists say what is new, and
"Mark all as read" clears a category. Guests get the plain forum and nothing is stored for them."""
import re

import pytest
from flask_babel import force_locale, ngettext

from extensions import db
from forum import actions
from forum.models import Post
from forum.reading import ThreadRead
from tests.conftest import says, translated
from tests.http.test_forum import count_queries


@pytest.fixture
def category(admin):
    return actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                 colour="#0f6b5c", position=0, who_starts="members")


@pytest.fixture
def reader(make_user):
    return make_user("siti", display_name="Siti Aminah")


@pytest.fixture
def thread(category, member, reader):  # started after the reader joined
    return actions.create_thread(member, category, "Laskar Pelangi", "Siapa tokoh favorit kalian?")


def new_posts(count: int) -> str:
    with force_locale("id"):
        return ngettext("%(num)d new", "%(num)d new", count)


def badges(response) -> dict[str, str]:
    """{thread title: its unread badge} as a thread list shows them."""
    html = response.get_data(as_text=True)
    return dict(re.findall(r'>([^<>]+)</a>\s*<span class="badge badge-unread">([^<]+)</span>', html))


def replies(author, thread, count: int, start: int = 2) -> list[Post]:
    return [actions.reply(author, thread, f"Balasan nomor {number}") for number in range(start, start + count)]


def mark_of(user, thread) -> int | None:
    return db.session.execute(db.select(ThreadRead.last_read_number)
                              .filter_by(user_id=user.id, thread_id=thread.id)).scalar_one_or_none()


def test_lists_count_the_posts_after_the_last_one_read(app, login, member, reader, thread):
    client = login(reader)
    assert badges(client.get("/forum/c/diskusi-buku")) == {"Laskar Pelangi": translated("New")}
    client.get(f"/forum/t/{thread.id}")
    assert badges(client.get("/forum/c/diskusi-buku")) == {}
    replies(member, thread, 3)
    assert badges(client.get("/forum/c/diskusi-buku")) == {"Laskar Pelangi": new_posts(3)}
    assert badges(client.get("/")) == {"Laskar Pelangi": new_posts(3)}  # the home page's active discussions
    client.get(f"/forum/t/{thread.id}")
    assert badges(client.get("/forum/c/diskusi-buku")) == {}


def test_titles_lead_members_to_their_first_unread_post_and_guests_to_the_thread(app, login, reader, thread):
    member_page = login(reader).get("/forum/c/diskusi-buku").get_data(as_text=True)
    assert f'class="thread-title" href="/forum/t/{thread.id}/unread"' in member_page
    guest_page = app.test_client().get("/forum/c/diskusi-buku").get_data(as_text=True)
    assert f'class="thread-title" href="/forum/t/{thread.id}-laskar-pelangi"' in guest_page


def test_threads_older_than_the_member_and_threads_they_started_are_not_new(login, member, make_user, category):
    actions.create_thread(member, category, "Sebelum Ani bergabung", "Isi")
    client = login(make_user("ani"))
    client.submit("/forum/c/diskusi-buku/new", {"title": "Utas milik Ani", "body": "Isi"}, follow_redirects=True)
    assert badges(client.get("/forum/c/diskusi-buku")) == {}


def test_hidden_and_deleted_posts_are_not_counted_as_new(login, member, moderator, make_user, reader, thread):
    client = login(reader)
    client.get(f"/forum/t/{thread.id}")
    spam, deleted, kept = replies(make_user("joko"), thread, 3)
    actions.flag_post(member, spam, "spam", "")
    actions.resolve_flags(moderator, spam, "hide")
    actions.delete_post(deleted.author, deleted)
    assert badges(client.get("/forum/c/diskusi-buku")) == {"Laskar Pelangi": new_posts(1)}


def test_unread_sends_to_the_first_unread_post_on_its_page(login, member, reader, thread):
    client = login(reader)
    later = replies(member, thread, 44)  # posts 2 … 45: three pages
    client.get(f"/forum/t/{thread.id}")  # page 1: posts 1 … 20 read
    post_21 = later[19]
    assert post_21.number == 21
    assert client.get(f"/forum/t/{thread.id}/unread").headers["Location"] == \
        f"/forum/t/{thread.id}?page=2#p{post_21.id}"
    assert badges(client.get("/forum/c/diskusi-buku")) == {"Laskar Pelangi": new_posts(25)}


def test_unread_skips_posts_the_member_cannot_see(app, login, member, moderator, make_user, reader, thread):
    client = login(reader)
    client.get(f"/forum/t/{thread.id}")
    staff = app.test_client()
    staff.login(moderator)
    staff.get(f"/forum/t/{thread.id}")
    joko = make_user("joko")
    hidden, deleted, visible = replies(joko, thread, 3)
    actions.flag_post(member, hidden, "spam", "")
    actions.resolve_flags(moderator, hidden, "hide")
    actions.delete_post(joko, deleted)
    assert client.get(f"/forum/t/{thread.id}/unread").headers["Location"] == f"/forum/t/{thread.id}#p{visible.id}"
    assert staff.get(f"/forum/t/{thread.id}/unread").headers["Location"] == f"/forum/t/{thread.id}#p{hidden.id}"


def test_unread_goes_to_the_last_post_when_all_are_read_and_to_the_top_when_never_opened(login, member, reader,
                                                                                       thread):
    client = login(reader)
    assert client.get(f"/forum/t/{thread.id}/unread").headers["Location"] == f"/forum/t/{thread.id}-laskar-pelangi"
    *_, last = replies(member, thread, 2)
    client.get(f"/forum/t/{thread.id}")
    assert client.get(f"/forum/t/{thread.id}/unread").headers["Location"] == f"/forum/t/{thread.id}#p{last.id}"
    assert client.get("/forum/t/999999/unread").status_code == 404


def test_guests_go_to_the_first_page_and_nothing_is_stored(client, member, thread):
    replies(member, thread, 2)
    assert client.get(f"/forum/t/{thread.id}/unread").headers["Location"] == f"/forum/t/{thread.id}-laskar-pelangi"
    assert client.get(f"/forum/t/{thread.id}").status_code == 200
    assert badges(client.get("/forum/c/diskusi-buku")) == {} and badges(client.get("/")) == {}
    assert not says(client.get(f"/forum/t/{thread.id}"), "Unread posts start here")
    assert db.session.scalar(db.select(db.func.count(ThreadRead.id))) == 0


def test_the_mark_only_moves_forward(login, member, reader, thread):
    replies(member, thread, 44)
    client = login(reader)
    client.get(f"/forum/t/{thread.id}?page=3")
    assert mark_of(reader, thread) == 45
    client.get(f"/forum/t/{thread.id}")
    client.get(f"/forum/t/{thread.id}?page=2")
    assert mark_of(reader, thread) == 45
    assert db.session.scalar(db.select(db.func.count(ThreadRead.id))) == 1


def test_the_thread_shows_where_unread_posts_start(login, member, reader, thread):
    client = login(reader)
    assert not says(client.get(f"/forum/t/{thread.id}"), "Unread posts start here")  # never opened: all is new
    replies(member, thread, 2)
    page = client.get(f"/forum/t/{thread.id}").get_data(as_text=True)
    separator = page.index(translated("Unread posts start here"))
    assert page.index("Siapa tokoh favorit kalian?") < separator < page.index("Balasan nomor 2")  # at post #2
    assert page.count(translated("Unread posts start here")) == 1
    assert not says(client.get(f"/forum/t/{thread.id}"), "Unread posts start here")  # now all are read


def test_a_members_own_reply_is_not_news_to_them(login, member, reader, make_user, thread):
    """Issue 17: "Unread posts start here" sat above the reply the member had just written."""
    client = login(reader)
    client.get(f"/forum/t/{thread.id}")
    client.submit(f"/forum/t/{thread.id}/reply", {"body": "Balasan saya sendiri"})
    assert not says(client.get(f"/forum/t/{thread.id}"), "Unread posts start here")
    client.submit(f"/forum/t/{thread.id}/reply", {"body": "Satu lagi dari saya"})
    actions.reply(make_user("wati"), thread, "Balasan orang lain")
    page = client.get(f"/forum/t/{thread.id}").get_data(as_text=True)
    separator = page.index(translated("Unread posts start here"))
    assert page.index("Satu lagi dari saya") < separator < page.index("Balasan orang lain")


def test_mark_all_as_read_clears_the_category_and_only_it(app, login, member, admin, reader, thread, category):
    other = actions.save_category(admin, None, name="Sains", slug="sains", description="", colour="#1f5f8b",
                                  position=1, who_starts="members")
    actions.create_thread(member, other, "Kosmos", "Isi")
    second = actions.create_thread(member, category, "Bumi Manusia", "Isi")
    client = login(reader)
    client.get(f"/forum/t/{thread.id}")
    replies(member, thread, 2)
    assert badges(client.get("/forum/c/diskusi-buku")) == {"Laskar Pelangi": new_posts(2),
                                                          "Bumi Manusia": translated("New")}
    response = client.submit("/forum/c/diskusi-buku/read", follow_redirects=True)
    assert says(response, "Every thread in this category is marked as read.") and badges(response) == {}
    assert (mark_of(reader, thread), mark_of(reader, second)) == (3, 1)
    assert badges(client.get("/forum/c/sains")) == {"Kosmos": translated("New")}
    client.get(f"/forum/t/{thread.id}")
    assert mark_of(reader, thread) == 3  # reading the first page later does not move it back


def test_mark_all_as_read_needs_a_member_and_a_form(client, login, reader, thread):
    assert not says(client.get("/forum/c/diskusi-buku"), "Mark all as read")
    assert client.submit("/forum/c/diskusi-buku/read").headers["Location"].startswith("/auth/login")
    login(reader)
    assert says(client.get("/forum/c/diskusi-buku"), "Mark all as read")
    assert client.post("/forum/c/diskusi-buku/read").status_code == 400  # no CSRF token
    assert client.submit("/forum/c/tidak-ada/read").status_code == 404
    assert db.session.scalar(db.select(db.func.count(ThreadRead.id))) == 0


def test_a_members_thread_page_costs_the_same_queries_whatever_its_length(app, login, member, reader, thread):
    client = login(reader)
    client.get(f"/forum/t/{thread.id}")
    replies(member, thread, 1)
    short = count_queries(app, client, f"/forum/t/{thread.id}")  # shows a separator and moves the mark
    replies(member, thread, 60, start=3)
    assert count_queries(app, client, f"/forum/t/{thread.id}?page=2") == short + 1  # + the opening post (og tags)
    assert count_queries(app, client, f"/forum/t/{thread.id}?page=3") == short + 1


def test_a_members_category_page_costs_the_same_queries_whatever_its_threads(app, login, member, reader, thread):
    client = login(reader)
    client.get(f"/forum/t/{thread.id}")
    replies(member, thread, 2)
    few, few_home = count_queries(app, client, "/forum/c/diskusi-buku"), count_queries(app, client, "/")
    for number in range(30):
        started = actions.create_thread(member, thread.category, f"Topik nomor {number:02d}", "Isi")
        replies(member, started, 2)
        if number % 2:
            client.get(f"/forum/t/{started.id}")
    assert count_queries(app, client, "/forum/c/diskusi-buku") == few
    assert count_queries(app, client, "/") == few_home
