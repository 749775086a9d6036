"""Q&A and live polls in the live room, through the real python-socketio client."""
from core.audit import AuditEntry
from events.models import LivePollVote
from extensions import db
from tests.socket.live_client import refused


def ask(client, event, body):
    return client.call("ask", {"event_id": event.id, "body": body})


def test_members_ask_and_upvote_others_questions_once(room, event, host, member, make_user):
    budi, siti, sari = room.client(member), room.client(make_user("siti")), room.client(host)
    for client in (budi, siti, sari):
        client.join(event.id)
    asked = ask(budi, event, "Kapan buku *berikutnya* terbit?")
    assert asked["ok"] and asked["question"]["html"] == "Kapan buku <em>berikutnya</em> terbit?"
    question_id = asked["question"]["id"]
    assert siti.wait_for("question")["id"] == question_id
    assert budi.call("upvote", {"event_id": event.id, "question_id": question_id}) == refused(
        "You cannot vote for your own question.")
    assert siti.call("upvote", {"event_id": event.id, "question_id": question_id})["question"]["votes"] == 1
    assert siti.call("upvote", {"event_id": event.id, "question_id": question_id}) == refused(
        "You have already voted for this question.")
    assert budi.wait_for("question_updated")["votes"] == 1
    assert room.client().call("upvote", {"event_id": event.id, "question_id": question_id})["ok"] is False
    rejoined = room.client(make_user("siti2")).join(event.id)
    assert [(q["id"], q["votes"]) for q in rejoined["questions"]] == [(question_id, 1)]
    assert siti.join(event.id)["my_votes"] == [question_id]


def test_a_question_has_at_most_three_hundred_characters(room, event, member):
    budi = room.client(member)
    budi.join(event.id)
    assert ask(budi, event, "a" * 301) == refused(
        "A question can have at most %(count)d characters (this one has %(length)d).", count=300, length=301)
    assert ask(budi, event, "a" * 300)["ok"]


def test_with_approval_first_a_question_is_seen_by_hosts_and_its_asker_until_approved(room, event, host, member,
                                                                                       make_user):
    sari, budi, siti = room.client(host), room.client(member), room.client(make_user("siti"))
    for client in (sari, budi, siti):
        client.join(event.id)
    assert budi.call("question_approval", {"event_id": event.id, "on": True}) == refused(
        "Only the event's hosts can do that.")
    assert sari.call("question_approval", {"event_id": event.id, "on": True}) == {"ok": True}
    siti.wait_for("room_state", lambda state: state["approve_questions"])
    question = ask(budi, event, "Boleh minta tanda tangan?")["question"]
    assert question["approved"] is False
    assert sari.wait_for("question")["id"] == question["id"]
    assert budi.wait_for("question")["id"] == question["id"]
    assert room.client().join(event.id)["questions"] == []
    assert siti.call("upvote", {"event_id": event.id, "question_id": question["id"]}) == refused(
        "That question is no longer here.")
    assert siti.heard["question"] == []
    assert sari.call("approve", {"event_id": event.id, "question_id": question["id"]})["question"]["approved"]
    assert siti.wait_for("question")["id"] == question["id"]
    assert db.session.execute(db.select(AuditEntry.details).filter_by(action="event.question_approval")
                              ).scalars().all() == ["on"]


def test_hosts_highlight_the_question_being_answered_and_mark_it_answered(room, event, host, member):
    sari, budi = room.client(host), room.client(member)
    sari.join(event.id)
    budi.join(event.id)
    first = ask(budi, event, "Pertanyaan pertama")["question"]["id"]
    second = ask(budi, event, "Pertanyaan kedua")["question"]["id"]
    assert budi.call("highlight", {"event_id": event.id, "question_id": first})["ok"] is False
    assert sari.call("highlight", {"event_id": event.id, "question_id": first}) == {"ok": True}
    budi.wait_for("question_updated", lambda q: q["id"] == first and q["highlighted"])
    assert sari.call("highlight", {"event_id": event.id, "question_id": second}) == {"ok": True}
    budi.wait_for("question_updated", lambda q: q["id"] == first and not q["highlighted"])
    budi.wait_for("question_updated", lambda q: q["id"] == second and q["highlighted"])
    assert sari.call("answer", {"event_id": event.id, "question_id": second})["question"] == {
        **budi.wait_for("question_updated", lambda q: q["id"] == second and q["answered"]),
        "highlighted": False, "answered": True}
    assert budi.call("answer", {"event_id": event.id, "question_id": first})["ok"] is False


def open_poll(client, event, question="Buku apa berikutnya?", options=("Bumi Manusia", "Ronggeng Dukuh Paruk")):
    return client.call("poll_open", {"event_id": event.id, "question": question, "options": list(options)})


def test_a_live_poll_from_opening_to_results(room, client, event, host, member, make_user):
    sari, budi, siti = room.client(host), room.client(member), room.client(make_user("siti"))
    for each in (sari, budi, siti):
        each.join(event.id)
    assert open_poll(budi, event) == refused("Only the event's hosts can do that.")
    poll = open_poll(sari, event)["poll"]
    assert budi.wait_for("poll")["id"] == poll["id"] and poll["total"] == 0 and not poll["closed"]
    first, second = (option["id"] for option in poll["options"])
    vote = {"event_id": event.id, "poll_id": poll["id"], "option_id": first}
    assert budi.call("poll_vote", vote)["poll"]["options"][0]["votes"] == 1
    assert budi.call("poll_vote", {**vote, "option_id": second}) == refused("You have already voted in this poll.")
    guest = room.client()
    guest.join(event.id)
    assert guest.call("poll_vote", vote) == refused("Sign in to vote.")
    updated = siti.wait_for("poll_updated")
    assert [option["votes"] for option in updated["options"]] == [1, 0] and updated["total"] == 1
    assert siti.call("poll_vote", {**vote, "option_id": 9999}) == refused("Choose one of the poll's options.")
    assert open_poll(sari, event, "Yang lain?") == refused("Close the open poll before starting another.")
    assert sari.call("poll_close", {"event_id": event.id, "poll_id": poll["id"]})["poll"]["closed"]
    assert budi.wait_for("poll_updated", lambda data: data["closed"])["options"][0]["votes"] == 1
    assert siti.call("poll_vote", vote) == refused("This poll is closed.")
    assert db.session.scalar(db.select(db.func.count(LivePollVote.id))) == 1
    rejoined = budi.join(event.id)
    assert rejoined["my_poll_votes"] == {str(poll["id"]): first} and rejoined["polls"][0]["closed"]


def test_a_poll_has_two_to_six_options(room, event, host):
    sari = room.client(host)
    sari.join(event.id)
    too_few = refused("A poll has %(low)d to %(high)d options.", low=2, high=6)
    assert open_poll(sari, event, options=["Satu"]) == too_few
    assert open_poll(sari, event, options=[str(n) for n in range(7)]) == too_few
    assert open_poll(sari, event, options="Satu, Dua") == too_few
    assert open_poll(sari, event, question=" ") == refused("A poll question has 1 to %(most)d characters.", most=200)
    assert open_poll(sari, event, options=[str(n) for n in range(6)])["ok"]


def reject(client, event, question_id):
    return client.call("question_reject", {"event_id": event.id, "question_id": question_id})


def test_a_host_removes_a_question_for_everyone_and_members_cannot(room, event, host, member, make_user):
    sari, budi, siti = room.client(host), room.client(member), room.client(make_user("siti"))
    for client in (sari, budi, siti):
        client.join(event.id)
    spam = ask(siti, event, "Beli obat kuat di sini")["question"]["id"]
    kept = ask(budi, event, "Kapan buku berikutnya terbit?")["question"]["id"]
    assert sari.call("highlight", {"event_id": event.id, "question_id": spam}) == {"ok": True}
    assert budi.wait_for("question_updated", lambda q: q["id"] == spam)["highlighted"]

    assert reject(budi, event, spam) == refused("Only the event's hosts can do that.")
    guest = room.client()
    guest.join(event.id)
    assert reject(guest, event, spam) == refused("Only the event's hosts can do that.")
    assert reject(sari, event, spam) == {"ok": True}
    assert budi.wait_for("question_removed") == {"event_id": event.id, "id": spam}
    assert siti.wait_for("question_removed")["id"] == spam
    assert [q["id"] for q in budi.join(event.id)["questions"]] == [kept]
    assert [q["id"] for q in sari.join(event.id)["questions"]] == [kept], "hosts no longer see it either"
    assert budi.call("upvote", {"event_id": event.id, "question_id": spam}) == refused(
        "That question is no longer here.")
    assert reject(sari, event, spam) == refused("That question is no longer here.")
    assert sari.call("highlight", {"event_id": event.id, "question_id": kept}) == {"ok": True}
    assert budi.wait_for("question_updated", lambda q: q["id"] == kept)["highlighted"]
    assert budi.heard["question_updated"][-1]["id"] == kept, "the removed question left the highlight"
    assert db.session.execute(db.select(AuditEntry.details).filter_by(action="event.question_reject")
                              ).scalars().all() == ["siti: Beli obat kuat di sini"]


def test_a_question_waiting_for_approval_can_be_removed_and_only_its_asker_and_hosts_hear_it(
        room, event, host, member, make_user):
    sari, budi, siti = room.client(host), room.client(member), room.client(make_user("siti"))
    for client in (sari, budi, siti):
        client.join(event.id)
    assert sari.call("question_approval", {"event_id": event.id, "on": True}) == {"ok": True}
    waiting = ask(budi, event, "Boleh minta nomor telepon penulisnya?")["question"]["id"]
    sari.wait_for("question", lambda q: q["id"] == waiting)
    assert reject(sari, event, waiting) == {"ok": True}
    budi.wait_for("question_removed", lambda data: data["id"] == waiting)
    sari.wait_for("question_removed", lambda data: data["id"] == waiting)
    assert sari.call("approve", {"event_id": event.id, "question_id": waiting}) == refused(
        "That question is no longer here.")
    assert budi.join(event.id)["questions"] == []
    assert siti.heard["question_removed"] == [] and siti.heard["question"] == []
