"""Registering: a good sign-up creates one account and signs in; bad input creates nothing."""
import pytest

from accounts.models import User
from extensions import db
from tests.conftest import says, says_wait

BAD_USERNAME = ("A username has 3 to 30 characters: lowercase letters, digits, dots and underscores, "
                "starting and ending with a letter or digit.")
WEAK_PASSWORD = "This password is too easy to guess. Try a short sentence you will remember."


def count_users() -> int:
    return db.session.scalar(db.select(db.func.count(User.id)))


def register(client, **fields):
    data = {"username": "siti.aminah", "email": "siti@contoh.id", "password": "membaca-setiap-hari", **fields}
    return client.submit("/auth/register", data)


def test_registering_creates_the_account_and_signs_in(client):
    response = register(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/settings/profile"
    user = db.session.execute(db.select(User)).scalar_one()
    assert (user.username, user.email, user.role) == ("siti.aminah", "siti@contoh.id", "member")
    assert user.password_hash != "membaca-setiap-hari" and user.check_password("membaca-setiap-hari")
    assert "siti.aminah" in client.get("/").get_data(as_text=True)  # signed in: the header shows the name


def test_usernames_and_emails_are_stored_in_lowercase(client):
    register(client, username="Siti.Aminah", email="Siti@Contoh.ID")
    user = db.session.execute(db.select(User)).scalar_one()
    assert (user.username, user.email) == ("siti.aminah", "siti@contoh.id")


@pytest.mark.parametrize("fields, message, params", [
    ({"username": "ab"}, BAD_USERNAME, {}),
    ({"username": "budi santoso"}, BAD_USERNAME, {}),
    ({"username": "budi<script>"}, BAD_USERNAME, {}),
    ({"username": ".budi"}, BAD_USERNAME, {}),
    ({"username": "admin"}, "This username is reserved. Please choose another.", {}),
    ({"username": "x" * 31}, "At most %(max)d characters.", {"max": 30}),
    ({"email": "bukan-email"}, "Please enter a valid email address, for example nama@contoh.id.", {}),
    ({"email": "siti@localhost"}, "Please enter a valid email address, for example nama@contoh.id.", {}),
    ({"email": ""}, "This field is required.", {}),
    ({"password": "pendek"}, "A password needs at least %(count)d characters.", {"count": 10}),
    ({"password": "1234567890"}, WEAK_PASSWORD, {}),
    ({"password": "aaaaaaaaaaaa"}, WEAK_PASSWORD, {}),
    ({"password": "siti.aminah-123"}, "The password must not contain your username or email.", {}),
    ({"password": "p" * 129}, "At most %(max)d characters.", {"max": 128}),
])
def test_bad_registrations_say_why_and_create_nothing(client, fields, message, params):
    response = register(client, **fields)
    assert response.status_code == 400
    assert says(response, message, **params)
    assert count_users() == 0


def test_a_taken_username_or_email_is_refused(client, member):
    for fields, message in [({"username": "budi"}, "This username is already taken."),
                            ({"email": "BUDI@contoh.id"},
                             "An account with this email already exists. Sign in instead?")]:
        response = register(client, **fields)
        assert response.status_code == 400
        assert says(response, message)
    assert count_users() == 1


def test_a_form_without_its_csrf_token_is_refused(client):
    response = client.post("/auth/register", data={"username": "siti", "email": "siti@contoh.id",
                                                    "password": "membaca-setiap-hari"})
    assert response.status_code == 400
    assert says(response, "This form has expired. Please go back, reload the page and try again.")
    assert count_users() == 0


def test_registration_is_rate_limited_with_a_clear_wait(app, client):
    app.config["RATELIMIT_REGISTER"] = "2 per hour"
    for attempt in range(2):
        register(client, username=f"pembaca{attempt}", email=f"p{attempt}@contoh.id")
        client.submit("/auth/logout")
    response = register(client, username="pembaca9", email="p9@contoh.id")
    assert response.status_code == 429
    assert says_wait(response)
    assert int(response.headers["Retry-After"]) > 0
    assert count_users() == 2
