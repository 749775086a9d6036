"""Every change to testimonials: check, validate, write, commit, then notify."""
from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from accounts.permissions import is_member, require_permission
from core import audit, notifications
from core.errors import ActionError
from core.text import plain_text
from core.timeutil import utcnow
from extensions import db
from testimonials.models import APPROVED, BODY_MAX, PENDING, REJECTED, ROLE_MAX, WITHDRAWN, Testimonial

# Always delivered (not in notifications.KINDS): the answer to something the member asked for.
NOTICE_APPROVED, NOTICE_REJECTED = "testimonial_approved", "testimonial_rejected"


def _one_pending_message() -> str:
    return gettext("Your testimonial is already waiting for the library staff. You can write another once they "
                   "have decided.")


def submit(member, body: str, role_line: str = "") -> Testimonial:
    """A member's few words (plain text) wait for staff; one waiting at a time per member."""
    if not is_member(member):
        raise ActionError(gettext("You cannot write a testimonial while your account is restricted."))
    body, role_line = plain_text(body), " ".join(plain_text(role_line).split())
    if not body:
        raise ActionError(gettext("Please write something first."), "body")
    if len(body) > BODY_MAX:
        raise ActionError(gettext("At most %(max)d characters.", max=BODY_MAX), "body")
    if len(role_line) > ROLE_MAX:
        raise ActionError(gettext("At most %(max)d characters.", max=ROLE_MAX), "role_line")
    if db.session.scalar(db.select(Testimonial.id).filter_by(user_id=member.id, state=PENDING)):
        raise ActionError(_one_pending_message())
    testimonial = Testimonial(user_id=member.id, body=body, role_line=role_line)
    db.session.add(testimonial)
    try:
        db.session.commit()
    except IntegrityError:  # a second request from the same member crossed the first
        db.session.rollback()
        raise ActionError(_one_pending_message()) from None
    return testimonial


STAFF_ONLY = _l("Only library staff decide on testimonials.")


def _decide(staff, testimonial: Testimonial, state: str, note: str) -> None:
    require_permission(staff, "moderate", STAFF_ONLY)
    if testimonial.state != PENDING:
        raise ActionError(gettext("Someone has already decided on this testimonial."))
    note = " ".join(plain_text(note).split())[:500]
    testimonial.state, testimonial.decided_at, testimonial.decided_by_id = state, utcnow(), staff.id
    testimonial.staff_note = note
    audit.record(staff, "testimonial.approve" if state == APPROVED else "testimonial.reject", "testimonial",
                 testimonial.id, details=testimonial.author.display_name, reason=note)
    notified = notifications.notify({testimonial.user_id: NOTICE_APPROVED if state == APPROVED else NOTICE_REJECTED},
                                    staff, message=note)
    notifications.push_unread_counts(notified)
    db.session.commit()


def approve(staff, testimonial: Testimonial, note: str = "") -> None:
    """From now on it takes its turn on the home page; the member is told."""
    _decide(staff, testimonial, APPROVED, note)


def reject(staff, testimonial: Testimonial, note: str = "") -> None:
    """It is never shown; the member is told, with the staff's note if there is one."""
    _decide(staff, testimonial, REJECTED, note)


def withdraw(staff, testimonial: Testimonial, reason: str = "") -> None:
    """Takes an approved testimonial off the home page."""
    require_permission(staff, "moderate", STAFF_ONLY)
    if testimonial.state != APPROVED:
        raise ActionError(gettext("Only a testimonial on the home page can be withdrawn."))
    testimonial.state = WITHDRAWN
    audit.record(staff, "testimonial.withdraw", "testimonial", testimonial.id,
                 details=testimonial.author.display_name, reason=" ".join(plain_text(reason).split())[:500])
    db.session.commit()


def delete_own(member, testimonial: Testimonial) -> None:
    """A member takes back their own words, whatever staff decided (and off the home page)."""
    if not (member.is_authenticated and testimonial.user_id == member.id):
        raise ActionError(gettext("You may only delete your own testimonial."))
    db.session.delete(testimonial)
    db.session.commit()
