"""What makes a username, an email or a password acceptable. Each check returns a message or None."""
import re
import unicodedata

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext

USERNAME_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9_.]{1,28}[a-z0-9])\Z")
RESERVED_USERNAMES = {
    "admin", "administrator", "root", "staff", "moderator", "mod", "host", "system", "support",
    "serambi", "perpustakaan", "library", "pustakawan", "official", "resmi", "help", "bantuan",
    "api", "auth", "static", "media", "u", "forum", "groups", "events", "books", "challenges",
    "search", "healthz", "null", "undefined", "anonymous", "anonim",
}
PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 128
COMMON_PASSWORDS = {
    "1234567890", "12345678910", "0123456789", "1111111111", "qwertyuiop", "password123", "password1234",
    "passw0rd123", "iloveyou123", "indonesia123", "indonesia1945", "bismillah123", "bismillah",
    "sayangkamu", "rahasia123", "katasandi123", "perpustakaan", "perpustakaan123", "admin12345",
    "abcdefghij", "abc1234567", "qwerty1234", "1q2w3e4r5t", "asdfghjkl1", "merdeka1945",
}


def normalise_email(email: str) -> str:
    """One spelling per mailbox (Unicode NFC, IDNA domain, lowercase), so nobody registers it twice."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return email.strip().lower()


def username_problem(username: str, check_reserved: bool = True) -> str | None:
    if not USERNAME_PATTERN.match(username):
        return gettext("A username has 3 to 30 characters: lowercase letters, digits, dots and "
                       "underscores, starting and ending with a letter or digit.")
    if check_reserved and username in RESERVED_USERNAMES:
        return gettext("This username is reserved. Please choose another.")
    return None


def email_problem(email: str) -> str | None:
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return gettext("Please enter a valid email address, for example nama@contoh.id.")
    return None


BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def display_name_problem(name: str) -> str | None:
    """A name must show something, and may not hide text direction tricks."""
    visible = [char for char in name if unicodedata.category(char)[0] not in "CZ"]
    if not visible or BIDI_CONTROLS & set(name):
        return gettext("Please use a name with visible letters, without special control characters.")
    return None


def password_problem(password: str, username: str = "", email: str = "") -> str | None:
    if len(password) < PASSWORD_MIN_LENGTH:
        return gettext("A password needs at least %(count)d characters.", count=PASSWORD_MIN_LENGTH)
    if len(password) > PASSWORD_MAX_LENGTH:
        return gettext("A password can have at most %(count)d characters.", count=PASSWORD_MAX_LENGTH)
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) < 4:
        return gettext("This password is too easy to guess. Try a short sentence you will remember.")
    local_part = email.split("@")[0].lower()
    if (username and username.lower() in lowered) or (len(local_part) >= 4 and local_part in lowered):
        return gettext("The password must not contain your username or email.")
    return None
