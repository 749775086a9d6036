"""Server-side cost of the foundation's pages: CPU ms per request, SQL queries, HTML bytes.

In-process through the Flask test client (no network, no browser), on a temporary SQLite database
loaded with the demo content plus N extra members. Run: `.venv/bin/python -m bench.pages.run`.
"""
import statistics
import sys
import tempfile
import time

from sqlalchemy import event

from app import create_app
from extensions import db

REQUESTS = 300
EXTRA_MEMBERS = 2000
PAGES = ["/", "/auth/login", "/auth/register", "/u/member", "/forum/", "/healthz", "/library.css"]
SIGNED_IN_PAGES = ["/", "/settings/profile", "/admin/users", "/admin/users?q=pembaca1"]


def measure(client, url: str, queries: list) -> dict:
    cpu, wall = [], []
    for _ in range(REQUESTS):
        queries.clear()
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        response = client.get(url)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start_wall) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    cpu.sort()
    return {"url": url, "cpu_p50": statistics.median(cpu), "cpu_p99": cpu[int(len(cpu) * 0.99) - 1],
            "wall_p50": statistics.median(wall), "queries": len(queries), "bytes": len(response.data)}


def main() -> None:
    folder = tempfile.mkdtemp()
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db", "UPLOAD_FOLDER": folder,
                      "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        db.create_all()
        app.test_cli_runner().invoke(args=["seed-demo"])
        from accounts.models import User
        db.session.add_all(User(username=f"pembaca{n}", email=f"p{n}@contoh.id", display_name=f"Pembaca {n}",
                                password_hash="x") for n in range(EXTRA_MEMBERS))
        db.session.commit()
        queries = []
        event.listen(db.engine, "before_cursor_execute", lambda *args: queries.append(args[2]))
    guest, admin = app.test_client(), app.test_client()
    admin.post("/auth/login", data={"username": "admin", "password": "serambi-demo"})
    rows = [("guest", measure(guest, url, queries)) for url in PAGES]
    rows += [("admin", measure(admin, url, queries)) for url in SIGNED_IN_PAGES]
    print(f"{REQUESTS} requests per page, {EXTRA_MEMBERS} extra members, Python {sys.version.split()[0]}")
    print(f"{'who':6} {'page':26} {'CPU p50':>8} {'CPU p99':>8} {'wall p50':>9} {'SQL':>4} {'bytes':>7}")
    for who, row in rows:
        print(f"{who:6} {row['url']:26} {row['cpu_p50']:8.2f} {row['cpu_p99']:8.2f} {row['wall_p50']:9.2f} "
              f"{row['queries']:4d} {row['bytes']:7d}")


if __name__ == "__main__":
    main()
