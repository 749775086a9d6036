"""Reading challenge rules, through the actions: what is refused, what waits for review, and totals that
always equal the sum of counted entries."""
import random

import pytest

from challenges import actions, queries, quizzes, raffle
from challenges.models import COUNTED, PENDING, REMOVED, ChallengeTotal, LogEntry
from core.audit import AuditEntry
from core.errors import ActionError
from extensions import db
from tests.challenge_helpers import days_ago, log, make_challenge
from tests.conftest import translated

STAFF_ONLY = "Only library staff manage reading challenges."


@pytest.fixture
def challenge(admin):
    return make_challenge(admin)


def counted_sum(challenge_id, user_ids) -> int:
    return db.session.scalar(db.select(db.func.coalesce(db.func.sum(LogEntry.amount), 0)).where(
        LogEntry.challenge_id == challenge_id, LogEntry.state == COUNTED, LogEntry.user_id.in_(user_ids)))


def total(challenge, user=None, team=None) -> ChallengeTotal:
    found = db.session.execute(db.select(ChallengeTotal).filter_by(
        challenge_id=challenge.id, **({"user_id": user.id} if user else {"team_id": team.id}))).scalar_one()
    db.session.refresh(found)
    return found


def test_logging_needs_joining_and_counts_at_once(challenge, member):
    with pytest.raises(ActionError) as refused:
        log(member, challenge, 50)
    assert refused.value.message == translated("Join the challenge first.")
    actions.join(member, challenge)
    entry = log(member, challenge, 50, days=1)
    assert entry.state == COUNTED and total(challenge, member).amount == 50


@pytest.mark.parametrize("amount, days, field, words", [
    (10, -1, "read_on", "You cannot log reading for a future date."), (10, 11, "read_on", None),
    (0, 0, "amount", "Please enter how much you read: a whole number, at least 1."), (50_000, 0, "amount", "50.000"),
])
def test_impossible_entries_are_refused_and_change_nothing(challenge, member, amount, days, field, words):
    actions.join(member, challenge)
    with pytest.raises(ActionError) as refused:
        log(member, challenge, amount, days=days)
    assert refused.value.field == field
    assert words is None or (translated(words) if " " in words else words) in refused.value.message
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(LogEntry.id))) == 0
    assert total(challenge, member).amount == 0


def test_the_day_cap_counts_the_days_other_entries(app, challenge, member):
    app.config["CHALLENGE_UNUSUAL_PAGES"] = 5000  # only the cap is tested here
    actions.join(member, challenge)
    log(member, challenge, 1500, days=2)
    with pytest.raises(ActionError) as refused:
        log(member, challenge, 600, days=2)
    assert refused.value.field == "amount"
    db.session.rollback()
    log(member, challenge, 500, days=2)  # exactly the cap of 2,000
    assert total(challenge, member).amount == 2000


def test_the_cap_is_configurable(app, admin, member):
    app.config["CHALLENGE_DAY_CAP_MINUTES"] = 120
    minutes = make_challenge(admin, unit="minutes", title="Menit membaca")
    actions.join(member, minutes)
    with pytest.raises(ActionError):
        log(member, minutes, 121)


def test_an_unusual_day_waits_for_review_and_counts_once_approved(challenge, member, moderator):
    actions.join(member, challenge)
    log(member, challenge, 300, days=1)
    entry = log(member, challenge, 250, days=1)  # 550 pages that day: more than the unusual 500
    assert entry.state == PENDING and entry.flag_reason == "unusual"
    assert total(challenge, member).amount == 300
    actions.approve_entry(moderator, entry)
    assert total(challenge, member).amount == 550
    with pytest.raises(ActionError):
        actions.approve_entry(moderator, entry)


def test_a_sudden_spike_waits_for_review(challenge, member):
    actions.join(member, challenge)
    for days in (5, 4, 3):
        log(member, challenge, 20, days=days)
    assert log(member, challenge, 400, days=1).flag_reason == "spike"
    assert log(member, challenge, 60, days=2).state == COUNTED


def test_only_staff_log_for_others_correct_or_remove(challenge, member, make_user, moderator):
    other = make_user("ani")
    actions.join(other, challenge)
    entry = log(other, challenge, 40)
    for attempt in (lambda: actions.log_reading(member, challenge, other, amount=5, read_on=days_ago(0)),
                    lambda: actions.remove_entry(member, entry), lambda: actions.approve_entry(member, entry),
                    lambda: actions.correct_entry(member, entry, 10, days_ago(0))):
        with pytest.raises(ActionError) as refused:
            attempt()
        assert refused.value.message == translated(STAFF_ONLY)
        db.session.rollback()
    paper = actions.log_reading(moderator, challenge, member, amount=700, read_on=days_ago(1))
    assert paper.state == COUNTED and paper.logged_by_id == moderator.id  # staff have checked the paper log
    actions.correct_entry(moderator, entry, 30, days_ago(2), "salah ketik")
    actions.remove_entry(moderator, paper, "dobel")
    assert total(challenge, member).amount == 0 and total(challenge, other).amount == 30
    actions_done = db.session.execute(db.select(AuditEntry.action).order_by(AuditEntry.id)).scalars().all()
    assert actions_done[-3:] == ["challenge_entry.log_for", "challenge_entry.correct", "challenge_entry.remove"]


def test_totals_equal_counted_entries_after_any_sequence(app, admin, moderator, make_user):
    """Property-style: a seeded random sequence of logs, corrections, removals, approvals, rejections and
    team moves; after every step each member's and team's total equals the sum of counted entries."""
    app.config["CHALLENGE_UNUSUAL_PAGES"] = 150
    challenge = make_challenge(admin, is_team=True)
    readers = [make_user(f"pembaca{n}") for n in range(5)]
    rng = random.Random(20261127)
    layouts = ["A: pembaca0, pembaca1\nB: pembaca2, pembaca3", "A: pembaca0, pembaca2, pembaca4\nB: pembaca1",
               "B: pembaca3, pembaca4"]
    actions.set_teams(moderator, challenge, layouts[0])
    for reader in readers:
        actions.join(reader, challenge)
    for _ in range(150):
        entries = db.session.execute(db.select(LogEntry)).scalars().all()
        step = rng.choice(["log", "log", "log", "correct", "remove", "approve", "reject", "teams"])
        try:
            if step == "log":
                log(rng.choice(readers), challenge, rng.randint(1, 400), days=rng.randint(0, 10))
            elif step == "teams":
                actions.set_teams(moderator, challenge, rng.choice(layouts))
            elif entries:
                entry = rng.choice(entries)
                {"correct": lambda: actions.correct_entry(moderator, entry, rng.randint(1, 300), entry.read_on),
                 "remove": lambda: actions.remove_entry(moderator, entry),
                 "approve": lambda: actions.approve_entry(moderator, entry),
                 "reject": lambda: actions.reject_entry(moderator, entry)}[step]()
        except ActionError:
            db.session.rollback()
        for reader in readers:
            assert total(challenge, reader).amount == counted_sum(challenge.id, [reader.id])
        for team in challenge.teams:
            members = [p.user_id for p in db.session.execute(db.select(actions.Participant)
                                                             .filter_by(team_id=team.id)).scalars()]
            assert total(challenge, team=team).amount == counted_sum(challenge.id, members)
    assert db.session.scalar(db.select(db.func.count(LogEntry.id)).where(LogEntry.state == REMOVED)) > 0


def test_the_leaderboard_orders_by_amount_then_points_and_hides_names(challenge, member, make_user):
    ani, joko = make_user("ani", display_name="Ani"), make_user("joko", display_name="Joko")
    actions.join(member, challenge)
    actions.join(ani, challenge, hide_name=True)
    actions.join(joko, challenge)
    log(member, challenge, 100)
    log(ani, challenge, 200)
    log(joko, challenge, 100)
    actions.add_points(challenge.id, joko.id, 10)
    db.session.commit()
    rows = queries.member_rows(challenge.id, 10)
    assert [(row.rank, row.name, row.amount, row.points) for row in rows] == [
        (1, None, 200, 0), (2, "Joko", 100, 10), (3, "Budi Santoso", 100, 0)]
    assert queries.rank_of(queries.my_total(challenge.id, member.id)) == 3


def test_a_quiz_is_checked_on_the_server_once_and_adds_points(challenge, member):
    quiz = quizzes.create_quiz(challenge_staff(challenge), challenge, "Kuis", "? Satu?\n* Ya\n- Tidak\n\n"
                               "? Dua?\n- Ya\n* Tidak", None, 10)
    actions.join(member, challenge)
    quizzes.start(member, quiz)
    first, second = quiz.questions
    attempt = quizzes.submit(member, quiz, {first.id: 0, second.id: 0})
    assert (attempt.correct_count, attempt.points) == (1, 10)
    assert queries.my_total(challenge.id, member.id).points == 10
    with pytest.raises(ActionError) as refused:
        quizzes.submit(member, quiz, {first.id: 0, second.id: 1})
    assert refused.value.message == translated("You have already taken this quiz: there is one attempt.")


def challenge_staff(challenge):
    from accounts.models import User

    return db.session.get(User, challenge.created_by_id)


def test_answers_after_the_time_limit_and_grace_are_refused(challenge, member):
    from datetime import timedelta

    quiz = quizzes.create_quiz(challenge_staff(challenge), challenge, "Kilat", "? Satu?\n* Ya\n- Tidak", 1, 10)
    actions.join(member, challenge)
    attempt = quizzes.start(member, quiz)
    attempt.started_at -= timedelta(seconds=60) + quizzes.GRACE + timedelta(seconds=1)
    db.session.commit()
    with pytest.raises(ActionError) as refused:
        quizzes.submit(member, quiz, {quiz.questions[0].id: 0})
    assert refused.value.message == translated("Time is up: answers sent after the time limit cannot be counted.")
    assert queries.my_total(challenge.id, member.id).points == 0
    with pytest.raises(ActionError) as refused:  # the one attempt is spent
        quizzes.submit(member, quiz, {quiz.questions[0].id: 0})
    assert refused.value.message == translated("You have already taken this quiz: there is one attempt.")


def test_answers_within_the_grace_still_count(challenge, member):
    from datetime import timedelta

    quiz = quizzes.create_quiz(challenge_staff(challenge), challenge, "Kilat", "? Satu?\n* Ya\n- Tidak", 1, 10)
    actions.join(member, challenge)
    attempt = quizzes.start(member, quiz)
    attempt.started_at -= timedelta(seconds=65)
    db.session.commit()
    assert quizzes.submit(member, quiz, {quiz.questions[0].id: 0}).points == 10


@pytest.mark.parametrize("text", ["Satu?\n* Ya\n- Tidak", "? Satu?\n- Ya\n- Tidak", "? Satu?\n* Ya\n* Tidak",
                                  "? Satu?\n* Ya", "? Satu?\n* Ya\nTidak", ""])
def test_a_malformed_quiz_is_refused(text):
    with pytest.raises(ActionError):
        quizzes.parse_questions(text)


def test_a_draw_is_reproducible_from_its_seed(app, challenge, moderator, make_user):
    app.config["CHALLENGE_UNUSUAL_PAGES"] = 1000
    readers = [make_user(f"pembaca{n}") for n in range(6)]
    for number, reader in enumerate(readers):
        actions.join(reader, challenge)
        log(reader, challenge, 100 * (number + 1), days=1)
    record = raffle.draw(moderator, challenge, 3)
    assert len(set(record.winner_ids)) == 3
    assert record.tickets == [[reader.id, number + 1] for number, reader in enumerate(readers)]
    assert raffle.verify(record) == (record.winner_ids, True)
    assert raffle.winners(record.seed, record.tickets, 3) == record.winner_ids
    again = raffle.draw(moderator, challenge, 3, seed=record.seed)
    assert again.winner_ids == record.winner_ids
    record.winner_ids = list(reversed(record.winner_ids))  # a tampered record no longer checks out
    assert raffle.verify(record)[1] is False


def test_badges_are_earned_at_their_thresholds(admin, member):
    challenge = make_challenge(admin, target=200, badges=[("Awal", 10, False), ("Separuh", 50, True),
                                                          ("Tamat", 100, True)])
    actions.join(member, challenge)
    log(member, challenge, 100)
    assert [badge.name for badge in queries.earned_badges(challenge, 100)] == ["Awal", "Separuh"]
