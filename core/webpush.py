"""Web Push: messages to a member's browser while the site is closed (RFC 8030), encrypted for that
browser (RFC 8291, aes128gcm) and signed with the site's VAPID key (RFC 8292), by pywebpush.

The key pair is made once by `flask --app app webpush keys` and kept in the instance folder. A browser
subscribes from the notification settings (static/js/push.js); its endpoint must be on a known push service
(`PUSH_SERVICE_HOSTS`), so a member cannot make the site send requests anywhere else."""
import base64
import json
from pathlib import Path
from urllib.parse import urlsplit

import click
from cryptography.hazmat.primitives import serialization
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush

from core.errors import ActionError
from core.timeutil import UTCDateTime, utcnow
from extensions import db

ENDPOINT_MAX = 1000
TTL_SECONDS = 24 * 3600  # a push the phone could not take within a day is stale: the inbox still has it


class PushSubscription(db.Model):
    """One browser of one member that accepts pushes."""
    __tablename__ = "push_subscriptions"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    endpoint = db.Column(db.String(ENDPOINT_MAX), nullable=False, unique=True)
    p256dh = db.Column(db.String(200), nullable=False)  # the browser's public key
    auth = db.Column(db.String(100), nullable=False)  # the browser's authentication secret
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class PushGone(Exception):
    """The push service says the subscription no longer exists (404, 410): it has been forgotten."""


class PushFailed(Exception):
    """The push service could not take the message now (network, 429, 5xx): try again later."""


# -- the site's key ------------------------------------------------------------------------------------

def _key_file() -> Path:
    return Path(current_app.config["VAPID_KEY_FILE"])


def application_server_key() -> str | None:
    """The public key browsers subscribe with (URL-safe base64 of the uncompressed point), or None before
    `flask webpush keys` has made one."""
    if not _key_file().exists():
        return None
    point = _vapid().public_key.public_bytes(serialization.Encoding.X962,
                                             serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(point).rstrip(b"=").decode()


def _vapid() -> Vapid02:
    return Vapid02.from_file(str(_key_file()))


webpush_cli = AppGroup("webpush", help="Web Push notifications.")


@webpush_cli.command("keys")
def make_keys():
    """Makes the site's VAPID key pair in the instance folder, once (a new pair would end every browser's
    subscription)."""
    key_file = _key_file()
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        vapid = Vapid02()
        vapid.generate_keys()
        vapid.save_key(str(key_file))
        key_file.chmod(0o600)
        click.echo(f"Made the Web Push key pair: {key_file}")
    click.echo(f"Public key: {application_server_key()}")


# -- subscriptions --------------------------------------------------------------------------------------

def _refused() -> ActionError:
    return ActionError(gettext("This browser's notification subscription could not be saved. Reload the page "
                               "and try again."))


def _text(value, longest: int) -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= longest or not value.isascii():
        raise _refused()
    return value


def subscribe(user, data) -> None:
    """Keeps a browser's subscription (PushSubscription.toJSON()) for the member; a browser that subscribed
    for another member before now belongs to this one."""
    if not isinstance(data, dict) or not isinstance(data.get("keys"), dict):
        raise _refused()
    endpoint = _text(data.get("endpoint"), ENDPOINT_MAX)
    parts = urlsplit(endpoint)
    allowed = current_app.config["PUSH_SERVICE_HOSTS"]
    if parts.scheme != "https" and not current_app.config["PUSH_ALLOW_HTTP"] or parts.hostname is None \
            or not any(parts.hostname == host or parts.hostname.endswith("." + host) for host in allowed):
        raise _refused()
    keys = data["keys"]
    values = {"user_id": user.id, "p256dh": _text(keys.get("p256dh"), 200), "auth": _text(keys.get("auth"), 100)}
    found = db.session.execute(db.select(PushSubscription).filter_by(endpoint=endpoint)).scalar_one_or_none()
    if found is None:
        db.session.add(PushSubscription(endpoint=endpoint, **values))
    else:
        for name, value in values.items():
            setattr(found, name, value)
    db.session.commit()


def unsubscribe(user, endpoint) -> None:
    db.session.execute(db.delete(PushSubscription).filter_by(user_id=user.id, endpoint=str(endpoint)))
    db.session.commit()


def subscriptions_of(user_id: int) -> list[PushSubscription]:
    return db.session.execute(db.select(PushSubscription).filter_by(user_id=user_id)
                              .order_by(PushSubscription.id)).scalars().all()


# -- sending --------------------------------------------------------------------------------------------

def send(subscription: PushSubscription, title: str, body: str, url: str, tag: str) -> None:
    """One message to one browser: its notification shows `title` and `body` and opens `url`; a newer message
    with the same `tag` replaces it. Raises PushGone (and forgets the subscription) or PushFailed."""
    payload = json.dumps({"title": title, "body": body, "url": url, "tag": tag}, ensure_ascii=False)
    try:
        webpush({"endpoint": subscription.endpoint, "keys": {"p256dh": subscription.p256dh,
                                                             "auth": subscription.auth}},
                data=payload, vapid_private_key=_vapid(), vapid_claims={"sub": _contact()}, ttl=TTL_SECONDS,
                timeout=10)
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in (404, 410):
            db.session.delete(subscription)
            db.session.commit()
            raise PushGone(subscription.endpoint) from error
        raise PushFailed(f"{status or 'no answer'}: {error.message}") from error


def _contact() -> str:
    """Who the push services may write to about this site's pushes (the VAPID `sub` claim)."""
    base_url = current_app.config.get("SERAMBI_BASE_URL")
    return base_url if base_url and base_url.startswith("https://") else "mailto:" + current_app.config["PUSH_CONTACT"]


def init_app(app) -> None:
    app.cli.add_command(webpush_cli)
