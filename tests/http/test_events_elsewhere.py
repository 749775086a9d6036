"""Events beyond their own pages: the home page, the site feed and search."""
import xml.etree.ElementTree as ElementTree
from datetime import timedelta

from events import actions
from tests.conftest import says
from tests.event_factory import at, new_event

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_home_page_shows_the_next_upcoming_events(client, host):
    assert says(client.get("/"), "No events are scheduled yet. Webinars, book discussions and workshops will "
                                 "appear here.")
    past = at(new_event(host, title="Acara kemarin"), timedelta(days=-1))
    soon = new_event(host, title="Bedah buku besok", starts_in=timedelta(days=1))
    page = client.get("/").get_data(as_text=True)
    assert soon.title in page and past.title not in page
    assert f'href="/events/{soon.id}-bedah-buku-besok"' in page


def test_the_site_feed_announces_events(client, host):
    event = new_event(host, title="Webinar <Literasi> & Data")
    feed = ElementTree.fromstring(client.get("/feed.xml").data)
    entries = {entry.findtext(f"{ATOM}title"): entry for entry in feed.iter(f"{ATOM}entry")}
    entry = entries["Webinar <Literasi> & Data"]
    assert entry.find(f"{ATOM}link").get("href") == f"http://localhost/events/{event.id}-webinar-literasi-data"
    assert "<strong>seru</strong>" in entry.findtext(f"{ATOM}content")
    actions.delete_event(host, event)
    assert b"Webinar" not in client.get("/feed.xml").data


def test_search_finds_events_by_title_and_description_until_cancelled(client, host):
    event = new_event(host, title="Lokakarya menulis puisi", description="Bersama penyair **Joko Pinurbo**.")
    for words in ("puisi", "pinurbo"):
        page = client.get(f"/search?q={words}").get_data(as_text=True)
        assert f'href="/events/{event.id}-lokakarya-menulis-puisi"' in page, words
    actions.edit_event(host, event, actions.EventDetails(
        title="Lokakarya menulis cerpen", kind=event.kind, description="", mode="online",
        stream_url=event.stream_url, starts_at=event.starts_at, ends_at=event.ends_at))
    assert says(client.get("/search?q=puisi"), "Nothing found for “%(words)s”. Try other or fewer words.",
                words="puisi")
    assert "Lokakarya menulis cerpen" in client.get("/search?q=cerpen").get_data(as_text=True)
    actions.delete_event(host, event)
    assert "Lokakarya" not in client.get("/search?q=cerpen").get_data(as_text=True)
