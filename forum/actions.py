"""Every change to the forum: check, validate, write, commit."""
import math
from datetime import timedelta

from flask_babel import format_timedelta, gettext
from sqlalchemy import update

from accounts import actions as account_actions
from accounts.permissions import awaits_confirmation, can_restrict, has_permission, is_member, is_reader
from core import audit, notifications, photos, search
from core.errors import ActionError
from core.i18n import format_when
from core.markdown import render_markdown
from core.timeutil import utcnow
from extensions import db
from forum import approval, posting
from forum.models import (FLAG_OUTCOMES, FLAG_REASONS, REACTIONS, SLOW_MODE_CHOICES, Bookmark, Category, Flag, Post,
                          PostRevision, Reaction, Thread, Watch)
from forum.permissions import can_change_post, can_reply, can_start_thread, can_suspend_from_queue
from forum.screening import censor, screen
from forum.threadtools import closed_message

BODY_MAX = 20_000


def _rendered(body: str) -> tuple[str, str]:
    body = body.strip()
    if len(body) > BODY_MAX:
        raise ActionError(gettext("A post can have at most %(count)d characters.", count=BODY_MAX), "body")
    html = render_markdown(body)
    if not html:
        raise ActionError(gettext("Please write something first."), "body")
    return body, html


def _add_post(author, thread: Thread, body_md: str, body_html: str, hold_reason: str | None = None) -> Post:
    """Takes the thread's next number atomically, so two replies at once never get the same one.
    A held post keeps its number but is published (counted, indexed) only when approved."""
    number = db.session.execute(update(Thread).where(Thread.id == thread.id)
                                .values(post_count=Thread.post_count + 1).returning(Thread.post_count)).scalar_one()
    now = utcnow()
    post = Post(thread_id=thread.id, number=number, author_id=author.id, body_md=body_md, body_html=body_html,
                created_at=now, pending_at=now if hold_reason else None, pending_reason=hold_reason)
    db.session.add(post)
    db.session.flush()
    if not db.session.execute(db.select(Watch.id).filter_by(thread_id=thread.id, user_id=author.id)).first():
        db.session.add(Watch(thread_id=thread.id, user_id=author.id))
    if not hold_reason:
        posting.publish(post, thread)
    return post


def _silenced_refusal(member) -> ActionError | None:
    if awaits_confirmation(member):
        return ActionError(gettext("Confirm your e-mail address to post: open the link we sent you, or ask for a "
                                   "new one in your e-mail settings."))
    silence = member.silence if member.is_authenticated else None
    if silence is None:
        return None
    return ActionError(gettext("Your account is read-only until %(until)s: you cannot post. Reason: %(reason)s",
                               until=format_when(silence.until), reason=silence.reason))


def create_thread(author, category: Category, title: str, body: str, poll=None) -> Thread:
    """`poll`, a checked forum.polls.PollDraft, is written in the same transaction as the thread."""
    if not can_start_thread(author, category):
        raise _silenced_refusal(author) or ActionError(gettext("You may not start a thread in this category."))
    title = posting.clean_title(title)
    screened = screen(author, *_rendered(body), title)
    photos.check(screened.body_md, author)
    held = screened.hold_reason
    thread = Thread(category_id=category.id, author_id=author.id, title=screened.title, post_count=0,
                    pending_at=utcnow() if held else None)
    db.session.add(thread)
    db.session.flush()
    # A held post notifies when approved.
    recipients = {} if held else posting.recipients(thread, screened.body_md, opening=True)
    post = _add_post(author, thread, screened.body_md, screened.body_html, held)
    photos.attach(post.body_md, "post", post.id)
    if poll is not None:
        poll.add_to(thread)
    if not held:
        db.session.execute(update(Category).where(Category.id == category.id)
                           .values(thread_count=Category.thread_count + 1))
    notified = notifications.notify(recipients, author, post)
    notifications.push_unread_counts(notified)
    db.session.commit()
    return thread


def slow_mode_wait(member, thread: Thread) -> int:
    """Seconds the member must still wait before replying here (0 when they may reply now)."""
    if not thread.slow_mode_seconds or not member.is_authenticated or has_permission(member, "moderate"):
        return 0
    last = db.session.execute(db.select(db.func.max(Post.created_at)).where(
        Post.thread_id == thread.id, Post.author_id == member.id)).scalar()
    if last is None:
        return 0
    return max(0, math.ceil(thread.slow_mode_seconds - (utcnow() - last).total_seconds()))


def reply(author, thread: Thread, body: str) -> Post:
    if not can_reply(author, thread):
        raise _silenced_refusal(author) or ActionError(closed_message(thread))
    wait = slow_mode_wait(author, thread)
    if wait:
        raise ActionError(gettext("Slow mode is on in this thread: you can reply again in %(wait)s.",
                                  wait=format_timedelta(timedelta(seconds=wait), threshold=1.5)), "body")
    screened = screen(author, *_rendered(body))
    photos.check(screened.body_md, author)
    held = screened.hold_reason
    recipients = {} if held else posting.recipients(thread, screened.body_md)  # a held post notifies when approved
    post = _add_post(author, thread, screened.body_md, screened.body_html, held)
    photos.attach(post.body_md, "post", post.id)
    notified = notifications.notify(recipients, author, post)
    notifications.push_unread_counts(notified)
    db.session.commit()
    return post


def edit_post(editor, post: Post, body: str) -> None:
    if not can_change_post(editor, post):
        raise ActionError(gettext("You may not change this post."))
    screened = screen(editor, *_rendered(body), new_post=False)
    body_md, body_html = screened.body_md, screened.body_html
    if body_md == post.body_md:
        return
    photos.check(body_md, editor)
    db.session.add(PostRevision(post_id=post.id, editor_id=editor.id, body_md=post.body_md))
    post.body_md, post.body_html, post.edited_at = body_md, body_html, utcnow()
    photos.attach(body_md, "post", post.id, replacing=True)  # photos taken out of the text are deleted
    if screened.hold_reason and not post.pending_at:
        approval.hold(post, screened.hold_reason)
    posting.index_post(post, post.thread.title)
    if editor.id != post.author_id:
        audit.record(editor, "post.edit", "post", post.id)
    db.session.commit()


def delete_post(actor, post: Post) -> None:
    """A soft delete: the post keeps its number (links and pages stay stable) and its text for staff."""
    if not can_change_post(actor, post):
        raise ActionError(gettext("You may not change this post."))
    post.deleted_at = utcnow()
    posting.index_post(post, post.thread.title)
    photos.delete_owned("post", [post.id])
    notified = set()
    if actor.id != post.author_id:
        audit.record(actor, "post.delete", "post", post.id)
        notified = notifications.notify({post.author_id: "moderation"}, actor, post)
    notifications.push_unread_counts(notified)
    db.session.commit()


def save_category(actor, category: Category | None, *, name: str, slug: str, description: str, colour: str,
                  position: int, who_starts: str) -> Category:
    if not has_permission(actor, "manage_site"):
        raise ActionError(gettext("Only admins manage categories."))
    taken = db.session.execute(db.select(Category.id).where(Category.slug == slug)).scalar_one_or_none()
    if taken is not None and (category is None or taken != category.id):
        raise ActionError(gettext("Another category already uses this address."), "slug")
    category = category or Category()
    category.name, category.slug, category.description = name.strip(), slug, description.strip()
    category.colour, category.position, category.who_starts = colour, position, who_starts
    db.session.add(category)
    db.session.flush()
    audit.record(actor, "category.save", "category", category.id, details=slug)
    db.session.commit()
    return category


THREAD_SWITCHES = {"lock": ("locked", True), "unlock": ("locked", False),
                   "pin": ("pinned", True), "unpin": ("pinned", False)}


def moderate_thread(actor, thread: Thread, action: str, *, title: str | None = None,
                    category: Category | None = None, slow_mode: int | None = None) -> None:
    """Lock, unlock, pin, unpin, rename, move a thread or set its slow mode (moderators and admins)."""
    if not has_permission(actor, "moderate"):
        raise ActionError(gettext("Only moderators can do this."))
    if thread.merged_into_id is not None:
        raise ActionError(gettext("This thread has been merged into another one."))
    if action in THREAD_SWITCHES:
        column, value = THREAD_SWITCHES[action]
        setattr(thread, column, value)
        details = ""
    elif action == "rename":
        old, thread.title = thread.title, censor(posting.clean_title(title or ""))[:posting.TITLE_LENGTH[1]]
        details = f"{old} → {thread.title}"
        opening = db.session.execute(db.select(Post).where(Post.thread_id == thread.id, Post.number == 1)).scalar_one()
        if not opening.deleted_at:
            posting.index_post(opening, thread.title)
    elif action == "slow" and slow_mode in SLOW_MODE_CHOICES:
        thread.slow_mode_seconds = slow_mode
        details = str(slow_mode)
    elif action == "move" and category is not None:
        if category.id == thread.category_id:
            return
        _move_counts(thread, category)
        details = f"{thread.category.slug} → {category.slug}"
        thread.category_id = category.id
    else:
        raise ActionError(gettext("Unknown action."))
    audit.record(actor, f"thread.{action}", "thread", thread.id, details=details)
    db.session.commit()


def _move_counts(thread: Thread, target: Category) -> None:
    posts = thread.posts_held
    db.session.execute(update(Category).where(Category.id == thread.category_id).values(
        thread_count=Category.thread_count - 1, post_count=Category.post_count - posts))
    db.session.execute(update(Category).where(Category.id == target.id).values(
        thread_count=Category.thread_count + 1, post_count=Category.post_count + posts))


def toggle_reaction(member, post: Post, kind: str) -> bool:
    """Adds the member's reaction of this kind, or takes it back. Returns whether it is now on."""
    if kind not in REACTIONS:
        raise ActionError(gettext("Unknown reaction."))
    if not is_member(member) or post.deleted_at or post.author_id == member.id:
        raise ActionError(gettext("You cannot react to this post."))
    added = _toggle(Reaction, post_id=post.id, user_id=member.id, kind=kind)
    db.session.flush()
    counts = db.session.execute(db.select(Reaction.kind, db.func.count()).where(Reaction.post_id == post.id)
                                .group_by(Reaction.kind)).all()
    post.reaction_counts = {name: count for name, count in counts}  # recounted, so never drifts
    notified = notifications.notify({post.author_id: "reaction"}, member, post) if added else set()
    notifications.push_unread_counts(notified)
    db.session.commit()
    return added


def toggle_bookmark(member, post: Post) -> bool:
    if not is_reader(member) or post.deleted_at:
        raise ActionError(gettext("You cannot bookmark this post."))
    added = _toggle(Bookmark, post_id=post.id, user_id=member.id)
    db.session.commit()
    return added


def flag_post(reporter, post: Post, reason: str, text: str) -> Flag:
    if reason not in FLAG_REASONS:
        raise ActionError(gettext("Please choose a reason."), "reason")
    if not is_member(reporter) or post.deleted_at or post.author_id == reporter.id:
        raise ActionError(gettext("You cannot flag this post."))
    already = db.session.execute(db.select(Flag.id).filter_by(post_id=post.id, reporter_id=reporter.id)).first()
    if already:
        raise ActionError(gettext("You have already flagged this post. Moderators will look at it."))
    flag = Flag(post_id=post.id, reporter_id=reporter.id, reason=reason, text=text.strip()[:500])
    db.session.add(flag)
    db.session.commit()
    return flag


SUSPENSION_FOR_FLAGS = timedelta(days=7)


def resolve_flags(moderator, post: Post, outcome: str, message: str = "") -> None:
    """One click in the queue: hide or delete the post, dismiss the flags, warn the author (with the
    moderator's message) or suspend them for a week; every open flag on the post is closed with the
    outcome, and the action is audited."""
    if not has_permission(moderator, "moderate"):
        raise ActionError(gettext("Only moderators can do this."))
    if outcome not in FLAG_OUTCOMES:
        raise ActionError(gettext("Unknown action."))
    if (outcome == "warn" and not can_restrict(moderator, post.author)) or \
            (outcome == "suspend" and not can_suspend_from_queue(moderator, post.author)):
        raise ActionError(gettext("You may not restrict this account."))
    if outcome == "warn" and not message.strip():
        raise ActionError(gettext("Please write the warning: the member will see it."))
    flags = db.session.execute(db.select(Flag).where(Flag.post_id == post.id, Flag.resolved_at.is_(None))
                               ).scalars().all()
    reasons = ", ".join(sorted({flag.reason for flag in flags}))
    now = utcnow()
    if outcome == "hide":
        post.hidden_at = now
    elif outcome == "delete" and not post.deleted_at:
        post.deleted_at = now
        photos.delete_owned("post", [post.id])
    posting.index_post(post, post.thread.title)
    for flag in flags:
        flag.resolved_at, flag.resolved_by_id, flag.outcome = now, moderator.id, outcome
    audit.record(moderator, f"flag.{outcome}", "post", post.id, details=reasons)
    notified = notifications.notify({post.author_id: "moderation"}, moderator, post) if outcome in ("hide", "delete") \
        else set()
    notifications.push_unread_counts(notified)
    if outcome == "warn":
        account_actions.warn(moderator, post.author, message, post)  # commits
    elif outcome == "suspend":
        account_actions.suspend(moderator, post.author, now + SUSPENSION_FOR_FLAGS,
                                gettext("Flagged post: %(reasons)s", reasons=reasons or "-"))  # commits
    else:
        db.session.commit()


def delete_all_posts(moderator, author) -> tuple[int, int]:
    """The spammer clean-up: every post of the author is soft-deleted and every thread they started
    leaves the lists, in one action. Returns (posts, threads) deleted."""
    if not can_restrict(moderator, author):
        raise ActionError(gettext("You may not restrict this account."))
    now = utcnow()
    post_ids = db.session.execute(db.select(Post.id).where(Post.author_id == author.id,
                                                           Post.deleted_at.is_(None))).scalars().all()
    db.session.execute(update(Post).where(Post.id.in_(post_ids)).values(deleted_at=now))
    search.remove_many("post", post_ids)
    photos.delete_owned("post", post_ids)
    threads = db.session.execute(db.select(Thread).where(Thread.author_id == author.id,
                                                         Thread.deleted_at.is_(None))).scalars().all()
    for thread in threads:
        thread.deleted_at = now
        db.session.execute(update(Category).where(Category.id == thread.category_id).values(
            thread_count=Category.thread_count - 1, post_count=Category.post_count - thread.post_count))
    audit.record(moderator, "user.delete_posts", "user", author.id,
                 details=f"{len(post_ids)} posts, {len(threads)} threads")
    db.session.commit()
    return len(post_ids), len(threads)


def toggle_watch(member, thread: Thread) -> bool:
    if not is_reader(member):
        raise ActionError(gettext("Please sign in to continue."))
    added = _toggle(Watch, thread_id=thread.id, user_id=member.id)
    db.session.commit()
    return added


def _toggle(model, **keys) -> bool:
    """Adds the row with these keys, or deletes it when it exists. Returns whether it exists now."""
    existing = db.session.execute(db.select(model).filter_by(**keys)).scalar_one_or_none()
    if existing:
        db.session.delete(existing)
    else:
        db.session.add(model(**keys))
    return existing is None
