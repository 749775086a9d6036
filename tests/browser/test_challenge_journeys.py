"""Challenge journeys in the browser: a member logs pages and another browser's leaderboard moves without
reloading; an absurd log is refused clearly; staff run a draw that checks out from its seed."""
import pytest
from playwright.sync_api import expect

from challenges import actions
from tests.browser.test_forum_journeys import sign_in
from tests.browser.test_forum_live_journeys import second_browser  # noqa: F401 (a fixture)
from tests.browser.test_journeys import text
from tests.challenge_helpers import log, make_challenge


@pytest.fixture
def challenge(admin):
    return make_challenge(admin, title="Tantangan 1.000 Halaman", is_team=True)


def test_a_log_moves_the_leaderboard_in_another_browser(site, second_browser, challenge, member, make_user):
    rival = make_user("ani", display_name="Ani Lestari")
    actions.join(rival, challenge)
    log(rival, challenge, 50)
    site.open("/challenges/", "challenges-index")
    watcher = second_browser
    watcher.goto(f"{site.base_url}/challenges/{challenge.slug}")
    expect(watcher.locator("#leaderboard-members")).to_have_attribute("data-live", "watching")
    expect(watcher.locator("#leaderboard-members li").first).to_contain_text("Ani Lestari")

    page = site.page
    sign_in(site, member)
    page.goto(f"{site.base_url}/challenges/{challenge.slug}")
    site.check("challenges-page")
    page.get_by_role("button", name=text("Join the challenge")).click()
    page.fill("#amount", "120")
    page.fill("#book_title", "Laskar Pelangi")
    page.get_by_role("button", name=text("Log it")).click()
    expect(page.locator(".flash-success").first).to_contain_text(text("Your reading has been logged."))
    expect(page.locator("#my-progress")).to_contain_text("120")
    site.check("challenges-page-logged")

    first = watcher.locator("#leaderboard-members li").first
    expect(first).to_contain_text(member.display_name)
    expect(first).to_contain_text("120")


def test_fifty_thousand_pages_in_a_day_is_refused_clearly(site, challenge, member):
    actions.join(member, challenge)
    page = site.page
    sign_in(site, member)
    page.goto(f"{site.base_url}/challenges/{challenge.slug}")
    page.fill("#amount", "50000")
    page.get_by_role("button", name=text("Log it")).click()
    error = page.locator("#amount-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("50.000")
    expect(page.locator("#amount")).to_have_attribute("aria-invalid", "true")
    site.check("challenges-log-refused")


def test_staff_draw_winners_and_the_draw_checks_out(site, challenge, moderator, make_user):
    for number in range(5):
        log(make_user(f"pembaca{number}", display_name=f"Pembaca {number}"), challenge, 100 * (number + 1),
            actor=moderator)
    page = site.page
    sign_in(site, moderator)
    page.goto(f"{site.base_url}/challenges/{challenge.slug}/draws")
    site.check("challenges-draws")
    page.fill("#winners", "2")
    page.get_by_role("button", name=text("Draw the winners")).click()
    expect(page.locator(".draw-winners li")).to_have_count(2)
    expect(page.locator("#draw-check")).to_have_text(
        text("Recomputed from the seed and the recorded entries: the same winners, in the same order."))
    seed = page.locator(".draw-seed").inner_text()
    assert len(seed) == 32
    site.check("challenges-draw")
