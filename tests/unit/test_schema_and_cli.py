"""The migrations build exactly the models' schema; the CLI commands work as the README says."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from accounts.models import User
from extensions import db
from core.timeutil import utcnow
from library.models import LibraryProfile


def test_migrations_and_models_agree(app):
    from core.search import is_search_table

    def include_name(name, type_, parent_names):
        return not (type_ == "table" and is_search_table(name))

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_seed_demo_loads_the_four_accounts_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0 and "serambi-demo" in first.output
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0 and "serambi-demo" not in second.output
    roles = dict(db.session.execute(db.select(User.username, User.role)).all())
    assert roles == {"admin": "admin", "moderator": "moderator", "host": "host", "member": "member"}
    assert db.session.get(LibraryProfile, 1).name == "Perpustakaan Kota Tanjung Sari"
    from events.models import Event
    event = db.session.execute(db.select(Event)).scalar_one()  # one upcoming event, not two
    assert event.starts_at > utcnow() and [row.user.username for row in event.hosts] == ["host"]
    from books.models import Book, Review
    books = dict(db.session.execute(db.select(Book.title, Book.isbn13)).all())  # loaded once, with valid ISBNs
    assert books == {"Laskar Pelangi": "9789793062792", "Bumi Manusia": "9789799731234",
                     "Ronggeng Dukuh Paruk": "9786020300009"}
    assert db.session.scalar(db.select(db.func.count(Review.id))) == 2
    from groups.models import Milestone, ReadingGroup
    group = db.session.execute(db.select(ReadingGroup)).scalar_one()  # one reading group, on Laskar Pelangi
    assert group.current_book.title == "Laskar Pelangi" and group.member_count == 3
    assert db.session.scalar(db.select(db.func.count(Milestone.id))) == 3
    from pages.models import Announcement, Page
    from partners.models import Partner
    assert set(db.session.execute(db.select(Page.slug)).scalars()) == {"pinjam-e-book", "cara-mengenali-hoaks",
                                                                      "internet-sehat"}
    assert db.session.scalar(db.select(db.func.count(Announcement.id))) == 1
    assert {partner.name for partner in event.partners} == {"Komunitas Baca Tanjung Sari"}
    assert db.session.scalar(db.select(db.func.count(Partner.id))) == 2 and len(group.partners) == 2
    assert app.test_client().login(db.session.execute(db.select(User).filter_by(username="host")).scalar_one(),
                                   password="serambi-demo").status_code == 302


def test_seed_demo_if_empty_leaves_a_used_site_alone(app, member):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_users_create(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "pustakawan2", "p2@contoh.id", "--role", "admin",
                                 "--password", "rak-buku-baru-2026"])
    assert result.exit_code == 0, result.output
    user = db.session.execute(db.select(User).filter_by(username="pustakawan2")).scalar_one()
    assert user.role == "admin" and user.check_password("rak-buku-baru-2026")


def test_users_create_explains_bad_input_and_creates_nothing(app):
    result = app.test_cli_runner().invoke(args=["users", "create", "x", "bukan-email", "--password", "pendek"])
    assert result.exit_code != 0 and "Error" in result.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_passwords_are_hashed_with_scrypt_by_default():
    from config import from_environment
    import tempfile

    assert from_environment(tempfile.mkdtemp())["PASSWORD_HASH_METHOD"] == "scrypt"
