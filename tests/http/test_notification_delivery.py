"""Notifications beyond the site, as each member chose per kind: an e-mail at once, the daily digest, a push
to the phone; every e-mail with a one-click unsubscribe that changes only its kind. Read from a real SMTP
server and a local push service (tests/mail_helpers.py, tests/push_service.py)."""
from datetime import timedelta

import pytest

from core import delivery, notifications
from core.timeutil import utcnow
from events import actions as event_actions
from extensions import db
from forum import actions
from forum.models import Watch
from groups import actions as group_actions
from tests.event_factory import new_event
from tests.group_helpers import add_member, make_group
from tests.http.test_push import push_service, turn_on  # noqa: F401 (a fixture)
from tests.mail_helpers import deliver, parts, smtp  # noqa: F401 (a fixture)
from tests.statements import Statements


@pytest.fixture
def category(admin):
    return actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                 colour="#0f6b5c", position=0, who_starts="members")


def confirmed(user, language="id"):
    user.email_confirmed_at, user.language = utcnow(), language
    db.session.commit()
    return user


def test_a_moderators_action_is_e_mailed_at_once_with_a_one_click_unsubscribe(smtp, member, moderator, category):
    confirmed(member, "en")
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Siapa tokoh favorit?")
    post = actions.reply(member, thread, "Beli pulsa murah di sini!")
    actions.flag_post(moderator, post, "spam", "")
    actions.resolve_flags(moderator, post, "hide")
    deliver()
    [message] = smtp.to(member.email)
    text, html = parts(message)
    assert message["Subject"] == "A moderator acted on your post in Laskar Pelangi"  # the member's language
    assert f"/forum/t/{thread.id}" in text and "Perpustakaan Kota" in html
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" and unsubscribe in text


def test_a_reply_waits_for_the_daily_digest_grouped_by_thread_and_naming_the_group(smtp, app, member, host,
                                                                                   make_user, category):
    confirmed(member)
    siti = make_user("siti", display_name="Siti Aminah")
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Siapa tokoh favorit?")
    actions.reply(siti, thread, "Lintang!")
    actions.reply(siti, thread, "Mahar juga.")
    group = make_group(host)
    add_member(group, member)
    add_member(group, siti)
    group_thread = actions.create_thread(member, group_actions.group_category(group), "Bab satu", "Apa pendapatmu?")
    actions.reply(siti, group_thread, "Seru!")
    deliver()
    assert smtp.to(member.email) == []  # replies are daily by default

    assert delivery.send_digests() == 1
    deliver()
    [digest] = smtp.to(member.email)
    text, html = parts(digest)
    assert digest["Subject"] == "3 notifikasi baru di Perpustakaan Kota"
    assert text.count("Siti Aminah membalas di Laskar Pelangi") == 2
    assert f"Bab satu · {group.name}" in text and f"Bab satu · {group.name}" in html
    assert digest["List-Unsubscribe"]

    assert delivery.send_digests() == 0  # nothing new since
    actions.reply(siti, thread, "Satu lagi.")
    notifications.mark_all_read(member)  # the member visited and read it
    assert delivery.send_digests(utcnow() + timedelta(days=1)) == 0


def test_the_unsubscribe_link_asks_first_then_turns_off_only_that_kind_without_signing_in(client, member):
    link = delivery.unsubscribe_url(member.id, "moderation")
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert member.notification_email is None  # opening the link (a mail scanner) changes nothing
    assert client.post("/" + path).status_code == 200  # what a mail program's one click sends: no cookie, no token
    db.session.refresh(member)
    assert member.notification_email == {"moderation": "never"}
    assert notifications.email_choice(member.notification_email, "mention") == "daily"
    assert client.post("/notifications/unsubscribe/not-a-token").status_code == 404


def test_the_digests_link_stops_the_digest_only(client, member):
    member.notification_email = {"new_thread": "daily", "moderation": "now"}
    db.session.commit()
    path = "/" + delivery.unsubscribe_url(member.id, delivery.DIGEST).split("://", 1)[1].split("/", 1)[1]
    client.post(path)
    db.session.refresh(member)
    choices = member.notification_email
    assert all(notifications.email_choice(choices, kind) != "daily" for kind in notifications.REACHABLE)
    assert choices["moderation"] == "now"


def test_an_event_reminder_is_e_mailed_with_the_calendar_entry(smtp, member, host):
    confirmed(member)
    event = new_event(host, starts_in=timedelta(minutes=50))
    event_actions.rsvp(member, event)
    event_actions.send_reminders()
    deliver()
    [message] = smtp.to(member.email)
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert "SUMMARY:Bedah Buku Laskar Pelangi" in attachment.get_content()


def test_an_unconfirmed_address_gets_no_e_mail(smtp, member, moderator, category):
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Siapa tokoh favorit?")
    post = actions.reply(member, thread, "Beli pulsa murah di sini!")
    actions.flag_post(moderator, post, "spam", "")
    actions.resolve_flags(moderator, post, "hide")
    deliver()
    assert smtp.to(member.email) == []


def test_a_reply_reaches_the_phone_of_a_member_who_turned_it_on(login, member, make_user, category, push_service):
    phone = push_service.browser("phone")
    turn_on(login(member), phone)
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Siapa tokoh favorit?")
    reply = actions.reply(make_user("siti", display_name="Siti Aminah"), thread, "Lintang!")
    deliver()
    [push] = phone.messages()
    assert push["body"] == "Siti Aminah membalas di Laskar Pelangi"
    assert push["url"].endswith(f"#p{reply.id}") and push["title"] == "Perpustakaan Kota"


def test_the_settings_keep_each_kinds_choice(login, member):
    client = login(member)
    client.submit("/settings/notifications", {"on": ["reply", "mention"], "email-reply": "now",
                                              "email-mention": "never", "email-moderation": "bogus", "push": ["mention"]})
    db.session.refresh(member)
    assert member.notification_email == {"reply": "now", "mention": "never"} | {
        kind: member.notification_email[kind] for kind in member.notification_email if kind not in ("reply", "mention")}
    assert "moderation" not in member.notification_email
    assert member.notification_push_off == ["reply", notifications.EVENT_SEAT, "live_open"]


def test_telling_5000_watchers_costs_the_request_the_same_statements_as_telling_3(member, make_user, category):
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Siapa tokoh favorit?")
    users = db.metadata.tables["users"]
    db.session.execute(db.insert(users), [
        {"username": f"p{n}", "email": f"p{n}@example.org", "password_hash": "x", "display_name": f"P {n}",
         "notifications_off": [], "notification_email": {"reply": "now"}, "role": "member", "session_token": f"{n:032x}",
         "bio_md": "", "bio_html": "", "interests": "", "suspension_reason": "", "ban_reason": "",
         "created_at": utcnow(), "email_confirmed_at": utcnow()} for n in range(5000)])
    ids = db.session.execute(db.select(users.c.id).where(users.c.username.like("p%"))).scalars().all()
    few, many = ids[:3], ids[3:]

    def cost(watchers) -> int:
        db.session.add_all(Watch(thread_id=thread.id, user_id=user_id) for user_id in watchers)
        db.session.commit()
        db.session.expire_all()
        with Statements() as statements:
            actions.reply(make_user(f"penulis{len(watchers)}"), thread, "Setuju.")
        db.session.execute(db.delete(Watch).where(Watch.user_id.in_(watchers)))
        db.session.commit()
        return statements.count

    assert cost(few) == cost(many)


def test_going_members_phones_hear_once_that_the_live_room_is_open(login, member, host, push_service):
    phone = push_service.browser("phone")
    turn_on(login(member), phone)
    event = new_event(host, starts_in=timedelta(minutes=30))
    event_actions.rsvp(member, event)
    later = event.starts_at + timedelta(minutes=2)
    event_actions.send_reminders(later)
    event_actions.send_reminders(later + timedelta(minutes=5))  # cron again: told once
    deliver()
    pushes = [push for push in push_service.received["phone"] if "live" in push["url"]]
    assert [push["body"] for push in pushes] == [f"Ruang siaran {event.title} sudah dibuka: ayo bergabung"]
    assert pushes[0]["url"] == f"/events/{event.id}/live"
