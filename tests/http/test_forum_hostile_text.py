"""A reply crafted to be slow to render (issue 12) is answered quickly: stored as the text it is, or refused
with the reason when it has more formatting than can be shown quickly."""
import time

import pytest

from extensions import db
from forum import actions
from forum.models import Post
from tests.conftest import says


@pytest.fixture
def thread(admin, member):
    category = actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                     colour="#0f6b5c", position=0, who_starts="members")
    return actions.create_thread(member, category, "Laskar Pelangi", "Bagian favorit saya: **Lintang**.")


@pytest.mark.parametrize("body", ["[" * 6_000, "![" * 3_000, "- " * 9_999 + "a"])
def test_a_reply_built_to_be_slow_is_answered_quickly_and_stored(login, make_user, thread, body):
    client = login(make_user("siti"))
    started = time.process_time()
    response = client.submit(f"/forum/t/{thread.id}/reply", {"body": body})
    assert time.process_time() - started < 2
    assert response.status_code == 302
    reply = db.session.execute(db.select(Post).where(Post.number == 2)).scalar_one()
    assert reply.body_md == body.strip() and body.strip()[:50] in reply.body_html.replace("\n", "")


@pytest.mark.parametrize("body", ["[" * 20_000, "![" * 10_000, "*a" * 10_000])
def test_a_reply_with_too_much_formatting_is_refused_quickly_with_the_reason(login, make_user, thread, body):
    client = login(make_user("siti"))
    started = time.process_time()
    response = client.submit(f"/forum/t/{thread.id}/reply", {"body": body})
    assert time.process_time() - started < 2
    assert response.status_code == 400
    assert says(response, "This text has too much formatting to show quickly: too many line breaks or formatting "
                          "characters such as * _ ` | < > &. Please simplify it or split it into shorter parts.")
    assert db.session.execute(db.select(Post).where(Post.number == 2)).scalar_one_or_none() is None
