"""Counting views, shares and visits without slowing pages down.

A page view only adds to a dictionary held by the app in this process (its Tally). The tally is
written to the database in one transaction at most every ANALYTICS_FLUSH_SECONDS, after a response has
been sent (so never while a member waits), and when the process exits. A process killed outright loses
at most that many seconds of counts; several processes each write their own, adding to the same rows.
"""
import atexit
import re
import threading
import time
from collections import Counter

from flask import Flask, current_app, request
from flask_login import current_user

from core import upsert
from core.counter_models import ActiveDay, DailyCount
from core.library_time import library_today
from extensions import db

TALLY = "serambi_counts"

# The channels a shared link may name in utm_source; "share" is the phone's own share sheet.
CHANNELS = ("whatsapp", "facebook", "x", "telegram", "email", "copy", "share")

# Crawlers, link previews (fetched when a link is pasted into a chat) and scripts are not people.
_BOTS = re.compile(r"bot\b|bot/|crawl|spider|slurp|preview|facebookexternalhit|whatsapp|telegram|curl|"
                   r"wget|python-|httpx|go-http|java/|okhttp|^$", re.IGNORECASE)


class Tally:
    """What this process has counted and not yet written."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts: Counter = Counter()  # (day, metric, item_type, item_id, channel) -> how many
        self.active: set = set()  # (day, user_id) not yet written
        self.active_written: set = set()  # (day, user_id) written already by this process
        self.last_flush = time.monotonic()

    def due(self, seconds: float) -> bool:
        return (self.counts or self.active) and time.monotonic() - self.last_flush >= seconds

    def take(self) -> tuple[dict, list]:
        with self.lock:
            counts, active = dict(self.counts), list(self.active)
            self.counts.clear()
            self.active.clear()
            self.last_flush = time.monotonic()
            return counts, active

    def give_back(self, counts: dict, active: list) -> None:
        with self.lock:
            self.counts.update(counts)
            self.active.update(active)


def init_app(app: Flask) -> None:
    """Each app counts in its own tally, written after a response once ANALYTICS_FLUSH_SECONDS have passed
    and when the process exits."""
    app.extensions[TALLY] = Tally()

    @app.after_request
    def count_activity(response):
        if response.status_code == 503:  # the database is away or busy: leave it alone
            return response
        if current_user.is_authenticated and request.endpoint != "static":
            mark_active()
        if app.extensions[TALLY].due(app.config["ANALYTICS_FLUSH_SECONDS"]):
            response.call_on_close(lambda: flush_app(app))
        return response

    if not app.testing:
        atexit.register(flush_app, app)


def flush_app(app: Flask) -> None:
    with app.app_context():
        flush()


def tally() -> Tally:
    return current_app.extensions[TALLY]


def is_bot(user_agent: str) -> bool:
    return bool(_BOTS.search(user_agent or ""))


def count_view(item_type: str, item_id: int) -> None:
    """A person opened an item's page; when they came through a shared link, that is a visit too."""
    if is_bot(request.user_agent.string):
        return
    _add("view", item_type, item_id)
    channel = request.args.get("utm_source", "")
    if channel in CHANNELS:
        _add("visit", item_type, item_id, channel)


def count_share(item_type: str, item_id: int, channel: str) -> None:
    if channel in CHANNELS and not is_bot(request.user_agent.string):
        _add("share", item_type, item_id, channel)


def _add(metric: str, item_type: str, item_id: int, channel: str = "") -> None:
    counts = tally()
    with counts.lock:
        counts.counts[(library_today(), metric, item_type, item_id, channel)] += 1


def mark_active() -> None:
    """The signed-in member used the site today: one row per member and day, written in a later batch."""
    counts, key = tally(), (library_today(), current_user.id)
    if key in counts.active_written:
        return
    with counts.lock:
        if len(counts.active_written) > 100_000:  # at worst a member is written twice; the second is ignored
            counts.active_written.clear()
        counts.active.add(key)
        counts.active_written.add(key)


def flush() -> None:
    """Writes what this process has counted since the last flush, in one transaction."""
    counts, active = tally().take()
    if not counts and not active:
        return
    try:
        with db.engine.begin() as connection:
            if counts:
                connection.execute(_add_counts_statement(), [
                    {"day": day, "metric": metric, "item_type": item_type, "item_id": item_id, "channel": channel,
                     "total": amount}
                    for (day, metric, item_type, item_id, channel), amount in counts.items()])
            if active:
                connection.execute(upsert.insert(ActiveDay).on_conflict_do_nothing(),
                                   [{"day": day, "user_id": user_id} for day, user_id in active])
    except Exception:
        current_app.logger.exception("analytics: %d counts not written; kept for the next try", len(counts))
        tally().give_back(counts, active)


def _add_counts_statement():
    statement = upsert.insert(DailyCount)
    return statement.on_conflict_do_update(
        index_elements=["day", "metric", "item_type", "item_id", "channel"],
        set_={"total": DailyCount.__table__.c.total + statement.excluded.total})
