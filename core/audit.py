"""The staff audit log: who did what, to what, when and why."""
from collections.abc import Callable
from datetime import datetime

from flask_babel import lazy_gettext as _l

from extensions import db
from core.timeutil import UTCDateTime, utcnow

# Every action any feature records, as staff read it in the log (tests check none is missing).
ACTION_LABELS = {
    "library.update": _l("Edited the library profile"),
    "category.save": _l("Saved a category"),
    "user.role": _l("Changed a member's role"),
    "user.warn": _l("Warned a member"),
    "user.silence": _l("Made a member read-only"),
    "user.suspend": _l("Suspended a member"),
    "user.ban": _l("Banned a member"),
    "user.lift": _l("Lifted a restriction"),
    "user.reset_link": _l("Gave a member a link to set a new password"),
    "user.delete_posts": _l("Deleted everything a member wrote"),
    "post.edit": _l("Edited a member's post"),
    "post.delete": _l("Deleted a member's post"),
    "post.approve": _l("Approved a post"),
    "post.reject": _l("Rejected a post"),
    "watched_word.add": _l("Added a watched word"),
    "watched_word.delete": _l("Removed a watched word"),
    "watched_word.import": _l("Imported watched words"),
    "watched_word.starter": _l("Loaded the starter list of watched words"),
    "thread.lock": _l("Locked a thread"),
    "thread.unlock": _l("Unlocked a thread"),
    "thread.pin": _l("Pinned a thread"),
    "thread.unpin": _l("Unpinned a thread"),
    "thread.rename": _l("Renamed a thread"),
    "thread.move": _l("Moved a thread"),
    "thread.slow": _l("Set a thread's slow mode"),
    "thread.pin_global": _l("Pinned a thread for the whole site"),
    "thread.unpin_global": _l("Unpinned a thread for the whole site"),
    "thread.close_date": _l("Set a thread's closing date"),
    "thread.merge": _l("Merged a thread into another"),
    "thread.split": _l("Split replies into a new thread"),
    "poll.add": _l("Added a poll to a member's thread"),
    "poll.close": _l("Closed a member's poll"),
    "flag.hide": _l("Hid a flagged post"),
    "flag.delete": _l("Deleted a flagged post"),
    "flag.dismiss": _l("Dismissed flags"),
    "flag.warn": _l("Warned the author of a flagged post"),
    "flag.suspend": _l("Suspended the author of a flagged post"),
    "event.create": _l("Created an event"),
    "event.edit": _l("Edited an event"),
    "event.delete": _l("Cancelled an event"),
    "event.checkin_code": _l("Revealed an event's check-in code"),
    "event.recording": _l("Set an event's recording link"),
    "event.export": _l("Exported an event's attendee list"),
    "event.chat_delete": _l("Deleted a message in an event's live chat"),
    "event.mute": _l("Muted a member in an event's live room"),
    "event.unmute": _l("Unmuted a member in an event's live room"),
    "event.slow_mode": _l("Set the slow mode of an event's live chat"),
    "event.chat_pause": _l("Paused an event's live chat"),
    "event.chat_unpause": _l("Let an event's live chat continue"),
    "event.live_end": _l("Ended an event's live session"),
    "event.question_approval": _l("Changed whether an event's questions need approval"),
    "event.question_reject": _l("Removed a question from an event's live Q&A"),
    "event.poll_open": _l("Opened a poll in an event's live room"),
    "event.poll_close": _l("Closed a poll in an event's live room"),
    "book.create": _l("Added a book to the catalogue"),
    "book.edit": _l("Edited a book"),
    "book.pick": _l("Made a book a staff pick"),
    "book.unpick": _l("Removed a staff pick"),
    "book_review.delete": _l("Deleted a member's book review"),
    "book_quote.delete": _l("Deleted a member's quote"),
    "book_suggestion.approve": _l("Approved a book suggestion"),
    "book_suggestion.reject": _l("Rejected a book suggestion"),
    "group.create": _l("Started a reading group"),
    "group.edit": _l("Edited a reading group's settings"),
    "group.approve": _l("Approved a request to join a reading group"),
    "group.deny": _l("Denied a request to join a reading group"),
    "group.invite": _l("Invited someone to a reading group"),
    "group.promote": _l("Made a member a facilitator of a reading group"),
    "group.demote": _l("Made a facilitator an ordinary member of a reading group"),
    "group.remove": _l("Removed a member from a reading group"),
    "group.milestone": _l("Added a milestone to a reading group's schedule"),
    "group.milestone_edit": _l("Edited a milestone of a reading group's schedule"),
    "group.close_vote": _l("Closed a reading group's vote for the next book"),
    "challenge.create": _l("Created a reading challenge"),
    "challenge.edit": _l("Edited a reading challenge"),
    "challenge.teams": _l("Set a challenge's teams"),
    "challenge.quiz": _l("Added a quiz to a challenge"),
    "challenge.draw": _l("Drew a challenge's raffle winners"),
    "challenge.export": _l("Exported a challenge's results"),
    "challenge_entry.log_for": _l("Logged reading for a member"),
    "challenge_entry.approve": _l("Approved a reading log entry"),
    "challenge_entry.reject": _l("Rejected a reading log entry"),
    "challenge_entry.correct": _l("Corrected a reading log entry"),
    "challenge_entry.remove": _l("Removed a reading log entry"),
    "testimonial.approve": _l("Approved a testimonial"),
    "testimonial.reject": _l("Rejected a testimonial"),
    "testimonial.withdraw": _l("Withdrew a testimonial from the home page"),
    "survey.create": _l("Created a survey"),
    "survey.edit": _l("Edited a survey"),
    "survey.questions": _l("Changed a survey's questions"),
    "survey.open": _l("Opened a survey"),
    "survey.close": _l("Closed a survey"),
    "survey.delete": _l("Deleted a survey and its answers"),
    "survey.export": _l("Exported a survey's answers"),
    "page.create": _l("Wrote a page of the library"),
    "page.edit": _l("Edited a page of the library"),
    "page.delete": _l("Deleted a page of the library"),
    "announcement.create": _l("Wrote an announcement"),
    "announcement.edit": _l("Edited an announcement"),
    "announcement.delete": _l("Deleted an announcement"),
    "partner.create": _l("Added a partner to the directory"),
    "partner.edit": _l("Edited a partner"),
    "partner.delete": _l("Removed a partner from the directory"),
}


# How each action's `details` read in the log; details are stored as data (ids, keys), so they can be
# shown in the reader's language. Features register theirs with `describes`.
DETAIL_FORMATS: dict[str, Callable[[str], str]] = {}


def describes(*actions: str):
    def register(format_details: Callable[[str], str]):
        for action in actions:
            DETAIL_FORMATS[action] = format_details
        return format_details
    return register


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id = db.Column(db.Integer, primary_key=True)
    actor_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True, index=True)
    action = db.Column(db.String(60), nullable=False, index=True)
    target_type = db.Column(db.String(40), nullable=False)
    target_id = db.Column(db.Integer, nullable=True)
    details = db.Column(db.String(500), nullable=False, default="")
    reason = db.Column(db.String(500), nullable=False, default="")
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow, index=True)

    actor = db.relationship("User", foreign_keys=[actor_id])

    @property
    def label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def details_text(self) -> str:
        format_details = DETAIL_FORMATS.get(self.action)
        return format_details(self.details) if format_details and self.details else self.details

    @property
    def until(self) -> datetime | None:
        """The end of a suspension or silence, which those entries keep in `details`."""
        if self.action in ("user.suspend", "user.silence"):
            try:
                return datetime.fromisoformat(self.details)
            except ValueError:
                return None
        return None


def record(actor, action: str, target_type: str, target_id: int | None,
           details: str = "", reason: str = "") -> AuditEntry:
    """Adds an entry to the current transaction; the caller's commit writes it with the change."""
    entry = AuditEntry(actor_id=actor.id if actor else None, action=action, target_type=target_type,
                       target_id=target_id, details=details[:500], reason=reason[:500])
    db.session.add(entry)
    return entry
