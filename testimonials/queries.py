"""Read-only queries: the staff queue, a member's own testimonials, and the home page's turn."""
from datetime import datetime

from sqlalchemy.orm import contains_eager, joinedload

from accounts.models import User
from core.timeutil import utcnow
from extensions import db
from testimonials.models import APPROVED, PENDING, Testimonial

# The home page shows the same testimonials to everyone for this long, so it stays cacheable.
SLOT_SECONDS = 3 * 3600


def _with_author():
    return db.select(Testimonial).options(joinedload(Testimonial.author))


def pending() -> list[Testimonial]:
    """Oldest first: the staff queue."""
    return db.session.execute(_with_author().where(Testimonial.state == PENDING)
                              .order_by(Testimonial.id)).scalars().all()


def approved(limit: int = 100) -> list[Testimonial]:
    return db.session.execute(_with_author().where(Testimonial.state == APPROVED)
                              .order_by(Testimonial.id.desc()).limit(limit)).scalars().all()


def pending_count() -> int:
    return db.session.scalar(db.select(db.func.count(Testimonial.id)).where(Testimonial.state == PENDING))


def mine(user) -> list[Testimonial]:
    return db.session.execute(db.select(Testimonial).where(Testimonial.user_id == user.id)
                              .order_by(Testimonial.id.desc())).scalars().all()


def on_home(count: int = 1, now: datetime | None = None) -> list[Testimonial]:
    """`count` approved testimonials, the same for everyone during one time slot of SLOT_SECONDS; the next
    slot moves on through them (by id, wrapping round), so each takes its turn. Two small queries."""
    shown = (Testimonial.state == APPROVED, User.banned_at.is_(None))  # a banned member's words leave the page
    total = db.session.scalar(db.select(db.func.count(Testimonial.id)).join(Testimonial.author).where(*shown))
    if not total:
        return []
    slot = int((now or utcnow()).timestamp()) // SLOT_SECONDS
    start = slot * count % total
    ordered = (db.select(Testimonial).join(Testimonial.author).options(contains_eager(Testimonial.author))
               .where(*shown).order_by(Testimonial.id))
    chosen = db.session.execute(ordered.offset(start).limit(count)).scalars().all()
    if len(chosen) < min(count, total):  # wrap round to the first ones
        chosen += db.session.execute(ordered.limit(min(count, total) - len(chosen))).scalars().all()
    return chosen
