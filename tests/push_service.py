"""A Web Push service for the tests, on 127.0.0.1. It takes what the site sends as FCM or Mozilla's
service would: it checks the VAPID signature (RFC 8292) and decrypts the message (RFC 8291, aes128gcm) with
the keys of a browser the test made, so the test reads exactly what that phone would show."""
import base64
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Browser:
    """A browser that subscribed: its own key pair and secret, as PushManager.subscribe() makes them."""

    def __init__(self, service: "PushService", name: str):
        self.name, self.service = name, service
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = f"{service.url}/push/{name}"

    def subscription(self) -> dict:
        public = self.private_key.public_key().public_bytes(serialization.Encoding.X962,
                                                            serialization.PublicFormat.UncompressedPoint)
        return {"endpoint": self.endpoint, "expirationTime": None,
                "keys": {"p256dh": b64encode(public), "auth": b64encode(self.auth)}}

    def messages(self, count: int = 1, timeout: float = 10) -> list[dict]:
        """The first `count` messages this browser received, waiting for them."""
        return self.service.wait_for(self.name, count, timeout)


class PushService:
    def __init__(self):
        self.received: dict[str, list[dict]] = {}
        self.browsers: dict[str, Browser] = {}
        self.answers: dict[str, int] = {}  # a browser's name -> the status to answer instead of 201
        self.changed = threading.Condition()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_):
        self.server.shutdown()
        self.server.server_close()

    def browser(self, name: str) -> Browser:
        self.browsers[name] = Browser(self, name)
        return self.browsers[name]

    def wait_for(self, name: str, count: int, timeout: float) -> list[dict]:
        deadline = time.monotonic() + timeout
        with self.changed:
            while len(self.received.get(name, [])) < count:
                left = deadline - time.monotonic()
                assert left > 0, f"{name} received {self.received.get(name, [])}, expected {count} messages"
                self.changed.wait(left)
            return self.received[name][:count]

    def _take(self, name: str, headers, body: bytes) -> int:
        browser = self.browsers.get(name)
        if browser is None:
            return 404
        if name in self.answers:
            return self.answers[name]
        signer = check_vapid(headers.get("Authorization", ""), self.url)
        assert headers["Content-Encoding"] == "aes128gcm" and int(headers["TTL"]) > 0
        text = http_ece.decrypt(body, private_key=browser.private_key, auth_secret=browser.auth, version="aes128gcm")
        with self.changed:
            self.received.setdefault(name, []).append({**json.loads(text), "signed_by": signer})
            self.changed.notify_all()
        return 201

    def _handler(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status = service._take(self.path.rsplit("/", 1)[-1], self.headers, body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_):
                pass

        return Handler


def check_vapid(authorization: str, audience: str) -> str:
    """Checks `vapid t=<JWT>, k=<public key>` (RFC 8292): an ES256 signature by that key, for this push
    service, not expired, with a contact. Returns the key, which is the site's application server key."""
    scheme, _, fields = authorization.partition(" ")
    assert scheme == "vapid", authorization
    values = dict(field.strip().split("=", 1) for field in fields.split(","))
    token, key = values["t"], values["k"]
    header, claims, signature = token.split(".")
    public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64decode(key))
    raw = b64decode(signature)
    public_key.verify(encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
                      f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))  # raises InvalidSignature
    assert json.loads(b64decode(header)) == {"typ": "JWT", "alg": "ES256"}
    claimed = json.loads(b64decode(claims))
    assert claimed["aud"] == audience and claimed["exp"] > time.time() and claimed["sub"], claimed
    return key
