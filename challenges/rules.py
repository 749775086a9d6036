"""What keeps reading logs honest: the day's cap (refused beyond it) and what counts as unusual (held
for staff review). The numbers come from the configuration (README, "Configuration")."""
from datetime import date

from flask import current_app

from challenges.models import COUNTED, LogEntry
from extensions import db

SPIKE_FACTOR = 5  # a day this many times the member's usual day ...
SPIKE_HISTORY_DAYS = 3  # ... once they have logged on this many days, is a sudden spike
FLAG_UNUSUAL, FLAG_SPIKE = "unusual", "spike"


def day_cap(unit: str) -> int:
    return current_app.config[f"CHALLENGE_DAY_CAP_{unit.upper()}"]


def unusual_amount(unit: str) -> int:
    return current_app.config[f"CHALLENGE_UNUSUAL_{unit.upper()}"]


def day_total(challenge_id: int, user_id: int, read_on: date, states, leave_out: int | None = None) -> int:
    select = (db.select(db.func.coalesce(db.func.sum(LogEntry.amount), 0))
              .where(LogEntry.challenge_id == challenge_id, LogEntry.user_id == user_id, LogEntry.read_on == read_on,
                     LogEntry.state.in_(states)))
    if leave_out is not None:
        select = select.where(LogEntry.id != leave_out)
    return db.session.scalar(select)


def usual_day(challenge_id: int, user_id: int, read_on: date) -> float | None:
    """The member's average counted amount per day on other days, once there are enough of them."""
    days, total = db.session.execute(
        db.select(db.func.count(db.distinct(LogEntry.read_on)), db.func.coalesce(db.func.sum(LogEntry.amount), 0))
        .where(LogEntry.challenge_id == challenge_id, LogEntry.user_id == user_id, LogEntry.state == COUNTED,
               LogEntry.read_on != read_on)).one()
    return total / days if days >= SPIKE_HISTORY_DAYS else None


def flag_for(unit: str, day_amount: int, usual: float | None) -> str:
    """'' when the day looks ordinary; else why staff should look at it."""
    if day_amount > unusual_amount(unit):
        return FLAG_UNUSUAL
    if usual is not None and day_amount > SPIKE_FACTOR * usual and day_amount > unusual_amount(unit) // 2:
        return FLAG_SPIKE
    return ""
