"""The survey journey in the browser: staff build a survey, two members answer it, the results chart
shows both answers. And a member's testimonial on the home page once staff approve it."""
import re

from playwright.sync_api import expect

from tests.browser.test_forum_journeys import sign_in
from tests.browser.test_journeys import text
from tests.survey_helpers import approved_testimonial


def sign_out(site):
    site.page.goto(site.base_url + "/auth/logout")
    site.page.get_by_role("button", name=text("Sign out")).click()


def add_question(page, prompt, kind, options="", required=True):
    page.fill("#prompt", prompt)
    page.select_option("#kind", kind)
    if options:
        page.fill("#options", options)  # shown once a choice kind is chosen
    else:
        expect(page.locator("#options")).to_be_hidden()
    page.locator("#required").set_checked(required)
    page.get_by_role("button", name=text("Add question")).click()
    expect(page.locator(".question-list")).to_contain_text(prompt)


def test_staff_build_a_survey_two_members_answer_and_the_chart_shows_both(site, admin, member, make_user):
    siti = make_user("siti", display_name="Siti Aminah")
    page = site.page
    sign_in(site, admin)
    page.goto(site.base_url + "/admin/")
    page.get_by_role("link", name=text("Surveys")).click()
    site.check("surveys-manage-empty")
    page.get_by_role("link", name=text("New survey")).click()
    page.fill("#title", "Survei layanan perpustakaan")
    page.fill("#intro", "Bantu kami menjadi **lebih baik**. Hanya 2 menit.")
    page.get_by_role("button", name=text("Create and add questions")).click()
    expect(page.locator("h1")).to_have_text("Survei layanan perpustakaan")
    site.check("surveys-builder-empty")
    add_question(page, "Seberapa puas Anda dengan layanan kami?", "rating")
    add_question(page, "Koleksi apa yang paling sering Anda pinjam?", "single", "Novel\nBuku anak\nSejarah\nKomik")
    add_question(page, "Apa saran Anda?", "text", required=False)
    site.check("surveys-builder")
    page.get_by_role("button", name=text("Open for answers")).click()
    expect(page.locator(".flash-success")).to_contain_text(text("The survey is open: members can answer it now."))
    sign_out(site)

    for reader, rating, collection in ((member, 5, "Novel"), (siti, 4, "Novel")):
        sign_in(site, reader)
        page.get_by_role("link", name="Survei layanan perpustakaan").click()  # from the home page
        expect(page.locator(".prose strong")).to_have_text("lebih baik")
        site.check("survey-form")
        if reader is siti:  # forgets the rating first
            page.get_by_label(collection, exact=True).check()
            page.get_by_role("button", name=text("Send my answers")).click()
            expect(page.locator(".survey-question.field-invalid .error")).to_have_text(
                text("This question needs an answer."))
            expect(page.get_by_label(collection, exact=True)).to_be_checked()  # kept
            site.check("survey-form-error")
        page.get_by_label(text("%(num)d of 5 stars", num=rating)).check()
        page.get_by_label(collection, exact=True).check()
        page.fill("#" + page.locator("textarea").get_attribute("id"), f"Saran dari {reader.display_name}")
        page.get_by_role("button", name=text("Send my answers")).click()
        expect(page.locator(".flash-success")).to_have_text(text("Thank you! Your answers have been saved."))
        expect(page.locator(".survey-done")).to_be_visible()
        site.check("survey-answered")
        sign_out(site)

    sign_in(site, admin)
    page.goto(site.base_url + "/surveys/manage")
    page.get_by_role("link", name=text("Results")).click()
    expect(page.locator("h1")).to_contain_text("Survei layanan perpustakaan")
    rating_chart = page.get_by_role("img", name="Seberapa puas Anda dengan layanan kami?")
    expect(rating_chart.locator(".chart-bar")).to_have_count(5)
    expect(rating_chart.locator(".chart-value")).to_have_text(["1 · 50%", "1 · 50%", "0 · 0%", "0 · 0%", "0 · 0%"])
    collection_chart = page.get_by_role("img", name="Koleksi apa yang paling sering Anda pinjam?")
    expect(collection_chart.locator(".chart-value").first).to_have_text("2 · 100%")
    expect(page.locator(".survey-average")).to_have_text(text("Average: %(average)s of 5", average="4.5"))
    expect(page.locator(".comment-list")).to_contain_text("Saran dari Budi Santoso")
    expect(page.locator(".comment-list")).to_contain_text("Saran dari Siti Aminah")
    site.check("survey-results")
    with page.expect_download() as download:
        page.get_by_role("link", name=text("Download CSV")).click()
    assert re.fullmatch(r"survey-\d+-responses\.csv", download.value.suggested_filename)


def test_an_approved_testimonial_shows_on_the_home_page(site, moderator, member):
    approved_testimonial(member, moderator, body="Sejak ada klub baca, Sabtu pagi saya selalu di sini. "
                                                 "Petugasnya ramah dan koleksinya terus bertambah.",
                         role_line="Guru SD, pembaca novel sejarah")
    sign_in(site, member)
    testimonial = site.page.locator(".home-testimonial")
    expect(testimonial).to_contain_text("Sejak ada klub baca")
    expect(testimonial.locator(".testimonial-name")).to_have_text("Budi Santoso")
    site.check("home-testimonial")
    testimonial.get_by_role("link", name=text("Write a testimonial")).click()
    expect(site.page.locator("h1")).to_have_text(text("Write a testimonial"))
    site.check("testimonial-write")
