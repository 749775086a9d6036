"""First-party counts, one row per day and thing counted: no visitor, address or member in them."""
from extensions import db


class DailyCount(db.Model):
    """How many times `metric` happened on `day` (the library's date) to one item through one channel.

    metric: "view" (a page of an item), "share" (a click on a share button), "visit" (a page opened
    from a shared link, which carries utm_source). item_type/item_id name the item ("thread", 12);
    channel is "" when the metric has none."""

    __tablename__ = "analytics_daily_counts"
    __table_args__ = (db.UniqueConstraint("day", "metric", "item_type", "item_id", "channel",
                                          name="uq_analytics_daily_counts_key"),
                      # The dashboard's sums read one metric over a period from this index alone, never the
                      # table (bench/analytics: views per day over 90 days of 1M rows, 158 -> 35 ms on SQLite).
                      db.Index("ix_analytics_daily_counts_metric", "metric", "day", "channel", "item_type", "item_id",
                               "total"))

    id = db.Column(db.Integer, primary_key=True)
    day = db.Column(db.Date, nullable=False)  # the unique key, which starts with day, is its index
    metric = db.Column(db.String(16), nullable=False)
    item_type = db.Column(db.String(16), nullable=False, default="")
    item_id = db.Column(db.Integer, nullable=False, default=0)
    channel = db.Column(db.String(16), nullable=False, default="")
    total = db.Column(db.Integer, nullable=False, default=0)


class ActiveDay(db.Model):
    """A member was signed in and used the site on this day. Kept only to count active members per
    day, week and month; the dashboard shows the counts, never who."""

    __tablename__ = "analytics_active_days"

    day = db.Column(db.Date, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
