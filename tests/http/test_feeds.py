"""Atom feeds: the site's and each category's, valid XML with absolute links."""
import xml.etree.ElementTree as ElementTree

import pytest

from forum import actions

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def categories(admin):
    return [actions.save_category(admin, None, name=name, slug=slug, description="", colour="#0f6b5c",
                                  position=position, who_starts="members")
            for position, (name, slug) in enumerate([("Buku", "buku"), ("Sains", "sains")])]


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)
    return feed, feed.findall(f"{ATOM}entry")


def test_the_site_feed_lists_new_threads_newest_first(client, member, categories):
    actions.create_thread(member, categories[0], "Buku pertama <&> ", "Isi dengan **tebal** & <script>x</script>")
    actions.create_thread(member, categories[1], "Sains kedua", "Isi")
    feed, items = entries(client, "/feed.xml")
    assert [item.findtext(f"{ATOM}title") for item in items] == ["Sains kedua", "Buku pertama <&>"]
    for item in items:
        link = item.find(f"{ATOM}link").get("href")
        assert link.startswith("http://localhost/forum/t/")
    content = items[1].findtext(f"{ATOM}content")
    assert "<strong>tebal</strong>" in content and "<script>" not in content  # the stored, sanitised HTML
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://localhost/feed.xml"


def test_a_category_feed_has_only_its_threads(client, member, categories):
    actions.create_thread(member, categories[0], "Buku pertama", "Isi")
    actions.create_thread(member, categories[1], "Sains kedua", "Isi")
    _, items = entries(client, "/forum/c/sains/feed.xml")
    assert [item.findtext(f"{ATOM}title") for item in items] == ["Sains kedua"]
    assert client.get("/forum/c/tidak-ada/feed.xml").status_code == 404


def test_an_empty_feed_is_still_valid(client):
    feed, items = entries(client, "/feed.xml")
    assert items == [] and feed.findtext(f"{ATOM}updated")
