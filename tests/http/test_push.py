"""Web Push: a member turns notifications on for a browser, and what the site sends reaches that browser
signed with the site's key and readable only with the browser's own keys (tests/push_service.py)."""
import pytest

from core import webpush
from core.webpush import PushSubscription
from extensions import db
from tests.conftest import says, translated
from tests.push_service import PushService


@pytest.fixture
def push_service(app):
    app.config.update(PUSH_ALLOW_HTTP=True, PUSH_SERVICE_HOSTS=["127.0.0.1"])
    assert app.test_cli_runner().invoke(args=["webpush", "keys"]).exit_code == 0
    with PushService() as service:
        yield service


def turn_on(client, browser):
    return client.post("/settings/push", json=browser.subscription(), headers={"X-CSRFToken": client.csrf_token()})


def test_a_member_turns_on_notifications_and_the_browser_reads_what_the_site_sends(login, member, push_service):
    client = login(member)
    page = client.get("/settings/notifications")
    assert says(page, "Turn on notifications")
    phone = push_service.browser("phone")
    assert turn_on(client, phone).get_json() == {"ok": True}

    [subscription] = webpush.subscriptions_of(member.id)
    webpush.send(subscription, "Perpustakaan Kota", "Siti membalas di “Laskar Pelangi”", "/forum/t/1#p2", "thread:1")
    [message] = phone.messages()
    assert message["title"] == "Perpustakaan Kota" and message["body"] == "Siti membalas di “Laskar Pelangi”"
    assert message["url"] == "/forum/t/1#p2" and message["tag"] == "thread:1"
    assert message["signed_by"] == webpush.application_server_key()


def test_a_browser_subscribed_again_belongs_to_whoever_signed_in_last(app, login, member, make_user, push_service):
    phone = push_service.browser("shared-phone")
    turn_on(login(member), phone)
    siti, other_session = make_user("siti"), app.test_client()
    other_session.login(siti)
    turn_on(other_session, phone)
    assert webpush.subscriptions_of(member.id) == [] and len(webpush.subscriptions_of(siti.id)) == 1


def test_an_endpoint_outside_the_push_services_is_refused(login, member, push_service, app):
    app.config["PUSH_SERVICE_HOSTS"] = ["fcm.googleapis.com"]
    client = login(member)
    response = turn_on(client, push_service.browser("elsewhere"))
    assert response.status_code == 400
    assert response.get_json() == {"ok": False, "error": translated(
        "This browser's notification subscription could not be saved. Reload the page and try again.")}
    bad = {"endpoint": "https://fcm.googleapis.com/x", "keys": {"p256dh": "a" * 500, "auth": "b"}}
    assert client.post("/settings/push", json=bad, headers={"X-CSRFToken": client.csrf_token()}).status_code == 400
    assert db.session.execute(db.select(PushSubscription)).first() is None


def test_turning_on_needs_the_pages_csrf_token_and_a_signed_in_member(client, login, member, push_service):
    phone = push_service.browser("phone")
    assert client.post("/settings/push", json=phone.subscription()).status_code in (302, 400, 401)
    assert login(member).post("/settings/push", json=phone.subscription()).status_code == 400
    assert webpush.subscriptions_of(member.id) == []


@pytest.mark.parametrize("status, error, kept", [(410, webpush.PushGone, False), (404, webpush.PushGone, False),
                                                  (503, webpush.PushFailed, True), (429, webpush.PushFailed, True)])
def test_a_forgotten_subscription_is_forgotten_and_a_busy_service_tried_later(login, member, push_service, status,
                                                                             error, kept):
    phone = push_service.browser("phone")
    turn_on(login(member), phone)
    [subscription] = webpush.subscriptions_of(member.id)
    push_service.answers["phone"] = status
    with pytest.raises(error):
        webpush.send(subscription, "Perpustakaan Kota", "Halo", "/", "test")
    assert webpush.subscriptions_of(member.id) == ([subscription] if kept else [])


def test_turning_off_forgets_only_the_members_own_browser(app, login, member, make_user, push_service):
    phone, laptop = push_service.browser("phone"), push_service.browser("laptop")
    turn_on(login(member), phone)
    siti, client = make_user("siti"), app.test_client()
    client.login(siti)
    turn_on(client, laptop)
    client.post("/settings/push/off", json={"endpoint": phone.endpoint}, headers={"X-CSRFToken": client.csrf_token()})
    assert len(webpush.subscriptions_of(member.id)) == 1
    client.post("/settings/push/off", json={"endpoint": laptop.endpoint}, headers={"X-CSRFToken": client.csrf_token()})
    assert webpush.subscriptions_of(siti.id) == []


def test_the_site_makes_its_key_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["webpush", "keys"]).output
    assert "Made the Web Push key pair" in first
    second = runner.invoke(args=["webpush", "keys"]).output
    assert "Made" not in second and first.splitlines()[-1] == second.splitlines()[-1]


def test_without_a_key_the_settings_say_push_is_not_set_up(login, member):
    assert says(login(member).get("/settings/notifications"),
                "Notifications to phones and browsers are not set up on this site yet.")
