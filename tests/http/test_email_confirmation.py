"""Confirming an e-mail address, changing it, the library's rule for unconfirmed members, and dead addresses."""
import re
from urllib.parse import urlsplit

from accounts.models import User
from core.mail import DeadAddress
from core.outbox import OutboxMessage
from extensions import db
from library.models import profile_for_editing
from tests.conftest import PASSWORD, says
from tests.http.test_library_profile import profile_form
from tests.mail_helpers import deliver, free_port, link_in, smtp  # noqa: F401  (fixture)


def register(client, username="rina", email="rina@contoh.id"):
    return client.submit("/auth/register", {"username": username, "email": email, "password": "ayo-membaca-buku"})


def confirm_from(client, message):
    path = urlsplit(link_in(message, "/auth/confirm/")).path
    assert client.get(path).status_code == 200  # a page with a button: opening the link alone changes nothing
    return client.submit(path)


def test_a_new_account_confirms_its_address_from_the_emailed_link(client, smtp):
    assert register(client).status_code == 302
    rina = db.session.execute(db.select(User).where(User.username == "rina")).scalar_one()
    assert rina.email_confirmed_at is None
    assert says(client.get("/settings/profile"), "Your e-mail address is not confirmed yet: we send you no e-mail "
                                                 "until it is.")
    deliver()
    [message] = smtp.to("rina@contoh.id")
    path = urlsplit(link_in(message, "/auth/confirm/")).path
    client.get(path)
    assert rina.email_confirmed_at is None
    assert confirm_from(client, message).status_code == 302
    assert rina.email_confirmed_at is not None
    assert not says(client.get("/settings/profile"), "Your e-mail address is not confirmed yet: we send you no "
                                                     "e-mail until it is.")


def test_a_broken_confirmation_link_is_refused_with_a_reason(client, member):
    response = client.get("/auth/confirm/not-a-real-token")
    assert response.status_code == 410
    assert says(response, "This confirmation link is not valid. Check that you opened the whole link.")
    assert client.submit("/auth/confirm/not-a-real-token").status_code == 410


def test_the_library_decides_whether_unconfirmed_members_may_post(app, client, admin, member, login):
    from forum import actions as forum_actions

    category = forum_actions.save_category(admin, None, name="Buku", slug="buku", description="", colour="#0f6b5c",
                                           position=0, who_starts="members")
    login(member)
    new_thread = {"title": "Buku favorit", "body": "Apa buku favorit kalian tahun ini?"}
    assert client.submit("/forum/c/buku/new", new_thread).status_code == 302  # by default they may

    profile = profile_for_editing()
    profile.unconfirmed_may_post = False
    db.session.add(profile)
    db.session.commit()
    assert client.submit("/forum/c/buku/new", {**new_thread, "title": "Lagi"}).status_code == 403
    assert says(client.get("/forum/"), "Confirm your e-mail address to post: open the link we sent you, or ask for a new one in "
                         "your e-mail settings.")
    staff = app.test_client()
    staff.login(admin)  # staff are not held back
    assert staff.submit("/forum/c/buku/new", {**new_thread, "title": "Dari staf"}).status_code == 302
    member.email_confirmed_at = member.created_at
    db.session.commit()
    assert client.submit("/forum/c/buku/new", {**new_thread, "title": "Sudah dikonfirmasi"}).status_code == 302
    assert category.id


def test_the_admin_sets_the_rule_in_the_library_profile(client, admin, login):
    login(admin)
    page = client.get("/admin/library").get_data(as_text=True)
    [checkbox] = re.findall(r'<input[^>]*name="unconfirmed_may_post"[^>]*>', page)
    assert "checked" in checkbox  # the default: they may post
    client.submit("/admin/library", profile_form())  # the box left unticked
    assert profile_for_editing().unconfirmed_may_post is False
    client.submit("/admin/library", profile_form(unconfirmed_may_post="y"))
    db.session.expire_all()
    assert profile_for_editing().unconfirmed_may_post is True


def test_changing_the_address_confirms_the_new_one_and_tells_the_old_one(client, member, smtp, login):
    login(member)
    response = client.submit("/settings/email", {"email": "budi.baru@contoh.id", "password": PASSWORD})
    assert response.status_code == 302
    assert member.email == "budi@contoh.id" and member.pending_email == "budi.baru@contoh.id"
    deliver()
    [notice] = smtp.to("budi@contoh.id")
    assert "budi.baru@contoh.id" in notice.get_body(("plain",)).get_content()
    [confirmation] = smtp.to("budi.baru@contoh.id")
    assert confirm_from(client, confirmation).status_code == 302
    assert (member.email, member.pending_email) == ("budi.baru@contoh.id", None)
    assert member.email_confirmed_at is not None


def test_changing_the_address_is_refused_without_the_password_or_for_a_taken_address(client, member, make_user,
                                                                                     login):
    make_user("ani")
    login(member)
    wrong = client.submit("/settings/email", {"email": "budi.baru@contoh.id", "password": "salah-sandinya"})
    assert wrong.status_code == 400 and says(wrong, "Your current password is not correct.")
    taken = client.submit("/settings/email", {"email": "ani@contoh.id", "password": PASSWORD})
    assert taken.status_code == 400 and says(taken, "An account with this email already exists. Sign in instead?")
    bad = client.submit("/settings/email", {"email": "bukan-alamat", "password": PASSWORD})
    assert bad.status_code == 400
    assert member.pending_email is None and db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_a_hard_bounce_stops_email_to_the_address_and_the_member_is_told(app, client, member, smtp, login):
    smtp.refused.add("budi@contoh.id")
    client.submit("/auth/reset", {"username": "budi"})
    deliver()
    message = db.session.execute(db.select(OutboxMessage)).scalar_one()
    assert message.status == "failed" and message.last_error.startswith("550")
    assert db.session.execute(db.select(DeadAddress.address)).scalar_one() == "budi@contoh.id"
    login(member)
    notice = "E-mail to %(address)s cannot be delivered: the mail server refused it, so we have stopped writing to it."
    assert says(client.get("/settings/email"), notice, address="budi@contoh.id")
    assert says(client.get("/settings/profile"), notice, address="budi@contoh.id")
    resend = client.submit("/settings/email", {"resend": "1"}, follow_redirects=True)
    assert says(resend, "E-mail to this address cannot be delivered. Change your e-mail address.")
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 1  # nothing more queued


def test_a_server_that_does_not_answer_is_tried_again_later(app, client, member):
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{free_port()}"  # nothing listens there
    client.submit("/auth/reset", {"username": "budi"})
    assert deliver() == 0
    message = db.session.execute(db.select(OutboxMessage)).scalar_one()
    assert (message.status, message.attempts) == ("waiting", 1) and "ConnectionRefused" in message.last_error
    assert message.next_attempt_at > message.created_at
    assert deliver() == 0 and message.attempts == 1  # not due yet
