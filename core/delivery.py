"""How notifications reach a member outside the site, as each member chose per kind
(core/notifications.py): an e-mail at once, the daily digest, and a push to the phones they turned on.

notify() writes one outbox message ("notify") for everyone it told who wants that kind at once or on the
phone. The deliverer turns it into their e-mails and pushes here, so a reply to a thread that thousands
watch costs the request one INSERT. Expanding again after a crash adds nothing twice: each e-mail and push
has a key made of the "notify" message's key and its recipient.

The daily digest (`flask --app app notifications digest`, from cron) gathers each member's unread
notifications of the kinds they want daily since their last digest, by thread or event, and is skipped
when there are none (a member who visited and read them gets none).

Every e-mail links a one-click unsubscribe (RFC 8058) that needs no sign-in and turns off that kind only
(the digest's turns off the digest)."""
import base64
from collections import defaultdict
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from itsdangerous import BadSignature, URLSafeSerializer

from core import mail, notifications, outbox, webpush
from core.notifications import DAILY, NEVER, NOW, TARGETS, Notification, email_choice, wants_push
from core.i18n import LANGUAGES
from core.timeutil import utcnow
from core.urls import absolute_url, site_request_context
from extensions import db

DIGEST = "digest"  # what a digest's unsubscribe link turns off: every kind the member wanted daily
PUSH_CHANNEL = "push"


def _users():
    """The members' table's model, which core may read but not import (accounts is a floor above)."""
    return Notification.actor.property.mapper.class_


def may_email(user) -> bool:
    return user.email_confirmed_at is not None and not mail.is_dead(user.email)


# -- unsubscribing ------------------------------------------------------------------------------------

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="unsubscribe")


def unsubscribe_url(user_id: int, kind: str) -> str:
    with site_request_context():
        return absolute_url("core.unsubscribe", token=_serializer().dumps([user_id, kind]))


def unsubscribe_target(token: str) -> tuple[object, str] | None:
    """(member, kind) of an unsubscribe link, or None for a link that is not one of ours."""
    try:
        user_id, kind = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    user = db.session.get(_users(), user_id)
    if user is None or (kind != DIGEST and kind not in notifications.REACHABLE):
        return None
    return user, kind


def unsubscribe(user, kind: str) -> None:
    """E-mail of this kind (or the daily digest) no longer reaches the member; nothing else changes."""
    choices = dict(user.notification_email or {})
    kinds = [kind] if kind != DIGEST else [each for each in notifications.REACHABLE
                                          if email_choice(choices, each) == DAILY]
    user.notification_email = {**choices, **{each: NEVER for each in kinds}}
    db.session.commit()


def _unsubscribe_headers(url: str) -> dict:
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


# -- at once ------------------------------------------------------------------------------------------

def expand(message: outbox.OutboxMessage) -> None:
    """The "notify" channel: the e-mails and pushes of one notify(), queued in one transaction."""
    payload = message.payload
    told = {int(user_id): kind for user_id, kind in payload["told"].items()}
    users = {user.id: user for user in db.session.execute(
        db.select(_users()).where(_users().id.in_(told))).scalars()}
    item = Notification(actor_id=payload["actor_id"], target_kind=payload["target_kind"],
                        target_id=payload["target_id"], message=payload["message"],
                        created_at=datetime.fromisoformat(payload["created_at"]))
    item.actor = db.session.get(_users(), payload["actor_id"]) if payload["actor_id"] else None
    item.target = TARGETS[item.target_kind].load([item.target_id]).get(item.target_id) \
        if item.target_kind in TARGETS else None
    subscriptions = defaultdict(list)
    for subscription in db.session.execute(db.select(webpush.PushSubscription).where(
            webpush.PushSubscription.user_id.in_(told))).scalars():
        subscriptions[subscription.user_id].append(subscription)
    already = set(db.session.execute(db.select(outbox.OutboxMessage.idempotency_key).where(
        outbox.OutboxMessage.idempotency_key.like(f"{message.idempotency_key}:%"))).scalars())
    with site_request_context():
        for user_id, kind in told.items():
            if user_id not in users:
                continue
            item.kind = kind
            with force_locale(_language(users[user_id])):
                for key, queue in _messages_for(users[user_id], item, subscriptions[user_id], message.idempotency_key):
                    if key not in already:
                        queue(key)
    db.session.commit()


def _language(user) -> str:
    return user.language if user.language in LANGUAGES else current_app.config["SERAMBI_LANGUAGE"]


def _library_name() -> str:
    """The library's name as every page and e-mail has it (library/ fills in the templates' `library`)."""
    context: dict = {}
    current_app.update_template_context(context)
    return context["library"].name


def _messages_for(user, item: Notification, subscriptions: list, key: str):
    """(key, enqueue) pairs of the e-mail and pushes one member gets of one notification."""
    link = notifications.link(item)
    if link is None:
        return
    url, label = link
    if email_choice(user.notification_email or {}, item.kind) == NOW and may_email(user):
        yield f"{key}:email:{user.id}", lambda each: _email_now(user, item, url, label, each)
    if wants_push(user.notification_push_off or [], item.kind):
        for subscription in subscriptions:
            yield f"{key}:push:{subscription.id}", lambda each, to=subscription: outbox.enqueue(
                PUSH_CHANNEL, str(to.id), {"title": _library_name(),
                                           "body": label, "url": url, "tag": f"{item.target_kind}:{item.target_id}"},
                each)


def _email_now(user, item: Notification, url: str, label: str, key: str) -> None:
    unsubscribe = unsubscribe_url(user.id, item.kind)
    attachments = TARGETS[item.target_kind].attachments(item, item.target) if TARGETS[item.target_kind].attachments \
        else []
    mail.send(user.email, user.language, "notification", key, name=user.display_name, label=label,
              link=absolute_url_of(url), unsubscribe=unsubscribe, kind_label=notifications.REACHABLE[item.kind],
              headers=_unsubscribe_headers(unsubscribe),
              attachments=[{"filename": name, "type": mime, "data": base64.b64encode(data).decode()}
                           for name, mime, data in attachments])


def absolute_url_of(path: str) -> str:
    """A site path (as notification links are, with any prefix the site is served under) as an address for an
    e-mail."""
    site = urlsplit(absolute_url("home.index"))
    return f"{site.scheme}://{site.netloc}{path}"


def deliver_push(message: outbox.OutboxMessage) -> None:
    subscription = db.session.get(webpush.PushSubscription, int(message.recipient))
    if subscription is None:
        raise outbox.PermanentFailure("The browser's subscription has ended.")
    payload = message.payload
    try:
        webpush.send(subscription, payload["title"], payload["body"], payload["url"], payload["tag"])
    except webpush.PushGone as gone:
        raise outbox.PermanentFailure("The push service no longer knows this browser.") from gone


# -- the daily digest ---------------------------------------------------------------------------------

def send_digests(now: datetime | None = None) -> int:
    """One e-mail per member with unread notifications of the kinds they want daily, since their last digest
    (at most a week back). Safe to run twice a day: a member gets one digest a day (its key has the date)."""
    with site_request_context():
        return _send_digests(now or utcnow())


def _send_digests(now: datetime) -> int:
    users, sent = _users(), 0
    since = db.func.coalesce(users.digest_sent_at, now - timedelta(days=7))
    candidates = db.session.execute(
        db.select(users).where(users.email_confirmed_at.is_not(None), db.exists().where(
            Notification.user_id == users.id, Notification.read_at.is_(None), Notification.created_at > since,
            Notification.created_at <= now))).scalars().all()
    for user in candidates:
        sent += _digest_for(user, now)
    db.session.commit()
    return sent


def _digest_for(user, now: datetime) -> bool:
    daily = [kind for kind in notifications.REACHABLE if email_choice(user.notification_email or {}, kind) == DAILY]
    since = user.digest_sent_at or now - timedelta(days=7)
    found = db.session.execute(db.select(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None), Notification.kind.in_(daily),
        Notification.created_at > since, Notification.created_at <= now).order_by(Notification.id)).scalars().all()
    user.digest_sent_at = now
    if not found or not may_email(user):
        return False
    notifications.load_targets(found)
    unsubscribe = unsubscribe_url(user.id, DIGEST)
    with force_locale(_language(user)):
        groups = _grouped(found)
    mail.send(user.email, user.language, "digest", f"digest-{user.id}-{now:%Y-%m-%d}", name=user.display_name,
              groups=groups, count=len(found), unsubscribe=unsubscribe, headers=_unsubscribe_headers(unsubscribe),
              settings=absolute_url("core.notification_settings"))
    return True


def _grouped(found: list[Notification]) -> list[dict]:
    """[{"heading", "items": [(label, link)]}] by thread, event or group, in order of their first item."""
    groups: dict[str, dict] = {}
    for item in found:
        link = notifications.link(item)
        if link is None:
            continue
        url, label = link
        heading = TARGETS[item.target_kind].heading(item, item.target)
        groups.setdefault(heading, {"heading": heading, "items": []})["items"].append((label, absolute_url_of(url)))
    return list(groups.values())


digest_cli = AppGroup("notifications", help="Notifications beyond the site.")


@digest_cli.command("digest")
def digest_command():
    """Sends today's digests (run daily from cron; see README)."""
    click.echo(f"Digests queued: {send_digests()}")


def init_app(app) -> None:
    outbox.register_channel(notifications.DELIVERY_CHANNEL, expand, lambda message: "")
    outbox.register_channel(PUSH_CHANNEL, deliver_push, lambda message: message.payload.get("body", ""))
    app.cli.add_command(digest_cli)
