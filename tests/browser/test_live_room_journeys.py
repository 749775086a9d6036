"""The live room in two browsers at once: a member and the host chat, the host removes a message and it
disappears for the member; the host opens a poll, the member votes, and the bars move for both."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_forum_live_journeys import signed_in_page
from tests.browser.test_journeys import text
from tests.event_factory import new_event


@pytest.fixture
def second_browser(site):
    context = site.page.context.browser.new_context(viewport=site.page.viewport_size)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def enter_room(page, base_url, user, event):
    signed_in_page(page, base_url, user)
    page.goto(f"{base_url}/events/{event.id}/live")
    expect(page.locator("#live-room")).to_have_attribute("data-live", "connected")
    expect(page.locator("#live-online")).not_to_have_text(text("Connecting…"))
    return page


def send(page, body):
    page.get_by_label(text("Your message")).fill(body)
    page.keyboard.press("Enter")


def test_two_people_chat_live_and_the_host_removes_a_message(site, second_browser, host, member):
    event = new_event(host, title="Bedah Buku: Laut Bercerita")
    budi = enter_room(second_browser, site.base_url, member, event)
    sari = enter_room(site.page, site.base_url, host, event)
    expect(sari.locator("#live-online")).to_have_text(text("%(num)s online", num=2))

    send(budi, "Selamat malam, **semua**!")
    arrived = sari.locator(".chat-message", has_text="Selamat malam")
    expect(arrived.locator("strong")).to_have_text("semua")
    expect(budi.get_by_label(text("Your message"))).to_have_value("")
    send(sari, "Selamat datang, Budi.")
    expect(budi.locator(".chat-message", has_text="Selamat datang")).to_be_visible()
    send(budi, "Beli obat kuat di sini")
    spam = sari.locator(".chat-message", has_text="obat kuat")
    expect(spam).to_be_visible()
    site.check("live-room-host")

    sari.once("dialog", lambda dialog: dialog.accept())
    spam.get_by_role("button", name=text("Delete")).click()
    expect(budi.locator(".chat-message", has_text="obat kuat")).to_have_count(0)
    expect(spam).to_have_count(0)
    expect(budi.locator(".chat-message")).to_have_count(2)

    sari.get_by_role("button", name=text("Pause the chat")).click()
    expect(budi.locator("#live-status")).to_have_text(text("The hosts have paused the chat for a moment."))
    expect(budi.get_by_label(text("Your message"))).to_be_disabled()


def test_a_host_opens_a_poll_a_member_votes_and_the_bars_move_for_both(site, second_browser, host, member):
    event = new_event(host, title="Webinar Literasi Digital")
    sari = enter_room(site.page, site.base_url, host, event)
    budi = enter_room(second_browser, site.base_url, member, event)

    sari.get_by_label(text("Question"), exact=True).fill("Buku apa yang kita bahas bulan depan?")
    sari.get_by_placeholder(text("Option %(num)d", num=1)).fill("Bumi Manusia")
    sari.get_by_placeholder(text("Option %(num)d", num=2)).fill("Cantik Itu Luka")
    sari.get_by_role("button", name=text("Open the poll")).click()
    option = budi.locator(".poll-option", has_text="Bumi Manusia")
    expect(option.locator("progress")).to_have_attribute("value", "0")
    option.get_by_role("button", name=text("Vote for: %(option)s", option="Bumi Manusia")).click()
    for page in (sari, budi):
        bar = page.locator(".poll-option", has_text="Bumi Manusia")
        expect(bar.locator("progress")).to_have_attribute("value", "1")
        expect(bar.locator(".poll-count")).to_have_text(re.compile(r"^1 "))
    expect(budi.get_by_role("button", name=re.compile(text("Vote")))).to_have_count(0)

    budi.get_by_label(text("Ask the speakers")).fill("Apakah penulisnya akan hadir?")
    budi.get_by_role("button", name=text("Ask"), exact=True).click()
    question = sari.locator(".question", has_text="penulisnya")
    question.get_by_role("button", name=text("Answering now")).click()
    expect(budi.locator(".question.is-highlighted")).to_contain_text("penulisnya")
    site.check("live-room-poll-host")
    sari.get_by_role("button", name=text("Close the poll")).click()
    expect(budi.locator(".poll-total")).to_contain_text(text("Closed"))
