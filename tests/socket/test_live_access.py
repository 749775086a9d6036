"""Who may be in a live room, checked on every event: a socket acts in a room only after joining it, and
a member who loses access (signed out, banned, a new password, removed from a private group) loses their
open sockets at once, in every server process. And one socket cannot keep a worker busy."""
import threading

from accounts import actions as accounts
from events import actions as events
from events.models import ChatMessage, EventHost
from extensions import db
from groups import actions as groups
from tests.conftest import PASSWORD
from tests.faults.browser import Browser
from tests.http.test_forum import category  # noqa: F401  (fixture)
from tests.http.test_group_privacy import secret  # noqa: F401  (fixture)
from tests.socket.live_client import NAMESPACE, NOT_IN_ROOM, LiveClient, refused, session_cookie
from tests.socket.test_live_chat import say, stored_bodies
from tests.socket.test_live_scale import servers  # noqa: F401  (fixture)
from tests.statements import Statements

GONE = "This event does not exist or has been cancelled."


def test_a_socket_acts_in_a_room_only_after_joining_it(room, event, host, member):
    sari, budi = room.client(host), room.client(member)
    sari.join(event.id)
    poll = sari.call("poll_open", {"event_id": event.id, "question": "Lanjut?", "options": ["Ya", "Tidak"]})["poll"]
    question = sari.call("ask", {"event_id": event.id, "body": "Siapa penulisnya?"})["question"]
    for name, payload in [("chat", {"body": "Diam-diam", "client_id": "x"}), ("ask", {"body": "Diam-diam?"}),
                          ("upvote", {"question_id": question["id"]}), ("resume", {"after_id": 0}),
                          ("poll_vote", {"poll_id": poll["id"], "option_id": poll["options"][0]["id"]})]:
        assert budi.call(name, {"event_id": event.id, **payload}) == refused(NOT_IN_ROOM), name
    assert stored_bodies(event) == []
    budi.join(event.id)
    assert say(budi, event, "Sekarang boleh", "y")["ok"]


def test_a_new_password_closes_the_members_open_sockets(room, app, live_server, event, member):
    budi = LiveClient(live_server, session_cookie(app, member))
    room.clients.append(budi)
    budi.join(event.id)
    accounts.change_password(member, PASSWORD, "kata-sandi-baru-yang-panjang")
    budi.wait_until_disconnected()


def test_a_member_removed_from_a_private_group_leaves_its_room_and_cannot_join_again(room, app, live_server, secret,
                                                                                    member, host, make_user):
    event, cookie = secret["event"], session_cookie(app, member)
    budi = LiveClient(live_server, cookie)
    room.clients.append(budi)
    budi.join(event.id)
    groups.leave(member, secret["group"])
    budi.wait_until_disconnected()
    sari = room.client(host)
    sari.join(event.id)
    assert say(sari, event, "Hanya untuk anggota", "s1")["ok"]
    assert budi.heard["chat"] == []
    again = LiveClient(live_server, cookie)  # the page reconnects
    room.clients.append(again)
    assert again.call("join", {"event_id": event.id}) == refused(GONE)


def test_signing_out_on_one_process_closes_the_socket_on_another(app, servers, clients, event, member):
    first, second = servers(), servers()
    browser = Browser(first.url)
    assert browser.sign_in("budi") == 302
    budi = LiveClient(second.url, browser.cookie_header())
    clients.append(budi)
    budi.join(event.id)
    assert browser.submit("/auth/logout", {}) == 302
    budi.wait_until_disconnected()


def test_an_admin_made_a_member_leaves_the_hosts_room(room, app, live_server, event, admin, make_user):
    ratna = LiveClient(live_server, session_cookie(app, admin))
    room.clients.append(ratna)
    assert "muted_members" in ratna.join(event.id), "an admin hosts every live room"
    accounts.set_role(make_user("dewi", "admin"), admin, "member")
    ratna.wait_until_disconnected()
    again = room.client(admin)
    assert again.join(event.id)["you"]["host"] is False


def test_a_co_host_taken_off_the_event_leaves_the_hosts_room(room, app, live_server, event, host, make_user):
    ani = make_user("ani")
    event.hosts.append(EventHost(user_id=ani.id, role="cohost"))
    db.session.commit()
    cohost = LiveClient(live_server, session_cookie(app, ani))
    room.clients.append(cohost)
    assert cohost.join(event.id)["you"]["host"]
    events.edit_event(host, event, events.EventDetails(
        title=event.title, kind=event.kind, description=event.description_md, mode=event.mode,
        stream_url=event.stream_url, starts_at=event.starts_at, ends_at=event.ends_at, hosts=[host.username],
        cohosts=[]))
    cohost.wait_until_disconnected()


def test_a_group_made_private_closes_its_event_rooms_to_others(room, app, live_server, secret, host, member):
    group, event = secret["group"], secret["event"]
    group.visibility = "public"
    db.session.commit()
    guest, budi = room.client(), room.client(member)
    guest.join(event.id)
    budi.join(event.id)
    groups.edit_group(host, group, groups.GroupDetails(name=group.name, description=group.description_md,
                                                       visibility="private"))
    guest.wait_until_disconnected()
    assert room.client().call("join", {"event_id": event.id}) == refused(GONE)
    budi.wait_until_disconnected()
    assert room.client(member).join(event.id), "a member of the group is back in as soon as the page reconnects"


# -- one socket cannot keep a worker busy -------------------------------------------------------------

def flood(client, event, count: int, wave: int = 10) -> list[dict]:
    """Sends `count` chat messages, `wave` at a time without waiting for their answers (python-socketio's
    long-polling client stalls with more in flight); returns every answer."""
    answers, answered = [], threading.Condition()

    def heard(answer):
        with answered:
            answers.append(answer)
            answered.notify_all()
    for start in range(0, count, wave):
        for number in range(start, min(start + wave, count)):
            client.sio.emit("chat", {"event_id": event.id, "body": f"Banjir {number}", "client_id": f"f{number}"},
                            namespace=NAMESPACE, callback=heard)
        with answered:
            assert answered.wait_for(lambda: len(answers) >= min(start + wave, count), 30), "a wave went unanswered"
    return answers


def test_a_flood_from_one_socket_is_refused_before_any_query(room, event, member):
    budi = room.client(member)
    budi.join(event.id)
    with Statements(every_thread=True) as statements:
        answers = flood(budi, event, 300)
    too_quick = refused("You are sending too quickly. Wait a moment, then try again.")
    refused_at_once = sum(answer == too_quick for answer in answers)
    assert refused_at_once > 150
    # a message let through costs about 18 statements (the member, the event, the room, the limits...);
    # one refused at once, none
    assert statements.count < 25 * (len(answers) - refused_at_once)
    assert sum(answer["ok"] for answer in answers) == 5  # the chat's own limit: 5 in 10 seconds
    assert db.session.scalar(db.select(db.func.count(ChatMessage.id))) == 5


def test_unknown_events_and_oversized_payloads_are_answered(room, event, member):
    budi = room.client(member)
    budi.join(event.id)
    assert budi.call("no_such_thing", {"event_id": event.id}) == refused("That request was not understood.")
    assert budi.call("chat", {"event_id": event.id, "body": "x" * 100_000, "client_id": "big"}) == \
        refused("That is too long to send.")
    assert budi.call("chat", {"event_id": event.id, "body": [[[[[["dalam"]]]]]], "client_id": "deep"}) == \
        refused("That is too long to send.")
    assert stored_bodies(event) == []
