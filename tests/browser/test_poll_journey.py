"""A poll in the browser: a member starts a thread with one, another votes and sees the bars with their
choice marked, a guest is asked to sign in, and the author closes it and sees the count. Plain forms,
no script needed."""
from playwright.sync_api import expect

from forum import actions
from tests.browser.test_forum_journeys import sign_in
from tests.browser.test_journeys import text


def one_voter() -> str:
    from flask_babel import force_locale, ngettext
    with force_locale("id"):
        return ngettext("%(num)d voter", "%(num)d voters", 1)


def sign_out(site):
    site.page.goto(site.base_url + "/auth/logout")
    site.page.get_by_role("button", name=text("Sign out")).click()


def test_a_member_starts_a_poll_another_votes_and_the_author_closes_it(site, admin, member, make_user):
    actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                          colour="#0f6b5c", position=0, who_starts="members")
    page = site.page
    sign_in(site, member)
    page.goto(site.base_url + "/forum/c/diskusi-buku/new")
    page.fill("#title", "Buku klub bulan Desember")
    page.fill("#body", "Pilih satu buku untuk kita baca bersama bulan depan.")
    page.get_by_text(text("Add a poll (optional)")).click()
    page.get_by_label(text("Question"), exact=True).fill("Buku apa yang kita baca bulan Desember?")
    page.get_by_label(text("Options"), exact=True).fill("Laskar Pelangi\nBumi Manusia\nCantik Itu Luka\n"
                                            "Ronggeng Dukuh Paruk, edisi lengkap trilogi dengan catatan penerjemah")
    site.check("polls-new-thread")
    page.get_by_role("button", name=text("Start thread")).click()
    expect(page.locator("#poll h2")).to_contain_text("Buku apa yang kita baca bulan Desember?")
    thread_url = page.url
    sign_out(site)

    sign_in(site, make_user("siti", display_name="Siti Aminah"))
    page.goto(thread_url)
    expect(page.locator(".poll-results")).to_have_count(0)  # no counts before voting
    site.check("polls-before-vote")
    page.get_by_label("Bumi Manusia").check()
    page.get_by_role("button", name=text("Vote")).click()
    mine = page.locator(".poll-result-mine")
    expect(mine).to_contain_text("Bumi Manusia")
    expect(mine).to_contain_text(text("your choice"))
    expect(mine).to_contain_text("100%")
    expect(page.locator(".poll-total")).to_contain_text(one_voter())
    site.check("polls-after-vote")
    page.locator(".poll-change summary").click()
    expect(page.get_by_label("Bumi Manusia")).to_be_checked()
    sign_out(site)

    page.goto(thread_url)  # a guest: the options, no counts while the poll is open
    expect(page.get_by_role("link", name=text("Sign in to vote"))).to_be_visible()
    expect(page.locator(".poll-results")).to_have_count(0)
    site.check("polls-guest")

    sign_in(site, member)
    page.goto(thread_url)
    page.get_by_text(text("Close poll")).click()
    page.get_by_role("button", name=text("Close the poll now")).click()
    expect(page.locator(".poll-total")).to_contain_text(one_voter())
    expect(page.locator(".poll-result").nth(1)).to_contain_text("100%")
    site.check("polls-closed")
