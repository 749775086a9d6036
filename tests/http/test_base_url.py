"""Absolute addresses (share links, feeds, Open Graph tags, the sitemap, robots.txt, calendar files) come
from SERAMBI_BASE_URL, never from the Host header a request chooses; without it, from the request itself."""
import xml.etree.ElementTree as ElementTree
from urllib.parse import parse_qs, urlsplit

import pytest

import config
from core.urls import absolute_url
from forum import actions as forum_actions
from tests.event_factory import new_event
from tests.http.test_sharing import ATOM, SITEMAP, parse

BASE = "https://komunitas.perpustakaan.example"
FORGED = "penipu.example"


@pytest.fixture
def site(app, admin, host, member):
    category = forum_actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                           colour="#0f6b5c", position=0, who_starts="members")
    thread = forum_actions.create_thread(member, category, "Laskar Pelangi", "Siapa tokoh favorit kalian?")
    return {"thread": thread, "event": new_event(host)}


def forged_get(client, url: str):
    """A request whose Host header (and forwarded host) names another site."""
    response = client.get(url, headers={"Host": FORGED, "X-Forwarded-Host": FORGED})
    assert response.status_code in (200, 302), (url, response.status_code)
    assert FORGED not in response.get_data(as_text=True) + str(response.headers), url
    return response


def test_links_for_elsewhere_use_the_configured_address_whatever_the_host_header(app, client, site):
    app.config["SERAMBI_BASE_URL"] = BASE
    thread, event = site["thread"], site["event"]
    thread_url = f"{BASE}/forum/t/{thread.id}-{thread.slug}"
    page = parse(forged_get(client, f"/forum/t/{thread.id}"))
    assert page.meta["og:url"] == page.canonical == thread_url
    assert page.meta["og:image"].startswith(f"{BASE}/og/thread/{thread.id}.png?v=")

    shared = urlsplit(forged_get(client, f"/share/thread/{thread.id}/facebook").headers["Location"])
    assert parse_qs(shared.query)["u"] == [f"{thread_url}?utm_source=facebook"]

    for feed in ("/feed.xml", "/forum/c/diskusi-buku/feed.xml", "/events/feed.xml"):
        root = ElementTree.fromstring(forged_get(client, feed).data)
        links = [root.findtext(f"{ATOM}id")] + [entry.findtext(f"{ATOM}id") for entry in root.iter(f"{ATOM}entry")]
        links += [link.get("href") for link in root.iter(f"{ATOM}link")]
        assert len(links) >= 4 and all(link.startswith(BASE + "/") for link in links), (feed, links)
    assert root.findtext(f"{ATOM}id") == f"{BASE}/events/feed.xml"

    index = ElementTree.fromstring(forged_get(client, "/sitemap.xml").data)
    parts = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert parts and all(part.startswith(BASE + "/sitemap/") for part in parts)
    threads = ElementTree.fromstring(forged_get(client, "/sitemap/threads-0.xml").data)
    assert [loc.text for loc in threads.iter(f"{SITEMAP}loc")] == [thread_url]
    assert f"Sitemap: {BASE}/sitemap.xml" in forged_get(client, "/robots.txt").get_data(as_text=True)

    calendar = forged_get(client, f"/events/{event.id}.ics").get_data(as_text=True).replace("\r\n ", "")
    assert f"URL:{BASE}/events/{event.id}-{event.slug}" in calendar
    assert f"UID:event-{event.id}@komunitas.perpustakaan.example" in calendar


def test_without_a_configured_address_links_follow_the_request(client, site):
    thread = site["thread"]
    page = parse(client.get(f"/forum/t/{thread.id}", headers={"Host": "127.0.0.1:5000"}))
    assert page.meta["og:url"] == f"http://127.0.0.1:5000/forum/t/{thread.id}-{thread.slug}"


def test_a_site_under_a_path_and_work_outside_a_request(app):
    app.config["SERAMBI_BASE_URL"] = "https://perpustakaan.example/komunitas"
    assert absolute_url("forum.index") == "https://perpustakaan.example/komunitas/forum/"  # e.g. from the worker
    with app.test_request_context("/", base_url="http://127.0.0.1:8001/komunitas"):  # the proxy passes the prefix
        assert absolute_url("forum.index") == "https://perpustakaan.example/komunitas/forum/"
    with app.test_request_context("/", base_url="http://127.0.0.1:8001"):  # or strips it
        assert absolute_url("forum.index") == "https://perpustakaan.example/komunitas/forum/"


@pytest.mark.parametrize("value, kept", [("https://komunitas.perpustakaan.example/", BASE), ("", None),
                                         ("http://127.0.0.1:5000", "http://127.0.0.1:5000")])
def test_the_base_url_setting_is_read_from_the_environment(monkeypatch, tmp_path, value, kept):
    monkeypatch.setenv("SERAMBI_BASE_URL", value)
    assert config.from_environment(str(tmp_path))["SERAMBI_BASE_URL"] == kept


@pytest.mark.parametrize("value", ["komunitas.perpustakaan.example", "ftp://perpustakaan.example",
                                   "https://perpustakaan.example/?x=1", "https://"])
def test_a_base_url_that_is_not_an_address_stops_the_start(monkeypatch, tmp_path, value):
    monkeypatch.setenv("SERAMBI_BASE_URL", value)
    with pytest.raises(ValueError, match="SERAMBI_BASE_URL"):
        config.from_environment(str(tmp_path))
