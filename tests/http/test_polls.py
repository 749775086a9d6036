"""Polls inside threads: created with a thread (in the same transaction) or added later, voted on,
changed, taken back, closed by time or by hand; results only after voting or once voting has ended."""
from datetime import timedelta

import pytest

from core.audit import AuditEntry
from core.errors import ActionError
from core.timeutil import utcnow
from extensions import db
from forum import actions, polls
from forum.models import Poll, PollOption, PollVote, Post, Thread
from tests.conftest import says
from tests.http.test_forum import count_queries

NEW_THREAD = {"title": "Buku bulan depan", "body": "Mari pilih bersama."}
POLL = {"poll_question": "Buku apa yang kita baca?", "poll_options": "Laskar Pelangi\n\n  Bumi   Manusia \nCantik Itu Luka",
        "poll_multiple": "single", "poll_closes_at": ""}


@pytest.fixture
def category(admin):
    return actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                 colour="#0f6b5c", position=0, who_starts="members")


def start(member, category, multiple=False, options=("Laskar Pelangi", "Bumi Manusia", "Cantik Itu Luka"),
          closes_at=""):
    draft = polls.draft(member, "Buku apa yang kita baca?", "\n".join(options), multiple, closes_at)
    return actions.create_thread(member, category, "Buku bulan depan", "Mari pilih bersama.", poll=draft)


@pytest.fixture
def thread(member, category):
    return start(member, category)


def poll_of(thread) -> Poll:
    return db.session.execute(db.select(Poll).where(Poll.thread_id == thread.id)).scalar_one()


def option_ids(thread) -> dict[str, int]:
    return {option.label: option.id for option in poll_of(thread).options}


def votes() -> list[tuple[int, int]]:
    return [tuple(row) for row in db.session.execute(
        db.select(PollVote.user_id, PollVote.option_id).order_by(PollVote.user_id, PollVote.option_id))]


def voters(count: int) -> str:
    """'2 pemilih': the page's plural form, from the catalogue."""
    from flask_babel import force_locale, ngettext
    with force_locale("id"):
        return ngettext("%(num)d voter", "%(num)d voters", count)


def in_indonesian(moment) -> str:
    from flask_babel import force_locale

    from core.i18n import format_when
    with force_locale("id"):
        return format_when(moment)


def vote(client, thread, *labels, raw=None):
    ids = option_ids(thread)
    return client.submit(f"/forum/t/{thread.id}/poll/vote", {"option": raw or [ids[label] for label in labels]})


def page(client, thread) -> str:
    return client.get(f"/forum/t/{thread.id}").get_data(as_text=True)


def test_a_member_starts_a_thread_with_a_poll(app, login, member, category):
    response = login(member).submit("/forum/c/diskusi-buku/new", {**NEW_THREAD, **POLL})
    thread = db.session.execute(db.select(Thread)).scalar_one()
    assert response.status_code == 302 and response.headers["Location"] == f"/forum/t/{thread.id}-buku-bulan-depan"
    poll = poll_of(thread)
    assert (poll.question, poll.multiple, poll.closes_at) == ("Buku apa yang kita baca?", False, None)
    assert [option.label for option in poll.options] == ["Laskar Pelangi", "Bumi Manusia", "Cantik Itu Luka"]
    html = page(app.test_client(), thread)
    assert 'id="poll"' in html and "Cantik Itu Luka" in html


def test_a_thread_without_poll_fields_has_no_poll(login, member, category):
    assert login(member).submit("/forum/c/diskusi-buku/new", NEW_THREAD).status_code == 302
    assert db.session.scalar(db.select(db.func.count(Poll.id))) == 0


def test_the_closing_time_is_read_in_the_librarys_time_zone(login, member, category):
    login(member).submit("/forum/c/diskusi-buku/new", {**NEW_THREAD, **POLL, "poll_closes_at": "2031-01-15T17:00"})
    poll = db.session.execute(db.select(Poll)).scalar_one()
    assert poll.closes_at.isoformat() == "2031-01-15T10:00:00+00:00"  # 17.00 WIB


@pytest.mark.parametrize("fields, message, params", [
    ({"poll_question": ""}, "Write the poll's question.", {}),
    ({"poll_question": "x" * 201}, "At most %(max)d characters.", {"max": 200}),
    ({"poll_options": "Hanya satu"}, "A poll has %(low)d to %(high)d options, one per line.", {"low": 2, "high": 10}),
    ({"poll_options": "\n".join(f"Buku {n}" for n in range(11))},
     "A poll has %(low)d to %(high)d options, one per line.", {"low": 2, "high": 10}),
    ({"poll_options": "Pendek\n" + "y" * 101}, "An option can have at most %(max)d characters: “%(option)s…”",
     {"max": 100, "option": "y" * 40}),
    ({"poll_options": "Laskar Pelangi\nlaskar  pelangi"}, "“%(option)s” is listed twice: each option must be different.",
     {"option": "laskar pelangi"}),
    ({"poll_closes_at": "2020-01-01T10:00"}, "Choose a closing time in the future, or leave it empty.", {}),
    ({"poll_closes_at": "besok"}, "Choose a date and a time, for example 31/12/2026 17:00.", {}),
    ({"poll_multiple": "semua"}, "Not a valid choice.", {}),
])
def test_a_bad_poll_creates_nothing_and_keeps_the_text(login, member, category, fields, message, params):
    response = login(member).submit("/forum/c/diskusi-buku/new", {**NEW_THREAD, **POLL, **fields})
    assert response.status_code == 400 and says(response, message, **params)
    html = response.get_data(as_text=True)
    assert 'value="Buku bulan depan"' in html and "Mari pilih bersama." in html  # nothing typed is lost
    assert '<details class="poll-fields" open>' in html  # the poll part stays open at the error
    for model in (Thread, Post, Poll, PollOption):
        assert db.session.scalar(db.select(db.func.count()).select_from(model)) == 0, model
    assert category.thread_count == 0


def test_a_bad_thread_with_a_good_poll_creates_no_poll(login, member, category):
    response = login(member).submit("/forum/c/diskusi-buku/new", {**NEW_THREAD, **POLL, "title": "Hai"})
    assert response.status_code == 400 and db.session.scalar(db.select(db.func.count(Poll.id))) == 0


def test_thread_and_poll_are_written_in_one_transaction(member, category):
    class Unwritable(polls.PollDraft):
        def add_to(self, thread):
            super().add_to(thread)
            db.session.flush()
            raise ActionError("disk full")

    with pytest.raises(ActionError):
        actions.create_thread(member, category, "Buku bulan depan", "Isi", poll=Unwritable("T?", ("a", "b"), False, None))
    db.session.rollback()  # what the request's end does with an uncommitted session
    assert db.session.scalar(db.select(db.func.count(Thread.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Poll.id))) == 0


def test_watched_words_apply_to_polls(login, member, moderator, category):
    from forum import watched_words
    watched_words.add_word(moderator, "judi", "block")
    watched_words.add_word(moderator, "jelek", "censor")
    client = login(member)
    response = client.submit("/forum/c/diskusi-buku/new", {**NEW_THREAD, **POLL, "poll_options": "Judi bola\nBuku"})
    assert response.status_code == 400 and says(response, "“%(word)s” is not allowed here. Please change your text.",
                                                word="Judi")
    client.submit("/forum/c/diskusi-buku/new", {**NEW_THREAD, **POLL, "poll_question": "Buku jelek?"})
    assert "jelek" not in db.session.execute(db.select(Poll.question)).scalar_one()


def test_before_voting_a_member_sees_the_choices_not_the_counts(login, make_user, thread):
    polls.vote(make_user("siti"), poll_of(thread), thread, [str(option_ids(thread)["Bumi Manusia"])])
    html = page(login(make_user("ani")), thread)
    assert 'type="radio" name="option"' in html and "poll-results" not in html
    assert "<legend>" in html and 'for="poll-option-' in html


def test_a_single_choice_vote_shows_the_results_and_can_be_changed(login, make_user, thread):
    siti = make_user("siti")
    polls.vote(siti, poll_of(thread), thread, [str(option_ids(thread)["Laskar Pelangi"])])
    ani = make_user("ani")
    client = login(ani)
    response = vote(client, thread, "Bumi Manusia")
    assert response.headers["Location"].endswith("#poll")
    ids = option_ids(thread)
    assert votes() == sorted([(siti.id, ids["Laskar Pelangi"]), (ani.id, ids["Bumi Manusia"])])
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert voters(2) in client.get(f"/forum/t/{thread.id}").get_data(as_text=True)
    assert "poll-result poll-result-mine" in html and "50%" in html and 'value="50"' in html
    vote(client, thread, "Cantik Itu Luka")  # a change replaces the vote
    assert votes() == sorted([(siti.id, ids["Laskar Pelangi"]), (ani.id, ids["Cantik Itu Luka"])])


def test_refusals_are_explained_on_the_thread_page(login, make_user, thread):
    client = login(make_user("ani"))
    vote(client, thread, "Bumi Manusia", "Laskar Pelangi")
    assert says(client.get(f"/forum/t/{thread.id}"), "This poll takes one choice only.")
    client.submit(f"/forum/t/{thread.id}/poll/vote", {})
    assert says(client.get(f"/forum/t/{thread.id}"), "Choose an option first.")
    assert votes() == []


def test_a_multiple_choice_poll_takes_several_and_counts_voters_once(login, make_user, member, category):
    thread = start(member, category, multiple=True)
    ani = make_user("ani")
    client = login(ani)
    vote(client, thread, "Bumi Manusia", "Laskar Pelangi")
    html = page(client, thread)
    ids = option_ids(thread)
    assert votes() == sorted([(ani.id, ids["Bumi Manusia"]), (ani.id, ids["Laskar Pelangi"])])
    assert voters(1) in html and html.count("100%") == 2
    assert 'type="checkbox" name="option"' in html  # the change form
    vote(client, thread, "Cantik Itu Luka")
    assert votes() == [(ani.id, ids["Cantik Itu Luka"])]


@pytest.mark.parametrize("raw", [["999999"], ["satu"], ["-1"]])
def test_an_option_from_elsewhere_is_refused(login, make_user, member, category, thread, raw):
    other = start(member, category)
    raw = [str(option_ids(other)["Bumi Manusia"])] if raw == ["999999"] else raw
    client = login(make_user("ani"))
    vote(client, thread, raw=raw)
    assert votes() == []
    assert says(client.get(f"/forum/t/{thread.id}"),
                "That choice is not in this poll. Please reload the page and vote again.")


def test_a_member_takes_their_vote_back(login, make_user, thread):
    client = login(make_user("ani"))
    vote(client, thread, "Bumi Manusia")
    assert says(client.get(f"/forum/t/{thread.id}"), "Remove my vote")
    response = client.submit(f"/forum/t/{thread.id}/poll/withdraw")
    assert response.status_code == 302 and votes() == []
    html = page(client, thread)
    assert 'type="radio" name="option"' in html and "poll-results" not in html


def test_a_poll_past_its_closing_time_takes_no_votes_and_shows_everyone_the_results(app, login, make_user, thread):
    ani = make_user("ani")
    polls.vote(ani, poll_of(thread), thread, [str(option_ids(thread)["Bumi Manusia"])])
    poll = poll_of(thread)
    poll.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client = login(make_user("siti"))
    vote(client, thread, "Laskar Pelangi")
    assert len(votes()) == 1
    assert says(client.get(f"/forum/t/{thread.id}"), "This poll closed on %(date)s.", date=in_indonesian(poll.closes_at))
    guest = app.test_client().get(f"/forum/t/{thread.id}")
    assert "poll-results" in guest.get_data(as_text=True) and voters(1) in guest.get_data(as_text=True)
    client.submit(f"/forum/t/{thread.id}/poll/withdraw")
    assert len(votes()) == 1  # nor can a vote be taken back


def test_the_author_closes_the_poll_early(app, login, member, make_user, thread):
    response = login(member).submit(f"/forum/t/{thread.id}/poll/close")
    assert response.status_code == 302 and poll_of(thread).closed_at is not None
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id)).where(AuditEntry.action == "poll.close")) == 0
    guest = app.test_client().get(f"/forum/t/{thread.id}")
    assert "poll-results" in guest.get_data(as_text=True) and voters(0) in guest.get_data(as_text=True)
    assert not says(guest, "Close poll")


def test_a_moderator_closing_a_members_poll_is_audited(login, moderator, thread):
    client = login(moderator)
    assert says(client.get(f"/forum/t/{thread.id}"), "Close poll")
    client.submit(f"/forum/t/{thread.id}/poll/close")
    entry = db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "poll.close")).scalar_one()
    assert (entry.actor_id, entry.target_id, entry.details) == (moderator.id, thread.id, "Buku apa yang kita baca?")


def test_another_member_cannot_close_the_poll(login, make_user, thread):
    client = login(make_user("ani"))
    assert not says(client.get(f"/forum/t/{thread.id}"), "Close poll")
    client.submit(f"/forum/t/{thread.id}/poll/close")
    assert poll_of(thread).closed_at is None
    assert says(client.get(f"/forum/t/{thread.id}"), "Only the thread's author or a moderator can close its poll.")


def test_a_locked_thread_takes_no_votes(app, login, make_user, moderator, thread):
    actions.moderate_thread(moderator, thread, "lock")
    client = login(make_user("ani"))
    vote(client, thread, "Bumi Manusia")
    assert votes() == []
    html = client.get(f"/forum/t/{thread.id}")
    assert says(html, "This thread is closed, and so is its poll.") and "poll-results" in html.get_data(as_text=True)


def test_a_deleted_thread_takes_no_votes(login, make_user, moderator, member, thread):
    actions.delete_all_posts(moderator, member)
    assert vote(login(make_user("ani")), thread, "Bumi Manusia").status_code == 404
    assert votes() == []


def test_a_read_only_member_cannot_vote(login, make_user, thread):
    ani = make_user("ani", silenced_until=utcnow() + timedelta(days=1), silence_reason="Spam")
    client = login(ani)
    assert says(client.get(f"/forum/t/{thread.id}"), "Your account cannot vote at the moment.")
    vote(client, thread, "Bumi Manusia")
    assert votes() == []
    assert says(client.get(f"/forum/t/{thread.id}"), "Your account is read-only until %(until)s: you cannot vote. "
                "Reason: %(reason)s", until=in_indonesian(ani.silenced_until), reason="Spam")


def test_guests_are_asked_to_sign_in_and_see_no_counts_while_open(app, make_user, thread):
    polls.vote(make_user("ani"), poll_of(thread), thread, [str(option_ids(thread)["Bumi Manusia"])])
    guest = app.test_client()
    response = guest.get(f"/forum/t/{thread.id}")
    html = response.get_data(as_text=True)
    assert says(response, "Sign in to vote") and "poll-results" not in html and "Bumi Manusia" in html
    assert "csrf_token" not in html and "Set-Cookie" not in response.headers  # still a cacheable guest page
    posted = guest.submit(f"/forum/t/{thread.id}/poll/vote", {"option": option_ids(thread)["Bumi Manusia"]})
    assert posted.headers["Location"].startswith("/auth/login") and len(votes()) == 1


def test_a_vote_without_the_csrf_token_is_refused(login, make_user, thread):
    client = login(make_user("ani"))
    response = client.post(f"/forum/t/{thread.id}/poll/vote", data={"option": option_ids(thread)["Bumi Manusia"]})
    assert response.status_code == 400 and votes() == []


def test_one_vote_per_member_in_a_single_choice_poll_is_kept_by_the_database(make_user, thread):
    from sqlalchemy.exc import IntegrityError
    ani, ids, poll = make_user("ani"), option_ids(thread), poll_of(thread)
    db.session.add_all([PollVote(poll_id=poll.id, option_id=ids["Bumi Manusia"], user_id=ani.id, slot=0),
                        PollVote(poll_id=poll.id, option_id=ids["Laskar Pelangi"], user_id=ani.id, slot=0)])
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_the_author_adds_a_poll_to_an_existing_thread(login, member, category):
    thread = actions.create_thread(member, category, "Buku bulan depan", "Mari pilih.")
    client = login(member)
    assert says(client.get(f"/forum/t/{thread.id}"), "Add a poll")
    assert client.get(f"/forum/t/{thread.id}/poll").status_code == 200
    bad = client.submit(f"/forum/t/{thread.id}/poll", {**POLL, "poll_options": "Satu"})
    assert bad.status_code == 400 and "Buku apa yang kita baca?" in bad.get_data(as_text=True)
    response = client.submit(f"/forum/t/{thread.id}/poll", POLL)
    assert response.headers["Location"].endswith("#poll") and len(poll_of(thread).options) == 3
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id)).where(AuditEntry.action == "poll.add")) == 0
    again = client.submit(f"/forum/t/{thread.id}/poll", POLL)
    assert again.status_code == 302 and db.session.scalar(db.select(db.func.count(Poll.id))) == 1
    assert not says(client.get(f"/forum/t/{thread.id}"), "Add a poll")


def test_a_moderator_adding_a_poll_to_a_members_thread_is_audited(login, member, moderator, category):
    thread = actions.create_thread(member, category, "Buku bulan depan", "Mari pilih.")
    actions.moderate_thread(moderator, thread, "lock")  # moderators may, even in a locked thread
    login(moderator).submit(f"/forum/t/{thread.id}/poll", POLL)
    entry = db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "poll.add")).scalar_one()
    assert (entry.actor_id, entry.target_id) == (moderator.id, thread.id)


def test_others_cannot_add_a_poll(login, make_user, member, moderator, category):
    thread = actions.create_thread(member, category, "Buku bulan depan", "Mari pilih.")
    client = login(make_user("ani"))
    assert not says(client.get(f"/forum/t/{thread.id}"), "Add a poll")
    assert client.get(f"/forum/t/{thread.id}/poll").status_code == 403
    assert client.submit(f"/forum/t/{thread.id}/poll", POLL).status_code == 403
    actions.moderate_thread(moderator, thread, "lock")
    client.submit("/auth/logout")
    assert login(member).submit(f"/forum/t/{thread.id}/poll", POLL).status_code == 403  # locked: the author neither
    assert db.session.scalar(db.select(db.func.count(Poll.id))) == 0


def test_later_pages_point_to_the_poll(login, make_user, thread):
    siti = make_user("siti")
    for number in range(25):
        actions.reply(siti, thread, f"Balasan {number}")
    html = page(login(make_user("ani")), thread).replace("\n", "")
    second = login(make_user("dewi")).get(f"/forum/t/{thread.id}?page=2").get_data(as_text=True)
    assert 'id="poll"' in html and 'id="poll"' not in second and "poll-elsewhere" in second


@pytest.mark.parametrize("voted", [False, True])
def test_the_thread_page_costs_the_same_queries_whatever_the_votes_and_options(app, login, make_user, member,
                                                                               category, voted):
    few = start(member, category, options=("Ya", "Tidak"))
    many = start(member, category, multiple=True, options=tuple(f"Buku {n}" for n in range(10)))
    reader = make_user("pembaca")
    client = login(reader)
    if voted:
        polls.vote(reader, poll_of(few), few, [str(option_ids(few)["Ya"])])
        polls.vote(reader, poll_of(many), many, [str(option_ids(many)["Buku 1"])])
    baseline = count_queries(app, client, f"/forum/t/{few.id}")
    poll, ids = poll_of(many), list(option_ids(many).values())
    for number in range(40):
        voter = make_user(f"pemilih{number}")
        polls.vote(voter, poll, many, [str(option_id) for option_id in ids[number % 10:number % 10 + 3]])
        if number < 19:
            actions.reply(voter, many, f"Saya memilih {number}")
    assert count_queries(app, client, f"/forum/t/{many.id}") == baseline
    for guest_url in (f"/forum/t/{few.id}", f"/forum/t/{many.id}"):
        assert count_queries(app, app.test_client(), guest_url) == count_queries(app, app.test_client(),
                                                                                 f"/forum/t/{few.id}")


def test_a_merge_takes_the_poll_and_its_votes_along(login, make_user, member, moderator, category, thread):
    from forum import threadtools
    ani = make_user("ani")
    polls.vote(ani, poll_of(thread), thread, [str(option_ids(thread)["Bumi Manusia"])])
    target = actions.create_thread(member, category, "Klub buku", "Tempat semua obrolan klub.")
    threadtools.merge_thread(moderator, thread, str(target.id))
    assert poll_of(target).question == "Buku apa yang kita baca?" and len(votes()) == 1
    assert "poll-result poll-result-mine" in page(login(ani), target)
