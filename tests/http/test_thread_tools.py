"""A moderator's thread tools: global pins, closing dates, merging and splitting threads."""
import re
from datetime import datetime, timedelta, timezone

import pytest

from core import search
from core.audit import AuditEntry
from core.errors import ActionError
from core.notifications import Notification
from core.timeutil import utcnow
from extensions import db
from forum import actions, threadtools
from forum.models import Category, Post, Thread, Watch
from forum.permissions import can_reply
from tests.conftest import says, translated
from tests.http.test_forum import count_queries


@pytest.fixture
def category(admin):
    return actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                 colour="#0f6b5c", position=0, who_starts="members")


@pytest.fixture
def other_category(admin):
    return actions.save_category(admin, None, name="Sastra", slug="sastra", description="", colour="#1f5f8b",
                                 position=1, who_starts="members")


@pytest.fixture
def siti(make_user):
    return make_user("siti", display_name="Siti Aminah")


@pytest.fixture
def thread(category, member, siti):
    """'Laskar Pelangi': budi's opening post and replies #2 … #5 by siti and budi in turn."""
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Bagian favorit saya: Lintang.")
    for number in range(2, 6):
        actions.reply(siti if number % 2 == 0 else member, thread, f"Balasan nomor {number}")
    return thread


@pytest.fixture
def target(category, siti):
    thread = actions.create_thread(siti, category, "Novel Andrea Hirata", "Mana yang terbaik?")
    actions.reply(siti, thread, "Sang Pemimpi juga bagus.")
    return thread


def posts_of(thread) -> list[tuple[int, str]]:
    return [(post.number, post.body_md) for post in db.session.execute(
        db.select(Post).where(Post.thread_id == thread.id).order_by(Post.number)).scalars()]


def audited(action: str) -> list[AuditEntry]:
    return db.session.execute(db.select(AuditEntry).where(AuditEntry.action == action)).scalars().all()


def found(words: str) -> set[int]:
    return {hit.ref_id for hit in search.query(words)}


TOOLS = {
    "global-pin": {"pinned": "1"},
    "close-date": {"closes_at": "2031-01-15T17:00"},
    "merge": {"target": "TARGET", "confirm": "y"},
    "split": {"posts": "REPLY", "title": "Tentang Lintang", "category": "CATEGORY"},
}


def tool_form(tool: str, thread, target) -> dict:
    reply = db.session.execute(db.select(Post.id).where(Post.thread_id == thread.id, Post.number == 3)).scalar()
    values = {"TARGET": str(target.id), "REPLY": str(reply), "CATEGORY": str(thread.category_id)}
    return {name: values.get(value, value) for name, value in TOOLS[tool].items()}


def snapshot(thread):
    return (thread.pinned_globally, thread.closes_at, thread.merged_into_id, thread.post_count,
            db.session.scalar(db.select(db.func.count(Thread.id))))


@pytest.mark.parametrize("tool", list(TOOLS))
@pytest.mark.parametrize("role, allowed", [(None, False), ("member", False), ("host", False),
                                           ("moderator", True), ("admin", True)])
def test_only_moderators_and_admins_use_the_thread_tools(client, login, make_user, thread, target, tool, role,
                                                          allowed):
    if role:
        login(make_user(f"as.{role}", role))
    before = snapshot(thread)
    response = client.submit(f"/forum/t/{thread.id}/{tool}", tool_form(tool, thread, target))
    if allowed:
        assert response.status_code == 302 and snapshot(thread) != before
        assert len(db.session.execute(db.select(AuditEntry).where(AuditEntry.target_id == thread.id,
                                                                  AuditEntry.target_type == "thread")
                                      ).scalars().all()) == 1
    else:
        assert response.status_code == (403 if role else 302)
        if not role:
            assert response.headers["Location"].startswith("/auth/login")
        assert snapshot(thread) == before


def test_the_actions_refuse_members_whatever_the_route(member, thread, target):
    for attempt in (lambda: threadtools.pin_globally(member, thread, True),
                    lambda: threadtools.set_close_date(member, thread, "2031-01-15T17:00"),
                    lambda: threadtools.merge_thread(member, thread, str(target.id)),
                    lambda: threadtools.split_thread(member, thread, [3], "Judul baru", thread.category)):
        with pytest.raises(Exception, match="moderator"):
            attempt()


def test_members_see_no_tools_and_no_split_boxes(login, member, moderator, thread):
    page = login(member).get(f"/forum/t/{thread.id}?split=1").get_data(as_text=True)
    assert 'name="posts"' not in page and "/merge" not in page and "/global-pin" not in page


# Global pins

def test_a_global_pin_puts_the_thread_atop_the_forum_and_home(app, login, moderator, thread, target):
    guest = app.test_client()
    assert "Laskar Pelangi" not in guest.get("/forum/").get_data(as_text=True)
    client = login(moderator)
    response = client.submit(f"/forum/t/{thread.id}/global-pin", {"pinned": "1"}, follow_redirects=True)
    assert says(response, "Pinned at the top of the forum and the home page.")
    forum = guest.get("/forum/")
    assert says(forum, "Pinned") and "Laskar Pelangi" in forum.get_data(as_text=True)
    home = guest.get("/").get_data(as_text=True)
    assert home.index("Laskar Pelangi") < home.index("Novel Andrea Hirata")  # target is newer, pinned goes first
    assert 'Laskar Pelangi</a> <span class="badge">' in home
    assert "Laskar Pelangi" in guest.get("/forum/c/diskusi-buku").get_data(as_text=True)  # still in its category
    client.submit(f"/forum/t/{thread.id}/global-pin", {"pinned": "0"})
    assert "Laskar Pelangi" not in guest.get("/forum/").get_data(as_text=True)
    assert [entry.action for entry in db.session.execute(db.select(AuditEntry).where(
        AuditEntry.action.like("thread.%pin_global")).order_by(AuditEntry.id)).scalars()] == \
        ["thread.pin_global", "thread.unpin_global"]


def test_home_keeps_its_five_recent_threads_besides_the_pinned_ones(app, moderator, member, category):
    threads = [actions.create_thread(member, category, f"Topik nomor {n:02d}", "Isi") for n in range(7)]
    threadtools.pin_globally(moderator, threads[0], True)
    home = app.test_client().get("/").get_data(as_text=True)
    shown = [n for n in range(7) if f"Topik nomor {n:02d}" in home]
    assert shown == [0, 2, 3, 4, 5, 6]


# Closing dates

def test_a_closing_date_is_read_in_the_library_time_zone_and_announced(app, login, moderator, thread):
    client = login(moderator)
    response = client.submit(f"/forum/t/{thread.id}/close-date", {"closes_at": "2031-01-15T17:00"},
                             follow_redirects=True)
    assert says(response, "The closing date has been saved.")
    assert thread.closes_at == datetime(2031, 1, 15, 10, 0, tzinfo=timezone.utc)  # 17.00 WIB
    assert 'value="2031-01-15T17:00"' in response.get_data(as_text=True)  # shown back in library time
    page = app.test_client().get(f"/forum/t/{thread.id}")
    assert says(page, "This thread closes to new replies on %(date)s.", date="15 Januari 2031 17.00 WIB")
    assert audited("thread.close_date")[0].details == "2031-01-15T10:00+00:00"


def test_after_its_closing_date_a_thread_takes_replies_only_from_moderators(app, login, member, moderator, thread):
    thread.closes_at = utcnow() + timedelta(days=1)
    db.session.commit()
    assert can_reply(member, thread)
    thread.closes_at = utcnow() - timedelta(minutes=1)  # the date has passed: no waiting needed
    db.session.commit()
    assert not can_reply(member, thread) and can_reply(moderator, thread)
    page = app.test_client().get(f"/forum/t/{thread.id}")
    assert says(page, "This thread closed on %(date)s: no new replies.", date=_when(app, thread.closes_at))
    client = login(member)
    assert 'action="/forum/t/%d/reply"' % thread.id not in client.get(f"/forum/t/{thread.id}").get_data(as_text=True)
    response = client.submit(f"/forum/t/{thread.id}/reply", {"body": "Masih boleh?"})
    assert response.status_code == 400 and says(response, "This thread closed on %(date)s: no new replies.",
                                                date=_when(app, thread.closes_at))
    opening = db.session.execute(db.select(Post).where(Post.thread_id == thread.id, Post.number == 1)).scalar()
    assert client.submit(f"/forum/p/{opening.id}/edit", {"body": "Diubah"}).status_code == 403  # as if locked
    assert thread.post_count == 5
    client.submit("/auth/logout")
    assert login(moderator).submit(f"/forum/t/{thread.id}/reply", {"body": "Catatan moderator"}).status_code == 302


def _when(app, moment) -> str:
    from flask_babel import force_locale
    from core.i18n import format_when

    with app.test_request_context(), force_locale("id"):
        return format_when(moment)


def test_a_closing_date_can_be_removed(login, moderator, member, thread):
    thread.closes_at = utcnow() - timedelta(days=1)
    db.session.commit()
    response = login(moderator).submit(f"/forum/t/{thread.id}/close-date", {"clear": "1", "closes_at": ""},
                                       follow_redirects=True)
    assert says(response, "The closing date has been removed.")
    assert thread.closes_at is None and can_reply(member, thread)
    assert audited("thread.close_date")[0].details == "cleared"


@pytest.mark.parametrize("typed, message", [
    ("", "Choose a date and a time, for example 31/12/2026 17:00."),
    ("besok sore", "Choose a date and a time, for example 31/12/2026 17:00."),
    ("2020-01-01T10:00", "Choose a moment in the future. To close the thread now, lock it."),
])
def test_a_bad_closing_date_is_explained_and_changes_nothing(login, moderator, thread, typed, message):
    response = login(moderator).submit(f"/forum/t/{thread.id}/close-date", {"closes_at": typed},
                                       follow_redirects=True)
    assert says(response, message)
    assert thread.closes_at is None and audited("thread.close_date") == []


# Merging

def test_a_merge_appends_the_posts_in_order_and_keeps_their_links(app, login, moderator, member, siti, thread,
                                                                   target, category, other_category):
    actions.moderate_thread(moderator, target, "move", category=other_category)
    ids = [post_id for post_id in db.session.execute(db.select(Post.id).where(Post.thread_id == thread.id)
                                                     .order_by(Post.number)).scalars()]
    response = login(moderator).submit(f"/forum/t/{thread.id}/merge",
                                       {"target": f"/forum/t/{target.id}-novel-andrea-hirata", "confirm": "y"})
    assert response.headers["Location"] == f"/forum/t/{target.id}-novel-andrea-hirata"
    assert posts_of(target) == [(1, "Mana yang terbaik?"), (2, "Sang Pemimpi juga bagus."),
                                (3, "Bagian favorit saya: Lintang."),
                                *[(n + 2, f"Balasan nomor {n}") for n in range(2, 6)]]
    assert [post.id for post in db.session.execute(db.select(Post).where(Post.number > 2)
                                                   .order_by(Post.number)).scalars()] == ids  # ids never change
    guest = app.test_client()
    assert guest.get(f"/forum/p/{ids[0]}").headers["Location"] == f"/forum/t/{target.id}#p{ids[0]}"
    for old in (f"/forum/t/{thread.id}", f"/forum/t/{thread.id}-laskar-pelangi?page=2"):
        moved = guest.get(old)
        assert moved.status_code == 301 and moved.headers["Location"] == f"/forum/t/{target.id}"
    newest = db.session.execute(db.select(Post).where(Post.thread_id == target.id, Post.number == 2)).scalar()
    assert (target.post_count, target.reply_count, target.last_post_id) == (7, 6, newest.id)  # newest by time
    assert target.last_post_at == newest.created_at
    assert (thread.merged_into_id, thread.post_count) == (target.id, 0)
    assert (category.thread_count, category.post_count) == (0, 0)
    assert (other_category.thread_count, other_category.post_count) == (1, 7)


def test_a_merged_thread_leaves_lists_feeds_and_search_titles(app, moderator, thread, target):
    opening = db.session.execute(db.select(Post).where(Post.thread_id == thread.id, Post.number == 1)).scalar()
    assert opening.id in found("Laskar")  # the title, indexed with the opening post
    threadtools.merge_thread(moderator, thread, str(target.id))
    guest = app.test_client()
    for url in ("/forum/c/diskusi-buku", "/forum/c/diskusi-buku/feed.xml", "/feed.xml", "/"):
        assert "Laskar Pelangi" not in guest.get(url).get_data(as_text=True), url
    assert opening.id not in found("Laskar")  # now a reply: it no longer carries the old title
    assert opening.id in found("Lintang")
    results = guest.get("/search?q=Lintang").get_data(as_text=True)
    assert "Novel Andrea Hirata" in results and f"/forum/t/{target.id}#p{opening.id}" in results


def test_a_merge_moves_watches_without_duplicates_and_tells_the_authors(moderator, member, siti, make_user, thread,
                                                                        target):
    ani = make_user("ani")
    actions.toggle_watch(ani, thread)
    threadtools.merge_thread(moderator, thread, str(target.id))
    watchers = db.session.execute(db.select(Watch.user_id).where(Watch.thread_id == target.id)).scalars().all()
    assert sorted(watchers) == sorted([siti.id, member.id, ani.id])
    assert db.session.scalar(db.select(db.func.count(Watch.id)).where(Watch.thread_id == thread.id)) == 0
    told = db.session.execute(db.select(Notification.user_id).where(Notification.kind == "moderation")).scalars()
    assert sorted(told) == sorted([member.id, siti.id])
    assert "Laskar Pelangi → #%d Novel Andrea Hirata (5 posts)" % target.id in audited("thread.merge")[0].details


def test_later_merges_keep_old_links_pointing_at_the_posts(client, moderator, category, member, thread, target):
    third = actions.create_thread(member, category, "Kumpulan novel Indonesia", "Daftar")
    threadtools.merge_thread(moderator, thread, str(target.id))
    threadtools.merge_thread(moderator, target, f"http://localhost/forum/t/{third.id}-kumpulan?page=2#p3")
    assert client.get(f"/forum/t/{thread.id}").headers["Location"] == f"/forum/t/{third.id}"
    assert third.post_count == 8 and category.thread_count == 1 and category.post_count == 8


@pytest.mark.parametrize("typed, message, params", [
    ("", "Type the number of a thread or its link, for example 123 or /forum/t/123.", {}),
    ("thread saja", "Type the number of a thread or its link, for example 123 or /forum/t/123.", {}),
    ("/forum/c/diskusi-buku", "Type the number of a thread or its link, for example 123 or /forum/t/123.", {}),
    ("9999", "There is no thread number %(id)d.", {"id": 9999}),
    ("SELF", "A thread cannot be merged into itself.", {}),
])
def test_a_bad_merge_is_explained_and_changes_nothing(login, moderator, thread, target, typed, message, params):
    typed = str(thread.id) if typed == "SELF" else typed
    response = login(moderator).submit(f"/forum/t/{thread.id}/merge", {"target": typed, "confirm": "y"},
                                       follow_redirects=True)
    assert says(response, message, **params)
    assert thread.merged_into_id is None and len(posts_of(thread)) == 5 and audited("thread.merge") == []


def test_a_merge_needs_its_confirmation_and_a_live_target(login, moderator, member, category, thread, target):
    client = login(moderator)
    response = client.submit(f"/forum/t/{thread.id}/merge", {"target": str(target.id)}, follow_redirects=True)
    assert says(response, "Tick the box to confirm the merge: it cannot be undone.")
    stub = actions.create_thread(member, category, "Sudah digabung", "Isi")
    threadtools.merge_thread(moderator, stub, str(target.id))
    response = client.submit(f"/forum/t/{thread.id}/merge", {"target": str(stub.id), "confirm": "y"},
                             follow_redirects=True)
    assert says(response, "Thread %(id)d has itself been merged into thread %(other)d: merge into that one.",
                id=stub.id, other=target.id)
    assert thread.merged_into_id is None and target.post_count == 3
    already_merged = re.escape(translated("This thread has been merged into another one."))
    with pytest.raises(ActionError, match=already_merged):
        threadtools.merge_thread(moderator, stub, str(thread.id))
    with pytest.raises(ActionError, match=already_merged):
        actions.reply(moderator, stub, "Balasan ke arsip")


# Splitting

def reply_ids(thread, *numbers) -> list[str]:
    return [str(post_id) for post_id in db.session.execute(db.select(Post.id).where(
        Post.thread_id == thread.id, Post.number.in_(numbers)).order_by(Post.number)).scalars()]


def test_split_mode_shows_boxes_to_moderators_only_and_costs_no_more_queries(app, login, moderator, thread):
    client = login(moderator)
    client.get(f"/forum/t/{thread.id}")  # the first visit also marks the page read: compare later visits
    plain = count_queries(app, client, f"/forum/t/{thread.id}")
    page = client.get(f"/forum/t/{thread.id}?split=1").get_data(as_text=True)
    assert page.count('name="posts"') == 4 and 'form="split-form"' in page and 'id="split-form"' in page
    assert count_queries(app, client, f"/forum/t/{thread.id}?split=1") == plain
    for number in range(20):
        actions.reply(moderator, thread, f"Tambahan {number}")
    client.get(f"/forum/t/{thread.id}")  # marks the longer page read, as above
    assert count_queries(app, client, f"/forum/t/{thread.id}?split=1") == plain


def test_a_split_moves_the_chosen_replies_into_a_new_thread(app, login, moderator, member, siti, thread, category,
                                                            other_category):
    moved = reply_ids(thread, 3, 4)
    response = login(moderator).submit(f"/forum/t/{thread.id}/split", {
        "posts": moved, "title": "Tentang  Lintang", "category": str(other_category.id), "page": "1"})
    new = db.session.execute(db.select(Thread).where(Thread.title == "Tentang Lintang")).scalar_one()
    assert response.headers["Location"] == f"/forum/t/{new.id}-tentang-lintang"
    assert posts_of(new) == [(1, "Balasan nomor 3"), (2, "Balasan nomor 4")]
    assert posts_of(thread) == [(1, "Bagian favorit saya: Lintang."), (2, "Balasan nomor 2"), (5, "Balasan nomor 5")]
    assert (new.author_id, new.category_id, new.post_count, new.reply_count) == (member.id, other_category.id, 2, 1)
    assert (thread.post_count, thread.reply_count) == (5, 2)  # numbers go on from #5; two replies left
    assert new.last_post_id == int(moved[1])
    assert (category.thread_count, category.post_count, other_category.thread_count,
            other_category.post_count) == (1, 3, 1, 2)
    assert int(moved[0]) in found("Tentang Lintang")  # the new opening post carries the new title
    page = app.test_client().get(f"/forum/t/{thread.id}").get_data(as_text=True)
    assert "Balasan nomor 3" not in page and "#5" in page
    assert app.test_client().get(f"/forum/p/{moved[1]}").headers["Location"] == f"/forum/t/{new.id}#p{moved[1]}"
    told = db.session.execute(db.select(Notification.user_id).where(Notification.kind == "moderation")).scalars()
    assert sorted(told) == sorted([member.id, siti.id])
    assert audited("thread.split")[0].details == f"2 posts → #{new.id} Tentang Lintang"
    reply = actions.reply(siti, thread, "Lanjut")
    assert reply.number == 6


def test_a_split_thread_moves_between_categories_with_the_right_counts(moderator, thread, category, other_category):
    threadtools.split_thread(moderator, thread, [int(i) for i in reply_ids(thread, 2, 3)], "Dua balasan",
                             category)
    actions.moderate_thread(moderator, thread, "move", category=other_category)
    assert (category.post_count, other_category.post_count) == (2, 3)


def test_pages_keep_their_number_ranges_after_a_split(app, client, moderator, siti, thread):
    for number in range(6, 46):
        actions.reply(siti, thread, f"Balasan nomor {number}")
    threadtools.split_thread(moderator, thread, [int(i) for i in reply_ids(thread, *range(21, 41))],
                             "Halaman dua", thread.category)
    assert thread.page_count == 3
    second = client.get(f"/forum/t/{thread.id}?page=2")
    assert says(second, "The posts that were here have been moved to another thread.")
    third = client.get(f"/forum/t/{thread.id}?page=3").get_data(as_text=True)
    assert "Balasan nomor 41" in third and "Balasan nomor 45" in third
    threadtools.split_thread(moderator, thread, [int(i) for i in reply_ids(thread, *range(41, 46))],
                             "Ekor utas", thread.category)
    assert thread.page_count == 1 and thread.reply_count == 19  # the empty last pages are gone
    assert client.get(f"/forum/t/{thread.id}?page=2").status_code == 404
    assert actions.reply(siti, thread, "Baru").number == 21  # numbers free again in this thread


@pytest.mark.parametrize("fields, message", [
    ({"posts": []}, "Choose at least one reply to move."),
    ({"posts": "OPENING"}, "The opening post cannot be split off: it is what starts this thread."),
    ({"posts": "ELSEWHERE"}, "Some of the chosen posts are not in this thread any more."),
    ({"posts": "DELETED"}, "Deleted posts cannot be moved."),
    ({"title": "Hai"}, "A title has 5 to 150 characters."),
    ({"category": "999"}, "Choose a category for the new thread."),
])
def test_a_bad_split_is_explained_and_changes_nothing(login, moderator, thread, target, fields, message):
    special = {"OPENING": reply_ids(thread, 1, 3), "ELSEWHERE": reply_ids(target, 2)}
    if fields.get("posts") == "DELETED":
        post = db.session.get(Post, int(reply_ids(thread, 4)[0]))
        actions.delete_post(moderator, post)
        special["DELETED"] = reply_ids(thread, 4)
    form = {"posts": reply_ids(thread, 3), "title": "Tentang Lintang", "category": str(thread.category_id),
            "page": "1", **fields}
    form["posts"] = special.get(form["posts"], form["posts"]) if isinstance(form["posts"], str) else form["posts"]
    response = login(moderator).submit(f"/forum/t/{thread.id}/split", form)
    assert response.status_code == 400 and says(response, message.replace("5 to 150", "%(low)d to %(high)d"),
                                                 low=5, high=150)
    page = response.get_data(as_text=True)
    assert 'id="split-form"' in page and 'value="%s"' % form["title"] in page  # the form comes back filled in
    assert db.session.scalar(db.select(db.func.count(Thread.id))) == 2
    assert [number for number, _ in posts_of(thread)] == [1, 2, 3, 4, 5] and audited("thread.split") == []


def test_a_kept_selection_is_ticked_again_after_a_mistake(login, moderator, thread):
    chosen = reply_ids(thread, 2, 4)
    response = login(moderator).submit(f"/forum/t/{thread.id}/split", {
        "posts": chosen, "title": "", "category": str(thread.category_id), "page": "1"})
    page = response.get_data(as_text=True)
    assert all(f'value="{post_id}" form="split-form" checked' in page for post_id in chosen)
    assert f'value="{reply_ids(thread, 3)[0]}" form="split-form">' in page


def test_category_counts_stay_right_across_tools(moderator, thread, target, category):
    threadtools.split_thread(moderator, thread, [int(i) for i in reply_ids(thread, 5)], "Balasan kelima", category)
    threadtools.merge_thread(moderator, thread, str(target.id))
    stored = db.session.execute(db.select(db.func.count(Post.id)).join(Thread).where(
        Thread.category_id == category.id)).scalar()
    live = db.session.execute(db.select(db.func.count(Thread.id)).where(
        Thread.category_id == category.id, Thread.merged_into_id.is_(None))).scalar()
    db.session.refresh(category)
    assert (category.post_count, category.thread_count) == (stored, live) == (7, 2)
    assert db.session.get(Category, category.id).post_count == 7
