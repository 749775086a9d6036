"""Forum journeys with two people at once, each in their own browser: what one does, the other sees
without reloading (notifications), and what the moderators decide, members meet as clear messages."""
import pytest
from playwright.sync_api import expect
from werkzeug.datastructures import FileStorage

from core import uploads
from forum import actions
from tests.browser.test_forum_journeys import sign_in
from tests.browser.test_journeys import photo, text
from tests.conftest import PASSWORD


@pytest.fixture
def category(admin):
    return actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                 colour="#0f6b5c", position=0, who_starts="members")


@pytest.fixture
def second_browser(site):
    """Another person's browser: its own cookies, same screen size."""
    context = site.page.context.browser.new_context(viewport=site.page.viewport_size)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def signed_in_page(page, base_url, user):
    page.goto(base_url + "/auth/login")
    page.fill("#username", user.username)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name=text("Sign in")).click()
    expect(page.locator(".bell-count")).to_have_attribute("data-live", "connected")
    return page


def test_a_thread_with_a_link_and_an_image_gets_a_quote_and_a_reaction_seen_live(site, second_browser, category,
                                                                                   member, make_user, tmp_path):
    with open(photo(tmp_path), "rb") as stream:
        cover = uploads.save_image(FileStorage(stream, "sampul.jpg", content_type="image/jpeg"), "posts",
                                   (640, 640), crop=False)
    page = site.page
    sign_in(site, member)
    page.goto(site.base_url + "/forum/c/diskusi-buku/new")
    page.fill("#title", "Cantik Itu Luka")
    page.fill("#body", f"Ada di [katalog](https://opac.contoh.id/cari?isbn=9786020312583).\n\n"
                       f"![Sampul Cantik Itu Luka](/media/{cover})")
    page.get_by_role("button", name=text("Start thread")).click()
    opening = page.locator(".post").first
    expect(opening.get_by_role("link", name="katalog")).to_have_attribute(
        "href", "https://opac.contoh.id/cari?isbn=9786020312583")
    image = opening.get_by_role("img", name="Sampul Cantik Itu Luka")
    expect(image).to_be_visible()
    expect(image).not_to_have_js_property("naturalWidth", 0)  # it loaded (waits for it, unlike a one-off read)
    expect(page.locator(".bell-count")).to_have_attribute("data-live", "connected")
    site.check("forum-thread-link-image")
    thread_url = page.url

    other = signed_in_page(second_browser, site.base_url, make_user("siti", display_name="Siti Aminah"))
    other.goto(thread_url)
    other.get_by_role("link", name=text("Quote")).click()
    expect(other.locator("#body")).to_be_focused()
    other.keyboard.type("Sampulnya bagus sekali.")
    other.get_by_role("button", name=text("Post reply")).click()
    expect(other.locator(".post").nth(1)).to_contain_text("Sampulnya bagus sekali.")
    other.locator(".post").first.get_by_role("link", name=text("React")).click()  # opens the six in place
    other.locator(".post").first.locator("form.reactions button[value=love]").click()
    expect(other.locator(".post").first.locator(".reactions button[value=love]")).to_have_attribute(
        "aria-pressed", "true")  # one tap takes it back from now on

    badge = page.locator(".bell-count")  # the first member has not reloaded
    expect(badge).to_have_text("2")
    expect(badge).to_be_visible()
    page.get_by_role("link", name=text("Notifications")).click()
    expect(page.locator(".unread")).to_have_count(2)
    expect(page.locator(".unread").first).to_contain_text("Siti Aminah")
    site.check("notifications-quote-reaction")


def test_the_author_hears_live_that_a_moderator_hid_their_flagged_post(site, second_browser, category, member,
                                                                      moderator, make_user):
    thread = actions.create_thread(member, category, "Promo pinjaman online", "Hubungi nomor ini sekarang!")
    post = thread_opening_post(thread)
    actions.flag_post(make_user("siti"), post, "spam", "Iklan pinjol")
    page = site.page
    sign_in(site, member)
    page.goto(f"{site.base_url}/forum/t/{thread.id}")
    expect(page.locator(".bell-count")).to_have_attribute("data-live", "connected")

    staff = signed_in_page(second_browser, site.base_url, moderator)
    staff.goto(site.base_url + "/admin/flags")
    staff.get_by_role("button", name=text("Hide post")).click()
    expect(staff.locator(".empty-state")).to_have_text(text("Nothing is waiting. Well done!"))

    expect(page.locator(".bell-count")).to_have_text("1")
    page.get_by_role("link", name=text("Notifications")).click()
    expect(page.locator(".unread")).to_contain_text(text("A moderator acted on your post in %(thread)s",
                                                         thread="Promo pinjaman online"))
    page.locator(".unread .notification-open").first.click()  # opening it marks it read
    expect(page.locator(f"#p{post.id}")).to_contain_text(
        text("Hidden by the moderators: only you and the moderators see this post."))
    expect(page.locator(".bell-count")).to_be_hidden()
    site.check("forum-hidden-post-author")


def test_a_moderator_confirms_before_suspending_a_flagged_author(site, category, member, moderator, make_user):
    thread = actions.create_thread(member, category, "Promo pinjaman online", "Hubungi nomor ini sekarang!")
    actions.flag_post(make_user("siti"), thread_opening_post(thread), "spam", "Iklan pinjol")
    page = site.page
    sign_in(site, moderator)
    page.goto(site.base_url + "/admin/flags")
    confirm = page.get_by_role("button", name=text("Suspend author for 7 days"))
    expect(confirm).to_be_hidden()  # one tap beside "Dismiss flags" no longer suspends anyone
    page.get_by_text(text("Suspend the author…")).click()
    expect(page.locator(".flagged details[open]")).to_contain_text(member.display_name)
    site.check("flag-queue-suspend-step")
    confirm.click()
    expect(page.locator(".empty-state")).to_have_text(text("Nothing is waiting. Well done!"))


def thread_opening_post(thread):
    from extensions import db
    from forum.models import Post

    return db.session.execute(db.select(Post).where(Post.thread_id == thread.id, Post.number == 1)).scalar_one()


def test_a_reply_written_before_a_lock_is_refused_clearly_and_kept(site, second_browser, category, member,
                                                                   moderator):
    thread = actions.create_thread(moderator, category, "Jadwal klub baca", "Kita bertemu Sabtu.")
    page = site.page
    sign_in(site, member)
    page.goto(f"{site.base_url}/forum/t/{thread.id}")
    page.fill("#body", "Saya ikut hari Sabtu!")

    staff = signed_in_page(second_browser, site.base_url, moderator)
    staff.goto(f"{site.base_url}/forum/t/{thread.id}")
    staff.get_by_text(text("Moderate this thread")).click()
    staff.get_by_role("button", name=text("Lock"), exact=True).click()
    expect(staff.locator(".flash-success")).to_have_text(text("Done."))

    page.get_by_role("button", name=text("Post reply")).click()
    expect(page.locator("#reply [role=alert]").first).to_have_text(text("This thread is locked: no new replies."))
    expect(page.locator("#unsent")).to_have_value("Saya ikut hari Sabtu!")
    expect(page.locator(".post")).to_have_count(1)
    site.check("forum-locked-refusal")


def test_slow_mode_tells_a_member_how_long_to_wait(site, category, member, moderator):
    thread = actions.create_thread(moderator, category, "Kuis buku mingguan", "Jawab pertanyaan ini!")
    actions.moderate_thread(moderator, thread, "slow", slow_mode=300)
    page = site.page
    sign_in(site, member)
    page.goto(f"{site.base_url}/forum/t/{thread.id}")
    expect(page.locator("#reply")).to_contain_text(text("Slow mode: one post per %(num)d seconds in this thread.",
                                                        num=300))
    page.fill("#body", "Jawaban saya: Pramoedya.")
    page.get_by_role("button", name=text("Post reply")).click()
    expect(page.locator(".post")).to_have_count(2)
    expect(page.locator("#reply [role=status]")).to_contain_text(text("You can reply again in %(wait)s.",
                                                                      wait=minutes(5)))
    page.fill("#body", "Satu lagi!")
    page.get_by_role("button", name=text("Post reply")).click()
    expect(page.locator("#body-error")).to_contain_text(text(
        "Slow mode is on in this thread: you can reply again in %(wait)s.", wait=minutes(5)))
    expect(page.locator(".post")).to_have_count(2)
    site.check("forum-slow-mode-wait")


def minutes(count: int) -> str:
    from datetime import timedelta

    from flask_babel import force_locale, format_timedelta

    with force_locale("id"):
        return format_timedelta(timedelta(minutes=count), threshold=1.5)
