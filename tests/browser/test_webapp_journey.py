"""Offline reading in the browser: the service worker keeps the thread pages a member read, and when the
network drops they open read-only with a clear notice; any other page gives the offline page."""
from playwright.sync_api import expect

from forum import actions
from tests.browser.test_forum_journeys import sign_in
from tests.browser.test_journeys import text


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
