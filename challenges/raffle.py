"""Prize draws from raffle entries, reproducible from a recorded seed.

The tickets are each participant's entries (counted amount // the challenge's `raffle_every`) as
[user id, entries] pairs ordered by user id, stored with the draw. `winners()` expands them in that order
and draws with random.Random(seed), one ticket at a time; a winner's other tickets leave the pot. Anyone on
staff can recompute the draw from the stored seed and tickets (the verify page) and see it match."""
import random
import secrets

from flask_babel import gettext

from accounts.permissions import require_permission
from challenges import actions
from challenges.models import MEMBER, Challenge, ChallengeTotal, Draw
from core import audit
from core.errors import ActionError
from extensions import db


def tickets(challenge: Challenge) -> list[list[int]]:
    rows = db.session.execute(db.select(ChallengeTotal.user_id, ChallengeTotal.amount)
                              .where(ChallengeTotal.challenge_id == challenge.id, ChallengeTotal.kind == MEMBER)
                              .order_by(ChallengeTotal.user_id)).all()
    return [[user_id, challenge.raffle_entries(amount)] for user_id, amount in rows if challenge.raffle_entries(amount)]


def winners(seed: str, ticket_list: list[list[int]], count: int) -> list[int]:
    rng = random.Random(seed)
    pot = [user_id for user_id, entries in sorted(ticket_list) for _ in range(entries)]
    chosen = []
    while pot and len(chosen) < count:
        pick = rng.choice(pot)
        chosen.append(pick)
        pot = [user_id for user_id in pot if user_id != pick]
    return chosen


def draw(staff, challenge: Challenge, count: int, seed: str | None = None) -> Draw:
    require_permission(staff, "manage_challenges", actions.STAFF_ONLY)
    if not challenge.raffle_every:
        raise ActionError(gettext("This challenge has no raffle."))
    if not 1 <= count <= 100:
        raise ActionError(gettext("A number from 1 to 100."), "winners")
    ticket_list = tickets(challenge)
    if not ticket_list:
        raise ActionError(gettext("Nobody has a raffle entry yet."))
    seed = seed or secrets.token_hex(16)
    record = Draw(challenge_id=challenge.id, seed=seed, tickets=ticket_list,
                  winner_ids=winners(seed, ticket_list, count), drawn_by_id=staff.id)
    db.session.add(record)
    db.session.flush()
    audit.record(staff, "challenge.draw", "challenge_draw", record.id, details=f"{challenge.title}:{seed}")
    db.session.commit()
    return record


@audit.describes("challenge.draw")
def _draw_details(details: str) -> str:
    """`title:seed` (the seed lets anyone re-check the draw) as "title · seed …"."""
    title, _, seed = details.rpartition(":")
    return gettext("%(title)s · seed %(seed)s", title=title, seed=seed) if title else details


def verify(record: Draw) -> tuple[list[int], bool]:
    """The winners recomputed from the draw's seed and tickets, and whether they match the recorded ones."""
    again = winners(record.seed, record.tickets, len(record.winner_ids))
    return again, again == record.winner_ids


def draws_of(challenge: Challenge) -> list[Draw]:
    return db.session.execute(db.select(Draw).where(Draw.challenge_id == challenge.id).order_by(Draw.id.desc())
                              ).scalars().all()
