"""A real SMTP server for the tests (aiosmtpd on a free port of 127.0.0.1) that keeps every message it accepts,
and helpers to read them. Addresses in `refused` get a 550 at RCPT TO, as a mail server answers for an address
that does not exist."""
import email
import email.policy
import re
import socket
import threading

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.refused: set[str] = set()
        self.arrived = threading.Condition()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.arrived:
            self.messages.append(message)
            self.arrived.notify_all()
        return "250 Message accepted"

    def to(self, address: str) -> list:
        return [message for message in self.messages if message["To"] == address]

    def wait_for(self, count: int, timeout: float = 30) -> list:
        with self.arrived:
            assert self.arrived.wait_for(lambda: len(self.messages) >= count, timeout), \
                f"{len(self.messages)} of {count} messages arrived"
        return self.messages


class SMTPServer:
    def __init__(self, port: int | None = None):
        self.inbox = Inbox()
        self.port = port or free_port()
        self.controller = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(app):
    """The test SMTP server, set as the app's SMTP_URL."""
    server = SMTPServer()
    server.start()
    app.config["SMTP_URL"] = server.url
    yield server.inbox
    server.stop()


def deliver() -> int:
    """What the worker does: deliver every message that is due."""
    from core import outbox

    return outbox.deliver_due()


def parts(message) -> tuple[str, str]:
    """(the plain-text part, the HTML part) of a message."""
    return (message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content())


def link_in(message, path_start: str) -> str:
    """The first link in the plain-text part whose path starts with `path_start`."""
    text, _ = parts(message)
    found = re.search(r"https?://\S+?" + re.escape(path_start) + r"\S*", text)
    assert found, f"no link to {path_start} in:\n{text}"
    return found.group(0)
