"""The main menu marks where the reader is (issue 17): the section's own page, and any page within it."""
import re

from tests.event_factory import new_event


def current(html: str) -> list[tuple[str, str]]:
    menu = html.split('class="main-nav"')[1].split("</nav>")[0]
    return re.findall(r'href="([^"]+)"[^>]*aria-current="(\w+)"', menu)


def test_the_menu_marks_the_section_of_any_page_in_it(client, host):
    event = new_event(host)
    assert current(client.get("/events/").get_data(as_text=True)) == [("/events/", "page")]
    assert current(client.get(f"/events/{event.id}").get_data(as_text=True)) == [("/events/", "true")]
    assert current(client.get("/").get_data(as_text=True)) == [("/", "page")]
    assert current(client.get("/search?q=buku").get_data(as_text=True)) == []  # search belongs to no section
