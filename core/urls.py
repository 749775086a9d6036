"""Where a form may send the browser next, and the site's addresses as seen from elsewhere."""
from contextlib import nullcontext
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, url_for


DEVELOPMENT_URL = "http://127.0.0.1:5000"  # what `make run` serves


def safe_next_url(target: str | None, default_endpoint: str = "home.index") -> str:
    """Only site-local paths: never another host, never a scheme, never '//host'."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//") \
                and "\\" not in target and target.isprintable():
            return target
    return url_for(default_endpoint)


def absolute_url(endpoint: str, **values) -> str:
    """The full address of a page, for use away from the site: share links, feeds, Open Graph tags, the
    sitemap, robots.txt, calendar files, e-mail. Built from SERAMBI_BASE_URL when it is set, never from the
    request's Host header, which the sender chooses; without it (development), from the request's address.

    Not Flask's SERVER_NAME: in Flask 3.1 it would fix the host only, the scheme and any path prefix still
    coming from the request, and it changes what every url_for(_external=True) and the test client do."""
    base = current_app.config["SERAMBI_BASE_URL"]
    if not base:
        return url_for(endpoint, **values, _external=True)
    if not has_request_context():  # e.g. an e-mail written by the worker
        with current_app.test_request_context(base_url=base):
            return url_for(endpoint, **values, _external=True)
    return base + url_for(endpoint, **values).removeprefix(request.script_root)


def site_request_context():
    """What url_for needs away from a request (the outbox's deliverer): the site's address, from
    SERAMBI_BASE_URL, else the development server's."""
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context(base_url=current_app.config["SERAMBI_BASE_URL"] or DEVELOPMENT_URL)


MAX_PAGE = 10_000


def page_number() -> int:
    """?page=N as a sane number: 1 when missing or malformed, never beyond MAX_PAGE."""
    return min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
