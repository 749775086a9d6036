"""INSERT … ON CONFLICT for the database in use: SQLite and PostgreSQL spell it the same way, but
SQLAlchemy builds it from each dialect's own insert()."""
from sqlalchemy.dialects import postgresql, sqlite

from extensions import db


def insert(table):
    """An INSERT into `table` (a model or a Table) that offers on_conflict_do_update / do_nothing."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table)
