"""Event journeys in the browser: a member waits for a seat in a full event and gets it when another member
cancels; a host sees their tools on the event page."""
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from werkzeug.datastructures import FileStorage

from events import actions
from tests.browser.test_forum_journeys import sign_in
from tests.browser.test_forum_live_journeys import signed_in_page
from tests.browser.test_journeys import photo, text
from tests.event_factory import at, new_event
from tests.pages_helpers import add_partner


@pytest.fixture
def second_browser(site):
    context = site.page.context.browser.new_context(viewport=site.page.viewport_size)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_member_on_the_waitlist_gets_the_seat_another_gives_back(site, second_browser, host, member, make_user,
                                                                  admin):
    event = new_event(host, title="Bedah Buku: Cantik Itu Luka", capacity=1,
                      partners=[add_partner(admin, "Komunitas Baca").id])
    new_event(host, title="Lokakarya Menulis Cerpen", starts_in=timedelta(days=5), mode="onsite",
              place="Ruang Baca Anak, Lantai 1", stream_url="")
    siti = make_user("siti", display_name="Siti Aminah")
    actions.rsvp(siti, event)

    page = site.page
    sign_in(site, member)
    site.open("/events/", "events-index")
    page.get_by_role("link", name="Bedah Buku: Cantik Itu Luka").click()
    page.get_by_role("button", name=text("Join the waitlist")).click()
    expect(page.locator("#rsvp .flash-pending")).to_have_text(text(
        "You are on the waitlist, number %(position)d. If a seat frees up, it is yours and we will tell you.",
        position=1))
    site.check("events-page-waitlist")

    other = signed_in_page(second_browser, site.base_url, siti)
    other.goto(f"{site.base_url}/events/{event.id}")
    other.get_by_role("button", name=text("Cancel my place")).click()
    expect(other.locator(".flash-success").first).to_have_text(text("You are no longer signed up for this event."))

    page.reload()
    expect(page.locator("#rsvp .flash-success")).to_have_text(text("You are going."))
    expect(page.locator(".bell-count")).to_have_text("1")
    site.check("events-page-going")
    page.get_by_role("link", name=text("Notifications")).click()
    expect(page.locator(".unread")).to_contain_text(text("A seat freed up: you are now going to %(event)s",
                                                         event=event.title))


def test_a_host_reveals_the_check_in_code_during_the_session(site, host, tmp_path):
    with open(photo(tmp_path), "rb") as stream:
        cover = FileStorage(stream, "sampul.jpg", content_type="image/jpeg")
        event = new_event(host, title="Webinar Literasi Digital untuk Keluarga", mode="hybrid",
                          place="Aula Perpustakaan", cohosts=[], hosts=["sari"], capacity=50, cover=cover)
    at(event, timedelta(minutes=-15))
    page = site.page
    sign_in(site, host)
    page.goto(f"{site.base_url}/events/{event.id}")
    page.get_by_role("button", name=text("Show the check-in code")).click()
    expect(page.locator(".checkin-code .code")).to_have_text(
        re.compile(r"^[A-Z2-9]{6}$"))
    site.check("events-page-host")
