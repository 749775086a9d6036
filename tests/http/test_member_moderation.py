"""Moderating members: warnings, read-only (silence), and removing everything a spammer wrote."""
from datetime import timedelta

import pytest

from core import search
from core.audit import AuditEntry
from core.notifications import Notification
from core.timeutil import utcnow
from extensions import db
from forum import actions
from forum.models import Category, Flag, Post, Thread
from tests.conftest import says


@pytest.fixture
def category(admin):
    return actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                 colour="#0f6b5c", position=0, who_starts="members")


@pytest.fixture
def thread(category, moderator):
    return actions.create_thread(moderator, category, "Buku bulan ini", "Apa yang kalian baca?")


def signed_in(app, user):
    """A browser of its own for each person, so two people never share a session."""
    client = app.test_client()
    assert client.login(user).status_code == 302
    return client


def post_count() -> int:
    return db.session.scalar(db.select(db.func.count(Post.id)))


# --- Read-only (silence) ---------------------------------------------------------------------------

def test_a_silenced_member_reads_but_cannot_take_part_and_sees_why(app, moderator, member, thread):
    opening = db.session.execute(db.select(Post)).scalar_one()
    response = signed_in(app, moderator).submit("/admin/users/budi/silence", {"days": "3", "reason": "Terlalu banyak iklan"},
                                       follow_redirects=True)
    assert says(response, "%(name)s can read but not post until %(until)s.", name="budi",
                until=_when(member.silenced_until))
    client = signed_in(app, member)
    page = client.get(f"/forum/t/{thread.id}")
    assert page.status_code == 200 and "Terlalu banyak iklan" in page.get_data(as_text=True)
    assert 'action="/forum/t/%d/reply"' % thread.id not in page.get_data(as_text=True)
    refused = client.submit(f"/forum/t/{thread.id}/reply", {"body": "Coba balas"})
    assert refused.status_code == 400 and "Terlalu banyak iklan" in refused.get_data(as_text=True)
    assert client.submit("/forum/c/diskusi-buku/new", {"title": "Judul baru", "body": "Isi"}).status_code == 403
    client.submit(f"/forum/p/{opening.id}/react", {"kind": "like"})
    client.submit(f"/forum/p/{opening.id}/flag", {"reason": "spam", "text": ""})
    assert post_count() == 1 and opening.reaction_counts == {}
    assert db.session.scalar(db.select(db.func.count(Flag.id))) == 0
    # Keeping bookmarks and watching threads are private reading aids: still allowed.
    assert says(client.submit(f"/forum/p/{opening.id}/bookmark", follow_redirects=True), "Bookmarked.")
    entry = db.session.execute(db.select(AuditEntry).where(AuditEntry.target_type == "user")).scalar_one()
    assert (entry.action, entry.reason) == ("user.silence", "Terlalu banyak iklan")


def _when(moment):
    from core.i18n import format_when
    from flask_babel import force_locale

    with force_locale("id"):
        return format_when(moment)


def test_a_silence_ends_by_itself_or_when_lifted(app, moderator, member, thread):
    member.silenced_until, member.silence_reason = utcnow() - timedelta(minutes=1), "Sudah lewat"
    db.session.commit()
    client = signed_in(app, member)
    assert client.submit(f"/forum/t/{thread.id}/reply", {"body": "Boleh lagi"}).status_code == 302
    member.silenced_until = utcnow() + timedelta(days=1)
    db.session.commit()
    assert client.submit(f"/forum/t/{thread.id}/reply", {"body": "Belum boleh"}).status_code == 400
    signed_in(app, moderator).submit("/admin/users/budi/lift")
    assert member.silence is None
    assert client.submit(f"/forum/t/{thread.id}/reply", {"body": "Boleh lagi"}).status_code == 302


@pytest.mark.parametrize("target_role", ["moderator", "admin"])
def test_moderators_cannot_silence_staff(app, make_user, moderator, target_role):
    target = make_user("staf", target_role)
    response = signed_in(app, moderator).submit("/admin/users/staf/silence", {"days": "1", "reason": "x"},
                                       follow_redirects=True)
    assert says(response, "You may not restrict this account.")
    assert target.silence is None


def test_a_silence_needs_a_reason(app, moderator, member):
    response = signed_in(app, moderator).submit("/admin/users/budi/silence", {"days": "1", "reason": "  "},
                                       follow_redirects=True)
    assert response.status_code == 200 and member.silence is None


# --- Warnings --------------------------------------------------------------------------------------

def test_a_warning_reaches_the_member_who_cannot_turn_it_off(app, moderator, member):
    member.notifications_off = ["reply", "mention", "quote", "reaction", "moderation"]
    db.session.commit()
    response = signed_in(app, moderator).submit("/admin/users/budi/warn", {"message": "Mohon jangan promosi di forum."},
                                       follow_redirects=True)
    assert says(response, "The warning has been sent to %(name)s.", name="budi")
    inbox = signed_in(app, member).get("/notifications").get_data(as_text=True)
    assert "Mohon jangan promosi di forum." in inbox
    assert db.session.execute(db.select(Notification.kind)).scalar_one() == "warning"
    settings = signed_in(app, member).get("/settings/notifications").get_data(as_text=True)
    assert 'value="warning"' not in settings
    assert "1 " in signed_in(app, moderator).get("/admin/users/budi").get_data(as_text=True)


def test_an_empty_warning_is_refused(app, moderator, member):
    signed_in(app, moderator).submit("/admin/users/budi/warn", {"message": " "}, follow_redirects=True)
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 0


def test_warning_from_the_queue_keeps_the_post_and_closes_the_flags(app, make_user, moderator, member, thread):
    post = actions.reply(member, thread, "Beli pulsa murah di sini!")
    actions.flag_post(make_user("siti"), post, "spam", "")
    response = signed_in(app, moderator).submit(f"/admin/flags/{post.id}", {"outcome": "warn", "message": "Tanpa iklan ya."},
                                       follow_redirects=True)
    assert says(response, "Nothing is waiting. Well done!")
    assert post.hidden_at is None and post.deleted_at is None
    assert db.session.execute(db.select(Flag.outcome)).scalar_one() == "warn"
    notification = db.session.execute(db.select(Notification).where(Notification.user_id == member.id)
                                      ).scalar_one()
    assert (notification.kind, notification.message, notification.target_kind, notification.target_id) == \
        ("warning", "Tanpa iklan ya.", "post", post.id)
    page = signed_in(app, member).get("/notifications").get_data(as_text=True)
    assert "Tanpa iklan ya." in page and f"#p{post.id}" in page
    actions_logged = db.session.execute(db.select(AuditEntry.action).order_by(AuditEntry.id)).scalars().all()
    assert actions_logged[-2:] == ["flag.warn", "user.warn"]


def test_a_warning_from_the_queue_needs_words(app, make_user, moderator, member, thread):
    post = actions.reply(member, thread, "Beli pulsa murah di sini!")
    actions.flag_post(make_user("siti"), post, "spam", "")
    response = signed_in(app, moderator).submit(f"/admin/flags/{post.id}", {"outcome": "warn", "message": ""},
                                       follow_redirects=True)
    assert says(response, "Please write the warning: the member will see it.")
    assert db.session.execute(db.select(Flag.resolved_at)).scalar_one() is None


# --- Deleting everything a spammer wrote -----------------------------------------------------------

def test_deleting_all_posts_of_a_spammer_clears_them_from_every_list(app, make_user, moderator, member,
                                                                     category, thread):
    spam = actions.create_thread(member, category, "Promo slot gacor", "Daftar sekarang, bonus besar")
    actions.reply(make_user("siti"), spam, "Ini iklan ya?")
    actions.reply(member, thread, "Kunjungi situs promo kami")
    actions.reply(make_user("ani"), thread, "Saya baca Bumi Manusia")
    assert "Promo slot gacor" in app.test_client().get("/forum/c/diskusi-buku").get_data(as_text=True)

    response = signed_in(app, moderator).submit("/admin/users/budi/delete-posts", {"confirm": "y", "ban": "y"},
                                       follow_redirects=True)
    assert says(response, "Deleted %(posts)d posts and %(threads)d threads by %(name)s.", posts=2, threads=1,
                name="budi")
    guest = app.test_client()
    assert "Promo slot gacor" not in guest.get("/forum/c/diskusi-buku").get_data(as_text=True)
    assert "Promo slot gacor" not in guest.get("/").get_data(as_text=True)
    assert "Promo slot gacor" not in guest.get("/feed.xml").get_data(as_text=True)
    assert guest.get(f"/forum/t/{spam.id}").status_code == 404
    assert not search.query("promo")
    staff_view = signed_in(app, moderator).get(f"/forum/t/{spam.id}")
    assert says(staff_view, "This thread has been deleted: only staff see it.")
    assert [hit.ref_id for hit in search.query("Bumi Manusia")]  # others' posts untouched
    assert (category.thread_count, member.restriction.kind) == (1, "banned")
    assert db.session.scalar(db.select(db.func.count(Post.id)).where(Post.deleted_at.is_(None))) == 3


def test_deleting_all_posts_needs_the_confirmation_box(app, moderator, member, category):
    actions.create_thread(member, category, "Promo slot gacor", "Daftar sekarang")
    response = signed_in(app, moderator).submit("/admin/users/budi/delete-posts", {}, follow_redirects=True)
    assert says(response, "Tick the box to confirm.")
    assert db.session.execute(db.select(Thread.deleted_at)).scalar_one() is None
    assert member.restriction is None


def test_a_moderator_cannot_delete_everything_an_admin_wrote(app, moderator, admin, category):
    actions.create_thread(admin, category, "Pengumuman", "Jam buka berubah")
    response = signed_in(app, moderator).submit("/admin/users/ratna/delete-posts", {"confirm": "y"}, follow_redirects=True)
    assert says(response, "You may not restrict this account.")
    assert db.session.execute(db.select(Post.deleted_at)).scalar_one() is None
