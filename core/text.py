"""Small text helpers shared by features."""
import re
import unicodedata


def slugify(text: str, max_length: int = 60) -> str:
    """'Diskusi: Laskar Pelangi (2005)!' -> 'diskusi-laskar-pelangi-2005'; ASCII only, for URLs."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "t"


def plain_text(text: str | None) -> str:
    """What a member typed as plain text, cleaned the same way everywhere: NFC-normalised, without
    control or invisible formatting characters (zero-width spaces, direction overrides), spaces
    squeezed, at most one empty line between paragraphs. Templates escape it when they show it."""
    text = unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cs"))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def without_nul(value):
    """The value with every NUL character removed from its strings, inside dicts and lists too. No
    member types NUL; PostgreSQL refuses it in text, so it is dropped wherever input arrives: form and
    query fields (core/requests.py) and Socket.IO payloads (events/sockets.py)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {without_nul(key): without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    return value
