"""What a transaction tells the world waits for its commit. An action queues it on the database session as
it writes (a Socket.IO event with `core.realtime.emit_on_commit()`, sockets to close with
`core.realtime.access_lost()` and `room_closed()`, unread counts with
`core.notifications.push_unread_counts()`, all built on `call_on_commit()`); once the outermost transaction
commits, the queue is carried out in the order queued, and a rollback drops it. So nobody hears of a write
the database does not have, and no action has to remember to emit after its commit.

What is not the outcome of a write is sent at once, directly, as before: presence counts, a socket event's
acknowledgement or reply to its sender, the room's heartbeat (`events.live.tell_recent`), the re-broadcast
of a chat message already stored, unread counts counted by the background pusher.

Savepoints (`db.session.begin_nested()`): what was queued inside one that is rolled back is dropped, what
was queued before it stays; releasing a savepoint sends nothing, only the outermost commit does. A closed
session (the end of a request) drops what its open transaction queued.

Carrying out the queue costs no query (the session has committed: it could not run one) and no more than a
function call per item: the live chat's messages go through here. An item that raises is logged and the
others are still carried out, since the commit has happened."""
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from extensions import db

_QUEUE = "serambi_on_commit"  # in session.info: [(function, args)], in the order queued
_SAVEPOINTS = "serambi_on_commit_savepoints"  # in session.info: {savepoint: the queue's length when it began}


def call_on_commit(function, *args) -> None:
    """`function(*args)` once the current transaction commits; never if it rolls back."""
    db.session.info.setdefault(_QUEUE, []).append((function, args))


@event.listens_for(Session, "after_commit")
def _carry_out(session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the outermost transaction may still roll back
        return
    session.info.pop(_SAVEPOINTS, None)
    for function, args in session.info.pop(_QUEUE, ()):
        try:
            function(*args)
        except Exception:
            current_app.logger.exception("after the commit: %s failed", getattr(function, "__qualname__", function))


@event.listens_for(Session, "after_transaction_create")
def _mark_savepoint(session, transaction) -> None:
    if transaction.nested:
        session.info.setdefault(_SAVEPOINTS, {})[transaction] = len(session.info.get(_QUEUE, ()))


@event.listens_for(Session, "after_soft_rollback")
def _drop_savepoints_part(session, previous_transaction) -> None:
    if previous_transaction.nested:
        mark = session.info.get(_SAVEPOINTS, {}).pop(previous_transaction, None)
        if mark is not None:
            del session.info.get(_QUEUE, [])[mark:]


@event.listens_for(Session, "after_transaction_end")
def _drop_uncommitted(session, transaction) -> None:
    """The outermost transaction ended without a commit (rolled back, or its session closed): nothing of it is
    told. After a commit the queue is already gone."""
    if transaction.parent is None:
        session.info.pop(_QUEUE, None)
        session.info.pop(_SAVEPOINTS, None)
