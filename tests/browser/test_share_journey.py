"""Sharing in the browser: a member shares an event to WhatsApp (the address WhatsApp would open is
checked, never followed), copies its link and uses the phone's share sheet; each share is counted per
channel, and so is the visit the shared link brings. Without JavaScript the bar is plain links."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from core import counters
from core.counter_models import DailyCount
from core.library_time import library_today
from extensions import db
from tests.browser.test_forum_journeys import sign_in
from tests.browser.test_journeys import text
from tests.conftest import PASSWORD
from tests.event_factory import new_event


def keep_where_the_share_goes(context, opened: list):
    """The share link is requested from the site (which counts it), and the address it redirects to (the
    channel's share page) is kept instead of followed. Playwright cannot route a redirect's target."""
    def handle(route):
        if route.request.method != "GET":
            return route.continue_()
        response = route.fetch(max_redirects=0)
        assert response.status == 302
        opened.append(response.headers["location"])
        route.fulfill(status=200, content_type="text/plain", body="shared")
    context.route("**/share/**", handle)


def when(event) -> str:
    """The event's start as the Indonesian page and message say it."""
    from flask_babel import force_locale

    from core.i18n import format_when

    with force_locale("id"):
        return format_when(event.starts_at)


def counted(metric: str, event, channel: str) -> int:
    counters.flush()
    db.session.expire_all()
    return db.session.execute(db.select(DailyCount.total).filter_by(
        day=library_today(), metric=metric, item_type="event", item_id=event.id, channel=channel)).scalar() or 0


def whatsapp_row_on_the_dashboard(site, staff):
    """Staff open the analytics dashboard in their own browser and read the WhatsApp row of the channels
    table: (shares, visits from shared links)."""
    context = site.page.context.browser.new_context(viewport=site.page.viewport_size)
    page = context.new_page()
    page.goto(site.base_url + "/auth/login")
    page.fill("#username", staff.username)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name=text("Sign in")).click()
    page.goto(site.base_url + "/admin/analytics")
    figure = page.locator("#figure-channels")
    figure.get_by_text(text("The numbers as a table")).click()
    row = figure.get_by_role("row").filter(has=page.get_by_role("rowheader", name="WhatsApp"))
    numbers = tuple(int(cell) for cell in row.get_by_role("cell").all_inner_texts())
    context.close()
    return numbers


@pytest.mark.each_width
def test_a_member_shares_an_event_to_whatsapp_and_the_share_is_counted(site, host, member, admin):
    event = new_event(host, title="Bedah Buku: Laskar Pelangi bersama Penulis")
    page = site.page
    opened = []
    keep_where_the_share_goes(page.context, opened)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(site, member)
    site.open(f"/events/{event.id}", "share-event")
    bar = page.locator(".share-bar")
    expect(bar.locator(".share-native")).to_be_hidden()  # headless Chromium has no share sheet
    # One compact row (issue 17: six pills in three rows cost some 150 px at 360 px), WhatsApp first.
    assert bar.bounding_box()["height"] < 50
    expect(bar.get_by_role("link").first).to_have_accessible_name(re.compile("^WhatsApp"))

    with page.expect_popup() as popup:
        bar.get_by_role("link", name="WhatsApp").click()
    popup.value.wait_for_load_state()
    assert len(opened) == 1
    address = urlsplit(opened[0])
    assert address.netloc == "wa.me"
    message = parse_qs(address.query)["text"][0]
    link = f"{site.base_url}/events/{event.id}-{event.slug}?utm_source=whatsapp"
    assert message == text("Come to “%(title)s” at %(library)s, %(when)s!", title=event.title, when=when(event),
                           library="Perpustakaan Kota") + " " + link
    popup.value.close()
    assert counted("share", event, "whatsapp") == 1
    assert whatsapp_row_on_the_dashboard(site, admin) == (1, 0)

    bar.locator("summary").click()  # the other channels and "Copy link" are behind "Share…"
    expect(bar.get_by_role("link", name="Telegram")).to_be_visible()
    with page.expect_request(lambda request: request.method == "POST" and request.url.endswith("/copy")):
        bar.get_by_role("button", name=text("Copy link")).click()
    expect(bar.get_by_role("status")).to_have_text(text("Link copied."))
    assert page.evaluate("navigator.clipboard.readText()") == link.replace("whatsapp", "copy")

    # A phone's share sheet, stood in for; it resolves as when shared. It comes first, and on a phone it
    # stands for the channels (it lists them itself).
    page.add_init_script("navigator.share = (data) => { window.sharedData = data; return Promise.resolve(); };")
    site.open(f"/events/{event.id}", "share-event-sheet")
    expect(bar.get_by_role("listitem").first).to_have_text(text("Share…"))
    expect(bar.get_by_role("link", name="WhatsApp")).to_be_visible(visible=site.viewport == "desktop")
    with page.expect_request(lambda request: request.method == "POST" and request.url.endswith("/share")):
        bar.get_by_role("button", name=text("Share…")).click()
    assert page.evaluate("window.sharedData.url") == link.replace("whatsapp", "share")

    page.goto(link)  # a friend opens the shared link
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    assert counted("visit", event, "whatsapp") == 1
    assert whatsapp_row_on_the_dashboard(site, admin) == (1, 1)
    assert counted("share", event, "copy") == 1 and counted("share", event, "share") == 1


def test_without_javascript_the_share_bar_is_plain_links(site, host):
    event = new_event(host, title="Lokakarya Menulis Cerpen untuk Remaja")
    context = site.page.context.browser.new_context(java_script_enabled=False, viewport=site.page.viewport_size)
    page = context.new_page()
    opened = []
    keep_where_the_share_goes(context, opened)
    page.goto(f"{site.base_url}/events/{event.id}")
    bar = page.locator(".share-bar")
    expect(bar.get_by_role("link")).to_have_count(1)  # WhatsApp; the others behind "Share…"
    bar.locator("summary").click()
    expect(bar.get_by_role("link")).to_have_count(5)
    expect(bar.locator("button:visible")).to_have_count(0)  # no share sheet, no copy button without a script
    with page.expect_popup() as popup:
        bar.get_by_role("link", name="Telegram").click()
    popup.value.wait_for_load_state()
    assert opened and parse_qs(urlsplit(opened[0]).query)["url"][0].endswith("?utm_source=telegram")
    assert counted("share", event, "telegram") == 1
    context.close()
