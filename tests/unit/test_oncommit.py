"""core/oncommit.py: what a transaction queues is carried out once, in order, when it commits, and never
when it rolls back."""
import logging

import pytest
from sqlalchemy import text

from core import oncommit, realtime
from extensions import db


@pytest.fixture
def done(app):
    """What the queued calls did, in order."""
    return []


def queue(done: list, *names: str) -> None:
    for name in names:
        oncommit.call_on_commit(done.append, name)


def write() -> None:
    db.session.execute(text("SELECT 1"))  # the transaction begins, as with any write


def test_what_is_queued_is_done_once_in_order_when_the_transaction_commits(done):
    write()
    queue(done, "first", "second", "third")
    assert done == [], "nothing before the commit"
    db.session.commit()
    assert done == ["first", "second", "third"]
    write()
    db.session.commit()
    assert done == ["first", "second", "third"], "a later commit does not send it again"


def test_a_queue_waits_for_the_commit_even_when_queued_before_the_transaction_began(done):
    queue(done, "early")
    write()
    db.session.commit()
    assert done == ["early"]


def test_what_is_queued_is_never_done_when_the_transaction_rolls_back(done):
    write()
    queue(done, "lost")
    db.session.rollback()
    write()
    queue(done, "kept")
    db.session.commit()
    assert done == ["kept"]


def test_a_session_closed_without_a_commit_drops_its_queue(done):
    write()
    queue(done, "lost")
    db.session.remove()  # the end of a request that did not commit
    write()
    db.session.commit()
    assert done == []


def test_a_savepoint_rolled_back_drops_only_what_was_queued_inside_it(done):
    write()
    queue(done, "before")
    savepoint = db.session.begin_nested()
    queue(done, "inside")
    savepoint.rollback()
    queue(done, "after")
    db.session.commit()
    assert done == ["before", "after"]


def test_releasing_a_savepoint_sends_nothing_until_the_outer_transaction_commits(done):
    write()
    with db.session.begin_nested():
        queue(done, "inside")
    assert done == [], "the outer transaction may still roll back"
    queue(done, "after")
    db.session.commit()
    assert done == ["inside", "after"]


def test_a_savepoint_released_then_the_transaction_rolled_back_sends_nothing(done):
    write()
    with db.session.begin_nested():
        queue(done, "inside")
    db.session.rollback()
    write()
    db.session.commit()
    assert done == []


def test_one_call_that_fails_is_logged_and_the_others_still_happen(done, caplog):
    def broken():
        raise RuntimeError("Redis is away")

    write()
    queue(done, "first")
    oncommit.call_on_commit(broken)
    queue(done, "third")
    with caplog.at_level(logging.ERROR):
        db.session.commit()  # the commit itself succeeds: the write is stored
    assert done == ["first", "third"]
    assert "broken failed" in caplog.text and "Redis is away" in caplog.text


def test_emit_on_commit_sends_the_socket_event_to_the_room_after_the_commit(app, monkeypatch):
    sent = []
    monkeypatch.setattr(realtime.socketio, "emit", lambda *args, **kwargs: sent.append((args, kwargs)))
    write()
    realtime.emit_on_commit("poll", {"id": 1}, "event:7")
    assert sent == []
    db.session.commit()
    assert sent == [(("poll", {"id": 1}), {"to": "event:7", "namespace": "/live"})]
