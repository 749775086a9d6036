"""Forum journeys in the browser: start a thread, quote a reply, follow a link to a post on a later page."""
from playwright.sync_api import expect

from forum import actions
from tests.browser.test_journeys import text
from tests.conftest import PASSWORD


def sign_in(site, user):
    site.page.goto(site.base_url + "/auth/login")
    site.page.fill("#username", user.username)
    site.page.fill("#password", PASSWORD)
    site.page.get_by_role("button", name=text("Sign in")).click()


def test_a_member_starts_a_thread_and_another_quotes_it(site, admin, member, make_user):
    actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="Bahas buku.",
                          colour="#0f6b5c", position=0, who_starts="members")
    page = site.page
    sign_in(site, member)
    page.get_by_role("link", name=text("Forum")).first.click()
    site.check("forum-index")
    page.get_by_role("link", name="Diskusi Buku").click()
    site.check("forum-category-empty")
    page.get_by_role("link", name=text("New thread")).click()
    site.check("forum-new-thread")
    page.fill("#title", "Ronggeng Dukuh Paruk")
    page.fill("#body", "Apa pendapat Anda tentang **Srintil**? <script>alert(1)</script>")
    page.get_by_role("button", name=text("Preview")).click()
    expect(page.locator(".preview strong")).to_have_text("Srintil")  # rendered by the server's sanitiser
    expect(page.locator(".preview script")).to_have_count(0)
    site.check("forum-new-thread-preview")
    page.get_by_role("button", name=text("Back to writing")).click()
    expect(page.locator("#body")).to_be_focused()
    page.fill("#body", "Apa pendapat Anda tentang **Srintil**?")
    page.get_by_role("button", name=text("Start thread")).click()
    expect(page.locator("h1")).to_have_text("Ronggeng Dukuh Paruk")
    expect(page.locator(".post .prose strong")).to_have_text("Srintil")
    site.check("forum-thread")

    page.goto(site.base_url + "/auth/logout")
    page.get_by_role("button", name=text("Sign out")).click()
    sign_in(site, make_user("siti", display_name="Siti Aminah"))
    page.goto(site.base_url + "/forum/c/diskusi-buku")
    page.get_by_role("link", name="Ronggeng Dukuh Paruk").click()
    page.get_by_role("link", name=text("Quote")).click()
    assert page.locator("#body").input_value().startswith("> [Budi Santoso ")  # named as the post names them
    expect(page.locator("#body")).to_be_focused()
    page.keyboard.type("Srintil tokoh yang kuat.")  # the cursor waits after the quote
    page.get_by_role("button", name=text("Post reply")).click()
    reply = page.locator(".post").nth(1)
    expect(reply.locator("blockquote")).to_contain_text("Srintil")
    expect(reply).to_contain_text("Srintil tokoh yang kuat.")
    expect(reply.locator("blockquote a")).to_have_attribute("href", "/forum/t/1#p1")
    site.check("forum-thread-reply")


def test_a_link_to_a_post_on_a_later_page_opens_that_page(site, admin, member):
    category = actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                     colour="#0f6b5c", position=0, who_starts="members")
    thread = actions.create_thread(member, category, "Topik panjang sekali", "Pembuka")
    posts = [actions.reply(member, thread, f"Balasan nomor {number}") for number in range(2, 31)]
    target = posts[-3]  # number 28, on page 2
    site.page.goto(f"{site.base_url}/forum/t/{thread.id}#p{target.id}")
    expect(site.page).to_have_url(f"{site.base_url}/forum/t/{thread.id}?page=2#p{target.id}")
    expect(site.page.locator(f"#p{target.id}")).to_contain_text("Balasan nomor 28")
    site.check("forum-thread-page-2")


def test_a_member_flags_a_post_and_a_moderator_hides_it(site, admin, member, moderator, make_user):
    category = actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                     colour="#0f6b5c", position=0, who_starts="members")
    thread = actions.create_thread(member, category, "Promo pinjaman online", "Hubungi nomor ini sekarang!")
    page = site.page
    sign_in(site, make_user("siti"))
    page.goto(f"{site.base_url}/forum/t/{thread.id}")
    page.get_by_role("link", name=text("Flag")).click()
    site.check("forum-flag")
    page.get_by_label(text("Spam or advertising")).check()
    page.fill("#text", "Iklan pinjol")
    page.get_by_role("button", name=text("Send to moderators")).click()
    expect(page.locator(".flash-success")).to_have_text(text("Thank you. Moderators will look at this post."))

    page.goto(site.base_url + "/auth/logout")
    page.get_by_role("button", name=text("Sign out")).click()
    sign_in(site, moderator)
    page.goto(site.base_url + "/admin/")
    page.get_by_role("link", name=text("Flagged posts")).click()
    expect(page.locator(".flagged")).to_contain_text("Iklan pinjol")
    site.check("forum-flag-queue")
    page.get_by_role("button", name=text("Hide post")).click()
    expect(page.locator(".empty-state")).to_have_text(text("Nothing is waiting. Well done!"))


def test_the_bell_counts_a_new_reply_without_reloading(site, admin, member, make_user):
    category = actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                     colour="#0f6b5c", position=0, who_starts="members")
    thread = actions.create_thread(member, category, "Bumi Manusia", "Siapa sudah baca?")
    page = site.page
    sign_in(site, member)
    badge = page.locator(".bell-count")
    expect(badge).to_be_hidden()
    expect(badge).to_have_attribute("data-live", "connected")  # the socket has joined the member's room
    actions.reply(make_user("siti"), thread, "Saya! Minke tokoh yang rumit.")
    expect(badge).to_have_text("1")
    expect(badge).to_be_visible()
    page.get_by_role("link", name=text("Notifications")).click()
    expect(page.locator(".unread")).to_contain_text("Bumi Manusia")
    site.check("notifications")
