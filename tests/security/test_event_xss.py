"""No stored XSS through events: every payload of the corpus goes into an event's title, description, place
and partners, and every page, feed and calendar that shows events is checked for anything executable."""
import xml.etree.ElementTree as ElementTree
from datetime import timedelta

import icalendar
import pytest

from core.timeutil import utcnow
from events import actions
from tests.pages_helpers import add_partner
from tests.security.test_stored_xss import ATOM, executable_parts
from tests.security.xss_corpus import PAYLOADS


@pytest.fixture
def hostile_events(host, admin, make_user):
    events = []
    for number, payload in enumerate(PAYLOADS):
        starts_at = utcnow() + timedelta(days=1, hours=number)
        partner = add_partner(admin, f"P{number} {payload}"[:150], description=payload)
        events.append(actions.create_event(host, actions.EventDetails(
            title=f"E{number} {payload}"[:150], kind="seminar", description=f"{payload}\n\nkata-kunci-uji",
            mode="onsite", place=payload[:300], partners=[partner.id], starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1), capacity=5)))
    actions.rsvp(make_user("peserta", display_name=PAYLOADS[3][:60]), events[0])
    return events


def test_no_event_page_carries_anything_executable(app, login, host, hostile_events):
    guest = app.test_client()
    pages = len(hostile_events) // 12 + 1
    urls = ["/", "/search?q=kata-kunci-uji"] + [f"/events/?page={page}" for page in range(1, pages + 1)]
    urls += [f"/events/{event.id}" for event in hostile_events]
    urls += [f"/partners/?page={page}" for page in range(1, len(hostile_events) // 30 + 2)]
    urls += [f"/partners/{partner.slug}" for event in hostile_events for partner in event.partners]
    for url in urls:
        response = guest.get(url)
        assert response.status_code == 200 and executable_parts(response.get_data(as_text=True)) == [], url
    staff = login(host)
    for event in hostile_events[:10]:
        for url in (f"/events/{event.id}", f"/events/{event.id}/edit", f"/events/{event.id}/attendees"):
            response = staff.get(url)
            assert response.status_code == 200 and executable_parts(response.get_data(as_text=True)) == [], url
    feed = ElementTree.fromstring(guest.get("/feed.xml").data)
    for content in feed.iter(f"{ATOM}content"):
        assert executable_parts(content.text) == []
    calendar = icalendar.Calendar.from_ical(guest.get("/events/calendar.ics").data)  # no payload broke a line
    assert len(calendar.events) == len(hostile_events)


def test_a_title_is_shown_as_text(client, host):
    event = actions.create_event(host, actions.EventDetails(
        title="<script>alert(1)</script> Webinar", kind="webinar", description="", mode="onsite",
        place="<img src=x onerror=alert(1)>", starts_at=utcnow() + timedelta(days=1),
        ends_at=utcnow() + timedelta(days=1, hours=1)))
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Webinar" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
