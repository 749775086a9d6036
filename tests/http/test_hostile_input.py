"""The bad input issue 12 found giving 500s, each now answered with a message or a 4xx and nothing
changed. (Every route and form is fuzzed in tests/fuzz/; socket payloads in tests/socket/.)"""
from events.models import Event
from extensions import db
from forum import actions
from forum.models import Post
from tests.conftest import says
from tests.event_factory import form
from tests.http.test_forum import category  # noqa: F401  (fixture)

HUGE = str(2**70)


def test_an_event_in_year_1_or_9999_is_refused_with_the_allowed_years(client, login, host):
    login(host)
    for starts, ends in (("0001-01-01T10:00", "0001-01-01T12:00"), ("9999-12-31T10:00", "9999-12-31T12:00")):
        response = client.submit("/events/new", form(starts_at=starts, ends_at=ends))
        assert response.status_code == 400
        assert says(response, "Choose a date from %(first)d to %(last)d.", first=2000, last=2100)
    assert db.session.scalar(db.select(db.func.count(Event.id))) == 0


def test_the_library_profile_posted_with_fields_missing_gets_the_form_back(client, login, admin):
    login(admin)
    response = client.submit("/admin/library", {})
    assert response.status_code == 400
    assert says(response, "Give both opening and closing times, or tick Closed.")


def test_nul_in_a_reply_is_dropped_and_the_reply_stored(client, login, member, category):
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Siapa tokoh favorit?")
    login(member)
    assert client.submit(f"/forum/t/{thread.id}/reply", {"body": "Ikal\x00 dan Lintang"}).status_code == 302
    assert db.session.scalars(db.select(Post.body_md).where(Post.number == 2)).one() == "Ikal dan Lintang"


def test_numbers_beyond_the_database_are_no_page_not_an_error(client, login, member, category):
    thread = actions.create_thread(member, category, "Laskar Pelangi", "Siapa tokoh favorit?")
    assert client.get(f"/forum/t/{HUGE}").status_code == 404
    assert client.get(f"/forum/t/{thread.id}?quote={HUGE}").status_code == 200
    login(member)
    assert client.get(f"/notifications?before={HUGE}").status_code == 200
    assert client.get(f"/forum/bookmarks?before={HUGE}").status_code == 200
    assert client.submit("/notifications", {"open": f"{HUGE} /"}).status_code == 302
