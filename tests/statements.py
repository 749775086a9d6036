"""Counting the SQL a piece of code sends: how tests hold a page or an action to a fixed cost."""
import threading

from sqlalchemy import event

from extensions import db


class Statements:
    """Records (sql, parameters) of every statement sent while open. By default only the statements of the
    thread that opened it: background work (the unread counts' push) belongs to no request."""

    def __init__(self, every_thread: bool = False):
        self.every_thread = every_thread
        self.sent: list[tuple] = []

    def __enter__(self):
        self.thread = threading.get_ident()
        event.listen(db.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_):
        event.remove(db.engine, "before_cursor_execute", self._record)

    def _record(self, _connection, _cursor, sql, parameters, *_):
        if self.every_thread or threading.get_ident() == self.thread:
            self.sent.append((sql, parameters))

    @property
    def count(self) -> int:
        return len(self.sent)

    @property
    def sql(self) -> list[str]:
        return [sql for sql, _ in self.sent]
