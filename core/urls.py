"""Where a form may send the browser next."""
from urllib.parse import urlsplit

from flask import url_for


def safe_next_url(target: str | None, default_endpoint: str = "core.home") -> str:
    """Only site-local paths: never another host, never a scheme, never '//host'."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//") \
                and "\\" not in target:
            return target
    return url_for(default_endpoint)
