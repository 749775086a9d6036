"""A reading group in the browser: a member joins, marks their progress, finds a later milestone's discussion
hidden behind a spoiler notice, and reveals it by saying they have read that far. Plain forms, no script."""
from playwright.sync_api import expect

from forum import actions as forum_actions
from tests.books_helpers import add_book
from tests.browser.test_forum_journeys import sign_in
from tests.browser.test_journeys import text
from tests.group_helpers import add_milestone, make_group


def test_a_member_joins_marks_progress_and_reveals_a_later_milestone(site, admin, host, member):
    add_book(admin, "Laskar Pelangi")
    group = make_group(host, book="Laskar Pelangi")
    first, second = add_milestone(host, group, "Bab 1-12"), add_milestone(host, group, "Bab 13-24")
    forum_actions.reply(host, first.thread, "Harun datang tepat waktu")
    forum_actions.reply(host, second.thread, "Mahar menang karnaval")
    page = site.page
    sign_in(site, member)
    site.open(f"/groups/{group.slug}", "groups-page-before-joining")
    page.get_by_role("button", name=text("Join the group")).click()
    expect(page.locator(".flash-success")).to_contain_text(text("Welcome to the group!"))
    site.check("groups-page-member")
    page.locator(".milestone", has_text="Bab 1-12").get_by_role("button").click()
    expect(page.locator(".milestone-done")).to_contain_text("Bab 1-12")
    page.locator(".milestone", has_text="Bab 1-12").get_by_role("link", name=text("Discussion")).click()
    expect(page.locator(".posts")).to_contain_text("Harun datang tepat waktu")

    page.goto(site.base_url + f"/forum/t/{second.thread_id}")
    expect(page.locator(".spoiler-notice")).to_be_visible()
    expect(page.get_by_text("Mahar menang karnaval")).to_have_count(0)
    site.check("groups-spoiler")
    page.get_by_role("button", name=text("I have read %(label)s: show the posts", label="Bab 13-24")).click()
    expect(page.locator(".posts")).to_contain_text("Mahar menang karnaval")
    site.check("groups-revealed")
