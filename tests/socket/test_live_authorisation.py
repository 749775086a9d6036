"""Every socket event asks the database who is speaking: what happens to an account elsewhere (signing
out, a ban, a suspension, being made read-only) takes effect on a live-room socket that is already open."""
from datetime import timedelta

import pytest
import socketio

from accounts import actions as accounts
from core.timeutil import utcnow
from extensions import db
from tests.socket.live_client import LiveClient, refused, session_cookie
from tests.socket.test_live_chat import say, stored_bodies


def sign_out_everywhere(moderator, user):
    user.end_all_sessions()
    db.session.commit()


def ban(moderator, user):
    accounts.ban(moderator, user, "Spam")


def suspend(moderator, user):
    accounts.suspend(moderator, user, utcnow() + timedelta(days=3), "Kasar")


@pytest.mark.parametrize("what_happens", [sign_out_everywhere, ban, suspend])
def test_an_open_socket_is_closed_when_the_account_loses_its_sessions(room, app, live_server, event, member,
                                                                       moderator, make_user, what_happens):
    cookie = session_cookie(app, member)
    budi = LiveClient(live_server, cookie)
    room.clients.append(budi)
    budi.join(event.id)
    assert say(budi, event, "Sebelum", "before")["ok"]
    what_happens(moderator, member)
    budi.wait_until_disconnected()
    siti = room.client(make_user("siti"))
    siti.join(event.id)
    assert say(siti, event, "Budi tidak mendengar ini", "siti")["ok"]
    assert [message["html"] for message in budi.heard["chat"]] == ["Sebelum"]
    again = LiveClient(live_server, cookie)  # the page reconnects: as a guest now
    room.clients.append(again)
    again.join(event.id)
    assert say(again, event, "Sesudah", "after") == refused("Sign in to take part in the chat.")
    assert stored_bodies(event) == ["Sebelum", "Budi tidak mendengar ini"]


def test_signing_out_in_the_browser_closes_its_open_socket(room, app, live_server, event, member):
    cookie = session_cookie(app, member)
    budi = LiveClient(live_server, cookie)
    room.clients.append(budi)
    budi.join(event.id)
    browser = app.test_client()
    browser.set_cookie("session", cookie.partition("=")[2])
    browser.submit("/auth/logout")
    budi.wait_until_disconnected()


def test_a_member_made_read_only_is_told_why_on_an_open_socket(room, event, member, moderator):
    budi = room.client(member)
    budi.join(event.id)
    accounts.silence(moderator, member, utcnow() + timedelta(days=1), "Tenangkan diri")
    answer = say(budi, event, "Halo", "s")
    assert answer["ok"] is False and "Tenangkan diri" in answer["error"]
    assert stored_bodies(event) == []


def test_sockets_from_other_sites_are_refused(live_server):
    with pytest.raises(socketio.exceptions.ConnectionError):
        LiveClient(live_server, headers={"Origin": "https://situs-lain.example"})


def test_sockets_from_the_site_itself_are_welcome(live_server, room, event):
    client = LiveClient(live_server, headers={"Origin": live_server})
    room.clients.append(client)
    assert client.join(event.id)["ok"]
