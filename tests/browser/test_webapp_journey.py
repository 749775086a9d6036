"""The installable app in the browser: the service worker keeps the thread pages a member read, and when the
network drops they open read-only with a clear notice (any other page gives the offline page); a member
turns on notifications for the phone."""
import json

from playwright.sync_api import expect

from core import webpush
from forum import actions
from tests.browser.test_forum_journeys import sign_in
from tests.browser.test_journeys import text
from tests.http.test_push import push_service  # noqa: F401 (a fixture)


def test_a_member_reads_a_kept_thread_when_the_network_drops(site, admin, member, live_server):
    category = actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku",
                                     description="Bahas buku yang sedang dibaca.", colour="#0f6b5c", position=0,
                                     who_starts="members")
    thread = actions.create_thread(member, category, "Laskar Pelangi: siapa tokoh favorit kalian?", "Lintang!")
    actions.reply(admin, thread, "Saya juga suka Mahar.")
    page = site.page
    sign_in(site, member)
    page.goto(f"{site.base_url}/")
    page.wait_for_function("navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller !== null)")
    page.goto(f"{site.base_url}/forum/t/{thread.id}")  # fetched through the worker, which keeps it
    page.wait_for_function("caches.open('serambi-pages').then(cache => cache.keys()).then(keys => keys.length === 1)")

    live_server.stop()
    site.page.context.set_offline(True)
    page.goto(f"{site.base_url}/forum/t/{thread.id}")
    expect(page.get_by_role("heading", name="Laskar Pelangi: siapa tokoh favorit kalian?")).to_be_visible()
    expect(page.locator(".offline-notice")).to_contain_text(text(
        "You are offline: this is a copy of the page kept on this device. You can read it; replying waits "
        "until you are back online."))
    expect(page.locator("#main form[method=post] textarea").first).to_be_disabled()
    site.check("offline-thread")

    page.goto(f"{site.base_url}/groups/")  # never read: not kept
    expect(page.get_by_role("heading", name=text("You are offline"))).to_be_visible()
    expect(page.locator("#saved-pages a")).to_have_text(["Laskar Pelangi: siapa tokoh favorit kalian?"])
    site.check("offline-page")


def test_a_member_turns_on_notifications_and_a_reply_can_reach_the_phone(site, member, app, push_service):
    """Chromium without a network has no push service to subscribe at: the page's PushManager hands out the
    subscription of the tests' push service's browser instead, and everything after that is real."""
    phone = push_service.browser("phone")
    site.page.context.grant_permissions(["notifications"], origin=site.base_url)
    site.page.add_init_script(FAKE_PUSH_MANAGER % json.dumps(phone.subscription()))
    sign_in(site, member)
    site.open("/settings/notifications", "push-off")
    site.page.get_by_role("button", name=text("Turn on notifications")).click()
    expect(site.page.locator("#push-status")).to_have_text(text(
        "Notifications are on in this browser: replies, mentions, a seat freed for you and live rooms opening "
        "reach you even when the site is closed."))
    expect(site.page.get_by_role("button", name=text("Turn off notifications"))).to_be_visible()
    expect(site.page.get_by_role("button", name=text("Turn on notifications"))).to_be_hidden()
    site.check("push-on")

    [subscription] = webpush.subscriptions_of(member.id)
    webpush.send(subscription, "Perpustakaan Kota", "Halo dari perpustakaan", "/forum/", "test")
    assert phone.messages()[0]["body"] == "Halo dari perpustakaan"

    site.page.get_by_role("button", name=text("Turn off notifications")).click()
    expect(site.page.get_by_role("button", name=text("Turn on notifications"))).to_be_visible()
    assert webpush.subscriptions_of(member.id) == []


FAKE_PUSH_MANAGER = """
(() => {
  const subscription = %s;
  let subscribed = false;
  const fake = {endpoint: subscription.endpoint, toJSON: () => subscription,
                unsubscribe: () => { subscribed = false; return Promise.resolve(true); }};
  PushManager.prototype.subscribe = function () { subscribed = true; return Promise.resolve(fake); };
  PushManager.prototype.getSubscription = function () { return Promise.resolve(subscribed ? fake : null); };
})();
"""
