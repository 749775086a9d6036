"""Notifications: who hears of what, the inbox, and turning kinds off."""
import re

import pytest

from core import notifications
from core.notifications import Notification
from extensions import db
from forum import actions
from forum.models import Post
from tests.conftest import says
from tests.event_factory import new_event
from tests.group_helpers import make_group
from tests.statements import Statements


@pytest.fixture
def category(admin):
    return actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                 colour="#0f6b5c", position=0, who_starts="members")


def kinds_for(user) -> list[str]:
    return db.session.execute(db.select(Notification.kind).where(Notification.user_id == user.id)
                              .order_by(Notification.id)).scalars().all()


def test_replies_mentions_quotes_and_reactions_notify_the_right_people(member, make_user, category):
    siti, ani, joko = make_user("siti"), make_user("ani"), make_user("joko")
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Siapa tokoh favorit?")  # member watches
    opening = db.session.execute(db.select(Post)).scalar_one()
    actions.reply(siti, thread, "Lintang! Bagaimana menurutmu, @ani?")                       # siti watches now
    actions.reply(joko, thread, f"> [budi menulis](/forum/t/{thread.id}#p{opening.id}):\n> Siapa?\n\nMahar.")
    actions.toggle_reaction(ani, opening, "like")
    actions.toggle_reaction(ani, opening, "like")  # taking it back does not notify again
    assert kinds_for(member) == ["reply", "quote", "reaction"]
    assert kinds_for(ani) == ["mention"]
    assert kinds_for(siti) == ["reply"]
    assert kinds_for(joko) == []  # nobody is told of their own post


def test_a_mention_inside_an_email_or_link_is_not_a_mention(member, make_user, category):
    make_user("ani")
    actions.create_thread(member, category, "Kontak", "Tulis ke budi@ani.example atau lihat https://x.example/@ani")
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 0


def test_the_inbox_shows_and_the_header_counts(app, login, member, make_user, category):
    thread = actions.create_thread(member, category, "Buku <b>bagus</b>", "Isi")
    actions.reply(make_user("siti", display_name="Siti Aminah"), thread, "Setuju!")
    client = login(member)
    assert 'data-unread="1"' in client.get("/").get_data(as_text=True)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Siti Aminah" in page and "Buku &lt;b&gt;bagus&lt;/b&gt;" in page and "<b>bagus" not in page
    assert 'data-unread="1"' in client.get("/").get_data(as_text=True)  # looking is not reading


def open_value(client, position: int = 0) -> str:
    return re.findall(r'name="open" value="([^"]+)"', client.get("/notifications").get_data(as_text=True))[position]


def test_opening_a_notification_marks_it_read_and_leads_to_the_post(login, member, make_user, category):
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Isi")
    reply = actions.reply(make_user("siti"), thread, "Setuju!")
    actions.reply(make_user("ani"), thread, "Saya juga!")
    client = login(member)
    value = open_value(client, 1)  # the older one: siti's reply
    response = client.submit("/notifications", {"open": value})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#p{reply.id}")
    assert notifications.unread_count(member.id) == 1
    assert client.submit("/notifications", {"all": "1"}).status_code == 302
    assert notifications.unread_count(member.id) == 0


def test_no_other_site_and_no_other_member_can_mark_a_members_notifications_read(app, login, member, make_user,
                                                                                   category):
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Isi")
    actions.reply(make_user("siti"), thread, "Setuju!")
    client = login(member)
    value = open_value(client)
    assert client.post("/notifications", data={"all": "1"}).status_code == 400  # a cross-site form: no token
    assert client.post("/notifications", data={"open": value}).status_code == 400
    other = app.test_client()
    assert other.login(make_user("joko")).status_code == 302
    other.submit("/notifications", {"open": value})
    assert notifications.unread_count(member.id) == 1
    assert client.submit("/notifications", {"open": value.split()[0] + " https://jahat.example/"}
                                ).headers["Location"] == "/notifications"
    assert notifications.unread_count(member.id) == 0


def test_kinds_turned_off_are_not_stored(login, member, make_user, category):
    client = login(member)
    assert client.submit("/settings/notifications", {"on": ["mention", "quote"]}).status_code == 302
    assert member.notifications_off == ["reply", "reaction", "moderation", "new_thread", "event_reminder",
                                        "suggestion", "group_request", "group_milestone", "live_open"]
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Isi")
    actions.reply(make_user("siti"), thread, "Balasan biasa")
    actions.reply(make_user("ani"), thread, "Halo @budi")
    assert kinds_for(member) == ["mention"]


def test_unwatching_a_thread_stops_reply_notifications(login, member, make_user, category):
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Isi")
    client = login(member)
    response = client.submit(f"/forum/t/{thread.id}/watch", follow_redirects=True)
    assert says(response, "You no longer watch this thread.")
    actions.reply(make_user("siti"), thread, "Balasan")
    assert kinds_for(member) == []


def test_a_moderator_hiding_a_post_tells_its_author(login, member, moderator, make_user, category):
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Isi")
    post = db.session.execute(db.select(Post)).scalar_one()
    actions.flag_post(make_user("siti"), post, "spam", "")
    actions.resolve_flags(moderator, post, "hide")
    assert kinds_for(member) == ["moderation"]
    assert thread.id  # the thread stays


def test_notification_pages_need_a_member(client):
    assert client.get("/notifications").status_code == 302
    assert client.post("/settings/notifications").status_code == 400  # no CSRF token


def test_the_inbox_loads_each_kind_of_target_at_once_however_many(login, member, admin, make_user, category):
    siti = make_user("siti", display_name="Siti Aminah")
    client = login(member)

    def inbox_after(more: int, start: int) -> tuple[int, str]:
        for number in range(start, start + more):
            thread = actions.create_thread(siti, category, f"Topik {number}", "Isi")
            opening = db.session.execute(db.select(Post).filter_by(thread_id=thread.id)).scalar_one()
            notifications.notify({member.id: "reply"}, siti, opening)
            notifications.notify({member.id: "event_reminder"}, None, new_event(admin, title=f"Acara {number}"))
            notifications.notify({member.id: "group_invited"}, admin, make_group(admin, name=f"Klub {number}"))
        db.session.commit()
        with Statements() as statements:
            page = client.get("/notifications").get_data(as_text=True)
        return statements.count, page

    few, _ = inbox_after(1, 0)
    many, page = inbox_after(4, 1)
    assert many == few  # one query per kind of target, not one per notification
    assert all(f"{what} {number}" in page for what in ("Topik", "Acara", "Klub") for number in range(5))
