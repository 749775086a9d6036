"""The live room in several browsers at once: a member and the host chat, the host removes a message and it
disappears for the member; the host opens a poll, the member votes, and the bars move for both; a question
is upvoted, highlighted and marked answered, and another removed, before everyone's eyes; a member's network
drops and comes back, and no message is lost or shown twice."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_forum_live_journeys import signed_in_page
from tests.browser.test_journeys import text
from tests.event_factory import new_event


@pytest.fixture
def new_browser(site):
    """Opens another person's browser (its own cookies, the same screen size) each time it is called."""
    contexts = []

    def open_page():
        contexts.append(site.page.context.browser.new_context(viewport=site.page.viewport_size))
        page = contexts[-1].new_page()
        page.set_default_timeout(10_000)
        return page
    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def second_browser(new_browser):
    return new_browser()


def enter_room(page, base_url, user, event):
    signed_in_page(page, base_url, user)
    page.goto(f"{base_url}/events/{event.id}/live")
    expect(page.locator("#live-room")).to_have_attribute("data-live", "connected")
    expect(page.locator("#live-online")).not_to_have_text(text("Connecting…"))
    return page


def send(page, body):
    page.get_by_label(text("Your message")).fill(body)
    page.keyboard.press("Enter")


@pytest.mark.each_width
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
    question.get_by_role("button", name=text("Highlight: answering now")).click()
    expect(budi.locator(".question.is-highlighted")).to_contain_text("penulisnya")
    site.check("live-room-poll-host")
    sari.get_by_role("button", name=text("Close the poll")).click()
    expect(budi.locator(".poll-total")).to_contain_text(text("Closed"))


def ask(page, body):
    page.get_by_label(text("Ask the speakers")).fill(body)
    page.get_by_role("button", name=text("Ask"), exact=True).click()
    expect(page.get_by_label(text("Ask the speakers"))).to_have_value("")


def test_a_question_is_upvoted_highlighted_and_marked_answered_live(site, new_browser, host, member, make_user):
    event = new_event(host, title="Diskusi Bumi Manusia")
    budi = enter_room(site.page, site.base_url, member, event)
    rina = enter_room(new_browser(), site.base_url, make_user("rina", display_name="Rina Wulandari"), event)
    sari = enter_room(new_browser(), site.base_url, host, event)

    ask(rina, "Bagaimana Minke tetap menulis?")
    question = budi.locator(".question", has_text="Minke")
    expect(question.locator(".vote-count")).to_have_text("0")
    expect(rina.locator(".question", has_text="Minke").get_by_role("button", name=text("Upvote"))).to_have_count(0)
    question.get_by_role("button", name=text("Upvote")).click()
    for page in (budi, rina, sari):
        expect(page.locator(".question", has_text="Minke").locator(".vote-count")).to_have_text("1")
    done = question.get_by_role("button", name=text("Voted"))
    expect(done).to_be_disabled()
    expect(done).to_have_attribute("aria-pressed", "true")

    ask(budi, "Apakah ada edisi bahasa Inggris?")
    questions = budi.locator(".question .question-text")
    expect(questions).to_have_text(["Bagaimana Minke tetap menulis?", "Apakah ada edisi bahasa Inggris?"])
    budi.get_by_role("button", name=text("Newest")).click()
    expect(questions).to_have_text(["Apakah ada edisi bahasa Inggris?", "Bagaimana Minke tetap menulis?"])
    budi.get_by_role("button", name=text("Most votes")).click()
    expect(questions.first).to_have_text("Bagaimana Minke tetap menulis?")

    on_stage = sari.locator(".question", has_text="Minke")
    on_stage.get_by_role("button", name=text("Highlight: answering now")).click()
    for page in (budi, rina):
        highlighted = page.locator(".question.is-highlighted")
        expect(highlighted).to_contain_text("Minke")
        expect(highlighted).to_contain_text(text("Being answered now"))
    on_stage.get_by_role("button", name=text("Mark answered")).click()
    for page in (budi, rina):
        answered = page.locator(".question.is-answered")
        expect(answered).to_contain_text("Minke")
        expect(answered).to_contain_text(text("Answered"))
        expect(page.locator(".question.is-highlighted")).to_have_count(0)
        expect(answered.locator(".vote-count")).to_have_text("1")
    expect(on_stage.get_by_role("button", name=text("Mark answered"))).to_have_count(0)
    sari.locator(".question", has_text="Inggris").get_by_role("button", name=text("Highlight: answering now")).click()
    expect(budi.locator(".question.is-highlighted")).to_contain_text("Inggris")
    site.check("live-qa-answered-highlighted")

    # The host removes a question from the keyboard: it goes for everyone, and the host's focus stays in the Q&A.
    ask(rina, "Jual buku bajakan murah, hubungi saya")
    spam = sari.locator(".question", has_text="bajakan")
    remove = spam.get_by_role("button", name=text("Remove for everyone"))
    remove.focus()
    sari.keyboard.press("Enter")
    for page in (budi, rina, sari):
        expect(page.locator(".question", has_text="bajakan")).to_have_count(0)
    expect(sari.locator("#questions-heading")).to_be_focused()
    expect(budi.locator(".question")).to_have_count(2)

    budi.reload()  # the vote is kept: the button stays done, and the count has not moved
    expect(budi.locator("#live-online")).not_to_have_text(text("Connecting…"))
    expect(question.get_by_role("button", name=text("Voted"))).to_be_disabled()
    expect(question.locator(".vote-count")).to_have_text("1")


def test_a_members_network_drops_and_comes_back_and_no_message_is_lost_or_doubled(site, second_browser, host,
                                                                                  member, make_user):
    event = new_event(host, title="Bincang Penulis Muda")
    budi = enter_room(site.page, site.base_url, member, event)
    rina = enter_room(second_browser, site.base_url, make_user("rina", display_name="Rina Wulandari"), event)
    send(rina, "Halo semua")
    expect(budi.locator(".chat-message")).to_have_count(1)

    budi.context.set_offline(True)
    expect(budi.locator("#live-room")).to_have_attribute("data-live", "reconnecting")
    expect(budi.locator("#live-connection")).to_have_text(text("Connection lost. Reconnecting…"))
    for number in range(1, 5):
        send(rina, f"Pesan ke-{number}")
        expect(rina.get_by_label(text("Your message"))).to_have_value("")
    send(budi, "Maaf, sinyal saya putus")
    expect(budi.locator("#live-held")).to_have_text(
        text("Not sent yet: your message goes out as soon as the connection is back."))
    expect(budi.get_by_role("button", name=text("Send"))).to_be_disabled()
    site.check("live-qa-reconnecting")
    expect(budi.locator(".chat-message")).to_have_count(1)

    budi.context.set_offline(False)
    expect(budi.locator("#live-room")).to_have_attribute("data-live", "connected", timeout=30_000)
    expected = ["Halo semua", "Pesan ke-1", "Pesan ke-2", "Pesan ke-3", "Pesan ke-4", "Maaf, sinyal saya putus"]
    for page in (budi, rina):  # the held message goes out after the resume: as long a deadline as the reconnect
        expect(page.locator(".chat-message .chat-body")).to_have_text(expected, timeout=30_000)
    expect(budi.get_by_label(text("Your message"))).to_have_value("")
    expect(budi.locator("#live-held")).to_be_hidden()
    expect(budi.locator("#live-connection")).to_have_text("")
    ids = budi.locator(".chat-message").evaluate_all("items => items.map(item => Number(item.dataset.id))")
    assert ids == sorted(set(ids)) and len(ids) == len(expected)


def test_a_message_whose_broadcast_was_lost_still_reaches_the_page(site, app, host, member):
    """As when the sender's server process dies between storing a message and broadcasting it: the room's
    heartbeat lists the last minute's messages, and the page fetches the one it lacks, once."""
    from tests.socket.test_live_delivery import stored_without_broadcast

    app.extensions["serambi_presence"].heartbeat = 0.5
    event = new_event(host, title="Bedah Buku: Laut Bercerita")
    sari = enter_room(site.page, site.base_url, host, event)
    stored_without_broadcast(event, member, "Pesan yang tersesat", "lost-browser")
    expect(sari.locator(".chat-message", has_text="Pesan yang tersesat")).to_have_count(1)
    site.check("live-room-caught-up")


def test_a_hosts_buttons_on_questions_fit_a_phone_in_even_columns(site, host, member, make_user):
    from events import questions

    event = new_event(host, title="Diskusi Cantik Itu Luka")
    questions.ask(member, event, "Mengapa Dewi Ayu kembali dari kubur?")
    questions.ask(make_user("rina"), event, "Apakah ada kelanjutannya?")
    page = enter_room(site.page, site.base_url, host, event)
    tools = page.locator(".question-tools").first
    expect(tools.get_by_role("button", name=text("Mark answered"))).to_be_visible()
    boxes = [button.bounding_box() for button in tools.get_by_role("button").all()]
    assert len(boxes) == 4  # upvote, highlight, mark answered, remove
    assert len({round(box["width"]) for box in boxes}) == 1  # even widths (issue 17, item 11)
    assert len({round(box["height"]) for box in boxes}) == 1 and boxes[0]["height"] < 40  # no label wraps
    sorting = [button.bounding_box() for button in page.locator(".sort-toggle").get_by_role("button").all()]
    assert len({box["height"] for box in sorting}) == 1 and sorting[0]["height"] < 40  # "Most votes" on one line too
    card = page.locator(".live-questions").bounding_box()
    assert all(box["x"] + box["width"] <= card["x"] + card["width"] - 8 for box in boxes + sorting)  # inside the card
    site.check("live-room-host-questions")
