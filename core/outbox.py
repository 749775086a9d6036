"""The outbox: messages to send (e-mail, later web push) are rows written in the same transaction as the
action that causes them, and delivered afterwards, outside the request, with retries and backoff.

- `enqueue()` adds a message to the current transaction; a rollback drops it with the action. Once the
  transaction commits, a deliverer is woken (core/oncommit.py).
- A channel ("email", …) registers how to deliver one message with `register_channel()`; core names none.
- `deliver_due()` claims due messages and delivers them. A claim is one UPDATE that marks the rows
  "sending" with this deliverer's token and a lease (on PostgreSQL its subquery locks them with
  FOR UPDATE SKIP LOCKED; SQLite runs one writer at a time), so several deliverers never take the same
  message. A message whose deliverer died mid-send is taken again once its lease has run out.
- Nothing is sent twice, except in one window: the receiving server has accepted a message and the
  deliverer dies before its "sent" is committed (the next statement). The message is then sent again
  after the lease, with the same Message-ID (its idempotency key), by which the receiver's mail system and
  the tests recognise it. Before each send the deliverer checks its lease still has room for the send, so a
  slow deliverer never overlaps one that took the message over.
- Who delivers: with REDIS_URL, an RQ job on the "serambi-outbox" queue run by `flask --app app worker`,
  which also sweeps for retries and expired leases; without it, a background task of the web process
  (started by its first request), so `make run` delivers with nothing else running.
"""
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from redis import Redis
from rq import Queue, SimpleWorker

from core.oncommit import call_on_commit
from core.timeutil import UTCDateTime, utcnow
from extensions import db, socketio

WAITING, SENDING, SENT, FAILED = "waiting", "sending", "sent", "failed"
STATUSES = (WAITING, SENDING, SENT, FAILED)
QUEUE_NAME = "serambi-outbox"
BATCH = 10
_WAKING = "serambi_outbox_waking"  # in session.info: the transaction whose commit already wakes a deliverer


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (db.Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id = db.Column(db.Integer, primary_key=True)
    channel = db.Column(db.String(20), nullable=False)
    recipient = db.Column(db.String(254), nullable=False)
    payload = db.Column(db.JSON, nullable=False)
    idempotency_key = db.Column(db.String(120), nullable=False, unique=True)
    status = db.Column(db.String(10), nullable=False, default=WAITING)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    next_attempt_at = db.Column(UTCDateTime, nullable=False, default=utcnow)  # while sending: the lease's end
    claim_token = db.Column(db.String(32), nullable=True)
    last_error = db.Column(db.String(500), nullable=False, default="")
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    sent_at = db.Column(UTCDateTime, nullable=True)


class PermanentFailure(Exception):
    """Raised by a channel when trying again cannot help (a hard bounce: the address does not exist)."""


@dataclass(frozen=True)
class Channel:
    deliver: Callable[[OutboxMessage], None]  # raises PermanentFailure, or anything else to try again later
    describe: Callable[[OutboxMessage], str]  # what the staff's queue shows of a message (its subject)


CHANNELS: dict[str, Channel] = {}


def register_channel(name: str, deliver, describe=lambda message: "") -> None:
    """A way of sending ("email", "push"): how to deliver one message, and how staff see it."""
    CHANNELS[name] = Channel(deliver, describe)


def enqueue(channel: str, recipient: str, payload: dict, key: str) -> OutboxMessage:
    """A message to send once the current transaction commits. `key` is unique per message: enqueueing the
    same key twice fails the transaction (so callers derive it from what causes the message)."""
    message = OutboxMessage(channel=channel, recipient=recipient, payload=payload, idempotency_key=key,
                            status=WAITING, attempts=0, next_attempt_at=utcnow())
    db.session.add(message)
    session = db.session()
    transaction = session.get_transaction()
    if session.info.get(_WAKING) is not transaction:  # one wake per transaction, however many messages
        session.info[_WAKING] = transaction
        call_on_commit(wake, current_app._get_current_object())
    return message


def retry_delay(attempts: int, base: float) -> timedelta:
    """Exponential backoff: base, 2×base, 4×base … at most an hour apart."""
    return timedelta(seconds=min(base * 2 ** (attempts - 1), 3600))


def claim(limit: int = BATCH) -> tuple[str, list[OutboxMessage]]:
    """Takes up to `limit` due messages for this deliverer: waiting ones whose time has come, and sending
    ones whose deliverer's lease has run out. Commits the claim."""
    token, now = secrets.token_hex(16), utcnow()
    lease_end = now + timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    due = (db.select(OutboxMessage.id)
           .where(OutboxMessage.status.in_((WAITING, SENDING)), OutboxMessage.next_attempt_at <= now)
           .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)
           .with_for_update(skip_locked=True))
    db.session.execute(db.update(OutboxMessage).where(OutboxMessage.id.in_(due.scalar_subquery()))
                       .values(status=SENDING, claim_token=token, next_attempt_at=lease_end,
                               attempts=OutboxMessage.attempts + 1),
                       execution_options={"synchronize_session": False})
    db.session.commit()
    claimed = db.session.execute(db.select(OutboxMessage).where(OutboxMessage.claim_token == token,
                                                                OutboxMessage.status == SENDING)
                                 .order_by(OutboxMessage.id)).scalars().all()
    return token, claimed


def _settle(message: OutboxMessage, token: str, **values) -> None:
    """Records a delivery's outcome, unless another deliverer has taken the message over meanwhile."""
    db.session.execute(db.update(OutboxMessage).where(OutboxMessage.id == message.id,
                                                      OutboxMessage.claim_token == token)
                       .values(claim_token=None, **values), execution_options={"synchronize_session": False})
    db.session.commit()


def deliver(message: OutboxMessage, token: str) -> str:
    """Delivers one claimed message and records the outcome; returns the new status."""
    config = current_app.config
    if message.next_attempt_at - utcnow() < timedelta(seconds=config["OUTBOX_SEND_TIMEOUT_SECONDS"]):
        _settle(message, token, status=WAITING, next_attempt_at=utcnow(), attempts=message.attempts - 1)
        return WAITING  # too little of the lease left for a send: another round takes it
    channel = CHANNELS.get(message.channel)
    try:
        if channel is None:
            raise PermanentFailure(f"no channel {message.channel!r}")
        channel.deliver(message)
    except PermanentFailure as error:
        _settle(message, token, status=FAILED, last_error=str(error)[:500])
        return FAILED
    except Exception as error:  # a server away, a timeout: later, further apart each time
        current_app.logger.warning("outbox: message %s attempt %s failed: %s", message.id, message.attempts, error)
        if message.attempts >= config["OUTBOX_MAX_ATTEMPTS"]:
            _settle(message, token, status=FAILED, last_error=_described(error))
            return FAILED
        _settle(message, token, status=WAITING, last_error=_described(error),
                next_attempt_at=utcnow() + retry_delay(message.attempts, config["OUTBOX_RETRY_BASE_SECONDS"]))
        return WAITING
    _settle(message, token, status=SENT, sent_at=utcnow(), last_error="")
    return SENT


def _described(error: Exception) -> str:
    return (f"{type(error).__name__}: {error}")[:500]


def deliver_due() -> int:
    """Claims and delivers due messages until none is left; returns how many were sent. Safe to run in
    several processes at once."""
    sent = 0
    while True:
        token, claimed = claim()
        if not claimed:
            return sent
        for message in claimed:
            sent += deliver(message, token) == SENT


def describe(message: OutboxMessage) -> str:
    channel = CHANNELS.get(message.channel)
    return channel.describe(message) if channel else ""


# -- who delivers ---------------------------------------------------------------------------------------

def wake(app: Flask) -> None:
    """After a commit that enqueued messages: the RQ queue gets a job, or the web process's deliverer runs."""
    if app.config["REDIS_URL"]:
        try:
            enqueue_job(job_queue(app), app)
        except Exception:  # Redis away: the worker's sweep finds the messages
            app.logger.exception("outbox: could not wake the worker")
    elif app.config["OUTBOX_IN_WEB_PROCESS"]:
        background_deliverer(app).wake()


def job_queue(app: Flask) -> Queue:
    if "serambi_outbox_queue" not in app.extensions:
        connection = Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=1, socket_timeout=5)
        app.extensions["serambi_outbox_queue"] = Queue(QUEUE_NAME, connection=connection)
    return app.extensions["serambi_outbox_queue"]


def enqueue_job(queue, app: Flask) -> None:
    """One delivery round on the queue; its result is not kept (the database holds the outcome). A round may
    deliver thousands of messages: each batch's lease, not the job's timeout, bounds a send."""
    queue.enqueue(run_job, job_timeout=3600, result_ttl=0, failure_ttl=86400)


def run_job() -> int:
    """The RQ job: deliver what is due, in a fresh app context (so the library's profile is read anew)."""
    with current_app.app_context():
        try:
            return deliver_due()
        finally:
            db.session.remove()


class BackgroundDeliverer:
    """Without Redis: one background task of the web process delivers, woken by each commit that enqueues
    and every OUTBOX_SWEEP_SECONDS for retries and expired leases."""

    def __init__(self, app: Flask):
        self.app = app
        self.event = threading.Event()
        self.started = False
        self.lock = threading.Lock()

    def wake(self) -> None:
        self.start()
        self.event.set()

    def start(self) -> None:
        if self.started:  # every request asks: the lock only for the first
            return
        with self.lock:
            if self.started:
                return
            self.started = True
        socketio.start_background_task(self.run)

    def run(self) -> None:
        """Delivery rounds, for ever: after each wake, and every OUTBOX_SWEEP_SECONDS."""
        while True:
            self.event.clear()  # a wake from here on means another round
            try:
                with self.app.app_context():
                    try:
                        deliver_due()
                    finally:
                        db.session.remove()
            except Exception:  # the database away: the next round tries again
                self.app.logger.exception("outbox: delivery round failed")
            self.event.wait(self.app.config["OUTBOX_SWEEP_SECONDS"])


def background_deliverer(app: Flask) -> BackgroundDeliverer:
    return app.extensions.setdefault("serambi_outbox_deliverer", BackgroundDeliverer(app))


@click.command("worker")
@click.option("--burst", is_flag=True, help="Deliver what is due, then stop.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Deliver e-mail (and later push) messages: from the RQ queue with REDIS_URL, else directly."""
    app = current_app._get_current_object()
    if not app.config["REDIS_URL"]:
        click.echo("REDIS_URL is not set: delivering from the database directly.")
        if burst:
            deliver_due()
        else:
            background_deliverer(app).run()
        return
    queue = job_queue(app)
    enqueue_job(queue, app)  # whatever waited while no worker ran
    if not burst:
        threading.Thread(target=_sweep, args=(app, queue), daemon=True).start()
    # SimpleWorker: jobs run in this process, inside its app context, with its database pool.
    SimpleWorker([queue], connection=queue.connection).work(burst=burst, logging_level="WARNING")


def _sweep(app: Flask, queue) -> None:
    """Retries and messages whose deliverer died are due without any commit waking anyone: ask every
    OUTBOX_SWEEP_SECONDS."""
    while True:
        time.sleep(app.config["OUTBOX_SWEEP_SECONDS"])
        try:
            if len(queue) == 0:
                enqueue_job(queue, app)
        except Exception:
            app.logger.exception("outbox: sweep could not reach Redis")


def init_app(app: Flask) -> None:
    app.cli.add_command(worker_command)
    if not app.config["REDIS_URL"] and app.config["OUTBOX_IN_WEB_PROCESS"]:
        app.before_request(lambda: background_deliverer(app).start())
