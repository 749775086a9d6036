"""Watching a category: the member hears of every new thread started in it (notification kind
"new_thread", which they can turn off in their notification settings). Replies are heard of by
watching the thread itself, as before."""
from flask_babel import gettext

from accounts.permissions import is_reader
from core.errors import ActionError
from extensions import db


class CategoryWatch(db.Model):
    __tablename__ = "forum_category_watches"
    __table_args__ = (db.UniqueConstraint("category_id", "user_id", name="uq_forum_category_watches_once"),)

    id = db.Column(db.Integer, primary_key=True)
    category_id = db.Column(db.Integer, db.ForeignKey("forum_categories.id"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)

    user = db.relationship("User")


def toggle(member, category) -> bool:
    """Starts or stops watching the category. Returns whether the member watches it now."""
    if not is_reader(member):
        raise ActionError(gettext("Please sign in to continue."))
    existing = db.session.execute(db.select(CategoryWatch)
                                  .filter_by(category_id=category.id, user_id=member.id)).scalar_one_or_none()
    if existing:
        db.session.delete(existing)
    else:
        db.session.add(CategoryWatch(category_id=category.id, user_id=member.id))
    db.session.commit()
    return existing is None


WATCHING = db.select(CategoryWatch.id).where(CategoryWatch.category_id == db.bindparam("category_id"),
                                              CategoryWatch.user_id == db.bindparam("user_id"))  # built once


def is_watching(user, category) -> bool:
    return user.is_authenticated and db.session.execute(
        WATCHING, {"category_id": category.id, "user_id": user.id}).first() is not None


def watcher_ids(category_id: int) -> dict[int, str]:
    """{member id: "new_thread"} for everyone watching the category, in one query."""
    return dict.fromkeys(db.session.execute(db.select(CategoryWatch.user_id)
                                            .where(CategoryWatch.category_id == category_id)).scalars(), "new_thread")
