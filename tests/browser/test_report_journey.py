"""Staff analytics in the browser: an admin finds the dashboard from the staff area, reads a figure's
numbers as a table, opens the monthly impact report and prints it to a PDF that carries the charts."""
import re
import zlib
from datetime import timedelta

from babel.dates import format_date
from playwright.sync_api import expect

from core import counters
from core.library_time import library_today
from events import actions as event_actions
from forum import actions
from tests.browser.test_forum_journeys import sign_in
from tests.browser.test_journeys import text
from tests.event_factory import at, new_event

BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"}


def some_activity(app, admin, member, host):
    category = actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                     colour="#0f6b5c", position=0, who_starts="members")
    threads = [actions.create_thread(member, category, f"Buku pilihan {n}", "Apa pendapat kalian?") for n in range(3)]
    for n in range(4):
        actions.reply(host, threads[n % 3], f"Balasan {n}")
    event = new_event(host, title="Bedah Buku Bumi Manusia")
    event_actions.rsvp(member, event)
    at(event, -timedelta(minutes=30))
    with app.test_request_context(headers=BROWSER):
        for thread in threads:
            counters.count_view("thread", thread.id)
        counters.count_share("thread", threads[0].id, "whatsapp")


def pdf_content(data: bytes) -> tuple[int, list[bytes]]:
    """(pages, decompressed streams) of a PDF, read with the standard library only."""
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), "not a whole PDF"
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
    streams = []
    for start in re.finditer(rb"stream\r?\n", data):
        try:
            streams.append(zlib.decompress(data[start.end():data.find(b"endstream", start.end())]))
        except zlib.error:
            pass  # not a Flate stream
    return pages, streams


def fill_operator(css_colour: str) -> re.Pattern:
    """The PDF operator that fills with a CSS #rrggbb colour, as Chromium writes it:
    '.05882353 .41960785 .36078432 rg'."""
    def number(channel: int) -> str:
        if channel in (0, 255):
            return str(channel // 255)
        return r"0?\." + str(channel * 1000 // 255).zfill(3).rstrip("0") + r"\d*"

    hex_colour = css_colour.strip().lstrip("#")
    channels = [int(hex_colour[n:n + 2], 16) for n in (0, 2, 4)]
    return re.compile(r"\s+".join(number(channel) for channel in channels).encode() + rb"\s+rg")


def test_an_admin_reads_the_dashboard_and_prints_the_monthly_report(site, app, admin, member, host):
    some_activity(app, admin, member, host)
    page = site.page
    sign_in(site, admin)
    page.goto(f"{site.base_url}/admin/")
    page.get_by_role("link", name=text("Analytics")).click()
    expect(page.get_by_role("heading", name=text("Analytics"), level=1)).to_be_visible()
    site.check("analytics-dashboard")
    page.get_by_role("link", name=text("Last %(days)d days", days=7)).click()
    expect(page.locator("#from")).to_have_value((library_today() - timedelta(days=6)).isoformat())

    categories = page.locator("#figure-categories")
    expect(categories.locator("svg[role=img]")).to_be_visible()
    categories.get_by_text(text("The numbers as a table")).click()
    row = categories.get_by_role("row").filter(has_text="Diskusi Buku")
    expect(row.get_by_role("cell")).to_have_text(["3", "4", "0"])
    expect(page.locator("#figure-events")).to_contain_text("Bedah Buku Bumi Manusia")
    site.check("analytics-dashboard-table")

    page.get_by_role("link", name=text("Monthly impact report")).click()  # last month's
    expect(page.get_by_role("heading", name=text("The month at a glance"))).to_be_visible()
    this_month = format_date(library_today(), "MMMM yyyy", locale="id")
    page.get_by_role("link", name=f"{this_month} →").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(this_month)
    site.check("analytics-report")
    charts = page.locator(".report svg[role=img]").count()
    assert charts >= 8

    brand = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--brand')")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    pages, streams = pdf_content(pdf)
    assert pages >= 2, "the sections start on their own pages"
    drawn = [stream for stream in streams if fill_operator(brand).search(stream)]
    assert len(drawn) >= 2, "bars and lines in the library's colour on more than one page"
    assert sum(len(fill_operator(brand).findall(stream)) for stream in drawn) >= 10
    assert all(b"BT" in stream or b"Tj" in stream or b" l\n" in stream for stream in drawn), "pages with content"
