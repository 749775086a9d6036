"""Reading challenges over HTTP: who may do what, the log form's refusals, pages and the CSV export."""
import csv
import io

import pytest

from challenges import actions, quizzes
from challenges.models import Challenge, Draw, LogEntry
from extensions import db
from tests.challenge_helpers import days_ago, log, make_challenge
from tests.conftest import says, translated


@pytest.fixture
def challenge(admin):
    return make_challenge(admin, is_team=True)


def url(challenge, rest=""):
    return f"/challenges/{challenge.slug}{rest}"


STAFF_PAGES = ["/challenges/new", "{c}/edit", "{c}/entries", "{c}/teams", "{c}/quizzes/new", "{c}/draws",
               "{c}/entries/{e}/correct"]
ADMIN_PAGES = ["{c}/results.csv"]  # every participant by name: personal data


@pytest.mark.parametrize("role, allowed", [("member", set()), ("host", set()), ("moderator", {"staff"}),
                                           ("admin", {"staff", "admin"})])
def test_only_staff_open_the_staff_pages_and_only_admins_the_results(app, make_user, member, challenge, role, allowed):
    actions.join(member, challenge)
    entry = log(member, challenge, 10)
    user = make_user(f"orang_{role}", role)
    client = app.test_client()
    client.login(user)
    for kind, pages in (("staff", STAFF_PAGES), ("admin", ADMIN_PAGES)):
        for page in pages:
            response = client.get(page.format(c=url(challenge), e=entry.id))
            assert response.status_code == (200 if kind in allowed else 403), page
    show = client.get(url(challenge)).get_data(as_text=True)
    assert (url(challenge, "/results.csv") in show) == ("admin" in allowed)  # offered only to those it opens for


def test_guests_see_the_pages_and_are_sent_to_sign_in_for_staff_pages(client, challenge):
    assert client.get("/challenges/").status_code == 200
    assert client.get(url(challenge)).status_code == 200
    assert client.get(url(challenge, "/leaderboard")).status_code == 200
    assert client.get(url(challenge, "/draws")).status_code == 302
    assert client.submit(url(challenge, "/join")).status_code == 302
    assert db.session.scalar(db.select(db.func.count(actions.Participant.id))) == 0


@pytest.mark.parametrize("role, allowed", [("member", False), ("host", False), ("moderator", True)])
def test_only_staff_approve_correct_remove_and_draw(app, make_user, member, challenge, role, allowed):
    actions.join(member, challenge)
    entries = [log(member, challenge, 300, days=2), log(member, challenge, 300, days=2)]  # the second: 600, pending
    client = app.test_client()
    client.login(make_user(f"orang_{role}", role))
    client.submit(url(challenge, f"/entries/{entries[1].id}/approve"))
    client.submit(url(challenge, f"/entries/{entries[0].id}/correct"), {"amount": 5, "read_on": days_ago(1).isoformat()})
    client.submit(url(challenge, "/draws"), {"winners": 1})
    client.submit(url(challenge, "/log"), {"amount": 7, "read_on": days_ago(0).isoformat(), "username": "budi"})
    states = [(e.state, e.amount) for e in db.session.execute(db.select(LogEntry).order_by(LogEntry.id)).scalars()]
    if allowed:
        assert states == [("counted", 5), ("counted", 300), ("counted", 7)]
    else:
        assert states == [("counted", 300), ("pending", 300)]
    assert db.session.scalar(db.select(db.func.count(Draw.id))) == (1 if allowed else 0)


def test_a_member_joins_hides_their_name_and_logs(client, login, member, challenge):
    login(member)
    client.submit(url(challenge, "/join"), {"hide_name": "y"})
    response = client.submit(url(challenge, "/log"), {"amount": 120, "read_on": days_ago(0).isoformat(),
                                                      "book_title": "Laskar Pelangi"}, follow_redirects=True)
    assert says(response, "Your reading has been logged.")
    page = client.get(url(challenge)).get_data(as_text=True)
    board = page.split('id="leaderboard-members"')[1].split("</ol>")[0]
    assert translated("Anonymous reader") in board and "Budi Santoso" not in board
    assert actions.participant_of(challenge, member).hide_name


def test_fifty_thousand_pages_in_a_day_is_refused_clearly(client, login, member, challenge):
    login(member)
    client.submit(url(challenge, "/join"))
    response = client.submit(url(challenge, "/log"), {"amount": 50000, "read_on": days_ago(0).isoformat()})
    assert response.status_code == 400
    assert "50.000" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(LogEntry.id))) == 0


@pytest.mark.parametrize("days", [-1, 30])
def test_dates_in_the_future_or_outside_the_challenge_are_refused(client, login, member, challenge, days):
    login(member)
    client.submit(url(challenge, "/join"))
    response = client.submit(url(challenge, "/log"), {"amount": 10, "read_on": days_ago(days).isoformat()})
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(LogEntry.id))) == 0


def test_an_unusual_entry_is_pending_until_staff_approve(app, client, login, member, moderator, challenge):
    login(member)
    client.submit(url(challenge, "/join"))
    response = client.submit(url(challenge, "/log"), {"amount": 800, "read_on": days_ago(0).isoformat()},
                             follow_redirects=True)
    assert says(response, "Thank you! This is more than usual, so a librarian will check it before it counts.")
    staff = app.test_client()
    staff.login(moderator)
    entry = db.session.execute(db.select(LogEntry)).scalar_one()
    assert "800" in staff.get(url(challenge, "/entries")).get_data(as_text=True)
    staff.submit(url(challenge, f"/entries/{entry.id}/approve"))
    assert entry.state == "counted"
    assert actions.participant_of(challenge, member) and \
        db.session.scalar(db.select(actions.ChallengeTotal.amount).filter_by(user_id=member.id)) == 800


def test_staff_set_teams_and_the_team_board_adds_members_up(client, login, moderator, member, make_user, challenge):
    ani = make_user("ani")
    log(member, challenge, 100, actor=moderator)
    login(moderator)
    response = client.submit(url(challenge, "/teams"), {"teams": "SMPN 1: budi, ani\nKomunitas: sari"})
    assert response.status_code == 400  # nobody is called sari: nothing changes
    assert challenge.teams == []
    client.submit(url(challenge, "/teams"), {"teams": "SMPN 1: budi, ani"})
    log(ani, challenge, 50)
    page = client.get(url(challenge)).get_data(as_text=True)
    teams = page.split('id="leaderboard-teams"')[1].split("</ol>")[0]
    assert "SMPN 1" in teams and "150" in teams


def test_the_certificate_is_for_those_who_completed(app, client, login, member, make_user, admin):
    challenge = make_challenge(admin, target=100)
    actions.join(member, challenge)
    log(member, challenge, 100)
    login(member)
    page = client.get(url(challenge, "/certificate"))
    assert page.status_code == 200 and "Budi Santoso" in page.get_data(as_text=True)
    assert challenge.title in page.get_data(as_text=True)
    other = app.test_client()
    other.login(make_user("ani"))
    assert other.get(url(challenge, "/certificate")).status_code == 404
    assert other.get(url(challenge, "/certificate/budi")).status_code == 403


def test_a_quiz_page_never_carries_the_answers_before_submission(client, login, member, admin, challenge):
    quiz = quizzes.create_quiz(admin, challenge, "Kuis", "? Penulis?\n* JAWABANBENAR\n- salah satu\n- salah dua",
                               None, 10)
    actions.join(member, challenge)
    login(member)
    client.submit(url(challenge, f"/quizzes/{quiz.id}/start"))
    page = client.get(url(challenge, f"/quizzes/{quiz.id}")).get_data(as_text=True)
    assert "JAWABANBENAR" in page and "correct" not in page.lower().split("<main")[1]
    question = quiz.questions[0]
    assert 'value="0"' in page and "checked" not in page.split("<main")[1]
    client.submit(url(challenge, f"/quizzes/{quiz.id}/submit"), {f"q{question.id}": 0})
    assert says(client.get(url(challenge, f"/quizzes/{quiz.id}")),
                "You answered %(right)d of %(count)d questions right: %(points)d points.", right=1, count=1, points=10)


def test_the_results_csv_is_safe_from_formulas(client, login, admin, moderator, make_user, challenge):
    sly = make_user("licik", display_name="=HYPERLINK(\"http://x\")")
    log(sly, challenge, 100, actor=moderator)
    login(admin)
    response = client.get(url(challenge, "/results.csv"))
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")" and rows[1][4] == "100" and rows[1][7] == "1"


def test_a_draw_page_verifies_the_draw(client, login, moderator, make_user, challenge):
    for number in range(4):
        log(make_user(f"pembaca{number}"), challenge, 200, actor=moderator)
    login(moderator)
    response = client.submit(url(challenge, "/draws"), {"winners": 2}, follow_redirects=True)
    assert says(response, "Recomputed from the seed and the recorded entries: the same winners, in the same order.")


def test_staff_create_a_challenge_and_it_is_listed_and_found(client, login, admin):
    login(admin)
    response = client.submit("/challenges/new", {
        "title": "Maraton Baca Agustus", "description": "Baca *setiap hari* kata-kunci-uji",
        "starts_on": days_ago(1).isoformat(), "ends_on": days_ago(-30).isoformat(), "unit": "minutes",
        "target": 600, "is_team": "individual", "badges": "Separuh: 50%\nJuara: 600", "raffle_every": ""})
    challenge = db.session.execute(db.select(Challenge)).scalar_one()
    assert response.status_code == 302 and response.location.endswith(f"/challenges/{challenge.slug}")
    assert [(b.name, b.threshold, b.is_percent) for b in challenge.badges] == [("Separuh", 50, True),
                                                                               ("Juara", 600, False)]
    assert "Maraton Baca Agustus" in client.get("/challenges/").get_data(as_text=True)
    assert "Maraton Baca Agustus" in client.get("/").get_data(as_text=True)
    assert f"/challenges/{challenge.slug}" in client.get("/search?q=kata-kunci-uji").get_data(as_text=True)


def test_a_bad_badge_line_is_refused(client, login, admin):
    login(admin)
    response = client.submit("/challenges/new", {
        "title": "Maraton Baca", "starts_on": days_ago(1).isoformat(), "ends_on": days_ago(-3).isoformat(),
        "unit": "pages", "target": 100, "is_team": "individual", "badges": "tanpa ambang"})
    assert response.status_code == 400 and db.session.scalar(db.select(db.func.count(Challenge.id))) == 0


def test_the_audit_log_says_whose_entry_and_how_much_in_words(client, login, moderator, make_user, challenge):
    reader = make_user("pembaca")
    log(reader, challenge, 120, actor=moderator)
    login(moderator)
    client.submit(url(challenge, "/draws"), {"winners": 1}, follow_redirects=True)
    seed = db.session.execute(db.select(Draw.seed)).scalar_one()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert f"pembaca · 120 {translated('pages')}" in page
    assert translated("%(title)s · seed %(seed)s", title=challenge.title, seed=seed) in page
