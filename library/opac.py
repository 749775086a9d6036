"""The link "Find it at the library": the library's catalogue (OPAC) searched for a book.

Libraries set a URL template in their profile, for example a SLiMS search by ISBN,
`https://opac.example/index.php?search=search&keywords={isbn}`, or an INLISLite one by title.
The placeholders are {isbn} (13 digits), {isbn10} and {title}; each value is URL-encoded when it is
put in. Only http and https templates are accepted.
"""
import re
from urllib.parse import quote, urlsplit

from flask_babel import lazy_gettext as _l

from core.isbn import isbn13_to_10

PLACEHOLDERS = ("isbn", "isbn10", "title")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
MAX_LENGTH = 500


class InvalidTemplate(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def check_template(template: str) -> str:
    """The template, stripped, if it is usable (an empty one turns the link off)."""
    template = (template or "").strip()
    if not template:
        return ""
    if len(template) > MAX_LENGTH or any(char.isspace() for char in template):
        raise InvalidTemplate(_l("Enter one web address without spaces, at most 500 characters."))
    parts = urlsplit(PLACEHOLDER.sub("x", template))
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidTemplate(_l("The catalogue address must start with http:// or https://."))
    names = PLACEHOLDER.findall(template)
    stray_brace = any(brace in PLACEHOLDER.sub("", template) for brace in "{}")
    if not names or stray_brace or any(name not in PLACEHOLDERS for name in names):
        raise InvalidTemplate(_l("Put {isbn}, {isbn10} or {title} where the catalogue expects the search words."))
    return template


def build_url(template: str, isbn13: str | None, title: str) -> str | None:
    """The template with this book's values URL-encoded in, or None when the template is empty or
    needs an ISBN the book lacks."""
    if not template:
        return None
    values = {"isbn": isbn13, "isbn10": isbn13_to_10(isbn13) if isbn13 else None, "title": title}
    missing = False

    def substitute(match):
        nonlocal missing
        value = values.get(match.group(1))
        if not value:
            missing = True
            return ""
        return quote(value, safe="")

    url = PLACEHOLDER.sub(substitute, template)
    return None if missing else url
