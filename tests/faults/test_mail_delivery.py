"""E-mail through faults: `flask --app app worker` on the suite's own PostgreSQL and Redis is killed with SIGKILL
in the middle of an SMTP conversation, and the SMTP server is away for a while after that. Every message
arrives exactly once in the end: the Message-IDs the SMTP server received are the outbox's keys, each once."""
import os
import subprocess
import sys
from pathlib import Path

import psycopg

from core import outbox
from extensions import db
from tests.conftest import make_app
from tests.faults.services import wait_until
from tests.mail_helpers import SMTPServer

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 6


class Worker:
    def __init__(self, log_path: Path, **environment):
        env = {**os.environ, "SECRET_KEY": "test-secret", "SERAMBI_OUTBOX_LEASE_SECONDS": "4",
               "SERAMBI_OUTBOX_SEND_TIMEOUT_SECONDS": "2", "SERAMBI_OUTBOX_SWEEP_SECONDS": "1",
               "SERAMBI_OUTBOX_RETRY_SECONDS": "1"}
        env.pop("SERAMBI_FAULT_POINTS", None)
        env.update(environment)
        with open(log_path, "ab") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "worker"], cwd=ROOT,
                                            env=env, stdout=log, stderr=log)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


def outbox_rows(postgres) -> list[tuple]:
    with psycopg.connect(postgres.url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        return connection.execute("SELECT idempotency_key, status, attempts, last_error FROM outbox_messages "
                                  "WHERE idempotency_key LIKE 'fault-%' ORDER BY id").fetchall()


def queue_messages(postgres, tmp_path) -> list[str]:
    app = make_app(postgres.url, tmp_path / "uploads")
    keys = [f"fault-{number}" for number in range(MESSAGES)]
    with app.app_context():
        for key in keys:
            outbox.enqueue("email", f"{key}@contoh.id", {
                "subject": f"Pesan {key}", "text": "Halo\n", "html": "<p>Halo</p>", "from": "noreply@contoh.id",
                "from_name": "Perpustakaan Kota", "language": "id"}, key)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return keys


def test_a_worker_killed_mid_send_and_an_smtp_server_away_lose_nothing_and_send_nothing_twice(
        postgres, redis_server, site, tmp_path):
    smtp = SMTPServer()
    smtp.start()
    environment = {"DATABASE_URL": postgres.url, "REDIS_URL": redis_server.url, "SERAMBI_SMTP_URL": smtp.url}
    keys = queue_messages(postgres, tmp_path)
    workers = []
    try:
        doomed = Worker(tmp_path / "worker.log", SERAMBI_FAULT_POINTS="mail-mid-send", **environment)
        workers.append(doomed)
        doomed.process.wait(timeout=120)  # it took the messages, began to send the first, and died
        assert doomed.process.returncode == -9
        assert smtp.inbox.messages == []  # the conversation broke off before the message was whole
        assert any(status == "sending" for _, status, _, _ in outbox_rows(postgres))

        smtp.stop()  # the mail server is away: the next worker keeps trying
        workers.append(Worker(tmp_path / "worker.log", **environment))
        wait_until(lambda: any(attempts >= 3 and "Connection" in error
                               for _, _, attempts, error in outbox_rows(postgres)),
                   "the worker to try while the SMTP server is away", deadline=120)
        assert smtp.inbox.messages == []

        smtp.start()  # back, on the same port
        wait_until(lambda: all(status == "sent" for _, status, _, _ in outbox_rows(postgres)),
                   "every message to be sent once the SMTP server is back", deadline=120)
        # A sent message is never claimed again, so a duplicate could only have come before its "sent": here by now.
        received = sorted(message["Message-ID"] for message in smtp.inbox.messages)
        assert received == sorted(f"<{key}@contoh.id>" for key in keys)
    finally:
        for worker in workers:
            worker.stop()
        smtp.stop()
