"""Notifications by e-mail at scale (issue 14): what one reply to a thread 5,000 members watch costs the
request, how long the deliverer takes to turn it into 5,000 e-mails at once, and how fast it delivers 5,000
daily digests to a local SMTP server (aiosmtpd, as in the tests).

    .venv/bin/python -m bench.mail.run [--members 5000]
"""
import argparse
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

from app import create_app
from core import delivery, outbox
from core.timeutil import utcnow
from extensions import db
from forum import actions
from forum.models import Watch
from tests.mail_helpers import SMTPServer
from tests.statements import Statements


def seed(members: int):
    from accounts.actions import create_user

    admin = create_user("ratna", "ratna@example.org", "kata-sandi-panjang", role="admin")
    category = actions.save_category(admin, None, name="Diskusi Buku", slug="diskusi-buku", description="",
                                     colour="#0f6b5c", position=0, who_starts="members")
    thread = actions.create_thread(admin, category, "Laskar Pelangi", "Siapa tokoh favorit kalian?")
    users = db.metadata.tables["users"]
    now = utcnow()
    db.session.execute(db.insert(users), [
        {"username": f"pembaca{n}", "email": f"pembaca{n}@example.org", "password_hash": "x",
         "display_name": f"Pembaca {n}", "notifications_off": [], "role": "member", "session_token": f"{n:032x}",
         "bio_md": "", "bio_html": "", "interests": "", "suspension_reason": "", "ban_reason": "", "created_at": now,
         "email_confirmed_at": now} for n in range(members)])
    ids = db.session.execute(db.select(users.c.id).where(users.c.username.like("pembaca%"))).scalars().all()
    db.session.add_all(Watch(thread_id=thread.id, user_id=user_id) for user_id in ids)
    db.session.commit()
    return admin, thread, ids


def reply_in_request(author, thread) -> tuple[float, int]:
    db.session.expire_all()
    started = time.perf_counter()
    with Statements() as statements:
        actions.reply(author, thread, "Saya setuju: Lintang tokoh favorit saya.")
    return (time.perf_counter() - started) * 1000, statements.count


def deliver_all(smtp, expected: int) -> tuple[float, int]:
    started = time.perf_counter()
    outbox.deliver_due()
    seconds = time.perf_counter() - started
    assert len(smtp.messages) >= expected, f"{len(smtp.messages)} of {expected} arrived"
    return seconds, len(smtp.messages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="serambi-mail-bench-"))
    server = SMTPServer()
    server.start()
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}", "SECRET_KEY": "bench",
                      "UPLOAD_FOLDER": str(folder / "uploads"), "SMTP_URL": server.url, "OUTBOX_IN_WEB_PROCESS": False,
                      "SERAMBI_BASE_URL": "http://127.0.0.1:5000", "REDIS_URL": None,
                      "RATELIMIT_STORAGE_URI": "memory://", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    try:
        with app.app_context():
            upgrade()
            admin, thread, ids = seed(args.members)
            users = db.metadata.tables["users"]

            ms, statements = reply_in_request(admin, thread)
            print(f"reply, {args.members} watchers wanting a daily digest: {ms:.1f} ms, {statements} statements")
            started = time.perf_counter()
            queued = delivery.send_digests()
            queue_seconds = time.perf_counter() - started
            seconds, sent = deliver_all(server.inbox, queued)
            print(f"digests: {queued} queued in {queue_seconds:.1f} s; {sent} delivered in {seconds:.1f} s "
                  f"= {sent / seconds:.0f} messages/s")

            db.session.execute(db.update(users).where(users.c.id.in_(ids)).values(notification_email={"reply": "now"}))
            db.session.commit()
            server.inbox.messages.clear()
            ms, statements = reply_in_request(admin, thread)
            print(f"reply, {args.members} watchers wanting e-mail at once: {ms:.1f} ms, {statements} statements "
                  f"in the request")
            seconds, sent = deliver_all(server.inbox, args.members)
            print(f"at once: expanded and delivered {sent} e-mails in {seconds:.1f} s = {sent / seconds:.0f} messages/s")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
