"""The live room's page, and what the live session leaves on the event page afterwards."""
from events import actions, live, polls
from tests.conftest import says
from tests.event_factory import new_event


def chat(member, event, *bodies):
    for number, body in enumerate(bodies):
        live.send_message(member, event, body, f"http-{number}")


def test_a_guest_reads_the_chat_so_far_and_is_invited_to_sign_in(client, host, member):
    event = new_event(host)
    chat(member, event, "Halo **semua**")
    page = client.get(f"/events/{event.id}/live")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'role="log" aria-live="polite"' in html and "Halo <strong>semua</strong>" in html
    assert says(page, "Sign in to chat") and 'id="live-form"' not in html
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in html and "js/live.js" in html
    assert 'id="host-pause"' not in html
    # A guest watches live: the page loads the socket client (which guests' other pages go without).
    assert "vendor/socket.io.min.js" in html and "js/socket.js" in html
    assert "socket.io" not in client.get("/forum/").get_data(as_text=True)


def test_members_get_the_send_form_and_hosts_their_controls(client, login, host, member):
    event = new_event(host)
    login(member)
    html = client.get(f"/events/{event.id}/live").get_data(as_text=True)
    assert 'id="live-form"' in html and 'id="host-pause"' not in html
    client.submit("/auth/logout")
    login(host)
    page = client.get(f"/events/{event.id}/live")
    assert 'id="host-pause"' in page.get_data(as_text=True) and says(page, "End the live session")


def test_a_cancelled_event_has_no_live_room(client, host):
    event = new_event(host)
    actions.delete_event(host, event)
    assert client.get(f"/events/{event.id}/live").status_code == 404


def test_after_the_session_the_event_page_keeps_the_transcript_and_the_poll_results(client, host, member):
    event = new_event(host)
    chat(member, event, "Pertanyaan *bagus*", "Terima kasih")
    poll = polls.open_poll(host, event, "Suka bukunya?", ["Ya", "Tidak"])
    polls.vote(member, event, poll.id, poll.options[0].id)
    before = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Pertanyaan <em>bagus</em>" not in before, "during the session the chat lives in the live room"
    live.end_session(host, event)
    page = client.get(f"/events/{event.id}")
    html = page.get_data(as_text=True)
    assert says(page, "Chat transcript") and "Pertanyaan <em>bagus</em>" in html and "Terima kasih" in html
    assert "Suka bukunya?" in html and '<progress max="1" value="1"' in html


def test_a_members_page_without_live_updates_loads_the_socket_client_only_when_idle(login, member, host):
    client = login(member)
    home = client.get("/").get_data(as_text=True)
    assert '<script src="/static/vendor/socket.io.min.js"' not in home  # not with the page (issue 17)
    assert 'data-socketio="/static/vendor/socket.io.min.js"' in home  # the bell's script loads it when idle
    live = client.get(f"/events/{new_event(host).id}/live").get_data(as_text=True)
    assert '<script src="/static/vendor/socket.io.min.js"' in live
