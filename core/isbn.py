"""ISBNs: checked (ISBN-10 and ISBN-13, with their check digits) and kept as ISBN-13.

People type ISBNs the way they are printed: "979-3062-79-7", "978 602 03 1258 3", "0-306-40615-x".
`normalise()` accepts any of these and returns the 13 digits, or raises InvalidISBN with a message
for a person.
"""
import re

from flask_babel import lazy_gettext as _l

SEPARATORS = re.compile(r"[\s\-‐‑–]+")  # spaces, hyphens and the dashes word processors put in


class InvalidISBN(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def isbn10_check_digit(first_nine: str) -> str:
    total = sum((10 - position) * int(digit) for position, digit in enumerate(first_nine))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def isbn13_check_digit(first_twelve: str) -> str:
    total = sum(int(digit) * (3 if position % 2 else 1) for position, digit in enumerate(first_twelve))
    return str((10 - total % 10) % 10)


def isbn10_to_13(isbn10: str) -> str:
    """A valid ISBN-10 (digits only) as its ISBN-13: 978, the first nine digits, a new check digit."""
    body = "978" + isbn10[:9]
    return body + isbn13_check_digit(body)


def isbn13_to_10(isbn13: str) -> str | None:
    """The ISBN-10 of a 978 ISBN-13, or None (979 numbers have none)."""
    if not isbn13.startswith("978"):
        return None
    return isbn13[3:12] + isbn10_check_digit(isbn13[3:12])


def normalise(text: str) -> str:
    """The ISBN-13 of an ISBN-10 or ISBN-13 typed with or without hyphens and spaces."""
    compact = SEPARATORS.sub("", text or "").upper()
    if compact.startswith("ISBN"):
        compact = compact[4:].lstrip(":")
    if re.fullmatch(r"[0-9]{9}[0-9X]", compact):
        if isbn10_check_digit(compact[:9]) != compact[9]:
            raise InvalidISBN(_l("This ISBN's check digit is wrong: please check the number."))
        return isbn10_to_13(compact)
    if re.fullmatch(r"[0-9]{13}", compact):
        if not compact.startswith(("978", "979")):
            raise InvalidISBN(_l("An ISBN-13 starts with 978 or 979."))
        if isbn13_check_digit(compact[:12]) != compact[12]:
            raise InvalidISBN(_l("This ISBN's check digit is wrong: please check the number."))
        return compact
    raise InvalidISBN(_l("An ISBN has 10 or 13 digits (the last one of an ISBN-10 may be X)."))


def pretty(isbn13: str) -> str:
    """978-6020312583 is not how ISBNs are printed, but the prefix split helps reading without
    the registration-group tables: 978-602031258-3."""
    return f"{isbn13[:3]}-{isbn13[3:12]}-{isbn13[12]}"
