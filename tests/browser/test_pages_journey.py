"""The library's pages in the browser: staff write a page (with the live preview) and an announcement; a member
then sees the announcement on the home page, opens the page from the footer, and visits a partner."""
from playwright.sync_api import expect

from tests.browser.test_forum_journeys import sign_in
from tests.browser.test_journeys import text
from tests.event_factory import new_event
from tests.group_helpers import make_group
from tests.pages_helpers import add_partner


def test_staff_write_a_page_and_an_announcement_that_a_member_reads(site, admin, host, member):
    komunitas = add_partner(admin, "Komunitas Baca Tanjung Sari", description="Lapak baca **gratis** di taman kota.",
                            website="https://komunitas.contoh.id")
    add_partner(admin, "SMPN 1 Tanjung Sari", "school")
    add_partner(admin, "Sanggar Tari Merak", "art_group")
    new_event(host, "Bedah Buku Laskar Pelangi", partners=[komunitas.id])
    group = make_group(host, "Klub Baca Taman")
    group.partners = [komunitas]
    from extensions import db
    db.session.commit()

    page = site.page
    sign_in(site, admin)
    page.get_by_role("link", name=text("Staff")).click()
    page.get_by_role("link", name=text("Pages and announcements")).click()
    page.get_by_role("link", name=text("New page")).click()
    page.fill("#title", "Cara mengenali hoaks")
    page.select_option("#kind", "campaign")
    page.fill("#summary", "Lima langkah sebelum meneruskan pesan.")
    page.fill("#body", "Sebelum meneruskan pesan:\n\n1. **Cek sumbernya**\n2. Bandingkan dengan media lain")
    page.get_by_role("button", name=text("Preview")).click()
    expect(page.locator(".preview strong")).to_have_text("Cek sumbernya")
    page.get_by_role("button", name=text("Back to writing")).click()
    page.get_by_label(text("Published: everyone can read it (otherwise a draft only staff see)")).check()
    site.check("pages-form")
    page.get_by_role("button", name=text("Save the page")).click()
    expect(page.locator("h1")).to_have_text("Cara mengenali hoaks")

    page.goto(site.base_url + "/admin/pages")
    page.get_by_role("link", name=text("New announcement")).click()
    page.fill("#title", "Pekan Literasi Digital")
    page.fill("#body", "Perpustakaan buka sampai **pukul 21.00** sepanjang pekan.")
    site.check("pages-announcement-form")
    page.get_by_role("button", name=text("Save the announcement")).click()
    expect(page.locator("#announcements")).to_contain_text(text("On the home page"))
    site.check("pages-manage")

    page.context.clear_cookies()
    sign_in(site, member)
    announcement = page.locator(".announcement")
    expect(announcement).to_contain_text("Pekan Literasi Digital")
    expect(announcement.locator("strong")).to_have_text("pukul 21.00")
    site.check("pages-home")
    page.locator(".site-footer").get_by_role("link", name=text("Services and guides")).click()
    site.check("pages-index")
    page.get_by_role("link", name="Cara mengenali hoaks").click()
    expect(page.locator(".library-page strong")).to_have_text("Cek sumbernya")
    site.check("pages-page")

    page.locator(".site-footer").get_by_role("link", name=text("Partners")).click()
    expect(page.locator(".partner-card")).to_have_count(3)
    site.check("partners-directory")
    page.get_by_role("link", name="Komunitas Baca Tanjung Sari").click()
    expect(page.locator(".partner-grid")).to_contain_text("Bedah Buku Laskar Pelangi")
    expect(page.locator(".partner-grid")).to_contain_text(group.name)
    site.check("partners-page")
