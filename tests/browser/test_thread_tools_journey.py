"""A moderator's thread tools in the browser: the panel, a closing date, split mode, a global pin."""
from playwright.sync_api import expect

from forum import actions
from tests.browser.test_forum_journeys import sign_in
from tests.browser.test_journeys import text


def test_a_moderator_splits_replies_off_and_pins_the_new_thread(site, admin, member, moderator, make_user):
    category = actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                     colour="#0f6b5c", position=0, who_starts="members")
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Bagian favorit saya: Lintang.")
    siti = make_user("siti", display_name="Siti Aminah")
    for number in range(2, 6):
        actions.reply(siti if number % 2 == 0 else member, thread, f"Balasan nomor {number} tentang Mahar.")
    page = site.page
    sign_in(site, moderator)
    page.goto(f"{site.base_url}/forum/t/{thread.id}")
    actions_row = page.locator(".post").nth(1).locator(".post-actions")
    for name in ("React", "Quote", "Flag", "Edit", "Delete"):  # a moderator's full row
        expect(actions_row.get_by_role("link", name=text(name))).to_be_visible()
    site.check("thread-staff-post-actions")
    page.get_by_text(text("Moderate this thread")).click()
    page.fill("#closes_at", "2031-01-15T17:00")
    page.get_by_role("button", name=text("Set closing date")).click()
    expect(page.locator(".flash[role=status]").first).to_contain_text("15 Januari 2031")
    page.get_by_text(text("Moderate this thread")).click()
    site.check("thread-tools-panel")

    page.get_by_role("link", name=text("Split replies into a new thread…")).click()
    site.check("thread-tools-split-mode")
    page.get_by_label(text("Move #%(number)d", number=3)).check()
    page.get_by_label(text("Move #%(number)d", number=5)).check()
    page.fill("#title", "Tentang Mahar")
    page.get_by_role("button", name=text("Move to a new thread")).click()
    expect(page.locator("h1")).to_have_text("Tentang Mahar")
    expect(page.locator(".post-number")).to_have_text(["#1", "#2"])

    page.get_by_text(text("Moderate this thread")).click()
    page.get_by_role("button", name=text("Pin on the forum and home page")).click()
    page.goto(site.base_url + "/forum/")
    expect(page.locator(".pinned-threads")).to_contain_text("Tentang Mahar")
    site.check("thread-tools-forum-pinned")
