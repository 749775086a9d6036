"""Every host and staff action on an event against every role: exactly the right roles may, and a refused
request changes nothing (the events' state is compared before and after)."""
import re
from datetime import timedelta

import pytest

from core.audit import AuditEntry
from core.errors import ActionError
from events import actions
from events.models import Event, EventHost, Rsvp, SurveyResponse
from extensions import db
from tests.event_factory import at, form, new_event

ROLES = ["guest", "member", "other host", "co-host", "host", "moderator", "admin"]


def state() -> tuple:
    def rows(model, *columns):
        return db.session.execute(db.select(*columns).order_by(model.id)).all()
    return (rows(Event, Event.id, Event.title, Event.deleted_at, Event.checkin_code, Event.recording_url,
                 Event.capacity),
            rows(EventHost, EventHost.id, EventHost.user_id, EventHost.role), rows(Rsvp, Rsvp.id, Rsvp.status),
            rows(SurveyResponse, SurveyResponse.id), rows(AuditEntry, AuditEntry.id))


@pytest.fixture
def people(make_user, host, admin, moderator, member):
    cohost = make_user("ani", "member")
    return {"member": member, "other host": make_user("joko", "host"), "co-host": cohost, "host": host,
            "moderator": moderator, "admin": admin}


@pytest.fixture
def event(people):
    event = new_event(people["host"], hosts=["sari"], cohosts=["ani"])
    at(event, timedelta(minutes=-30))  # running: the check-in code may be revealed
    return event


ACTIONS = [
    # (name, method, url, form data, roles allowed)
    ("create an event", "POST", "/events/new", form(hosts="sari"), {"other host", "host", "admin"}),
    ("edit", "POST", "/events/{id}/edit", form(title="Judul yang diubah", hosts="sari", cohosts="ani"), {"co-host", "host", "admin"}),
    ("cancel the event", "POST", "/events/{id}/delete", {}, {"host", "admin"}),
    ("see the attendees", "GET", "/events/{id}/attendees", None, {"co-host", "host", "admin"}),
    ("export the attendees", "GET", "/events/{id}/attendees.csv", None, {"co-host", "host", "admin"}),
    ("reveal the check-in code", "POST", "/events/{id}/checkin-code", {}, {"co-host", "host", "admin"}),
    ("set the recording", "POST", "/events/{id}/recording", {"recording_url": "https://youtu.be/dQw4w9WgXcQ"},
     {"co-host", "host", "admin"}),
    ("see the survey results", "GET", "/events/{id}/survey", None, {"co-host", "host", "moderator", "admin"}),
]
READ_ONLY = {"see the attendees", "export the attendees", "see the survey results"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, method, url, data, allowed", ACTIONS, ids=[row[0] for row in ACTIONS])
def test_each_role_may_do_exactly_what_it_should(client, login, people, event, role, name, method, url, data,
                                                 allowed):
    if role != "guest":
        login(people[role])
    before = state()
    url = url.format(id=event.id)
    response = client.submit(url, data) if method == "POST" else client.get(url)
    if role in allowed:
        assert response.status_code in (200, 302), re.findall(r"class=\"(?:error|flash flash-error)\"[^>]*>([^<]*)", response.get_data(as_text=True))
        if name not in READ_ONLY:
            assert state() != before
    else:
        assert response.status_code == (302 if role == "guest" else 403)
        if role == "guest":
            assert "/auth/login" in response.headers["Location"]
        assert state() == before


def test_a_cohost_cannot_change_who_hosts(client, login, people, event):
    login(people["co-host"])
    response = client.submit(f"/events/{event.id}/edit", form(hosts="ani", cohosts=""))
    assert response.status_code == 302  # the host fields are not theirs: the rest is saved, hosts stay
    assert {(row.user.username, row.role) for row in event.hosts} == {("sari", "host"), ("ani", "cohost")}
    with pytest.raises(ActionError):
        actions.edit_event(people["co-host"], event, actions.EventDetails(
            title=event.title, kind=event.kind, description="", mode="online", stream_url=event.stream_url,
            starts_at=event.starts_at, ends_at=event.ends_at, hosts=["ani"]))


def test_only_members_with_the_host_role_can_be_hosts(client, login, people):
    login(people["host"])
    response = client.submit("/events/new", form(hosts="sari, budi"))
    assert response.status_code == 400
    assert "budi" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Event.id))) == 0


def test_a_cancelled_event_is_gone_for_everyone(client, login, people, event):
    actions.delete_event(people["host"], event)
    login(people["admin"])
    for url in (f"/events/{event.id}", f"/events/{event.id}.ics", f"/events/{event.id}/edit"):
        assert client.get(url).status_code == 404
