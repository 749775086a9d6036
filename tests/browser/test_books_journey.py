"""The book journey in the browser: a member finds a book, reads it with progress, reviews it."""
from playwright.sync_api import expect

from tests.books_helpers import add_book
from tests.browser.test_forum_journeys import sign_in
from tests.browser.test_journeys import text


def test_a_member_finds_a_book_reads_it_and_reviews_it(site, admin, member):
    add_book(admin, "Bumi Manusia", "Pramoedya Ananta Toer", isbn="979-97312-3-2", page_count=535,
             description="Kisah **Minke** dan Annelies.")
    add_book(admin, "Laskar Pelangi", "Andrea Hirata", isbn="979-3062-79-7", page_count=529)
    page = site.page
    sign_in(site, member)
    page.get_by_role("link", name=text("Books")).first.click()
    site.check("books-index")
    page.fill("#q", "pramoedya")
    page.get_by_role("button", name=text("Filter")).click()
    expect(page.locator(".book-title")).to_have_count(1)
    page.get_by_role("link", name="Bumi Manusia").click()
    expect(page.locator("h1")).to_have_text("Bumi Manusia")
    site.check("books-page")

    page.select_option("#shelf", "reading")
    page.fill("#progress", "120")
    page.get_by_role("button", name=text("Update my shelf")).click()
    expect(page.locator("#my-shelf")).to_contain_text(text("page %(page)d of %(pages)d", page=120, pages=535))
    expect(page.locator("#progress")).to_have_value("120")

    page.get_by_label(text("%(num)d of 5 stars", num=4)).check()
    page.fill("#body", "Minke tokoh yang **berani**.")
    page.get_by_role("button", name=text("Save review")).click()
    review = page.locator(".review").first
    expect(review).to_contain_text(member.display_name)
    expect(review.locator("strong")).to_have_text("berani")
    expect(page.locator(".rating-summary")).to_contain_text("4")
    site.check("books-page-reviewed")
