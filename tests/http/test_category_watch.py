"""Watching a category: a member who watches it hears of every new thread started there."""
import pytest

from core.notifications import Notification
from extensions import db
from forum import actions
from forum.category_watch import CategoryWatch
from tests.conftest import says, translated


@pytest.fixture
def category(admin):
    return actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                 colour="#0f6b5c", position=0, who_starts="members")


@pytest.fixture
def other(admin):
    return actions.save_category(admin, None, name="Sains", slug="sains", description="", colour="#1f5f8b",
                                 position=1, who_starts="members")


def kinds_for(user) -> list[str]:
    return db.session.execute(db.select(Notification.kind).where(Notification.user_id == user.id)
                              .order_by(Notification.id)).scalars().all()


def signed_in(app, user):
    """A browser of its own for each member."""
    client = app.test_client()
    assert client.login(user).status_code == 302
    return client


def watch_button(response) -> str:
    html = response.get_data(as_text=True)
    start = html.index('action="/forum/c/diskusi-buku/watch"')
    return html[start:html.index("</form>", start)]


def test_a_member_toggles_watching_a_category(login, member, category):
    client = login(member)
    assert 'aria-pressed="false"' in watch_button(client.get("/forum/c/diskusi-buku"))
    response = client.submit("/forum/c/diskusi-buku/watch", follow_redirects=True)
    assert says(response, "You will be told of every new thread here.")
    assert 'aria-pressed="true"' in watch_button(response) and says(response, "Watch this category")  # a toggle
    response = client.submit("/forum/c/diskusi-buku/watch", follow_redirects=True)
    assert says(response, "You no longer watch this category.") and 'aria-pressed="false"' in watch_button(response)
    assert db.session.scalar(db.select(db.func.count(CategoryWatch.id))) == 0


def test_watchers_hear_of_new_threads_but_not_of_replies_or_other_categories(app, login, member, make_user,
                                                                            category, other):
    siti, ani = make_user("siti", display_name="Siti Aminah"), make_user("ani")
    signed_in(app, member).submit("/forum/c/diskusi-buku/watch")
    signed_in(app, ani).submit("/forum/c/sains/watch")
    client = signed_in(app, siti)
    client.submit("/forum/c/diskusi-buku/watch")
    client.submit("/forum/c/diskusi-buku/new", {"title": "Bumi Manusia", "body": "Siapa suka Minke?"})
    assert kinds_for(member) == ["new_thread"]
    assert kinds_for(siti) == [] and kinds_for(ani) == []  # not the author; not another category's watcher
    thread = actions.create_thread(ani, category, "Laskar Pelangi", "Isi")
    actions.reply(ani, thread, "Tambahan")  # replies are heard of by watching the thread, not the category
    assert kinds_for(member) == ["new_thread", "new_thread"] and kinds_for(siti) == ["new_thread"]
    inbox = signed_in(app, member).get("/notifications")
    assert says(inbox, "%(name)s started %(thread)s in a category you watch", name="Siti Aminah",
                thread="Bumi Manusia")


def test_a_watcher_who_is_also_mentioned_is_told_once(login, member, make_user, category):
    siti = make_user("siti")
    login(siti).submit("/forum/c/diskusi-buku/watch")
    actions.create_thread(member, category, "Untuk Siti", "Bagaimana menurutmu, @siti?")
    assert kinds_for(siti) == ["mention"]


def test_the_new_thread_kind_can_be_turned_off(login, member, make_user, category):
    siti = make_user("siti")
    client = login(siti)
    assert says(client.get("/settings/notifications"), "New threads in categories I watch")
    client.submit("/forum/c/diskusi-buku/watch")
    client.submit("/settings/notifications", {"on": ["reply", "mention", "quote", "reaction", "moderation"]})
    assert siti.notifications_off == ["new_thread", "event_reminder", "suggestion", "group_request", "group_milestone",
                                      "live_open"]
    actions.create_thread(member, category, "Bumi Manusia", "Isi")
    assert kinds_for(siti) == []


def test_guests_cannot_watch_a_category(client, login, member, category):
    assert not says(client.get("/forum/c/diskusi-buku"), "Watch this category")
    assert client.submit("/forum/c/diskusi-buku/watch").headers["Location"].startswith("/auth/login")
    login(member)
    assert client.post("/forum/c/diskusi-buku/watch").status_code == 400  # no CSRF token
    assert client.submit("/forum/c/tidak-ada/watch").status_code == 404
    assert db.session.scalar(db.select(db.func.count(CategoryWatch.id))) == 0


def test_watching_a_thread_is_a_toggle_with_the_same_name_on_and_off(login, member, category):
    """Issue 17: "Watching: you hear of new replies" read as a status line; the twin of the category's toggle."""
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Isi")  # its author watches it
    client = login(member)

    def toggle(response) -> str:
        html = response.get_data(as_text=True)
        start = html.index(f'action="/forum/t/{thread.id}/watch"')
        return html[start:html.index("</form>", start)]

    watching = toggle(client.get(f"/forum/t/{thread.id}"))
    assert 'class="toggle-button" aria-pressed="true"' in watching and translated("Watch this thread") in watching
    response = client.submit(f"/forum/t/{thread.id}/watch", follow_redirects=True)
    assert 'aria-pressed="false"' in toggle(response) and translated("Watch this thread") in toggle(response)
