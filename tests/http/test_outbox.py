"""The outbox: written with the action, claimed by one deliverer at a time, retried further apart, never lost;
and the staff's view of it. Runs on SQLite and PostgreSQL (FOR UPDATE SKIP LOCKED)."""
import threading
from datetime import timedelta
from email import message_from_bytes

import pytest

from core import outbox
from core.outbox import OutboxMessage
from core.timeutil import utcnow
from extensions import db
from tests.conftest import says

SENT_TO = []


def recording(message):
    SENT_TO.append(message.recipient)


def failing(message):
    raise ConnectionError("server away")


def refusing(message):
    raise outbox.PermanentFailure("550 no such user")


@pytest.fixture(autouse=True)
def channels():
    SENT_TO.clear()
    for name, deliver in (("test", recording), ("test-down", failing), ("test-refused", refusing)):
        outbox.register_channel(name, deliver, describe=lambda message: message.payload.get("subject", ""))
    yield
    for name in ("test", "test-down", "test-refused"):
        outbox.CHANNELS.pop(name)


def queue(count: int, channel: str = "test") -> None:
    for number in range(count):
        outbox.enqueue(channel, f"anggota{number}@contoh.id", {"subject": f"Pesan {number}"}, f"{channel}-{number}")
    db.session.commit()


def statuses() -> list[tuple]:
    return db.session.execute(db.select(OutboxMessage.status, OutboxMessage.attempts).order_by(OutboxMessage.id)).all()


def test_a_message_is_written_with_its_transaction_or_not_at_all(app):
    outbox.enqueue("test", "ani@contoh.id", {}, "kept")
    db.session.commit()
    outbox.enqueue("test", "budi@contoh.id", {}, "dropped")
    db.session.rollback()
    assert db.session.scalars(db.select(OutboxMessage.idempotency_key)).all() == ["kept"]


def test_a_deliverer_is_woken_once_per_transaction_however_many_messages(app, monkeypatch):
    woken = []
    monkeypatch.setattr(outbox, "wake", woken.append)
    queue(5)
    assert woken == [app]
    queue(2, "test-down")
    assert woken == [app, app]


def test_a_claimed_message_is_not_claimed_again_until_its_lease_runs_out(app):
    queue(3)
    _, first = outbox.claim()
    assert len(first) == 3 and outbox.claim()[1] == []
    db.session.execute(db.update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()  # the first deliverer died: its lease ran out
    token, again = outbox.claim()
    assert [message.attempts for message in again] == [2, 2, 2]
    assert [outbox.deliver(message, token) for message in again] == ["sent"] * 3
    assert statuses() == [("sent", 2)] * 3 and len(SENT_TO) == 3


def test_several_deliverers_at_once_send_each_message_once(app):
    queue(40)
    errors = []

    def deliverer():
        try:
            with app.app_context():
                outbox.deliver_due()
                db.session.remove()
        except Exception as error:  # pragma: no cover - shown by the assertion below
            errors.append(error)
    threads = [threading.Thread(target=deliverer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(SENT_TO) == sorted(f"anggota{number}@contoh.id" for number in range(40))
    assert statuses() == [("sent", 1)] * 40


def test_a_failing_delivery_is_tried_again_further_apart_then_given_up(app):
    app.config.update(OUTBOX_RETRY_BASE_SECONDS=60, OUTBOX_MAX_ATTEMPTS=3)
    queue(1, "test-down")
    delays = []
    for _ in range(3):
        before = utcnow()
        assert outbox.deliver_due() == 0
        message = db.session.execute(db.select(OutboxMessage)).scalar_one()
        delays.append(round((message.next_attempt_at - before).total_seconds() / 60))
        message.next_attempt_at = utcnow()  # time passes
        db.session.commit()
    assert delays[:2] == [1, 2]
    assert (message.status, message.attempts) == ("failed", 3)
    assert message.last_error == "ConnectionError: server away"


def test_a_permanent_refusal_is_not_tried_again(app):
    queue(1, "test-refused")
    outbox.deliver_due()
    assert statuses() == [("failed", 1)]
    assert outbox.deliver_due() == 0 and statuses() == [("failed", 1)]


def test_without_an_smtp_server_each_email_is_written_to_the_folder_once(app, member, client, tmp_path):
    client.submit("/auth/reset", {"username": "budi"})
    assert outbox.deliver_due() == 1
    message = db.session.execute(db.select(OutboxMessage)).scalar_one()
    [written] = (tmp_path / "mail").iterdir()
    mail = message_from_bytes(written.read_bytes())
    assert mail["To"] == "budi@contoh.id" and message.idempotency_key in mail["Message-ID"]
    message.status, message.next_attempt_at = "waiting", utcnow()  # as if the first try's "sent" was lost
    db.session.commit()
    outbox.deliver_due()
    assert len(list((tmp_path / "mail").iterdir())) == 1


def test_admins_see_the_delivery_queue_with_reasons(app, client, admin, moderator, login):
    queue(1)
    queue(1, "test-refused")
    outbox.deliver_due()
    queue(1, "test-down")  # not tried yet
    login(admin)
    page = client.get("/admin/outbox")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "550 no such user" in html and "Pesan 0" in html and "anggota0@contoh.id" in html
    failed = client.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert "550 no such user" in failed and failed.count("<tr>") == 2  # the heading and the one failed
    assert says(page, "E-mail delivery")
    other = app.test_client()
    other.login(moderator)
    assert other.get("/admin/outbox").status_code == 403
