"""Unread journey in the browser: a member sees what is new, resumes at the first unread post, marks a
category read and watches it."""
from playwright.sync_api import expect

from extensions import db
from forum import actions
from forum.models import Post
from tests.browser.test_forum_journeys import sign_in
from tests.browser.test_journeys import text
from tests.http.test_unread import new_posts


def test_a_member_resumes_a_thread_where_they_stopped(site, admin, member, make_user):
    siti = make_user("siti", display_name="Siti Aminah")
    category = actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku",
                                     description="Bahas buku yang sedang dibaca.", colour="#0f6b5c", position=0,
                                     who_starts="members")
    thread = actions.create_thread(member, category, "Laskar Pelangi: siapa tokoh favorit kalian?", "Lintang!")
    for number in range(2, 23):
        actions.reply(member, thread, f"Balasan nomor {number}")
    actions.create_thread(member, category, "Bumi Manusia", "Minke dan Annelies.")
    page = site.page
    sign_in(site, siti)
    page.goto(f"{site.base_url}/forum/t/{thread.id}")  # reads the first page: posts 1 … 20
    for number in range(23, 26):
        actions.reply(member, thread, f"Balasan nomor {number}")

    site.open("/forum/c/diskusi-buku", "unread-category")
    expect(page.locator(".badge-unread")).to_have_text([new_posts(5), text("New")])
    page.get_by_role("link", name="Laskar Pelangi: siapa tokoh favorit kalian?").click()
    separator = page.locator(".unread-separator")
    expect(separator).to_have_text(text("Unread posts start here"))
    expect(separator).to_be_in_viewport()
    post_21 = db.session.execute(db.select(Post).filter_by(thread_id=thread.id, number=21)).scalar_one()
    assert page.url.endswith(f"/forum/t/{thread.id}?page=2#p{post_21.id}")
    site.check("unread-thread")

    page.goto(f"{site.base_url}/forum/c/diskusi-buku")
    expect(page.locator(".badge-unread")).to_have_text([text("New")])
    watch = page.get_by_role("button", name=text("Watch this category"))
    expect(watch).to_have_attribute("aria-pressed", "false")
    watch.click()  # a toggle: the same name, pressed (issue 17)
    expect(page.get_by_role("button", name=text("Watch this category"), pressed=True)).to_be_visible()
    page.get_by_role("button", name=text("Mark all as read")).click()
    expect(page.locator(".badge-unread")).to_have_count(0)
    site.check("unread-category-read")
