"""Who sees what is decided in one place per kind of content (forum/visibility.py, events/visibility.py).
Here a new state, "archived", is added in that one place only, and no channel may show an archived
thread or event: lists, pages, the home page, search, feeds, calendars, the sitemap, sharing, the
og:image, notifications, a reading group's page and the live room. A channel that kept its own copy of
the rule would still show it."""
import importlib
from datetime import timedelta

import pytest

from core.notifications import Notification
from core.timeutil import utcnow
from events import visibility as event_visibility
from events.models import Event
from extensions import db, socketio
from forum import actions as forum_actions, queries as forum_queries, visibility as forum_visibility
from forum.models import Thread
from groups import actions as group_actions
from tests.conftest import says
from tests.event_factory import new_event
from tests.group_helpers import make_group
from tests.http.test_forum import category  # noqa: F401  (fixture)

MARKER = "arsipkatawa"


@pytest.fixture
def archived_threads(monkeypatch):
    """Threads whose closing date is set are "archived": seen by moderators only (one line, one place)."""
    state = forum_visibility.State("archived", Thread.closes_at, forum_visibility.moderators)
    monkeypatch.setattr(forum_visibility, "THREAD_STATES", [*forum_visibility.THREAD_STATES, state])
    # The busiest lists' statements are built once, when forum/queries.py is imported: build them again, as a
    # process started with the new line would.
    importlib.reload(forum_queries)
    yield
    monkeypatch.undo()
    importlib.reload(forum_queries)


@pytest.fixture
def archived_events(monkeypatch):
    """Events whose check-in code is set are "archived": seen by nobody (one line, one place)."""
    monkeypatch.setattr(event_visibility, "EVENT_STATES",
                        [*event_visibility.EVENT_STATES, event_visibility.State("archived", Event.checkin_code)])


def archive(item, column: str, value) -> None:
    setattr(item, column, value)
    db.session.commit()


def get(client, url: str):
    response = client.get(url)
    body = response.get_data().decode(errors="replace")  # an og:image is a PNG
    if url.startswith("/search"):  # the page repeats the words searched for
        body = body.replace(MARKER, "") if says(response, "Nothing found for “%(words)s”. Try other or fewer words.",
                                                 words=MARKER) else body
    return response.status_code, body.replace(url.split("?")[0], "")  # the sign-in link repeats the address


def assert_shown_nowhere(client, pages: dict[str, int]) -> None:
    for url, status in pages.items():
        got, body = get(client, url)
        assert got == status and MARKER not in body, url


def assert_shown_everywhere(client, pages: dict[str, int], not_listing: tuple[str, ...] = ()) -> None:
    """Before it is archived, the item is on every page: the checks that follow are not vacuous."""
    for url, status in pages.items():
        got, body = get(client, url)
        if status == 404:  # the item's own addresses
            assert got in (200, 302), url
        elif url not in not_listing:
            assert got == 200 and MARKER in body, url


def thread_pages(thread, post, group) -> dict[str, int]:
    return {"/": 200, "/forum/": 200, "/forum/c/diskusi-buku": 200, "/forum/c/diskusi-buku/feed.xml": 200,
            "/feed.xml": 200, f"/search?q={MARKER}": 200, "/sitemap/threads-0.xml": 200,
            f"/forum/t/{thread.id}": 404, f"/forum/p/{post.id}": 404, f"/forum/t/{thread.id}/unread": 404,
            f"/share/thread/{thread.id}/whatsapp": 404, f"/og/thread/{thread.id}.png": 404,
            f"/groups/{group.slug}": 200}


def test_an_archived_thread_is_shown_by_no_channel(app, archived_threads, make_user, member, moderator, host,
                                                   category):
    thread = forum_actions.create_thread(member, category, f"Utas {MARKER}", f"Pembuka {MARKER}")
    watcher = make_user("siti")
    post = forum_actions.reply(watcher, thread, "Saya ikut membaca")  # she now watches the thread
    group = make_group(host, name="Klub Terbuka")
    group_thread = forum_actions.create_thread(host, group_actions.group_category(group), f"Diskusi {MARKER}", "Isi")
    guest = app.test_client()
    assert_shown_everywhere(guest, thread_pages(thread, post, group), not_listing=("/forum/",))

    archive(thread, "closes_at", utcnow() + timedelta(days=365))
    archive(group_thread, "closes_at", utcnow() + timedelta(days=365))
    forum_actions.reply(moderator, thread, f"Catatan moderator {MARKER}")

    for who in (None, watcher, member):
        client = app.test_client()
        if who:
            client.login(who)
        assert_shown_nowhere(client, thread_pages(thread, post, group))
    assert db.session.execute(db.select(Notification).where(Notification.user_id == watcher.id)).first() is None
    moderators_view = app.test_client()
    moderators_view.login(moderator)
    assert moderators_view.get(f"/forum/t/{thread.id}").status_code == 200  # the state says who still sees it


def event_pages(event) -> dict[str, int]:
    return {"/": 200, "/events/": 200, "/events/calendar.ics": 200, "/events/feed.xml": 200, "/feed.xml": 200,
            f"/search?q={MARKER}": 200, "/sitemap/events-0.xml": 200, f"/events/{event.id}": 404,
            f"/events/{event.id}.ics": 404, f"/events/{event.id}/live": 404,
            f"/share/event/{event.id}/whatsapp": 404, f"/og/event/{event.id}.png": 404}


def test_an_archived_event_is_shown_by_no_channel(app, archived_events, host, member, admin):
    event = new_event(host, title=f"Acara {MARKER}", starts_in=timedelta(minutes=30))
    guest = app.test_client()
    assert_shown_everywhere(guest, event_pages(event))

    archive(event, "checkin_code", "ARSIP1")

    for who in (None, member, admin):
        client = app.test_client()
        if who:
            client.login(who)
        assert_shown_nowhere(client, event_pages(event))
    room = app.test_client()
    room.login(member)
    live = socketio.test_client(app, namespace="/live", flask_test_client=room)
    answer = live.emit("join", {"event_id": event.id}, namespace="/live", callback=True)
    assert answer["ok"] is False and MARKER not in str(answer)
    live.disconnect(namespace="/live")
