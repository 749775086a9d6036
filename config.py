"""Configuration read from the environment (see README, "Configuration")."""
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit


def _secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the instance folder."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def engine_options(database_url: str) -> dict:
    """A process holds at most SERAMBI_DB_POOL_SIZE connections; a request that finds none free within
    SERAMBI_DB_POOL_TIMEOUT seconds gets the 503 "very busy" page (core/errors.py). A gevent worker serves
    thousands of requests at once, but each holds a connection only for its queries, so a few suffice; on
    PostgreSQL, processes × pool size must stay under its max_connections (100 by default)."""
    options = {"pool_pre_ping": True}
    if database_url not in ("sqlite://", "sqlite:///:memory:"):  # an in-memory database has one connection
        options.update(pool_size=int(os.environ.get("SERAMBI_DB_POOL_SIZE", "10")), max_overflow=0,
                       pool_timeout=float(os.environ.get("SERAMBI_DB_POOL_TIMEOUT", "30")))
    return options


def _base_url() -> str | None:
    """SERAMBI_BASE_URL, the site's public address (core/urls.absolute_url), without a trailing slash."""
    value = os.environ.get("SERAMBI_BASE_URL", "").strip().rstrip("/")
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"SERAMBI_BASE_URL must be the site's public address, such as "
                         f"https://komunitas.perpustakaan.example (it is {value!r})")
    return value


def _smtp_url() -> str | None:
    value = os.environ.get("SERAMBI_SMTP_URL", "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("SERAMBI_SMTP_URL must look like smtp://user:password@host:587 or smtps://user:password@host")
    return value


def from_environment(instance_path: str) -> dict:
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'serambi.db'}"
    redis_url = os.environ.get("REDIS_URL") or None
    behind_https = os.environ.get("SERAMBI_HTTPS", "0") == "1"
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "REDIS_URL": redis_url,
        "SERAMBI_LANGUAGE": os.environ.get("SERAMBI_LANGUAGE", "id"),
        "SERAMBI_BASE_URL": _base_url(),
        # E-mail (core/mail.py): through this SMTP server, else written as files into MAIL_FOLDER.
        "SMTP_URL": _smtp_url(),
        "MAIL_FROM": os.environ.get("SERAMBI_MAIL_FROM", "").strip() or None,
        "MAIL_FOLDER": str(Path(instance_path) / "mail"),
        # The outbox (core/outbox.py): retries at base, 2×base, 4×base … seconds apart, at most an hour apart.
        "OUTBOX_RETRY_BASE_SECONDS": float(os.environ.get("SERAMBI_OUTBOX_RETRY_SECONDS", "30")),
        "OUTBOX_MAX_ATTEMPTS": int(os.environ.get("SERAMBI_OUTBOX_MAX_ATTEMPTS", "12")),
        # How long a deliverer holds the messages it claimed; one that died leaves them to others after it.
        "OUTBOX_LEASE_SECONDS": float(os.environ.get("SERAMBI_OUTBOX_LEASE_SECONDS", "300")),
        "OUTBOX_SEND_TIMEOUT_SECONDS": float(os.environ.get("SERAMBI_OUTBOX_SEND_TIMEOUT_SECONDS", "20")),
        "OUTBOX_SWEEP_SECONDS": float(os.environ.get("SERAMBI_OUTBOX_SWEEP_SECONDS", "15")),
        # Without REDIS_URL, the web process delivers in the background.
        "OUTBOX_IN_WEB_PROCESS": True,
        "SOCKETIO_ASYNC_MODE": os.environ.get("SOCKETIO_ASYNC_MODE", "threading"),
        # The Redis channel Socket.IO processes share: sites (or test runs) on one Redis keep theirs apart.
        "SOCKETIO_CHANNEL": os.environ.get("SOCKETIO_CHANNEL", "flask-socketio"),
        # Seconds between a process's vouching for its live-room sockets (events/presence.py)
        "LIVE_HEARTBEAT_SECONDS": float(os.environ.get("SERAMBI_LIVE_HEARTBEAT_SECONDS", "10")),
        # Web Push (core/webpush.py): the site's key pair, made by `flask webpush keys`, and the push services
        # browsers may subscribe at (Chrome/Android, Firefox, Edge, Safari).
        "VAPID_KEY_FILE": str(Path(instance_path) / "vapid_private.pem"),
        "PUSH_SERVICE_HOSTS": [host.strip() for host in os.environ.get(
            "SERAMBI_PUSH_SERVICE_HOSTS", "fcm.googleapis.com,updates.push.services.mozilla.com,notify.windows.com,"
            "push.apple.com").split(",") if host.strip()],
        "PUSH_ALLOW_HTTP": False,  # only the tests' own push service speaks plain HTTP
        "PUSH_CONTACT": os.environ.get("SERAMBI_MAIL_FROM", "noreply@localhost"),
        # Uploaded files: logos, avatars and covers (public, /media/) and members' photos (/photos/, each
        # request checked). Several workers or machines must share both folders.
        "UPLOAD_FOLDER": os.environ.get("SERAMBI_UPLOAD_FOLDER") or str(Path(instance_path) / "uploads"),
        "PHOTO_FOLDER": os.environ.get("SERAMBI_PHOTO_FOLDER") or str(Path(instance_path) / "photos"),
        # Set behind nginx (README): a photo's bytes are then sent by nginx from this internal location.
        "PHOTO_ACCEL_PREFIX": os.environ.get("SERAMBI_PHOTO_ACCEL_PREFIX") or None,
        # Generated og:images (sharing/images.py), kept after their first request; safe to empty.
        "OG_IMAGE_FOLDER": str(Path(instance_path) / "og-images"),
        # Six 10 MB photos plus the rest of the form; anything larger gets the 413 page. Werkzeug keeps a
        # large upload in a temporary file, not in memory.
        "MAX_CONTENT_LENGTH": 6 * 10 * 1024 * 1024 + 256 * 1024,
        "MAX_IMAGE_BYTES": 2 * 1024 * 1024,  # a logo, avatar or cover
        "PHOTO_MAX_BYTES": 10 * 1024 * 1024,
        "PASSWORD_HASH_METHOD": "scrypt",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": behind_https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": behind_https,
        "PREFERRED_URL_SCHEME": "https" if behind_https else "http",
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # Redis away: the same limits are counted in this process's memory until it answers again (checked
        # every few requests), so signing in and posting keep working. A hung Redis costs a request 1 s.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        "RATELIMIT_LOGIN": os.environ.get("SERAMBI_RATELIMIT_LOGIN", "30 per minute; 200 per hour"),
        # A library's Wi-Fi puts a whole building behind one address: per-address limits stay generous,
        # and guessing at one account is limited by the account's name.
        "RATELIMIT_LOGIN_ACCOUNT": os.environ.get("SERAMBI_RATELIMIT_LOGIN_ACCOUNT", "5 per minute; 20 per hour"),
        "RATELIMIT_REGISTER": os.environ.get("SERAMBI_RATELIMIT_REGISTER", "30 per hour"),
        "RATELIMIT_PASSWORD_CHANGE": "10 per hour",
        # "Forgot password" and "send the confirmation again": per client address, and per account.
        # Every "forgot password" answer takes this long, whether or not the account exists (accounts/views.py).
        "PASSWORD_RESET_ANSWER_SECONDS": 0.25,
        "RATELIMIT_RESET": os.environ.get("SERAMBI_RATELIMIT_RESET", "20 per hour"),
        "RATELIMIT_RESET_ACCOUNT": os.environ.get("SERAMBI_RATELIMIT_RESET_ACCOUNT", "3 per hour; 6 per day"),
        "RATELIMIT_POSTING": os.environ.get("SERAMBI_RATELIMIT_POSTING", "6 per minute; 60 per hour"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Counts of views and shares are written to the database in batches at most this often (analytics/).
        "ANALYTICS_FLUSH_SECONDS": float(os.environ.get("SERAMBI_ANALYTICS_FLUSH_SECONDS", "10")),
        # Each process reads the library's profile (on every page) again at most this often (library/models.py).
        "LIBRARY_PROFILE_SECONDS": float(os.environ.get("SERAMBI_LIBRARY_PROFILE_SECONDS", "10")),
        # New members' first posts wait for a moderator; until they have more approved posts, at most two
        # links or images to other sites per post (forum/screening.py). 0 turns either off.
        "FORUM_APPROVAL_POSTS": int(os.environ.get("FORUM_APPROVAL_POSTS", "1")),
        "FORUM_TRUSTED_POSTS": int(os.environ.get("FORUM_TRUSTED_POSTS", "3")),
        # Reading challenges (challenges/rules.py): a day's log beyond the cap is refused; beyond the
        # "unusual" amount it waits for staff review before it counts.
        "CHALLENGE_DAY_CAP_PAGES": int(os.environ.get("CHALLENGE_DAY_CAP_PAGES", "2000")),
        "CHALLENGE_DAY_CAP_MINUTES": int(os.environ.get("CHALLENGE_DAY_CAP_MINUTES", "1440")),
        "CHALLENGE_DAY_CAP_BOOKS": int(os.environ.get("CHALLENGE_DAY_CAP_BOOKS", "10")),
        "CHALLENGE_UNUSUAL_PAGES": int(os.environ.get("CHALLENGE_UNUSUAL_PAGES", "500")),
        "CHALLENGE_UNUSUAL_MINUTES": int(os.environ.get("CHALLENGE_UNUSUAL_MINUTES", "600")),
        "CHALLENGE_UNUSUAL_BOOKS": int(os.environ.get("CHALLENGE_UNUSUAL_BOOKS", "3")),
    }
