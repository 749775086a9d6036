"""The busiest pages cost a fixed number of SQL statements, as a guest and as a member, however much the forum
holds (issue 13): a statement added to every view, as a query for the library's profile once was, fails here.
A page that needs a new statement changes its number below, on purpose and in the same commit."""
import pytest

from extensions import db
from forum import actions
from forum.models import Post
from tests.http.test_forum import category, thread  # noqa: F401  (fixtures)
from tests.statements import Statements

# (page, who): statements of a repeat view, with the library's profile kept by the process as in production.
COSTS = {
    ("thread", "guest"): 2,  # the thread with its category and poll; its posts with their authors
    ("thread", "member"): 8,  # + the member, their reactions, bookmarks, watch, read mark, unread count
    ("category", "guest"): 3,  # the category; its pinned threads; a page of the others
    ("category", "member"): 7,  # + the member, their read marks, their watch, unread count
    ("home", "guest"): 7,  # pinned and recent threads, events, challenges, announcements, testimonials, surveys
    ("home", "member"): 13,  # + the member, their read marks, unread count; "For you": their events, groups, challenges
}


def repeat_view_cost(client, url: str) -> int:
    assert client.get(url).status_code == 200  # the first view may mark posts read
    with Statements() as statements:
        assert client.get(url).status_code == 200
    return statements.count


def grow(category, thread, reader, make_user) -> None:
    """A full page of replies with reactions and the reader's bookmarks, and two pages of other threads."""
    for number in range(25):
        writer = make_user(f"penulis{number}")
        post = actions.reply(writer, thread, f"Balasan nomor {number}")
        actions.toggle_reaction(reader, post, "like")
        actions.toggle_bookmark(reader, post)
        actions.create_thread(writer, category, f"Topik lain {number}", "Isi topik.")


@pytest.mark.parametrize("page, who", COSTS)
def test_a_page_costs_the_same_statements_whatever_the_forum_holds(app, login, make_user, category, thread,
                                                                  page, who):
    app.config["LIBRARY_PROFILE_SECONDS"] = 60
    reader = make_user("siti")
    client = login(reader) if who == "member" else app.test_client()
    url = {"thread": f"/forum/t/{thread.id}", "category": "/forum/c/diskusi-buku", "home": "/"}[page]
    assert repeat_view_cost(client, url) == COSTS[page, who]
    grow(category, thread, reader, make_user)
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 51
    assert repeat_view_cost(client, url) == COSTS[page, who]
