"""New members' first posts wait for a moderator; until approved nobody else sees, counts, finds or hears
of them. New members may also put only two links in a post."""
from datetime import timedelta

import pytest

from core import search
from core.audit import AuditEntry
from core.notifications import Notification
from extensions import db
from forum import actions, approval
from forum.models import Post, Thread
from tests.conftest import says, translated

HELD = "Thank you! A moderator will look at your post before others see it. Until then only you and the moderators see it."
WAITING = "Waiting for a moderator's approval: only you and the moderators see it."


@pytest.fixture(autouse=True)
def approval_on(app):
    app.config.update(FORUM_APPROVAL_POSTS=1, FORUM_TRUSTED_POSTS=3)


@pytest.fixture
def category(admin):
    return actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="Bahas buku.",
                                 colour="#0f6b5c", position=0, who_starts="members")


@pytest.fixture
def open_thread(category, moderator):
    return actions.create_thread(moderator, category, "Buku favorit tahun ini", "Apa buku terbaik Anda?")


def shows_waiting(response) -> bool:
    """The notice on a pending post (template text, so its apostrophe is not escaped)."""
    return translated(WAITING).replace("&#39;", "'") in response.get_data(as_text=True)


def pending_posts():
    return db.session.execute(db.select(Post).where(Post.pending_at.is_not(None))).scalars().all()


def test_a_new_members_thread_waits_and_is_listed_nowhere(app, client, login, make_user, member, moderator,
                                                          category):
    author = login(member)
    response = author.submit("/forum/c/diskusi-buku/new", {"title": "Ronggeng Dukuh Paruk", "body": "Novel *Tohari*."},
                             follow_redirects=True)
    assert says(response, HELD) and shows_waiting(response) and "<em>Tohari</em>" in response.get_data(as_text=True)
    thread = db.session.execute(db.select(Thread)).scalar_one()
    assert thread.pending_at is not None and (category.thread_count, category.post_count) == (0, 0)
    guest = app.test_client()
    assert guest.get(f"/forum/t/{thread.id}").status_code == 404
    for url in ("/forum/c/diskusi-buku", "/", "/feed.xml", "/forum/c/diskusi-buku/feed.xml"):
        assert "Ronggeng" not in guest.get(url).get_data(as_text=True), url
    assert search.query("Ronggeng") == [] and search.query("Tohari") == []
    other = app.test_client()
    other.login(make_user("siti"))
    assert other.get(f"/forum/t/{thread.id}").status_code == 404
    assert other.submit(f"/forum/t/{thread.id}/reply", {"body": "Halo"}).status_code == 404
    staff = app.test_client()
    staff.login(moderator)
    page = staff.get(f"/forum/t/{thread.id}")
    assert page.status_code == 200 and shows_waiting(page)
    assert "Ronggeng" in staff.get("/admin/approvals").get_data(as_text=True)


def test_approving_publishes_counts_indexes_and_audits(app, client, login, member, moderator, category):
    thread = actions.create_thread(member, category, "Ronggeng Dukuh Paruk", "Novel karya Ahmad Tohari.")
    post = pending_posts()[0]
    assert search.query("Tohari") == []
    response = login(moderator).submit(f"/admin/approvals/{post.id}", {"decision": "approve"})
    assert response.headers["Location"] == "/admin/approvals"
    assert post.pending_at is None and thread.pending_at is None
    assert (category.thread_count, category.post_count) == (1, 1) and thread.last_post_id == post.id
    assert [hit.ref_id for hit in search.query("Tohari")] == [post.id]
    guest = app.test_client()
    assert "Novel karya Ahmad Tohari." in guest.get(f"/forum/t/{thread.id}").get_data(as_text=True)
    assert not shows_waiting(guest.get(f"/forum/t/{thread.id}"))
    for url in ("/forum/c/diskusi-buku", "/", "/feed.xml"):
        assert "Ronggeng" in guest.get(url).get_data(as_text=True), url
    entry = db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "post.approve")).scalar_one()
    assert (entry.actor_id, entry.target_id, entry.details) == (moderator.id, post.id, "new_member")


def test_a_pending_reply_is_seen_by_author_and_moderators_only(app, login, make_user, member, moderator, open_thread):
    author = login(member)
    response = author.submit(f"/forum/t/{open_thread.id}/reply", {"body": "Saya suka *Bumi Manusia*."})
    reply = pending_posts()[0]
    assert response.headers["Location"] == f"/forum/t/{open_thread.id}#p{reply.id}"
    assert shows_waiting(author.get(f"/forum/t/{open_thread.id}"))
    guest, other, staff = app.test_client(), app.test_client(), app.test_client()
    other.login(make_user("siti"))
    staff.login(moderator)
    for viewer in (guest, other):
        page = viewer.get(f"/forum/t/{open_thread.id}")
        assert "Bumi Manusia" not in page.get_data(as_text=True) and not shows_waiting(page)
        assert f'id="p{reply.id}"' not in page.get_data(as_text=True)
        assert viewer.get(f"/forum/p/{reply.id}/history").status_code == 404
        assert viewer.get(f"/forum/t/{open_thread.id}?quote={reply.id}").get_data(as_text=True).count("Bumi") == 0
    assert other.get(f"/forum/p/{reply.id}/flag").status_code == 404
    assert other.submit(f"/forum/p/{reply.id}/react", {"kind": "like"}).status_code == 404
    assert "Bumi Manusia" in staff.get(f"/forum/t/{open_thread.id}").get_data(as_text=True)
    assert open_thread.last_post_id != reply.id and open_thread.category.post_count == 1


def test_notifications_are_sent_only_after_approval(app, login, make_user, member, moderator, admin, open_thread):
    opening = db.session.execute(db.select(Post)).scalar_one()
    reader = make_user("siti")
    actions.toggle_watch(reader, open_thread)
    body = f"> [dimas menulis](/forum/t/{open_thread.id}#p{opening.id}):\n> Apa buku terbaik?\n\n@ratna setuju!"
    login(member).submit(f"/forum/t/{open_thread.id}/reply", {"body": body})
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 0
    reply = pending_posts()[0]
    staff = app.test_client()
    staff.login(moderator)
    staff.submit(f"/admin/approvals/{reply.id}", {"decision": "approve"})
    received = {(note.user_id, note.kind, note.actor_id) for note in db.session.execute(
        db.select(Notification)).scalars()}
    assert received == {(moderator.id, "quote", member.id), (admin.id, "mention", member.id),
                        (reader.id, "reply", member.id)}


@pytest.mark.parametrize("role, held", [("member", True), ("host", True), ("moderator", False), ("admin", False)])
def test_only_moderators_and_admins_are_never_held(login, make_user, category, role, held):
    writer = make_user(f"baru.{role}", role)
    login(writer).submit("/forum/c/diskusi-buku/new", {"title": "Perkenalan anggota", "body": "Halo semua!"})
    thread = db.session.execute(db.select(Thread)).scalar_one()
    assert (thread.pending_at is not None) == held and (len(pending_posts()) == 1) == held
    assert category.thread_count == (0 if held else 1)


def test_after_an_approved_post_a_member_posts_freely(login, member, moderator, open_thread):
    from forum import approval

    client = login(member)
    client.submit(f"/forum/t/{open_thread.id}/reply", {"body": "Pertama"})
    client.submit(f"/forum/t/{open_thread.id}/reply", {"body": "Kedua, sebelum disetujui"})
    first, second = pending_posts()
    approval.approve(moderator, first)
    response = client.submit(f"/forum/t/{open_thread.id}/reply", {"body": "Ketiga"}, follow_redirects=True)
    assert not says(response, HELD)
    assert [post.number for post in pending_posts()] == [second.number]
    assert open_thread.category.post_count == 3


def test_rejecting_deletes_the_post_and_tells_the_author(app, login, member, moderator, open_thread):
    actions.reply(member, open_thread, "Kunjungi toko saya")
    post = pending_posts()[0]
    client = login(moderator)
    response = client.submit(f"/admin/approvals/{post.id}", {"decision": "reject"}, follow_redirects=True)
    assert says(response, "The post has been rejected.") and says(response, "No posts are waiting for approval.")
    assert post.deleted_at is not None
    note = db.session.execute(db.select(Notification)).scalar_one()
    assert (note.user_id, note.kind, note.target_kind, note.target_id) == (member.id, "moderation", "post", post.id)
    assert db.session.execute(db.select(AuditEntry.action).where(AuditEntry.target_id == post.id)).scalar() == \
        "post.reject"
    assert "Kunjungi" not in app.test_client().get(f"/forum/t/{open_thread.id}").get_data(as_text=True)
    again = client.submit(f"/admin/approvals/{post.id}", {"decision": "approve"}, follow_redirects=True)
    assert says(again, "This post is no longer waiting for approval.") and post.pending_at is not None


def test_the_queue_shows_each_post_in_context(login, member, moderator, open_thread, category):
    actions.reply(member, open_thread, "Saya pilih *Cantik Itu Luka*.")
    page = login(moderator).get("/admin/approvals").get_data(as_text=True)
    assert "Buku favorit tahun ini" in page and "Apa buku terbaik Anda?" in page  # the post before it
    assert "<em>Cantik Itu Luka</em>" in page and "@budi" in page
    assert translated("First posts of a new member") in page and translated("Reply #%(number)d", number=2) in page


@pytest.mark.parametrize("role, status", [(None, 302), ("member", 403), ("host", 403), ("moderator", 200),
                                          ("admin", 200)])
def test_only_moderators_see_and_work_the_queue(app, make_user, member, open_thread, role, status):
    actions.reply(member, open_thread, "Menunggu")
    post = pending_posts()[0]
    client = app.test_client()
    if role:
        client.login(make_user(f"as.{role}", role))
    assert client.get("/admin/approvals").status_code == status
    decided = client.submit(f"/admin/approvals/{post.id}", {"decision": "approve"})
    assert decided.status_code == (302 if status != 403 else 403)
    assert (post.pending_at is None) == (status == 200)


def test_an_unknown_decision_changes_nothing(login, member, moderator, open_thread):
    actions.reply(member, open_thread, "Menunggu")
    post = pending_posts()[0]
    response = login(moderator).submit(f"/admin/approvals/{post.id}", {"decision": "publish"}, follow_redirects=True)
    assert says(response, "Unknown action.") and post.pending_at is not None and post.deleted_at is None
    assert login(moderator).submit("/admin/approvals/999", {"decision": "approve"}).status_code == 404


THREE_LINKS = "Lihat https://example.com/a, [b](https://example.org/b) dan [c](http://example.net/c)."


@pytest.mark.parametrize("body, allowed", [
    (THREE_LINKS, False),
    ("Dua: https://example.com/a dan ![sampul](https://example.com/x.png) dan [c](https://example.net/c)", False),
    ("Dua saja: https://example.com/a dan https://example.org/b", True),
    ("Tautan di situs ini tidak dihitung: [1](/forum/t/1) [2](/forum/t/2) [3](/forum/c/x) https://example.com/a", True),
])
def test_new_members_may_put_at_most_two_links_in_a_post(login, member, open_thread, body, allowed):
    response = login(member).submit(f"/forum/t/{open_thread.id}/reply", {"body": body})
    assert (response.status_code == 302) == allowed
    if not allowed:
        assert says(response, "New members may put at most %(limit)d links or images in a post, until %(count)d of "
                              "their posts have been approved. Please remove some links.", limit=2, count=3)
        assert open_thread.post_count == 1


def test_trusted_members_and_moderators_may_link_freely(app, login, make_user, member, moderator, open_thread):
    from forum import approval

    for number in range(3):
        actions.reply(member, open_thread, f"Balasan {number}")
    for post in pending_posts():
        approval.approve(moderator, post)
    assert login(member).submit(f"/forum/t/{open_thread.id}/reply", {"body": THREE_LINKS}).status_code == 302
    staff = app.test_client()
    staff.login(make_user("moderator.baru", "moderator"))
    assert staff.submit(f"/forum/t/{open_thread.id}/reply", {"body": THREE_LINKS}).status_code == 302


def test_the_link_limit_holds_for_edits_too(login, member, moderator, open_thread):
    actions.reply(member, open_thread, "Tanpa tautan")
    post = pending_posts()[0]
    response = login(member).submit(f"/forum/p/{post.id}/edit", {"body": THREE_LINKS})
    assert response.status_code == 400 and post.body_md == "Tanpa tautan"


def test_the_thread_page_costs_the_same_queries_with_pending_posts(app, make_user, moderator, open_thread):
    from tests.http.test_forum import count_queries

    client = app.test_client()
    before = count_queries(app, client, f"/forum/t/{open_thread.id}")
    for number in range(5):
        actions.reply(make_user(f"baru{number}"), open_thread, f"Menunggu {number}")
    assert count_queries(app, client, f"/forum/t/{open_thread.id}") == before
    client.login(moderator)
    signed_in = count_queries(app, client, f"/forum/t/{open_thread.id}")
    actions.reply(make_user("baru9"), open_thread, "Satu lagi")
    assert count_queries(app, client, f"/forum/t/{open_thread.id}") == signed_in


def test_a_new_member_is_told_how_long_approval_usually_takes(app, login, make_user, moderator, open_thread):
    """The median of the latest approvals of new members' posts (issue 17): here 10, 30 and 120 minutes."""
    for number, minutes in enumerate((10, 30, 120)):
        post = actions.reply(make_user(f"baru{number}"), open_thread, "Salam kenal!")
        post.created_at -= timedelta(minutes=minutes)
        approval.approve(moderator, post)
    author = login(make_user("rina"))
    response = author.submit(f"/forum/t/{open_thread.id}/reply", {"body": "Saya juga suka."}, follow_redirects=True)
    assert says(response, "Thank you! A moderator will look at your post before others see it, usually within "
                          "%(wait)s. Until then only you and the moderators see it.", wait="30 menit")
