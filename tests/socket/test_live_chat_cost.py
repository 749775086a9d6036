"""What one chat message costs the server in database statements. The live room's event loop also writes
the message to every socket in the room, so each statement is paid once per message before anyone gets
it (bench/live/README.md): the chat path reads only what its checks need, and nothing after the INSERT."""
import re
from contextlib import contextmanager

from sqlalchemy import event as sa_event

from extensions import db


@contextmanager
def statements():
    """The tables each statement sent to the database reads or writes, in order."""
    seen = []

    def record(conn, cursor, statement, *_):
        words = " ".join(statement.split())
        seen.append(re.search(r"(?:FROM|INTO|UPDATE) (\w+)", words).group(1) if not words.startswith(
            ("SAVEPOINT", "RELEASE")) else words)
    sa_event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", record)


def test_a_chat_message_costs_six_statements_and_reads_nothing_back(app, room, event, member):
    app.config["LIBRARY_PROFILE_SECONDS"] = 60  # as in production: the profile (posting rules) is kept per process
    budi, siti = room.client(member), room.client()
    budi.join(event.id)
    siti.join(event.id)
    assert budi.call("chat", {"event_id": event.id, "body": "Selamat malam", "client_id": "first"})["ok"]
    with statements() as seen:
        sent = budi.call("chat", {"event_id": event.id, "body": "Halo **semua**", "client_id": "second"})
    heard = siti.wait_for("chat", lambda message: message["id"] == sent["id"])
    assert heard["html"] == "Halo <strong>semua</strong>" and heard["author"]["username"] == "budi"
    stored = budi.call("resume", {"event_id": event.id, "after_id": 0})["messages"][-1]
    assert heard == stored, "the room hears exactly what the database holds"
    assert seen == ["users",  # who asks, as the database has them now (signed out, banned, suspended…)
                    "events",  # the event and its hosts, in one query
                    "event_chat_messages",  # this client_id was not sent before
                    "event_live_rooms", "event_mutes",  # paused, ended, muted
                    "event_chat_messages"]  # the INSERT; the payload is built from the values in hand
    with statements() as again:
        assert budi.call("chat", {"event_id": event.id, "body": "Halo **semua**", "client_id": "second"}) == sent
    assert again == ["users", "events", "event_chat_messages"], "a resend is answered from the first lookup"
