"""Checks the actions share for what people type: one line of text, Markdown with a length limit, a web link.
Each refusal is an ActionError naming the form field, so the form shows it beside the field."""
from urllib.parse import urlsplit

from flask_babel import gettext

from core.errors import ActionError
from core.markdown import render_markdown

DATABASE_INT_MAX = 2**31 - 1  # an INTEGER column on PostgreSQL: a larger number fails in the query


def one_line(value: str, field: str, high: int, required: bool = True) -> str:
    """Whitespace squeezed; refused when empty (if required) or longer than `high`."""
    value = " ".join((value or "").split())
    if required and not value:
        raise ActionError(gettext("This field is required."), field)
    if len(value) > high:
        raise ActionError(gettext("At most %(max)d characters.", max=high), field)
    return value


def markdown_text(text: str, field: str, high: int, required: bool = False) -> tuple[str, str]:
    """(the Markdown as typed, its sanitised HTML from core/markdown.py)."""
    text = (text or "").strip()
    if len(text) > high:
        raise ActionError(gettext("At most %(max)d characters.", max=high), field)
    html = render_markdown(text)
    if required and not html:
        raise ActionError(gettext("Please write something first."), field)
    return text, html


def web_link(url: str, field: str) -> str:
    """An http(s) link with a host, or '' when none was given."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 500 or not url.isprintable() \
            or " " in url:
        raise ActionError(gettext("Enter a full link starting with https://"), field)
    return url


def database_int(value) -> int:
    """A count or id that a URL, form or socket payload names: a whole number from 0 up to what an INTEGER
    column holds, given as an int or as ASCII digits. Anything else raises ValueError, so a hostile "²"
    or 2**70 is refused where it arrives instead of failing in a query."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        value = int(value)
    if type(value) is not int or not 0 <= value <= DATABASE_INT_MAX:  # bool is an int: refused too
        raise ValueError(f"not a whole number from 0 to {DATABASE_INT_MAX}: {str(value)[:20]!r}")
    return value


def database_int_or_none(value) -> int | None:
    """database_int, or None for anything it refuses: for ids a page sends that are simply ignored when wrong."""
    try:
        return database_int(value)
    except ValueError:
        return None
