"""Signing in and out: fresh sessions, remember me, and every session ending when it should."""
from datetime import timedelta

from accounts import actions
from core.timeutil import utcnow
from tests.conftest import PASSWORD, says, says_wait


def signed_in(client) -> bool:
    return client.get("/settings/profile").status_code == 200


def copy_cookie(source, target, name: str = "session") -> None:
    target.set_cookie(name, source.get_cookie(name).value)


def test_sign_in_with_username_or_email_in_any_case(app, member):
    for identifier in ("budi", "BUDI", "budi@contoh.id", "Budi@Contoh.id"):
        client = app.test_client()
        response = client.submit("/auth/login", {"username": identifier, "password": PASSWORD})
        assert response.status_code == 302, identifier
        assert signed_in(client)


def test_wrong_password_gets_one_message_for_every_mistake(client, member):
    for identifier in ("budi", "nobody"):
        response = client.submit("/auth/login", {"username": identifier, "password": "salah-salah-salah"})
        assert response.status_code == 400
        assert says(response, "Wrong username, email or password.")
    assert not signed_in(client)


def test_an_unknown_account_costs_the_same_password_check_as_a_real_one(app, client, member, admin, make_user,
                                                                         monkeypatch):
    """How long a failed sign-in takes must not tell who has an account: for an unknown username or e-mail
    the password is still checked, against a hash made by the site's own method."""
    import accounts.models

    actions.ban(admin, make_user("rudi"), "Spam")
    checked, check = [], accounts.models.check_password_hash
    monkeypatch.setattr(accounts.models, "check_password_hash",
                        lambda password_hash, password: checked.append(password_hash) or check(password_hash, password))
    tries = ("budi", "budi@contoh.id", "rudi", "nobody", "nobody@contoh.id")
    for identifier in tries:
        response = client.submit("/auth/login", {"username": identifier, "password": "salah-salah-salah"})
        assert says(response, "Wrong username, email or password."), identifier
    method = member.password_hash.split("$")[0]
    assert method.startswith(app.config["PASSWORD_HASH_METHOD"])
    assert [password_hash.split("$")[0] for password_hash in checked] == [method] * len(tries)


def test_sign_in_goes_back_to_the_page_asked_for_but_never_off_site(client, member):
    response = client.submit("/auth/login?next=/u/budi", {"username": "budi", "password": PASSWORD})
    assert response.headers["Location"] == "/u/budi"
    client.submit("/auth/logout")
    for hostile in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.submit(f"/auth/login?next={hostile}", {"username": "budi", "password": PASSWORD})
        assert response.headers["Location"] == "/", hostile
        client.submit("/auth/logout")


def test_signing_in_starts_a_fresh_session(client, member):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.login(member)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_signing_out_ends_every_session_of_the_account(app, client, member):
    client.login(member)
    copied = app.test_client()
    copy_cookie(client, copied)
    assert signed_in(copied)
    client.submit("/auth/logout")
    assert not signed_in(client)
    assert not signed_in(copied)


def test_sign_out_needs_a_posted_form(client, member):
    client.login(member)
    response = client.get("/auth/logout")
    assert response.status_code == 200 and says(response, "Sign out?")
    assert signed_in(client)
    assert client.post("/auth/logout").status_code == 400  # no CSRF token: refused
    assert signed_in(client)


def test_remember_me_keeps_a_member_signed_in_after_the_browser_closes(app, client, member):
    client.login(member, remember="y")
    cookie = client.get_cookie("remember_token")
    assert cookie is not None and cookie.expires > utcnow() + timedelta(days=300)
    reopened = app.test_client()
    copy_cookie(client, reopened, "remember_token")
    assert signed_in(reopened)
    stolen = client.get_cookie("remember_token").value
    client.submit("/auth/logout")
    assert client.get_cookie("remember_token") is None  # deleted from this browser
    later = app.test_client()
    later.set_cookie("remember_token", stolen)
    assert not signed_in(later)  # and a copy of it no longer works


def test_without_remember_me_there_is_no_lasting_cookie(client, member):
    client.login(member)
    assert client.get_cookie("remember_token") is None
    assert client.get_cookie("session").expires is None  # ends with the browser


def test_changing_the_password_signs_out_other_devices_only(app, client, member):
    client.login(member)
    other = app.test_client()
    copy_cookie(client, other)
    response = client.submit("/settings/password", {"current_password": PASSWORD,
                                                    "new_password": "novel-baru-setiap-bulan",
                                                    "confirm": "novel-baru-setiap-bulan"})
    assert response.status_code == 302
    assert signed_in(client)
    assert not signed_in(other)
    assert app.test_client().login(member, password="novel-baru-setiap-bulan").status_code == 302


def test_changing_the_password_checks_the_current_one_and_the_repeat(client, member):
    client.login(member)
    wrong = client.submit("/settings/password", {"current_password": "tebak-tebak-saja",
                                                 "new_password": "novel-baru-setiap-bulan",
                                                 "confirm": "novel-baru-setiap-bulan"})
    assert wrong.status_code == 400 and says(wrong, "Your current password is not correct.")
    mismatch = client.submit("/settings/password", {"current_password": PASSWORD,
                                                    "new_password": "novel-baru-setiap-bulan",
                                                    "confirm": "novel-lain"})
    assert mismatch.status_code == 400 and says(mismatch, "The two new passwords do not match.")
    assert member.check_password(PASSWORD)


def test_a_suspended_member_is_told_why_and_until_when(client, member, moderator):
    actions.suspend(moderator, member, utcnow() + timedelta(days=3), "Spam di forum")
    response = client.login(member)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Spam di forum" in body
    assert "WIB" in body and str((utcnow() + timedelta(days=3, hours=7)).year) in body


def test_a_banned_member_cannot_sign_in_and_is_told_why(client, member, admin):
    actions.ban(admin, member, "Akun palsu")
    response = client.login(member)
    assert response.status_code == 400
    assert says(response, "This account has been banned. Reason: %(reason)s", reason="Akun palsu")


def test_a_ban_ends_sessions_that_are_already_open(client, member, admin):
    client.login(member)
    actions.ban(admin, member, "Akun palsu")
    assert not signed_in(client)


def test_sign_in_is_rate_limited_and_says_when_to_try_again(app, client, member):
    app.config["RATELIMIT_LOGIN"] = "3 per minute"
    for _ in range(3):
        client.submit("/auth/login", {"username": "budi", "password": "salah-salah-salah"})
    response = client.login(member)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) <= 60
    assert says_wait(response)
    assert not signed_in(client)
