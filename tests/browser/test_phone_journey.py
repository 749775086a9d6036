"""What a member meets on a phone (issue 17): every section of the main menu within reach at 320 px without
JavaScript, the current one visible; the library's name readable in the header for guests, staff and with a
logo; a compact footer; and no missing icon."""
from PIL import Image
from playwright.sync_api import expect

from core import audit
from events import actions as event_actions
from extensions import db
from library.models import LibraryProfile, unsaved_library
from tests.browser.test_forum_journeys import sign_in
from tests.browser.test_journeys import text
from tests.event_factory import new_event

NAME = "Perpustakaan Kota Tanjung Sari"


def fits_in_width(page, selector: str, width: int) -> list[str]:
    """The texts of the elements under `selector` that are not wholly inside 0…width, or are hidden."""
    return page.evaluate("""([selector, width]) => [...document.querySelectorAll(selector)].filter(el => {
        const box = el.getBoundingClientRect();
        return box.width === 0 || box.left < 0 || box.right > width; }).map(el => el.textContent.trim())""",
                         [selector, width])


def name_is_whole(page) -> bool:
    """The library's name is shown whole: not cut off, and no word broken across lines."""
    return page.locator(".brand-name").evaluate("""el => {
        if (el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight || !el.getClientRects().length) return false;
        const text = el.firstChild, range = document.createRange();
        let start = 0;
        for (const word of text.data.split(" ")) {
            range.setStart(text, start); range.setEnd(text, start + word.length); start += word.length + 1;
            if (range.getClientRects().length !== 1) return false;
        }
        return true; }""")


def test_on_a_small_phone_the_menu_the_name_and_the_footer_fit(site, admin, app, tmp_path):
    profile = unsaved_library()
    profile.name = NAME
    db.session.add(profile)
    db.session.commit()
    context = site.page.context.browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    phone = context.new_page()
    missing = []
    phone.on("response", lambda response: missing.append(response.url) if response.status == 404 else None)
    phone.goto(site.base_url + "/events/")
    links = phone.locator(".main-nav a")
    expect(links).to_have_count(6)
    assert fits_in_width(phone, ".main-nav a", 320) == []  # every section, no scrolling (issue 17, item 3)
    expect(phone.locator('.main-nav a[aria-current="page"]')).to_be_in_viewport(ratio=1)
    assert name_is_whole(phone)  # the guest's header (item 4)
    phone.goto(site.base_url + "/favicon.ico")
    assert missing == []  # the icon the browser asks for by itself (item 8)
    context.close()

    page = site.page
    page.goto(site.base_url + "/")
    assert name_is_whole(page)
    footer = page.locator(".site-footer").bounding_box()["height"]
    assert footer < 500, footer  # some 730 px before (item 14)
    site.check("phone-home-guest")

    event = new_event(admin, title="Bedah Buku: Laut Bercerita")
    event_actions.rsvp(admin, event)
    sign_in(site, admin)  # staff have one link more in the header
    expect(page.locator(".home-main > .card").first).to_contain_text(event.title)  # what they came for, first
    site.check("phone-home-member")
    page.goto(site.base_url + "/events/")
    assert name_is_whole(page)
    expect(page.locator('.main-nav a[aria-current="page"]')).to_be_in_viewport(ratio=1)

    logo = "logo.png"
    Image.new("RGB", (600, 200), (122, 31, 92)).save(f"{app.config['UPLOAD_FOLDER']}/{logo}")
    db.session.get(LibraryProfile, 1).logo_path = logo
    db.session.commit()
    page.reload()
    expect(page.locator(".brand-logo")).to_be_visible()
    assert name_is_whole(page)
    expect(page.locator(".brand-name")).to_have_text(NAME)
    site.check("phone-header-staff-logo")


def test_the_audit_log_reads_on_a_phone_without_sideways_scrolling(site, admin, member):
    for number in range(3):
        audit.record(admin, "user.suspend", "user", member.id, details="7", reason=f"Iklan pinjol berulang kali ({number})")
    db.session.commit()
    page = site.page
    sign_in(site, admin)
    page.goto(site.base_url + "/admin/audit")
    filters = page.locator(".audit-filters")
    expect(page.get_by_label(text("Action"))).to_be_hidden()  # folded on a phone (issue 17, item 15)
    table = page.locator(".table-wrap")
    assert table.evaluate("el => el.scrollWidth <= el.clientWidth")  # no sideways scrolling in the card
    expect(page.locator(".audit-table tbody tr").first).to_contain_text("Iklan pinjol")
    site.check("audit-log")  # ends at 360 px, having shown it at 1280 px too
    filters.locator("summary").click()
    expect(filters.get_by_label(text("Action"))).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    expect(filters.get_by_label(text("Action"))).to_be_visible()  # open on a wide screen
