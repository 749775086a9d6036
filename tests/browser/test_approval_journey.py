"""A new member's first post waits for a moderator, who approves it from the queue and keeps the watched
words list."""
from playwright.sync_api import expect

from forum import actions, watched_words
from tests.browser.test_forum_journeys import sign_in
from tests.browser.test_journeys import text


def test_a_moderator_approves_a_new_members_post_and_keeps_the_watched_words(app, site, admin, member, moderator,
                                                                              make_user):
    app.config.update(FORUM_APPROVAL_POSTS=1, FORUM_TRUSTED_POSTS=3)
    category = actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                     colour="#0f6b5c", position=0, who_starts="members")
    thread = actions.create_thread(moderator, category, "Buku favorit tahun ini", "Apa buku terbaik yang Anda baca?")
    watched_words.add_word(moderator, "pinjol", "require_approval")
    actions.reply(make_user("siti", display_name="Siti Aminah", role="host"), thread,
                  "Ada yang pernah baca buku tentang bahaya **pinjol**? Saya cari untuk klub baca.")
    page = site.page
    sign_in(site, member)
    page.goto(site.base_url + "/forum/c/diskusi-buku/new")
    page.fill("#title", "Ronggeng Dukuh Paruk")
    page.fill("#body", "Novel karya **Ahmad Tohari** ini wajib dibaca. Siapa yang sudah selesai?")
    page.get_by_role("button", name=text("Start thread")).click()
    expect(page.locator(".flash-pending")).to_be_visible()
    site.check("approval-author-sees-pending")
    page.goto(site.base_url + "/auth/logout")
    page.get_by_role("button", name=text("Sign out")).click()

    sign_in(site, moderator)
    page.goto(site.base_url + "/admin/")
    page.get_by_role("link", name=text("Posts awaiting approval")).click()
    expect(page.locator(".pending-post")).to_have_count(2)
    site.check("approval-queue")
    page.locator(".pending-post", has_text="Tohari").get_by_role("button", name=text("Approve")).click()
    expect(page.locator(".pending-post")).to_have_count(1)
    page.get_by_role("link", name=text("Watched words")).first.click()
    page.get_by_role("button", name=text("Load the starter list")).click()
    page.fill("#word", "obat pelangsing*")
    page.select_option("#action", "require_approval")
    page.get_by_role("button", name=text("Add to the list")).click()
    expect(page.locator(".watched-word", has_text="obat pelangsing*")).to_be_visible()
    site.check("watched-words")

    page.goto(site.base_url + "/auth/logout")
    page.get_by_role("button", name=text("Sign out")).click()
    page.goto(site.base_url + "/forum/c/diskusi-buku")
    page.get_by_role("link", name="Ronggeng Dukuh Paruk").click()
    expect(page.locator(".post .prose strong")).to_have_text("Ahmad Tohari")
    expect(page.locator(".flash-pending")).to_have_count(0)
