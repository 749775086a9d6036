"""Events: creating and editing them, RSVPs with seats and a waitlist, the attendee list, reminders,
check-in, the recording and the survey."""
import csv
import io
import re
from datetime import timedelta

import pytest

from core.audit import AuditEntry
from core.notifications import Notification
from core.timeutil import utcnow
from events import actions
from events.models import GOING, WAITLIST, Event, Rsvp, SurveyResponse
from extensions import db
from library.models import LibraryProfile, unsaved_library
from tests.conftest import says, translated, translated_plural
from tests.event_factory import at, form, new_event
from tests.pages_helpers import add_partner


def status_of(event, user) -> str | None:
    return db.session.execute(db.select(Rsvp.status).filter_by(event_id=event.id, user_id=user.id)).scalar()


def notices(user, kind: str) -> int:
    return db.session.scalar(db.select(db.func.count(Notification.id)).filter_by(user_id=user.id, kind=kind))


@pytest.fixture
def readers(make_user):
    return [make_user(name) for name in ("ani", "bayu", "citra", "dewi")]


# Creating and editing

def test_a_host_publishes_an_event_and_everyone_can_read_it(client, login, host, admin):
    komunitas, sekolah = (add_partner(admin, name) for name in ("Komunitas Baca", "SMPN 1 Tanjung Sari"))
    login(host)
    response = client.submit("/events/new", form(title="Webinar Literasi Digital", capacity="30",
                                                 partners=[sekolah.id, komunitas.id], hosts="sari"))
    assert response.status_code == 302
    event = db.session.execute(db.select(Event)).scalar_one()
    assert event.capacity == 30 and event.partners == [komunitas, sekolah]
    assert [(row.user.username, row.role) for row in event.hosts] == [("sari", "host")]
    assert db.session.execute(db.select(AuditEntry.action).where(AuditEntry.actor_id == host.id)
                              ).scalars().all() == ["event.create"]
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and "Webinar Literasi Digital" in page.get_data(as_text=True)
    assert "<strong>cek fakta</strong>" in page.get_data(as_text=True)
    listing = app_client_as_guest(client).get("/events/")
    assert "Webinar Literasi Digital" in listing.get_data(as_text=True)
    assert translated_plural("%(num)d seat left", "%(num)d seats left", 30) in listing.get_data(as_text=True)


def app_client_as_guest(client):
    return client.application.test_client()


def test_times_are_typed_and_shown_in_the_library_time_zone(client, login, host):
    profile = unsaved_library()
    profile.timezone = "Asia/Makassar"  # WITA, UTC+8
    db.session.add(profile)
    db.session.commit()
    login(host)
    data = form(zone="Asia/Makassar", hosts="sari")
    data["starts_at"] = data["starts_at"][:11] + "19:00"
    data["ends_at"] = data["starts_at"][:11] + "21:00"
    client.submit("/events/new", data)
    event = db.session.execute(db.select(Event)).scalar_one()
    assert (event.starts_at.hour, event.ends_at.hour) == (11, 13)  # stored in UTC
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "19.00–21.00 WITA" in page
    edit = client.get(f"/events/{event.id}/edit").get_data(as_text=True)
    assert f'value="{data["starts_at"]}"' in edit


@pytest.mark.parametrize("change, field, message, params", [
    ({"ends_at": "2020-01-01T10:00"}, "ends_at", "The event must end after it starts.", {}),
    ({"title": "Hai"}, "title", "A title has %(low)d to %(high)d characters.", {"low": 5, "high": 150}),
    ({"stream_url": "javascript:alert(1)"}, "stream_url", "Enter a full link starting with https://", {}),
    ({"stream_url": ""}, "stream_url", "Enter the link where people watch or join online.", {}),
    ({"mode": "onsite", "place": ""}, "place", "Where is it? Enter the place.", {}),
    ({"capacity": "0"}, "capacity", "A number from 1 to 100000.", {}),
    ({"hosts": "sari, tidakada"}, "hosts", "No member is called %(names)s.", {"names": "tidakada"}),
])
def test_bad_input_gets_a_clear_message_and_creates_nothing(client, login, host, change, field, message, params):
    login(host)
    response = client.submit("/events/new", form(**{"hosts": "sari", **change}))
    assert response.status_code == 400
    assert says(response, message, **params)
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Event.id))) == 0


def test_a_start_in_the_past_is_refused(client, login, host):
    login(host)
    response = client.submit("/events/new", form(hosts="sari", starts_at="2020-01-01T10:00",
                                                 ends_at="2020-01-01T12:00"))
    assert response.status_code == 400 and says(response, "Choose a start in the future.")


def test_a_youtube_link_plays_in_the_privacy_enhanced_player_and_others_open_outside(client, host):
    youtube = new_event(host, stream_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10")
    meet = new_event(host, title="Diskusi daring", stream_url="https://meet.contoh.id/diskusi")
    page = client.get(f"/events/{youtube.id}").get_data(as_text=True)
    assert '<iframe class="player" src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in page
    other = client.get(f"/events/{meet.id}").get_data(as_text=True)
    assert "<iframe" not in other
    assert re.search(r'<a href="https://meet.contoh.id/diskusi" rel="noopener nofollow" target="_blank">', other)


def test_upcoming_first_past_on_their_own_tab_and_pages(client, host):
    soon = new_event(host, title="Acara besok", starts_in=timedelta(days=1))
    later = new_event(host, title="Acara minggu depan", starts_in=timedelta(days=7))
    over = at(new_event(host, title="Acara yang sudah lewat"), timedelta(days=-3))
    upcoming = client.get("/events/").get_data(as_text=True)
    assert upcoming.index(soon.title) < upcoming.index(later.title) and over.title not in upcoming
    past = client.get("/events/?tab=past").get_data(as_text=True)
    assert over.title in past and soon.title not in past
    for number in range(12):
        new_event(host, title=f"Acara nomor {number:02d}", starts_in=timedelta(days=10 + number))
    second = client.get("/events/?page=2").get_data(as_text=True)
    assert "Acara nomor 11" in second and "Acara nomor 00" not in second


# RSVP, seats and the waitlist

def test_rsvp_and_cancel(client, login, host, member):
    event = new_event(host)
    login(member)
    response = client.submit(f"/events/{event.id}/rsvp")
    assert response.status_code == 302 and status_of(event, member) == GOING
    assert says(client.get(f"/events/{event.id}"), "You are going.")
    client.submit(f"/events/{event.id}/cancel")
    assert status_of(event, member) is None
    assert f'action="/events/{event.id}/rsvp"' in client.get(f"/events/{event.id}").get_data(as_text=True)


def test_a_full_event_puts_members_on_the_waitlist_and_a_freed_seat_goes_to_the_first(client, login, host,
                                                                                      readers):
    event = new_event(host, capacity=1)
    ani, bayu, citra, _ = readers
    for reader in readers[:3]:
        actions.rsvp(reader, event)
    assert [status_of(event, user) for user in readers[:3]] == [GOING, WAITLIST, WAITLIST]
    login(citra)
    assert says(client.get(f"/events/{event.id}"), "You are on the waitlist, number %(position)d. If a seat frees "
                "up, it is yours and we will tell you.", position=2)
    actions.cancel_rsvp(ani, event)
    assert (status_of(event, bayu), status_of(event, citra)) == (GOING, WAITLIST)
    assert notices(bayu, "event_seat") == 1 and notices(citra, "event_seat") == 0
    bayu_client = client.application.test_client()
    bayu_client.login(bayu)
    page = bayu_client.get("/notifications")
    assert says(page, "A seat freed up: you are now going to %(event)s", event=event.title)


def test_two_cancels_free_two_seats_for_the_next_two(host, readers, make_user):
    event = new_event(host, capacity=2)
    for reader in readers:
        actions.rsvp(reader, event)
    actions.cancel_rsvp(readers[0], event)
    actions.cancel_rsvp(readers[1], event)
    assert [status_of(event, user) for user in readers] == [None, None, GOING, GOING]
    late = make_user("eko")
    assert actions.rsvp(late, event).status == WAITLIST


def test_leaving_the_waitlist_frees_no_seat(host, readers):
    event = new_event(host, capacity=1)
    for reader in readers[:3]:
        actions.rsvp(reader, event)
    actions.cancel_rsvp(readers[1], event)
    assert [status_of(event, user) for user in readers[:3]] == [GOING, None, WAITLIST]
    assert notices(readers[2], "event_seat") == 0


def test_more_seats_let_the_waitlist_in_in_order_and_fewer_take_no_one_out(client, login, host, readers):
    event = new_event(host, capacity=1)
    for reader in readers:
        actions.rsvp(reader, event)
    login(host)
    client.submit(f"/events/{event.id}/edit", form(title=event.title, hosts="sari", capacity="3"))
    assert [status_of(event, user) for user in readers] == [GOING, GOING, GOING, WAITLIST]
    assert notices(readers[1], "event_seat") == notices(readers[2], "event_seat") == 1
    client.submit(f"/events/{event.id}/edit", form(title=event.title, hosts="sari", capacity="1"))
    assert [status_of(event, user) for user in readers] == [GOING, GOING, GOING, WAITLIST]
    client.submit(f"/events/{event.id}/edit", form(title=event.title, hosts="sari", capacity=""))
    assert status_of(event, readers[3]) == GOING  # no limit any more


def test_rsvps_close_when_the_event_ends(client, login, host, member):
    event = at(new_event(host), timedelta(days=-1))
    login(member)
    client.submit(f"/events/{event.id}/rsvp")
    assert status_of(event, member) is None
    assert says(client.get(f"/events/{event.id}"), "This event has ended.")


def test_cancelling_the_event_tells_everyone_signed_up(client, login, host, readers):
    event = new_event(host, capacity=1)
    actions.rsvp(readers[0], event)
    actions.rsvp(readers[1], event)
    login(host)
    confirm = client.get(f"/events/{event.id}/delete")
    assert says(confirm, "Cancel the event?")
    client.submit(f"/events/{event.id}/delete")
    assert db.session.get(Event, event.id).deleted_at is not None
    assert notices(readers[0], "event_cancelled") == notices(readers[1], "event_cancelled") == 1
    assert event.title not in client.get("/events/").get_data(as_text=True)


# The attendee list

def test_hosts_export_the_attendee_list_safe_for_spreadsheets(client, login, host, make_user):
    event = new_event(host, capacity=1)
    actions.rsvp(make_user("ani", display_name="=HYPERLINK(\"http://jahat.example\")"), event)
    actions.rsvp(make_user("bayu", display_name="@SUM(A1)"), event)
    login(host)
    response = client.get(f"/events/{event.id}/attendees.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1][:3] == ["'=HYPERLINK(\"http://jahat.example\")", "ani", translated("Going")]
    assert rows[2][:3] == ["'@SUM(A1)", "bayu", translated("Waitlist")]
    assert len(rows) == 3
    assert db.session.execute(db.select(AuditEntry.action).order_by(AuditEntry.id.desc())).scalars().first() \
        == "event.export"


# Check-in

def test_a_member_checks_in_with_the_code_the_host_reveals(client, login, host, member, app):
    event = at(new_event(host), timedelta(minutes=-10))
    code = actions.reveal_checkin_code(host, event)
    host_client = app.test_client()
    host_client.login(host)
    assert code in host_client.get(f"/events/{event.id}").get_data(as_text=True)
    login(member)
    assert code not in client.get(f"/events/{event.id}").get_data(as_text=True)
    response = client.submit(f"/events/{event.id}/check-in", {"code": f" {code.lower()} "})
    assert response.status_code == 302
    booking = db.session.execute(db.select(Rsvp).filter_by(event_id=event.id, user_id=member.id)).scalar_one()
    assert booking.attended_at is not None and booking.status == GOING
    assert says(client.get(f"/events/{event.id}"), "You attended this event.")


def test_a_wrong_code_is_explained_and_guessing_is_limited(client, login, host, member):
    event = at(new_event(host), timedelta(minutes=-10))
    code = actions.reveal_checkin_code(host, event)
    login(member)
    for _ in range(5):
        response = client.submit(f"/events/{event.id}/check-in", {"code": "SALAH1"})
        assert response.status_code == 400
        assert says(response, "That is not the check-in code. Check it with the host and try again.")
    assert client.submit(f"/events/{event.id}/check-in", {"code": code}).status_code == 429
    assert db.session.execute(db.select(Rsvp.attended_at)).first() is None


def test_check_in_is_open_only_while_the_event_runs(client, login, host, member):
    event = new_event(host)
    code = actions.reveal_checkin_code(host, event)
    login(member)
    response = client.submit(f"/events/{event.id}/check-in", {"code": code})
    assert response.status_code == 400 and says(response, "Check-in is open only while the event is running.")
    assert db.session.execute(db.select(Rsvp.id)).first() is None


# Reminders

def test_reminders_a_day_and_an_hour_before_are_sent_once(app, host, readers):
    event = new_event(host, starts_in=timedelta(hours=20))
    actions.rsvp(readers[0], event)
    actions.rsvp(readers[1], event)
    actions.cancel_rsvp(readers[1], event)
    runner = app.test_cli_runner()
    assert "Reminders sent: 1" in runner.invoke(args=["events", "send-reminders"]).output
    assert "Reminders sent: 0" in runner.invoke(args=["events", "send-reminders"]).output
    at(event, timedelta(minutes=50))
    assert actions.send_reminders() == 1
    assert actions.send_reminders() == 0
    assert notices(readers[0], "event_reminder") == 2 and notices(readers[1], "event_reminder") == 0


def test_a_late_sign_up_gets_only_the_hour_reminder_and_nobody_hears_of_a_cancelled_event(host, readers):
    soon = new_event(host, starts_in=timedelta(minutes=40))
    cancelled = new_event(host, title="Acara yang dibatalkan", starts_in=timedelta(minutes=40))
    actions.rsvp(readers[0], soon)
    actions.rsvp(readers[1], cancelled)
    actions.delete_event(host, cancelled)
    assert actions.send_reminders() == 1
    assert actions.send_reminders(utcnow() + timedelta(minutes=5)) == 0
    assert notices(readers[0], "event_reminder") == 1 and notices(readers[1], "event_reminder") == 0


def test_reminders_can_be_turned_off(host, member):
    member.notifications_off = ["event_reminder"]
    db.session.commit()
    event = new_event(host, starts_in=timedelta(hours=3))
    actions.rsvp(member, event)
    actions.send_reminders()
    assert notices(member, "event_reminder") == 0


# After the event: the recording and the survey

def test_the_host_sets_the_recording_and_a_bad_link_is_refused(client, login, host):
    event = at(new_event(host), timedelta(days=-1))
    login(host)
    response = client.submit(f"/events/{event.id}/recording", {"recording_url": "javascript:alert(1)"})
    assert response.status_code == 400 and says(response, "Enter a full link starting with https://")
    assert db.session.get(Event, event.id).recording_url == ""
    client.submit(f"/events/{event.id}/recording", {"recording_url": "https://youtu.be/dQw4w9WgXcQ"})
    page = client.application.test_client().get(f"/events/{event.id}").get_data(as_text=True)
    assert "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" in page


def test_attendees_rate_the_event_once_after_it_ended_and_hosts_see_the_results(client, login, app, host,
                                                                                readers, moderator):
    event = new_event(host, capacity=2)
    for reader in readers[:3]:
        actions.rsvp(reader, event)
    login(readers[0])
    early = client.submit(f"/events/{event.id}/survey", {"rating": "5"})
    assert early.status_code == 400 and says(early, "You can rate the event once it has ended.")
    at(event, timedelta(days=-1))
    assert client.submit(f"/events/{event.id}/survey", {"rating": "5", "comment": "Seru <b>sekali</b>"}
                         ).status_code == 302
    again = client.submit(f"/events/{event.id}/survey", {"rating": "1"})
    assert again.status_code == 400 and says(again, "You have already rated this event. Thank you!")
    actions.answer_survey(readers[1], event, 2, "")
    with pytest.raises(actions.ActionError):
        actions.answer_survey(readers[2], event, 4, "")  # waitlisted: never had a seat
    assert db.session.scalar(db.select(db.func.count(SurveyResponse.id))) == 2
    for viewer in (host, moderator):
        other = app.test_client()
        other.login(viewer)
        results = other.get(f"/events/{event.id}/survey")
        assert says(results, "Average: %(average)s of 5", average="3.5")
        assert "Seru &lt;b&gt;sekali&lt;/b&gt;" in results.get_data(as_text=True)


def test_a_rating_must_be_one_to_five(client, login, host, member):
    event = new_event(host)
    actions.rsvp(member, event)
    at(event, timedelta(days=-1))
    login(member)
    response = client.submit(f"/events/{event.id}/survey", {"rating": "9"})
    assert response.status_code == 400
    assert db.session.execute(db.select(SurveyResponse.id)).first() is None
