"""Forgot password: the e-mailed single-use link, read from a real SMTP server, and every way it is refused."""
import time
from datetime import timedelta
from urllib.parse import urlsplit

from accounts.models import PasswordReset
from core.audit import AuditEntry
from core.outbox import OutboxMessage
from core.timeutil import utcnow
from extensions import db
from tests.conftest import PASSWORD, says, translated
from tests.mail_helpers import deliver, link_in, parts, smtp  # noqa: F401  (fixture)

NEW_PASSWORD = "hujan-di-bulan-juni"


def ask_for_link(client, who: str):
    return client.submit("/auth/reset", {"username": who})


def test_the_sign_in_page_offers_forgot_password(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert 'href="/auth/reset"' in page and "Lupa kata sandi?" in page


def test_the_emailed_link_sets_a_new_password_once_and_signs_out_everywhere(app, client, member, smtp, login):
    app.config["SERAMBI_BASE_URL"] = "https://komunitas.perpustakaan.example"
    other_device = app.test_client()
    other_device.login(member)
    response = ask_for_link(client, "budi@contoh.id")
    assert response.status_code == 200 and says(response, "Check your e-mail")
    assert deliver() == 1
    [message] = smtp.to("budi@contoh.id")
    text, html = parts(message)
    assert message["Subject"] == translated("Set a new password at %(library)s", library="Perpustakaan Kota")
    assert "Perpustakaan Kota" in message["From"] and message["Message-ID"].startswith("<reset-")
    link = link_in(message, "/auth/reset/")
    assert link.startswith("https://komunitas.perpustakaan.example/auth/reset/") and link in html
    assert "Halo Budi Santoso," in text
    path = urlsplit(link).path

    assert client.get(path).status_code == 200
    response = client.submit(path, {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert other_device.get("/settings/profile").status_code == 302  # that session has ended
    assert client.login(member).status_code == 400
    assert client.login(member, NEW_PASSWORD).status_code == 302

    again = client.get(path)
    assert again.status_code == 410 and says(again, "This link has already been used. Each link sets a password "
                                                     "once: ask for a new one if you need it.")
    assert client.submit(path, {"new_password": "lagi-lagi-sandi", "confirm": "lagi-lagi-sandi"}).status_code == 410
    assert member.check_password(NEW_PASSWORD)


def test_an_unknown_account_gets_the_same_answer_and_no_email(client, member, smtp):
    known = ask_for_link(client, "budi").get_data(as_text=True)
    unknown = ask_for_link(client, "tidak.ada@contoh.id").get_data(as_text=True)
    strip = lambda page: page.split('name="csrf_token"')[0]  # noqa: E731
    assert strip(known) == strip(unknown)
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 1  # budi's only
    assert deliver() == 1 and len(smtp.messages) == 1


def test_every_answer_takes_the_same_time_whether_or_not_the_account_exists(app, client, member):
    app.config["PASSWORD_RESET_ANSWER_SECONDS"] = 0.2
    for who in ("budi", "tidak.ada@contoh.id"):
        started = time.monotonic()
        ask_for_link(client, who)
        assert 0.2 <= time.monotonic() - started < 2


def test_an_expired_or_unknown_link_is_refused_with_a_reason(client, member, smtp):
    ask_for_link(client, "budi")
    deliver()
    path = urlsplit(link_in(smtp.messages[0], "/auth/reset/")).path
    db.session.execute(db.update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    expired = client.get(path)
    assert expired.status_code == 410 and says(expired, "This link has expired: links work for one hour. Ask for a "
                                                         "new one.")
    assert client.submit(path, {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 410
    assert member.check_password(PASSWORD)
    wrong = client.get(path[:-3] + "xyz")
    assert wrong.status_code == 410 and says(wrong, "This link to set a new password is not valid. Check that you "
                                                    "opened the whole link, or ask for a new one.")


def test_a_weak_new_password_is_refused_and_the_link_still_works(client, member, smtp):
    ask_for_link(client, "budi")
    deliver()
    path = urlsplit(link_in(smtp.messages[0], "/auth/reset/")).path
    assert client.submit(path, {"new_password": "pendek", "confirm": "pendek"}).status_code == 400
    assert client.submit(path, {"new_password": NEW_PASSWORD, "confirm": "lain-lagi-sandinya"}).status_code == 400
    assert client.submit(path, {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302


def test_only_a_hash_of_the_token_is_stored(client, member, smtp):
    ask_for_link(client, "budi")
    deliver()
    token = link_in(smtp.messages[0], "/auth/reset/").rsplit("/", 1)[1]
    stored = db.session.scalar(db.select(PasswordReset.token_hash))
    assert token not in stored and len(stored) == 64


def test_requests_are_limited_per_account_however_it_is_named(app, client, member):
    app.config["RATELIMIT_RESET_ACCOUNT"] = "2 per hour"
    assert ask_for_link(client, "budi").status_code == 200
    assert ask_for_link(client, "BUDI@contoh.id").status_code == 200
    limited = ask_for_link(client, "budi")
    assert limited.status_code == 429
    assert ask_for_link(client, "ani").status_code == 200  # another name is not limited by budi's
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 2


def test_requests_are_limited_per_address(app, client):
    app.config["RATELIMIT_RESET"] = "3 per hour"
    for name in ("a1", "a2", "a3"):
        assert ask_for_link(client, name).status_code == 200
    assert ask_for_link(client, "a4").status_code == 429


def test_an_english_speaking_member_gets_the_email_in_english(client, make_user, smtp):
    make_user("sam", language="en")
    ask_for_link(client, "sam")
    deliver()
    [message] = smtp.messages
    assert message["Subject"] == "Set a new password at Perpustakaan Kota"
    assert "The link works once, for one hour." in parts(message)[0] and message["Content-Language"] == "en"


def test_staff_give_a_member_a_one_time_link_at_the_desk_which_is_audited(client, moderator, member, login):
    login(moderator)
    page = client.submit(f"/admin/users/{member.username}/reset-link").get_data(as_text=True)
    link = page.split("/auth/reset/", 1)[1].split('"', 1)[0]
    entry = db.session.execute(db.select(AuditEntry)).scalar_one()
    assert (entry.action, entry.actor_id, entry.target_id) == ("user.reset_link", moderator.id, member.id)
    assert db.session.scalar(db.select(PasswordReset.issued_by_id)) == moderator.id
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0  # nothing e-mailed
    guest = client.application.test_client()
    assert guest.submit(f"/auth/reset/{link}", {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    assert member.check_password(NEW_PASSWORD)


def test_staff_links_are_refused_where_staff_may_not_act(app, client, moderator, admin, member, login):
    as_member = app.test_client()
    as_member.login(member)
    assert as_member.submit(f"/admin/users/{moderator.username}/reset-link").status_code == 403
    login(moderator)
    refused = client.submit(f"/admin/users/{admin.username}/reset-link", follow_redirects=True)
    assert says(refused, "You may not issue a password link for this account.")
    assert db.session.scalar(db.select(db.func.count(PasswordReset.id))) == 0
