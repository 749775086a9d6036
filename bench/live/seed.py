"""Seed the database of the Serambi under test for bench/live: the schema (`flask db upgrade`), a host,
one online webinar running now, and the sending members (each with a `going` RSVP). The others watch
as guests. Run by bench/live/run.py with the source tree's own venv and the source tree as the working
directory, so that the code under test (possibly another worktree) defines the tables:

    SOURCE/.venv/bin/python bench/live/seed.py SENDERS PASSWORD   (DATABASE_URL in the environment)

Prints {"event_id": ..., "usernames": [...]} as JSON.
"""
import json
import os
import subprocess
import sys
from datetime import timedelta

sys.path.insert(0, os.getcwd())  # the source tree under test, not this file's directory


def main() -> None:
    senders, password = int(sys.argv[1]), sys.argv[2]
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"],
                          capture_output=True, text=True, timeout=300)
    if done.returncode:
        sys.exit(f"flask db upgrade failed:\n{done.stderr}")

    from werkzeug.security import generate_password_hash

    from accounts.models import User
    from app import create_app
    from core.timeutil import utcnow
    from events.models import GOING, Event, EventHost, Rsvp
    from extensions import db

    app = create_app()
    with app.app_context():
        password_hash = generate_password_hash(password, app.config["PASSWORD_HASH_METHOD"])
        host = User(username="pembawa.acara", email="host@contoh.id", password_hash=password_hash,
                    display_name="Pembawa Acara", role="host")
        members = [User(username=f"peserta{n}", email=f"peserta{n}@contoh.id", password_hash=password_hash,
                        display_name=f"Peserta {n}") for n in range(1, senders + 1)]
        db.session.add_all([host, *members])
        db.session.flush()
        event = Event(title="Webinar Literasi Digital untuk Keluarga", kind="webinar", mode="online",
                      stream_url="https://video.contoh.id/literasi", description_md="Bincang santai.",
                      description_html="<p>Bincang santai.</p>", starts_at=utcnow() - timedelta(minutes=10),
                      ends_at=utcnow() + timedelta(hours=3), created_by_id=host.id)
        event.hosts.append(EventHost(user_id=host.id, role="host"))
        db.session.add(event)
        db.session.flush()
        db.session.add_all([Rsvp(event_id=event.id, user_id=member.id, status=GOING) for member in members])
        db.session.commit()
        print(json.dumps({"event_id": event.id, "usernames": [member.username for member in members]}))


if __name__ == "__main__":
    main()
