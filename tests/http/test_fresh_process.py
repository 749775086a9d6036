"""The first request a freshly started process serves works like any other (issue 17: `/books/` answered
500 when it came first, because SQLAlchemy had not yet configured the `Book.pick` backref)."""
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIRST_REQUEST = textwrap.dedent("""
    import sys
    from tests.conftest import make_app
    from extensions import db

    app = make_app(sys.argv[1], sys.argv[2])
    unconfigured = [mapper.class_.__name__ for mapper in db.Model.registry.mappers if not mapper.configured]
    print("unconfigured:", unconfigured)
    with app.app_context():
        db.create_all()
        print("status:", app.test_client().get("/books/").status_code)
""")


def test_every_model_is_ready_before_the_first_request_and_books_opens_first(tmp_path):
    result = subprocess.run([sys.executable, "-c", FIRST_REQUEST, f"sqlite:///{tmp_path / 'fresh.db'}",
                             str(tmp_path / "uploads")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "unconfigured: []" in result.stdout
    assert "status: 200" in result.stdout
