"""How long a failed sign-in takes, by case: the time must not tell whether an account exists.

In-process through the Flask test client on a temporary SQLite database, with the production password
hashing (config.py's PASSWORD_HASH_METHOD, scrypt). Each case is tried ATTEMPTS times, the cases taking
turns so that the machine's load falls on all of them alike. Run: `.venv/bin/python -m bench.login.run`.
"""
import statistics
import sys
import tempfile
import time
from datetime import timedelta

from app import create_app
from extensions import db

ATTEMPTS = 50
PASSWORD = "buku-adalah-jendela"
CASES = {  # name: (what is typed as username or e-mail, password)
    "unknown username": ("tidakada", PASSWORD),
    "unknown e-mail": ("tidakada@contoh.id", PASSWORD),
    "wrong password (username)": ("siti", "salah-sandi-123"),
    "wrong password (e-mail)": ("siti@contoh.id", "salah-sandi-123"),
    "right password": ("siti", PASSWORD),
    "banned, wrong password": ("rudi", "salah-sandi-123"),
    "banned, right password": ("rudi", PASSWORD),
    "suspended, wrong password": ("tono", "salah-sandi-123"),
}


def make_accounts(app) -> None:
    from accounts import actions
    from core.timeutil import utcnow

    with app.app_context():
        admin = actions.create_user("kepala", "kepala@contoh.id", PASSWORD, role="admin")
        actions.create_user("siti", "siti@contoh.id", PASSWORD)
        actions.ban(admin, actions.create_user("rudi", "rudi@contoh.id", PASSWORD), "Spam")
        actions.suspend(admin, actions.create_user("tono", "tono@contoh.id", PASSWORD),
                        utcnow() + timedelta(days=7), "Uji")


def percentile(sorted_values: list[float], fraction: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * fraction))]


def main() -> None:
    folder = tempfile.mkdtemp(prefix="serambi-bench-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db", "UPLOAD_FOLDER": folder,
                      "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        db.create_all()
    make_accounts(app)
    timings = {name: [] for name in CASES}
    for _ in range(ATTEMPTS):
        for name, (identifier, password) in CASES.items():
            client = app.test_client()  # a fresh visitor each time: no session carried over
            start = time.perf_counter()
            response = client.post("/auth/login", data={"username": identifier, "password": password})
            timings[name].append((time.perf_counter() - start) * 1000)
            assert response.status_code in (302, 400), (name, response.status_code)
    print(f"{ATTEMPTS} attempts per case, {app.config['PASSWORD_HASH_METHOD']} hashing, "
          f"Python {sys.version.split()[0]}")
    print(f"{'case':28} {'median ms':>10} {'p95 ms':>8}")
    for name, values in timings.items():
        values.sort()
        print(f"{name:28} {statistics.median(values):10.1f} {percentile(values, 0.95):8.1f}")


if __name__ == "__main__":
    main()
