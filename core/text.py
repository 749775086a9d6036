"""Small text helpers shared by features."""
import re
import unicodedata


def slugify(text: str, max_length: int = 60) -> str:
    """'Diskusi: Laskar Pelangi (2005)!' -> 'diskusi-laskar-pelangi-2005'; ASCII only, for URLs."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "t"
