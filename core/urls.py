"""Where a form may send the browser next."""
from urllib.parse import urlsplit

from flask import request, url_for


def safe_next_url(target: str | None, default_endpoint: str = "core.home") -> str:
    """Only site-local paths: never another host, never a scheme, never '//host'."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//") \
                and "\\" not in target and target.isprintable():
            return target
    return url_for(default_endpoint)


MAX_PAGE = 10_000


def page_number() -> int:
    """?page=N as a sane number: 1 when missing or malformed, never beyond MAX_PAGE."""
    return min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
