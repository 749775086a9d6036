"""The migration that makes a notification's target generic carries each row's post, event or group over to
(target_kind, target_id), and back. Run on a database of its own, from the revision before to the head and back."""
from datetime import date, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import text, types


BEFORE, AFTER = "2b8ad16bc8a5", "3c5e9a1d7b42"


def placeholder(column_type):
    """A value any NOT NULL column of this type takes; ids are 1, the one row of each table made here."""
    for kind, value in ((types.Boolean, False), (types.Integer, 1), (types.DateTime, datetime(2026, 11, 1, 10)),
                        (types.Date, date(2026, 11, 1)), (types.JSON, "[]")):
        if isinstance(column_type, kind):
            return value
    return "x"


def insert_one(db, connection, table: str) -> None:
    """Row 1 of the table, every required column filled with a placeholder."""
    values = {column["name"]: placeholder(column["type"]) for column in db.inspect(connection).get_columns(table)
              if not column["nullable"] and column.get("default") is None}
    values["id"] = 1
    connection.execute(text(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join(':' + n for n in values)})"),
                       values)


def test_each_notification_keeps_what_it_points_at_and_back(empty_database):
    db = empty_database
    upgrade(revision=BEFORE)
    with db.engine.begin() as connection:
        for table in ("users", "forum_categories", "forum_threads", "forum_posts", "events", "reading_groups"):
            insert_one(db, connection, table)
        for number, column in enumerate(("post_id", "event_id", "group_id", None), start=1):
            connection.execute(text(
                "INSERT INTO notifications (id, user_id, kind, created_at, message"
                + (f", {column}) VALUES (:id, 1, 'reply', '2026-11-02 10:00:00', '', 1)" if column
                   else ") VALUES (:id, 1, 'suggestion', '2026-11-02 10:00:00', '')")), {"id": number})

    upgrade(revision=AFTER)
    with db.engine.connect() as connection:
        targets = connection.execute(text("SELECT id, target_kind, target_id FROM notifications ORDER BY id")).all()
        columns = {column["name"] for column in db.inspect(connection).get_columns("notifications")}
    assert [tuple(row) for row in targets] == [(1, "post", 1), (2, "event", 1), (3, "group", 1), (4, None, None)]
    assert not columns & {"post_id", "event_id", "group_id"}

    downgrade(revision=BEFORE)
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT id, post_id, event_id, group_id FROM notifications ORDER BY id")).all()
    assert [tuple(row) for row in rows] == [(1, 1, None, None), (2, None, 1, None), (3, None, None, 1),
                                            (4, None, None, None)]
