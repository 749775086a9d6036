"""No stored XSS through challenges: every payload of the corpus goes into a challenge's title and
description, a badge, a team, a log entry's book title, a quiz question and its choices, and a reader's
display name; every page that shows them is checked for anything executable."""
import pytest

from challenges import actions, quizzes
from tests.challenge_helpers import log, make_challenge
from tests.security.test_stored_xss import executable_parts
from tests.security.xss_corpus import PAYLOADS


@pytest.fixture
def hostile_challenges(admin, make_user):
    found = []
    reader = make_user("pembaca", display_name=PAYLOADS[3][:60])
    for number, payload in enumerate(PAYLOADS):
        challenge = make_challenge(admin, title=f"C{number} {payload}"[:150], description=f"{payload}\n\nkata-kunci-uji",
                                   is_team=number % 2 == 0, badges=[(payload[:60].replace(":", " ") or "x", 10, True)])
        found.append(challenge)
    first = found[0]
    actions.set_teams(admin, first, f"{PAYLOADS[5][:70].replace(':', ' ')}: pembaca")
    log(reader, first, 100, book_title=PAYLOADS[7][:200])
    log(reader, first, 450, days=1, book_title=PAYLOADS[8][:200])
    questions = "\n\n".join(f"? {payload}\n* {payload}\n- {PAYLOADS[-1]}" for payload in PAYLOADS[:20]
                            if "\n" not in payload)
    quiz = quizzes.create_quiz(admin, first, PAYLOADS[2][:150], questions, None, 10)
    quizzes.start(reader, quiz)
    return found, quiz, reader


def test_no_challenge_page_carries_anything_executable(app, login, admin, hostile_challenges):
    found, quiz, reader = hostile_challenges
    guest = app.test_client()
    urls = ["/", "/challenges/", "/search?q=kata-kunci-uji"] + [f"/challenges/{c.slug}" for c in found]
    urls += [f"/challenges/{found[0].slug}/leaderboard", f"/challenges/{found[0].slug}/quizzes/{quiz.id}"]
    for url in urls:
        response = guest.get(url)
        assert response.status_code == 200 and executable_parts(response.get_data(as_text=True)) == [], url
    member_view = app.test_client()
    member_view.login(reader)
    for url in (f"/challenges/{found[0].slug}", f"/challenges/{found[0].slug}/quizzes/{quiz.id}"):
        response = member_view.get(url)
        assert response.status_code == 200 and executable_parts(response.get_data(as_text=True)) == [], url
    staff = login(admin)
    slug = found[0].slug
    for url in (f"/challenges/{slug}", f"/challenges/{slug}/edit", f"/challenges/{slug}/entries?state=counted",
                f"/challenges/{slug}/entries?state=pending", f"/challenges/{slug}/teams"):
        response = staff.get(url)
        assert response.status_code == 200 and executable_parts(response.get_data(as_text=True)) == [], url
