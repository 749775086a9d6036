"""An event may belong to a reading challenge: hosts choose it on the event form, the event page links to the
challenge, and the challenge page lists its upcoming and past events."""
from datetime import timedelta

from events import actions
from events.models import Event
from extensions import db
from tests.challenge_helpers import make_challenge
from tests.conftest import says, translated
from tests.event_factory import at, form, new_event
from tests.group_helpers import add_member, make_group


def linked(host, challenge, title: str, **fields) -> Event:
    return new_event(host, title=title, challenge=challenge.slug, **fields)


def test_a_host_links_an_event_to_a_challenge_and_each_page_links_to_the_other(app, client, login, host, admin):
    challenge = make_challenge(admin, title="Tantangan 30 Hari Membaca")
    login(host)
    blank = client.get(f"/events/new?challenge={challenge.slug}")
    assert says(blank, "Reading challenge (optional)") and says(blank, "No reading challenge")
    assert f'<option selected value="{challenge.slug}">' in blank.get_data(as_text=True)
    response = client.submit("/events/new", form(title="Kelas Menulis Resensi", hosts="sari",
                                                 challenge=challenge.slug))
    assert response.status_code == 302
    event = db.session.execute(db.select(Event)).scalar_one()
    assert event.challenge_id == challenge.id

    guest = app.test_client()
    page = guest.get(f"/events/{event.id}")
    assert says(page, "Reading challenge")
    assert f'<a href="/challenges/{challenge.slug}">Tantangan 30 Hari Membaca</a>' in page.get_data(as_text=True)
    board = guest.get(f"/challenges/{challenge.slug}")
    assert says(board, "Events of this challenge")
    assert f'href="/events/{event.id}-kelas-menulis-resensi"' in board.get_data(as_text=True)
    assert not says(board, "Past events") and not says(board, "New event"), "guests cannot add events"

    editing = client.get(f"/events/{event.id}/edit")
    assert f'<option selected value="{challenge.slug}">' in editing.get_data(as_text=True)
    data = form(title="Kelas Menulis Resensi", hosts="sari", challenge="")
    assert client.submit(f"/events/{event.id}/edit", data).status_code == 302
    assert db.session.get(Event, event.id).challenge_id is None
    assert "kelas-menulis-resensi" not in guest.get(f"/challenges/{challenge.slug}").get_data(as_text=True)


def test_the_challenge_page_lists_upcoming_events_soonest_first_then_past_ones(app, host, admin):
    challenge = make_challenge(admin)
    later = linked(host, challenge, "Bedah buku minggu depan", starts_in=timedelta(days=7))
    sooner = linked(host, challenge, "Bedah buku besok", starts_in=timedelta(days=1))
    past = at(linked(host, challenge, "Pembukaan tantangan"), timedelta(days=-3))
    new_event(host, title="Acara lain tanpa tantangan")
    cancelled = linked(host, challenge, "Acara yang batal")
    actions.delete_event(host, cancelled)
    html = app.test_client().get(f"/challenges/{challenge.slug}").get_data(as_text=True)
    upcoming, _, rest = html.partition(translated("Past events"))
    assert upcoming.index(sooner.title) < upcoming.index(later.title)
    assert past.title in rest and past.title not in upcoming
    assert "Acara lain" not in html and "Acara yang batal" not in html


def test_a_challenge_page_without_events_says_so_to_hosts_who_may_add_one(client, login, host, member, admin):
    challenge = make_challenge(admin)
    assert not says(client.get(f"/challenges/{challenge.slug}"), "Events of this challenge")
    login(member)
    assert not says(client.get(f"/challenges/{challenge.slug}"), "Events of this challenge")
    client.submit("/auth/logout")
    login(host)
    page = client.get(f"/challenges/{challenge.slug}")
    assert says(page, "No upcoming events for this challenge.")
    assert f'href="/events/new?challenge={challenge.slug}"' in page.get_data(as_text=True)


def test_ended_challenges_are_not_offered_but_an_event_keeps_its_own(client, login, host, admin):
    running = make_challenge(admin, title="Tantangan yang berjalan")
    ended = make_challenge(admin, title="Tantangan tahun lalu", days_before=40, days_after=-10)
    login(host)
    blank = client.get("/events/new").get_data(as_text=True)
    assert running.title in blank and ended.title not in blank
    event = linked(host, ended, "Penutupan tantangan tahun lalu")
    editing = client.get(f"/events/{event.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{ended.slug}">{ended.title}</option>' in editing
    assert client.submit(f"/events/{event.id}/edit", form(title="Penutupan tantangan", hosts="sari",
                                                          challenge=ended.slug)).status_code == 302
    assert db.session.get(Event, event.id).challenge_id == ended.id


def test_an_unknown_challenge_is_refused_with_a_message(client, login, host, admin):
    make_challenge(admin)
    login(host)
    response = client.submit("/events/new", form(hosts="sari", challenge="tidak-ada"))
    assert response.status_code == 400 and says(response, "Choose one of the reading challenges.")
    assert 'id="challenge-error"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Event.id))) == 0


def test_members_cannot_link_events_and_a_form_without_its_token_changes_nothing(client, login, host, member,
                                                                                 admin):
    challenge = make_challenge(admin)
    event = new_event(host)
    login(member)
    assert client.get("/events/new").status_code == 403
    assert client.submit(f"/events/{event.id}/edit", form(hosts="sari", challenge=challenge.slug)).status_code == 403
    client.submit("/auth/logout")
    login(host)
    response = client.post(f"/events/{event.id}/edit", data=form(hosts="sari", challenge=challenge.slug))
    assert response.status_code == 400
    assert db.session.get(Event, event.id).challenge_id is None


def test_a_private_groups_event_shows_on_the_challenge_page_only_to_the_groups_members(app, login, host, member,
                                                                                       make_user, admin):
    challenge = make_challenge(admin)
    group = make_group(host, "Klub Rahasia", visibility="private")
    add_member(group, member)
    linked(host, challenge, "Diskusi klub rahasia", group=group.slug)
    assert "Diskusi klub rahasia" not in app.test_client().get(f"/challenges/{challenge.slug}").get_data(as_text=True)
    outsider = app.test_client()
    outsider.login(make_user("luar"))
    assert "Diskusi klub rahasia" not in outsider.get(f"/challenges/{challenge.slug}").get_data(as_text=True)
    assert "Diskusi klub rahasia" in login(member).get(f"/challenges/{challenge.slug}").get_data(as_text=True)
