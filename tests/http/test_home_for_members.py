"""The home page leads with what a signed-in member came for (issue 17): their events, reading groups and
challenges, before the library's general lists; a guest's home page costs no query for it."""
from challenges import actions as challenge_actions
from events import actions as event_actions
from tests.challenge_helpers import log, make_challenge
from tests.event_factory import new_event
from tests.group_helpers import add_member, make_group
from tests.statements import Statements


def test_a_members_events_groups_and_challenges_come_first(login, member, host, admin, make_user):
    mine = new_event(host, title="Bedah Buku Bumi Manusia")
    new_event(host, title="Lokakarya Menulis Puisi")
    event_actions.rsvp(member, mine)
    add_member(make_group(host, name="Klub Baca Pramoedya"), member)
    make_group(host, name="Klub Baca Lain")
    challenge = make_challenge(admin, title="Seribu Halaman", target=1000)
    make_challenge(admin, title="Tantangan Orang Lain")
    challenge_actions.join(member, challenge)
    log(member, challenge, 120)

    page = login(member).get("/").get_data(as_text=True)
    corner = page.split('id="mine-heading"')[1].split("</section>")[0]
    assert page.index('id="mine-heading"') < page.index("Lokakarya Menulis Puisi")  # first, above the lists
    assert "Bedah Buku Bumi Manusia" in corner and "Lokakarya Menulis Puisi" not in corner
    assert "Klub Baca Pramoedya" in corner and "Klub Baca Lain" not in corner
    assert "Seribu Halaman" in corner and "Tantangan Orang Lain" not in corner
    assert "120 / 1.000" in corner  # their progress, as Indonesian writes numbers
    assert page.count("Bedah Buku Bumi Manusia") == 1  # not listed again under the upcoming events


def test_a_member_with_nothing_yet_and_a_guest_see_no_empty_corner(client, login, make_user):
    with Statements() as guest_home:
        assert 'id="mine-heading"' not in client.get("/").get_data(as_text=True)
    with Statements() as member_home:
        assert 'id="mine-heading"' not in login(make_user("siti")).get("/").get_data(as_text=True)
    assert not any("event_rsvps" in sql or "challenge_participants" in sql for sql in guest_home.sql)
    assert any("event_rsvps" in sql for sql in member_home.sql)
