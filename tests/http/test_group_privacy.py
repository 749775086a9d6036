"""A private group leaks nothing: its name, threads, posts, milestone discussions and cover stay out of every page,
feed, search result and notification a guest or non-member can reach. And a milestone's discussion hides its
posts (their HTML is not sent) from members who have not reached it."""
from datetime import timedelta
from io import BytesIO

import pytest

from core.notifications import Notification
from core.timeutil import utcnow
from events import actions as event_actions
from extensions import db
from forum import actions as forum_actions
from forum.models import Post
from groups import actions
from groups.models import Membership
from tests.books_helpers import add_book
from tests.conftest import says
from tests.statements import Statements
from tests.group_helpers import add_member, add_milestone, make_group
from tests.http.test_forum import category, thread  # noqa: F401  (fixtures)
from tests.http.test_profiles import image_bytes

MARKER = "zanzibarkata"


@pytest.fixture
def login(app):
    """A fresh client signed in as the user (several people act in one test)."""
    def sign_in(user):
        client = app.test_client()
        assert client.login(user).status_code == 302
        return client
    return sign_in


@pytest.fixture
def secret(app, host, member, admin, category):
    """A private group (cover, description, a thread with replies, a milestone discussion) whose every text
    carries MARKER; `member` belongs to it."""
    from werkzeug.datastructures import FileStorage

    add_book(admin, "Laskar Pelangi")
    cover = FileStorage(BytesIO(image_bytes()), filename="sampul.png", name="cover")
    group = actions.create_group(host, actions.GroupDetails(
        name=f"Klub {MARKER}", description=f"Tentang {MARKER}", visibility="private", book="Laskar Pelangi",
        cover=cover))
    add_member(group, member)
    category = actions.group_category(group)
    thread = forum_actions.create_thread(member, category, f"Utas {MARKER}", f"Pembuka {MARKER}")
    reply = forum_actions.reply(host, thread, f"Balasan {MARKER}")
    milestone = add_milestone(host, group, f"Bab {MARKER}")
    forum_actions.reply(member, milestone.thread, f"Diskusi {MARKER}")
    starts_at = utcnow() + timedelta(days=2)
    event = event_actions.create_event(host, event_actions.EventDetails(
        title=f"Acara {MARKER}", kind="discussion", description=f"Isi {MARKER}", mode="online", stream_url="https://contoh.id/x",
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), group=group.slug))
    return {"group": group, "category": category, "thread": thread, "reply": reply, "milestone": milestone,
            "event": event}


def pages(secret, member):
    group, thread = secret["group"], secret["thread"]
    return {"/": 200, "/forum/": 200, "/forum/c/diskusi-buku": 200, "/groups/": 200, "/feed.xml": 200,
            "/forum/c/diskusi-buku/feed.xml": 200, f"/search?q={MARKER}": 200, f"/u/{member.username}": 200,
            f"/groups/{group.slug}": 404, f"/forum/c/{secret['category'].slug}": 404,
            f"/forum/c/{secret['category'].slug}/feed.xml": 404, f"/forum/t/{thread.id}": 404,
            f"/forum/t/{secret['milestone'].thread_id}": 404, f"/forum/p/{secret['reply'].id}": 404,
            f"/forum/p/{secret['reply'].id}/history": 404, f"/forum/t/{thread.id}/unread": 404,
            "/events/": 200, "/events/?tab=past": 200, "/events/calendar.ics": 200,
            f"/events/{secret['event'].id}": 404, f"/events/{secret['event'].id}.ics": 404,
            f"/events/{secret['event'].id}/live": 404,
            # sharing: no share route, no og:image, no feed or sitemap entry
            "/events/feed.xml": 200, "/sitemap/groups-0.xml": 200, "/sitemap/threads-0.xml": 200,
            "/sitemap/events-0.xml": 200, f"/share/group/{group.id}/whatsapp": 404,
            f"/share/thread/{thread.id}/whatsapp": 404, f"/share/event/{secret['event'].id}/whatsapp": 404,
            f"/og/group/{group.id}.png": 404, f"/og/event/{secret['event'].id}.png": 404,
            f"/og/thread/{secret['milestone'].thread_id}.png": 404}


@pytest.mark.parametrize("who", ["guest", "outsider"])
def test_a_private_group_leaks_nothing(app, make_user, member, thread, secret, who):
    client = app.test_client()
    if who == "outsider":
        client.login(make_user("luar"))
    cover = secret["group"].cover_path
    for url, expected in pages(secret, member).items():
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == expected, url
        if url.startswith("/search"):  # the page repeats the words searched for: it must find nothing
            assert says(response, "Nothing found for “%(words)s”. Try other or fewer words.", words=MARKER)
            body = body.replace(MARKER, "")
        body = body.replace(url.split("?")[0], "")  # the sign-in link repeats the address asked for
        assert MARKER not in body and cover not in body, url
    quoted = client.get(f"/forum/t/{thread.id}?quote={secret['reply'].id}").get_data(as_text=True)
    assert MARKER not in quoted


def test_members_and_staff_see_the_private_group(app, login, member, moderator, secret):
    event_id = secret["event"].id
    for user in (member, moderator):
        client = app.test_client()
        client.login(user)
        for url in (f"/groups/{secret['group'].slug}", f"/forum/t/{secret['thread'].id}", f"/events/{event_id}",
                     f"/events/{event_id}.ics", "/events/", "/"):
            assert MARKER in client.get(url).get_data(as_text=True), url


def test_nobody_outside_hears_of_a_private_thread(make_user, host, member, secret):
    outsider = make_user("luar")
    forum_actions.reply(member, secret["thread"], f"Halo @luar, {MARKER}")
    removed = make_user("keluar")
    add_member(secret["group"], removed)
    forum_actions.reply(removed, secret["thread"], "Saya ikut")  # now watches the thread
    actions.remove_member(host, secret["group"], db.session.execute(
        db.select(Membership).filter_by(user_id=removed.id)).scalar_one().id)
    forum_actions.reply(member, secret["thread"], f"Lagi {MARKER}")
    assert outsider.id not in db.session.execute(db.select(Notification.user_id)).scalars().all()
    assert db.session.execute(db.select(Notification).where(Notification.user_id == removed.id,
                                                            Notification.kind == "reply")).first() is None


def test_a_removed_member_loses_the_private_group(app, host, member, secret):
    client = app.test_client()
    client.login(member)
    assert client.get(f"/forum/t/{secret['thread'].id}").status_code == 200
    membership = db.session.execute(db.select(Membership)
                                    .filter_by(user_id=member.id)).scalar_one()
    actions.remove_member(host, secret["group"], membership.id)
    assert client.get(f"/forum/t/{secret['thread'].id}").status_code == 404
    assert client.submit(f"/forum/t/{secret['thread'].id}/reply", {"body": "masih?"}).status_code == 404


def test_group_threads_stay_off_the_forum_even_for_a_public_group(app, host, member, category):
    group = make_group(host, "Klub Terbuka")
    add_member(group, member)
    thread = forum_actions.create_thread(member, actions.group_category(group), f"Utas {MARKER}", "Isi")
    guest = app.test_client()
    for url in ("/", "/forum/", "/feed.xml"):
        assert MARKER not in guest.get(url).get_data(as_text=True), url
    # search skips every group's threads: a milestone's posts would otherwise show past the spoiler notice
    assert says(guest.get(f"/search?q={MARKER}"), "Nothing found for “%(words)s”. Try other or fewer words.", words=MARKER)
    assert MARKER in guest.get(f"/groups/{group.slug}").get_data(as_text=True)
    assert guest.get(f"/forum/t/{thread.id}").status_code == 200  # readable; only members write
    outsider_reply = guest.submit(f"/forum/t/{thread.id}/reply", {"body": "Halo"})
    assert outsider_reply.status_code == 302 and "/auth/login" in outsider_reply.headers["Location"]


def test_only_members_post_in_a_public_groups_threads(app, login, host, make_user):
    group = make_group(host, "Klub Terbuka")
    category = actions.group_category(group)
    thread = forum_actions.create_thread(host, category, "Utas grup", "Isi")
    client = login(make_user("luar"))
    assert client.submit(f"/forum/t/{thread.id}/reply", {"body": "Halo dari luar"}).status_code == 400
    assert client.get(f"/forum/c/{category.slug}/new").status_code == 403
    assert db.session.execute(db.select(db.func.count(Post.id))).scalar() == 1


# Spoilers

@pytest.fixture
def schedule(app, admin, host, member):
    add_book(admin, "Laskar Pelangi")
    group = make_group(host, book="Laskar Pelangi")
    add_member(group, member)
    first, second = add_milestone(host, group, "Bab 1-5"), add_milestone(host, group, "Bab 6-10")
    forum_actions.reply(host, first.thread, "Ikal bertemu Lintang pertamakali")
    forum_actions.reply(host, second.thread, "Rahasia besar Lintang terbongkar")
    return group, first, second


def test_a_later_milestones_posts_are_not_sent_until_the_member_reaches_it(app, login, member, schedule):
    group, first, second = schedule
    client = login(member)
    page = client.get(f"/forum/t/{second.thread_id}")
    body = page.get_data(as_text=True)
    assert "Rahasia besar" not in body and "Ikal bertemu" not in client.get(f"/forum/t/{first.thread_id}").get_data(as_text=True)
    assert says(page, "This discussion is about %(label)s. Its posts are hidden until you reach milestone %(number)d.",
                label="Bab 6-10", number=2)
    reply_id = db.session.execute(db.select(Post.id).where(Post.thread_id == second.thread_id, Post.number == 2)).scalar()
    assert client.get(f"/forum/p/{reply_id}/history").status_code == 404
    assert "Rahasia besar" not in client.get(f"/forum/t/{first.thread_id}?quote={reply_id}").get_data(as_text=True)
    client.submit(f"/groups/{group.slug}/progress", {"milestone": first.id})
    assert "Ikal bertemu" in client.get(f"/forum/t/{first.thread_id}").get_data(as_text=True)
    assert "Rahasia besar" not in client.get(f"/forum/t/{second.thread_id}").get_data(as_text=True)
    response = client.submit(f"/groups/{group.slug}/progress", {"milestone": second.id, "thread": second.thread_id})
    assert response.headers["Location"] == f"/forum/t/{second.thread_id}"
    assert "Rahasia besar" in client.get(f"/forum/t/{second.thread_id}").get_data(as_text=True)


@pytest.mark.parametrize("who", ["host", "moderator"])
def test_facilitators_and_staff_see_every_milestone(app, login, host, moderator, schedule, who):
    client = login(host if who == "host" else moderator)
    assert "Rahasia besar" in client.get(f"/forum/t/{schedule[2].thread_id}").get_data(as_text=True)


def test_guests_see_the_spoiler_notice_with_a_way_in(client, schedule):
    page = client.get(f"/forum/t/{schedule[2].thread_id}")
    assert "Rahasia besar" not in page.get_data(as_text=True) and says(page, "Sign in to follow the schedule")


def test_progress_is_for_members_of_the_group(app, login, make_user, schedule):
    group, first, _ = schedule
    client = login(make_user("luar"))
    client.submit(f"/groups/{group.slug}/progress", {"milestone": first.id})
    assert says(client.get(f"/groups/{group.slug}"), "Join the group first.")


def test_facilitators_see_each_members_milestone_and_members_see_counts(app, login, host, member, schedule):
    group, first, _ = schedule
    login(member).submit(f"/groups/{group.slug}/progress", {"milestone": first.id})
    facilitator_page = login(host).get(f"/groups/{group.slug}")
    assert says(facilitator_page, "at %(label)s", label="Bab 1-5")
    member_page = login(member).get(f"/groups/{group.slug}")
    assert not says(member_page, "at %(label)s", label="Bab 1-5") and says(member_page, "You are here")


def count_queries(client, url: str) -> int:
    with Statements() as statements:
        assert client.get(url).status_code == 200
    return statements.count


@pytest.mark.parametrize("who", ["guest", "member", "host"])
def test_the_group_page_costs_the_same_whatever_its_size(app, login, make_user, host, member, schedule, who):
    group = schedule[0]
    client = app.test_client() if who == "guest" else login(host if who == "host" else member)
    small = count_queries(client, f"/groups/{group.slug}")
    category = actions.group_category(group)
    for number in range(12):
        reader = make_user(f"pembaca{number}")
        add_member(group, reader)
        forum_actions.create_thread(reader, category, f"Utas nomor {number}", "Isi")
    add_milestone(host, group, "Bab 11-15")
    assert count_queries(client, f"/groups/{group.slug}") == small


# Group events

def event_form(**fields):
    return {"title": "Diskusi Bab 1-12", "kind": "discussion", "mode": "online", "description": "", "stream_url": "https://contoh.id/x",
            "starts_at": "2030-01-10T19:00", "ends_at": "2030-01-10T20:30", **fields}


def test_a_facilitator_links_an_event_to_the_group_and_it_shows_on_the_groups_page(app, login, host, member):
    group = make_group(host, "Klub Terbuka")
    client = login(host)
    assert says(client.get(f"/events/new?group={group.slug}"), "Reading group (optional)")
    assert client.submit("/events/new", event_form(group=group.slug)).status_code == 302
    page = app.test_client().get(f"/groups/{group.slug}").get_data(as_text=True)
    assert "Diskusi Bab 1-12" in page


def test_only_the_groups_facilitators_link_events_to_it(app, login, make_user, host, member):
    group = make_group(host, "Klub Terbuka")
    other_host = make_user("hostlain", "host")
    client = login(other_host)
    assert not says(client.get("/events/new"), "Reading group (optional)")  # facilitates no group
    response = client.submit("/events/new", event_form(group=group.slug))
    assert response.status_code == 302  # the selector is not offered, so the group is ignored
    assert "Diskusi Bab 1-12" not in app.test_client().get(f"/groups/{group.slug}").get_data(as_text=True)
    from events.models import Event
    assert db.session.execute(db.select(Event.group_id)).scalar() is None


def test_a_private_groups_live_room_refuses_outsiders(app, make_user, member, secret):
    client = app.test_client()
    client.login(make_user("luar"))
    assert client.get(f"/events/{secret['event'].id}/live").status_code == 404
    assert client.submit(f"/events/{secret['event'].id}/rsvp").status_code == 404
