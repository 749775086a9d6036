"""Choosing the next book: members nominate from the catalogue and vote once; a facilitator closes the vote and
the winner becomes the current book with a new, empty schedule. Also the book page's "groups reading it"."""
import pytest

from extensions import db
from groups.models import Nomination, Vote
from tests.books_helpers import add_book
from tests.conftest import says
from tests.group_helpers import add_member, add_milestone, make_group


@pytest.fixture
def login(app):
    def sign_in(user):
        client = app.test_client()
        assert client.login(user).status_code == 302
        return client
    return sign_in


@pytest.fixture
def club(admin, host, member):
    add_book(admin, "Laskar Pelangi", isbn="9789793062792")
    add_book(admin, "Bumi Manusia", "Pramoedya Ananta Toer")
    add_book(admin, "Cantik Itu Luka", "Eka Kurniawan")
    group = make_group(host, book="Laskar Pelangi")
    add_member(group, member)
    return group


def test_members_nominate_vote_once_and_the_winner_starts_a_new_schedule(login, host, member, make_user, club):
    first = add_milestone(host, club, "Bab 1-5")
    voter = login(member)
    assert voter.submit(f"/groups/{club.slug}/progress", {"milestone": first.id}).status_code == 302
    voter.submit(f"/groups/{club.slug}/nominate", {"book": "bumi manusia"})
    voter.submit(f"/groups/{club.slug}/nominate", {"book": "Eka Kurniawan"})
    bumi, cantik = db.session.execute(db.select(Nomination).order_by(Nomination.id)).scalars().all()
    voter.submit(f"/groups/{club.slug}/vote", {"nomination": bumi.id})
    voter.submit(f"/groups/{club.slug}/vote", {"nomination": cantik.id})  # moves the vote
    assert (bumi.vote_count, cantik.vote_count) == (0, 1)
    assert db.session.execute(db.select(db.func.count(Vote.id))).scalar() == 1
    other = add_member(club, make_user("siti")).user
    login(other).submit(f"/groups/{club.slug}/vote", {"nomination": cantik.id})
    assert cantik.vote_count == 2
    assert login(member).submit(f"/groups/{club.slug}/close-vote").status_code == 403
    login(host).submit(f"/groups/{club.slug}/close-vote")
    assert club.current_book.title == "Cantik Itu Luka" and club.round == 2
    page = login(member).get(f"/groups/{club.slug}")
    assert says(page, "No milestones yet.") and not says(page, "You are here")
    assert says(page, "No book has been nominated yet.")


def test_a_book_is_nominated_once_and_unknown_books_are_explained(login, member, club):
    client = login(member)
    client.submit(f"/groups/{club.slug}/nominate", {"book": "Bumi Manusia"})
    again = client.submit(f"/groups/{club.slug}/nominate", {"book": "Bumi Manusia"})
    assert again.status_code == 400 and says(again, "“%(title)s” has already been nominated.", title="Bumi Manusia")
    unknown = client.submit(f"/groups/{club.slug}/nominate", {"book": "Buku Hantu"})
    assert unknown.status_code == 400 and says(unknown, "No book in the catalogue matches “%(words)s”.", words="Buku Hantu")
    vague = client.submit(f"/groups/{club.slug}/nominate", {"book": "a"})
    assert vague.status_code == 400
    assert db.session.execute(db.select(db.func.count(Nomination.id))).scalar() == 1


@pytest.mark.parametrize("who", ["guest", "outsider"])
def test_only_members_nominate_and_vote(app, login, make_user, member, club, who):
    login(member).submit(f"/groups/{club.slug}/nominate", {"book": "Bumi Manusia"})
    nomination = db.session.execute(db.select(Nomination)).scalar_one()
    client = app.test_client() if who == "guest" else login(make_user("luar"))
    client.submit(f"/groups/{club.slug}/nominate", {"book": "Cantik Itu Luka"})
    client.submit(f"/groups/{club.slug}/vote", {"nomination": nomination.id})
    assert db.session.execute(db.select(db.func.count(Nomination.id))).scalar() == 1 and nomination.vote_count == 0


def test_closing_an_empty_vote_is_explained(login, host, club):
    client = login(host)
    client.submit(f"/groups/{club.slug}/close-vote")
    assert says(client.get(f"/groups/{club.slug}"), "Nobody has nominated a book yet.")
    assert club.round == 1


@pytest.mark.parametrize("who, allowed", [("member", False), ("host", True), ("moderator", True)])
def test_milestones_are_added_by_facilitators_and_staff(login, make_user, host, member, club, who, allowed):
    user = {"member": member, "host": host, "moderator": make_user("dimas", "moderator")}[who]
    response = login(user).submit(f"/groups/{club.slug}/milestones", {"label": "Bab 1-5", "due_on": "2030-01-31"})
    assert response.status_code == (302 if allowed else 403)
    from groups.queries import schedule
    assert [m.label for m in schedule(club)] == (["Bab 1-5"] if allowed else [])


def test_a_milestone_is_edited_and_bad_ones_explained(login, host, club):
    milestone = add_milestone(host, club, "Bab 1-5")
    client = login(host)
    client.submit(f"/groups/{club.slug}/milestones/{milestone.id}/edit", {"label": "Bab 1-6", "due_on": "2030-02-01"})
    assert milestone.label == "Bab 1-6" and str(milestone.due_on) == "2030-02-01"
    response = client.submit(f"/groups/{club.slug}/milestones", {"label": "", "due_on": ""})
    assert response.status_code == 400 and says(response, "This field is required.")


def test_the_book_page_names_the_groups_reading_it(app, login, make_user, host, member, club):
    secret = make_group(host, "Klub Rahasia", visibility="private", book="Laskar Pelangi")
    book_url = f"/books/{club.current_book_id}"
    guest = app.test_client().get(book_url).get_data(as_text=True)
    assert club.name in guest and "Klub Rahasia" not in guest
    add_member(secret, member)
    assert "Klub Rahasia" in login(member).get(book_url).get_data(as_text=True)


def test_each_milestone_notification_names_its_milestone(login, host, member, club):
    """Issue 17: three identical "A new milestone discussion has started in …" told the member nothing."""
    for label in ("Bab 1-5", "Bab 6-10"):
        add_milestone(host, club, label)
    inbox = login(member).get("/notifications")
    for label in ("Bab 1-5", "Bab 6-10"):
        assert says(inbox, "A new milestone discussion has started in %(group)s: %(milestone)s", group=club.name,
                    milestone=label)
