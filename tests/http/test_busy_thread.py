"""A thread many members watch: a reply costs the same few queries whether 3 or 60 watch it, and their
live unread counts are counted together, after the commit, outside the request."""
import threading

import pytest
from flask import g

from core import notifications
from core.notifications import Notification
from extensions import db
from forum import actions
from forum.models import Watch
from groups import actions as group_actions
from tests.group_helpers import add_member, make_group
from tests.statements import Statements


@pytest.fixture
def category(admin):
    return actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                 colour="#0f6b5c", position=0, who_starts="members")


def watched_by(thread, users):
    for user in users:
        db.session.add(Watch(thread_id=thread.id, user_id=user.id))
    db.session.commit()


def reply_cost(thread, author) -> int:
    db.session.expire_all()  # as in a request: nothing loaded yet,
    g.pop("library", None)  # not even the library's profile (it says whether unconfirmed members may post)
    with Statements() as statements:
        actions.reply(author, thread, "Saya setuju dengan pendapat di atas.")
    return statements.count


def test_a_reply_costs_the_same_queries_for_3_or_60_watchers(member, make_user, category):
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Siapa tokoh favorit?")
    watchers = [make_user(f"pembaca{number}") for number in range(60)]
    watched_by(thread, watchers[:3])
    few = reply_cost(thread, make_user("siti"))
    watched_by(thread, watchers[3:])
    many = reply_cost(thread, make_user("joko"))
    assert many == few
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 4 + 62  # budi + 3, then all but joko


def test_a_private_groups_reply_costs_the_same_queries_for_3_or_60_watchers(host, make_user):
    group = make_group(host, visibility="private")
    thread = actions.create_thread(host, group_actions.group_category(group), "Bab satu", "Apa pendapatmu?")
    readers = [make_user(f"pembaca{number}") for number in range(60)]
    for reader in readers:
        add_member(group, reader)
    watched_by(thread, readers[:3])
    few = reply_cost(thread, readers[0])
    outsider = make_user("mantan")
    watched_by(thread, readers[3:] + [outsider])  # not a member of the group: may not hear of it
    many = reply_cost(thread, readers[1])
    assert many == few
    assert notifications.unread_count(readers[-1].id) == 1
    assert notifications.unread_count(outsider.id) == 0


def test_unread_counts_are_pushed_after_the_reply_in_one_grouped_count(app, member, make_user, category, monkeypatch):
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Siapa tokoh favorit?")
    watchers = [make_user(f"pembaca{number}") for number in range(20)]
    watched_by(thread, watchers)
    pushed, done = {}, threading.Event()

    def heard(name, payload, to, namespace):
        pushed[to] = payload["unread"]
        if len(pushed) == 21:
            done.set()
    monkeypatch.setattr(notifications.socketio, "emit", heard)
    with Statements(every_thread=True) as statements:
        actions.reply(make_user("siti"), thread, "Balasan pertama")
        assert done.wait(10), f"only {len(pushed)} counts pushed"
    assert pushed == {notifications.room(user.id): 1 for user in [member, *watchers]}
    assert statements.count < 20  # the reply's own statements and one grouped count, not one per watcher


def test_the_bell_says_99_plus_and_counting_stops_at_100(app, login, member, make_user, category):
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Siapa tokoh favorit?")
    siti = make_user("siti")
    notifications.notify({member.id: "reply"}, siti)
    db.session.commit()
    assert notifications.unread_counts([member.id, siti.id]) == {member.id: 1, siti.id: 0}
    db.session.execute(db.insert(Notification.__table__), [
        {"user_id": member.id, "kind": "reply", "actor_id": siti.id, "created_at": thread.created_at, "message": ""}
        for _ in range(150)])
    db.session.commit()
    assert notifications.unread_count(member.id) == 100
    assert notifications.unread_counts([member.id]) == {member.id: 100}
    assert '<span class="bell-count" data-unread="100">99+</span>' in login(member).get("/").get_data(as_text=True)
