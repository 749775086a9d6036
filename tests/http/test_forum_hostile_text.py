"""A reply crafted to be slow to render (issue 12) is answered quickly, and stored as the text it is."""
import time

import pytest

from extensions import db
from forum import actions
from forum.models import Post


@pytest.fixture
def thread(admin, member):
    category = actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                     colour="#0f6b5c", position=0, who_starts="members")
    return actions.create_thread(member, category, "Laskar Pelangi", "Bagian favorit saya: **Lintang**.")


@pytest.mark.parametrize("body", ["[" * 20_000, "![" * 10_000, "- " * 9_999 + "a"])
def test_a_reply_built_to_be_slow_is_answered_quickly_and_stored(login, make_user, thread, body):
    client = login(make_user("siti"))
    started = time.process_time()
    response = client.submit(f"/forum/t/{thread.id}/reply", {"body": body})
    assert time.process_time() - started < 2
    assert response.status_code == 302
    reply = db.session.execute(db.select(Post).where(Post.number == 2)).scalar_one()
    assert reply.body_md == body.strip() and body.strip()[:50] in reply.body_html.replace("\n", "")
