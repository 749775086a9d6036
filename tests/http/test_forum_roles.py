"""Every forum action against every role: the server allows exactly the roles it should, and a refused
request changes nothing at all (the forum's state is compared before and after)."""
from datetime import timedelta

import pytest

from core.audit import AuditEntry
from core.notifications import Notification
from core.timeutil import utcnow
from extensions import db
from forum import actions, polls
from forum.models import Bookmark, Category, Flag, Poll, PollVote, Post, Reaction, Thread, Watch

ROLES = ["guest", "member", "read-only member", "host", "moderator", "admin"]
MEMBERS = {"member", "host", "moderator", "admin"}
STAFF = {"moderator", "admin"}


def state() -> tuple:
    """Everything an action could change, in one comparable value."""
    def rows(model, *columns):
        return db.session.execute(db.select(*columns).order_by(model.id)).all()
    return (rows(Thread, Thread.id, Thread.title, Thread.locked, Thread.pinned, Thread.pinned_globally,
                 Thread.closes_at, Thread.merged_into_id, Thread.category_id, Thread.post_count, Thread.deleted_at),
            rows(Post, Post.id, Post.thread_id, Post.number, Post.body_md, Post.hidden_at, Post.deleted_at,
                 Post.pending_at),
            rows(Category, Category.id, Category.name, Category.who_starts),
            rows(Reaction, Reaction.id), rows(Flag, Flag.id, Flag.resolved_at), rows(Bookmark, Bookmark.id),
            rows(Watch, Watch.id), rows(AuditEntry, AuditEntry.id), rows(Poll, Poll.id, Poll.closed_at),
            rows(PollVote, PollVote.id, PollVote.option_id))


@pytest.fixture
def forum(admin, moderator, make_user):
    """A thread by siti with a poll, a reply by siti (edited), a flagged one, a hidden one and one awaiting approval."""
    category = actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                     colour="#0f6b5c", position=0, who_starts="members")
    actions.save_category(admin, None, name="Arsip", slug="arsip", description="", colour="#0f6b5c", position=1,
                          who_starts="members")
    siti = make_user("siti")
    thread = actions.create_thread(siti, category, "Laskar Pelangi", "Siapa tokoh favorit kalian?",
                                   poll=polls.draft(siti, "Tokoh favorit?", "Lintang\nMahar", False))
    other = actions.create_thread(siti, category, "Sang Pemimpi", "Lanjutan Laskar Pelangi.")
    reply = actions.reply(siti, thread, "Saya suka Lintang.")
    actions.edit_post(siti, reply, "Saya suka Lintang dan Mahar.")
    flagged = actions.reply(siti, thread, "Promo pinjol di sini")
    actions.flag_post(make_user("ani"), flagged, "spam", "")
    hidden = actions.reply(siti, thread, "Ini disembunyikan")
    hidden.hidden_at = utcnow()
    pending = actions.reply(siti, thread, "Menunggu persetujuan")
    pending.pending_at = utcnow()
    db.session.commit()
    return {"thread": thread.id, "other": other.id, "reply": reply.id, "flagged": flagged.id, "hidden": hidden.id,
            "pending": pending.id, "category": category.id, "option": thread_option(thread)}


def thread_option(thread) -> int:
    return db.session.execute(db.select(Poll).where(Poll.thread_id == thread.id)).scalar_one().options[0].id


ACTIONS = [
    # (name, method, url, form data, roles allowed)
    ("start a thread", "POST", "/forum/c/diskusi-buku/new", {"title": "Judul baru", "body": "Isi baru"},
     MEMBERS),
    ("reply", "POST", "/forum/t/{thread}/reply", {"body": "Balasan baru"}, MEMBERS),
    ("edit another's post", "POST", "/forum/p/{reply}/edit", {"body": "Diubah orang lain"}, STAFF),
    ("delete another's post", "POST", "/forum/p/{reply}/delete", {}, STAFF),
    ("react", "POST", "/forum/p/{reply}/react", {"kind": "like"}, MEMBERS),
    ("flag", "POST", "/forum/p/{reply}/flag", {"reason": "spam", "text": ""}, MEMBERS),
    ("bookmark", "POST", "/forum/p/{reply}/bookmark", {}, MEMBERS | {"read-only member"}),
    ("watch a thread", "POST", "/forum/t/{thread}/watch", {}, MEMBERS | {"read-only member"}),
    ("vote in a poll", "POST", "/forum/t/{thread}/poll/vote", {"option": "{option}"}, MEMBERS),
    ("close another's poll", "POST", "/forum/t/{thread}/poll/close", {}, STAFF),
    ("add a poll to another's thread", "POST", "/forum/t/{other}/poll",
     {"poll_question": "Lanjut?", "poll_options": "Ya\nTidak", "poll_multiple": "single"}, STAFF),
    ("react to a hidden post", "POST", "/forum/p/{hidden}/react", {"kind": "like"}, STAFF),
    ("lock", "POST", "/forum/t/{thread}/moderate", {"action": "lock", "title": "", "category": "", "slow_mode": "0"},
     STAFF),
    ("pin", "POST", "/forum/t/{thread}/moderate", {"action": "pin", "title": "", "category": "", "slow_mode": "0"},
     STAFF),
    ("rename", "POST", "/forum/t/{thread}/moderate",
     {"action": "rename", "title": "Judul yang baru", "category": "", "slow_mode": "0"}, STAFF),
    ("pin globally", "POST", "/forum/t/{thread}/global-pin", {"pinned": "1"}, STAFF),
    ("close after a date", "POST", "/forum/t/{thread}/close-date",
     {"closes_at": (utcnow() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")}, STAFF),
    ("merge", "POST", "/forum/t/{other}/merge", {"target": "{thread}", "confirm": "y"}, STAFF),
    ("split", "POST", "/forum/t/{thread}/split",
     {"posts": "{reply}", "title": "Tentang Lintang", "category": "{category}", "page": "1"}, STAFF),
    ("hide from the flag queue", "POST", "/admin/flags/{flagged}", {"outcome": "hide"}, STAFF),
    ("approve a held post", "POST", "/admin/approvals/{pending}", {"decision": "approve"}, STAFF),
    ("add a watched word", "POST", "/admin/watched-words", {"word": "judi", "action": "block"}, STAFF),
    ("add a category", "POST", "/admin/categories/",
     {"name": "Baru", "slug": "baru", "description": "", "colour": "#0f6b5c", "position": "2",
      "who_starts": "members"}, {"admin"}),
]
PAGES = [
    # (name, url, roles that may open it)
    ("the flag queue", "/admin/flags", STAFF),
    ("the approval queue", "/admin/approvals", STAFF),
    ("watched words", "/admin/watched-words", STAFF),
    ("the audit log", "/admin/audit", STAFF),
    ("a hidden post's history", "/forum/p/{hidden}/history", STAFF),
    ("another's post's history", "/forum/p/{reply}/history", STAFF),
    ("categories", "/admin/categories/", {"admin"}),
]


def client_for(app, make_user, role):
    client = app.test_client()
    if role == "guest":
        return client
    user = make_user("as." + role.split()[0].replace("-", ""), "member" if role.endswith("member") else role)
    if role == "read-only member":
        user.silenced_until, user.silence_reason = utcnow() + timedelta(days=1), "Uji"
        db.session.commit()
    assert client.login(user).status_code == 302
    return client


def filled(value, ids):
    return value.format(**ids) if isinstance(value, str) else value


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, method, url, data, allowed", ACTIONS, ids=[row[0] for row in ACTIONS])
def test_each_role_may_do_exactly_what_it_should(app, make_user, forum, role, name, method, url, data, allowed):
    client = client_for(app, make_user, role)
    before = state()
    response = client.submit(filled(url, forum), {key: filled(value, forum) for key, value in data.items()})
    after = state()
    if role in allowed:
        assert response.status_code in (200, 302) and after != before, (name, role, response.status_code)
    else:
        assert after == before, (name, role)
        if role == "guest":
            assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")
        else:
            assert response.status_code in (302, 400, 403, 404), (name, role, response.status_code)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, url, allowed", PAGES, ids=[row[0] for row in PAGES])
def test_each_role_sees_exactly_the_pages_it_should(app, make_user, forum, role, name, url, allowed):
    response = client_for(app, make_user, role).get(filled(url, forum))
    if role in allowed:
        assert response.status_code == 200
    elif role == "guest" and url.startswith("/admin"):
        assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")
    else:
        assert response.status_code in (403, 404)


def test_nobody_but_staff_and_the_author_finds_hidden_or_held_posts(app, make_user, forum):
    for role in ROLES:
        page = client_for(app, make_user, role).get(f"/forum/t/{forum['thread']}").get_data(as_text=True)
        assert ("Ini disembunyikan" in page) == (role in STAFF), role
        assert ("Menunggu persetujuan" in page) == (role in STAFF), role
    assert db.session.scalar(db.select(db.func.count(Notification.id))) >= 0
