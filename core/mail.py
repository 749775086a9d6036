"""E-mail: written in the member's language with the library's name, logo and colours (templates/mail/,
which read the library's profile as every page does), queued in the outbox (core/outbox.py) and delivered
through SERAMBI_SMTP_URL, or written as files into MAIL_FOLDER when no SMTP server is set.

An address the SMTP server refuses for good (a 5xx reply to RCPT or DATA: a hard bounce) is recorded as
dead: no further e-mail goes to it, and the member's settings page says so."""
import base64
import email.policy
import functools
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app
from flask_babel import force_locale

from core import faults, outbox
from core.i18n import LANGUAGES
from core.timeutil import UTCDateTime, utcnow
from core.urls import absolute_url
from extensions import db

CHANNEL = "email"


class DeadAddress(db.Model):
    __tablename__ = "mail_dead_addresses"

    id = db.Column(db.Integer, primary_key=True)
    address = db.Column(db.String(254), nullable=False, unique=True)
    reason = db.Column(db.String(500), nullable=False, default="")
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


def is_dead(address: str) -> bool:
    return db.session.execute(db.select(DeadAddress.id).where(DeadAddress.address == address)).first() is not None


def compose(template: str, language: str | None, **context) -> dict:
    """{"subject", "text", "html"} of templates/mail/<template>.txt and .html in the given language; the
    text template sets `subject`."""
    language = language if language in LANGUAGES else current_app.config["SERAMBI_LANGUAGE"]
    with force_locale(language):
        current_app.update_template_context(context)
        env = current_app.jinja_env
        text = env.get_template(f"mail/{template}.txt").make_module(context)
        html = env.get_template(f"mail/{template}.html").render(context, subject=text.subject)
        return {"subject": str(text.subject).strip(), "text": str(text).strip() + "\n", "html": html,
                "language": language, "from_name": getattr(context.get("library"), "name", "")}


def sender() -> str:
    """SERAMBI_MAIL_FROM, else noreply@ the site's host."""
    return current_app.config["MAIL_FROM"] or f"noreply@{urlsplit(absolute_url('home.index')).hostname}"


def send(address: str, language: str | None, template: str, key: str, headers: dict | None = None,
         attachments: list[dict] | None = None, **context) -> bool:
    """Queues an e-mail in the current transaction; False (nothing queued) for a dead address. `headers` are
    added as they are (List-Unsubscribe); each attachment is {"filename", "type", "data" (base64)}."""
    if is_dead(address):
        return False
    payload = {**compose(template, language, **context), "from": sender(), "headers": headers or {},
               "attachments": attachments or []}
    outbox.enqueue(CHANNEL, address, payload, key)
    return True


def build_message(message: outbox.OutboxMessage) -> EmailMessage:
    payload = message.payload
    domain = payload["from"].rpartition("@")[2] or "localhost"
    mail = EmailMessage()
    mail["From"] = formataddr((payload.get("from_name") or "", payload["from"]))
    mail["To"] = message.recipient
    mail["Subject"] = payload["subject"]
    mail["Date"] = formatdate(localtime=False)
    # The outbox key: a message sent again after a crash carries the same ID, so it can be recognised.
    mail["Message-ID"] = f"<{message.idempotency_key}@{domain}>"
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(payload["text"])
    mail.add_alternative(payload["html"], subtype="html")
    mail["Content-Language"] = payload.get("language", "id")  # after set_content, which drops Content-* headers
    for name, value in payload.get("headers", {}).items():
        mail[name] = value
    for attachment in payload.get("attachments", []):
        maintype, _, subtype = attachment["type"].partition("/")
        mail.add_attachment(base64.b64decode(attachment["data"]), maintype=maintype, subtype=subtype,
                            filename=attachment["filename"])
    return mail


def deliver(message: outbox.OutboxMessage) -> None:
    if is_dead(message.recipient):
        raise outbox.PermanentFailure("The address refused e-mail before: nothing is sent to it.")
    mail = build_message(message)
    url = current_app.config["SMTP_URL"]
    if url:
        _send_smtp(url, mail, message.recipient)
    else:
        _write_file(mail, message)


def _write_file(mail: EmailMessage, message: outbox.OutboxMessage) -> None:
    """Without an SMTP server: one .eml file per message, named by its key (a second try overwrites it)."""
    folder = Path(current_app.config["MAIL_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{message.created_at:%Y%m%d-%H%M%S}-{message.idempotency_key}.eml"
    path.write_bytes(bytes(mail))


def _send_smtp(url: str, mail: EmailMessage, recipient: str) -> None:
    """smtp://[user:pass@]host[:port] (STARTTLS when the server offers it; required with a password), or
    smtps://… (TLS from the start). The envelope is sent step by step so that a 5xx reply to the recipient
    or the message is told apart from one to the sender."""
    parts = urlsplit(url)
    timeout = current_app.config["OUTBOX_SEND_TIMEOUT_SECONDS"]
    if parts.scheme == "smtps":
        server = smtplib.SMTP_SSL(parts.hostname, parts.port or 465, timeout=timeout, context=_tls())
    else:
        server = smtplib.SMTP(parts.hostname, parts.port or 25, timeout=timeout)
    with server:
        server.ehlo()
        if parts.scheme == "smtp" and (server.has_extn("starttls") or parts.username):
            server.starttls(context=_tls())
            server.ehlo()
        if parts.username:
            server.login(unquote(parts.username), unquote(parts.password or ""))
        code, reply = server.mail(mail["From"].addresses[0].addr_spec)
        if code != 250:
            raise _refusal(code, reply, "MAIL FROM")
        code, reply = server.rcpt(recipient)
        if code not in (250, 251):
            raise _refusal(code, reply, "RCPT TO", recipient)
        faults.reached("mail-mid-send")  # the fault suite kills the worker here, before the message is whole
        try:
            code, reply = server.data(mail.as_bytes(policy=email.policy.SMTP))
        except smtplib.SMTPDataError as error:
            code, reply = error.smtp_code, error.smtp_error
        if code != 250:
            raise _refusal(code, reply, "DATA")


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every message: making one reads the system's certificates, which cost 126 ms a
    message here (bench/mail)."""
    return ssl.create_default_context()


def _refusal(code: int, reply: bytes, step: str, recipient: str | None = None) -> Exception:
    """A 5xx to RCPT TO is a hard bounce: the address is dead. A 5xx to the message itself (its size, its
    content) fails that message only; a 4xx is tried again later."""
    text = f"{code} {reply.decode(errors='replace')} ({step})"
    if code >= 500 and recipient:
        if not is_dead(recipient):
            db.session.add(DeadAddress(address=recipient, reason=text[:500]))
        return outbox.PermanentFailure(text)
    if code >= 500:
        return outbox.PermanentFailure(text)
    return smtplib.SMTPResponseException(code, text)


def describe(message: outbox.OutboxMessage) -> str:
    return message.payload.get("subject", "")


def init_app(app) -> None:
    outbox.register_channel(CHANNEL, deliver, describe)
