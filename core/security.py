"""Security headers on every response. Templates carry no inline script or style (see the CSP)."""
from flask import Flask

from core.embeds import FRAME_HOSTS

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    # The site's own files only: Markdown turns other sites' images into links (core/markdown.py), so no
    # other host learns who reads what. No script or stylesheet uses data: URIs.
    "img-src 'self'",
    "connect-src 'self'",
    "frame-src " + " ".join(FRAME_HOSTS),  # videos, loaded only when a member asks (core/embeds.py)
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])


def init_app(app: Flask) -> None:
    @app.after_request
    def add_security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
