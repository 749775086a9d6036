"""The one place that builds share messages and the channels' share addresses.

Each address carries the item's page with `?utm_source=<channel>`, so a visit it brings is counted
under that channel (core.counters.count_view). Every value is percent-encoded with %20 for a
space (`quote`), which mail programs and the apps all read; no channel's script is ever loaded.
"""
from urllib.parse import quote, urlencode

from flask_babel import gettext, lazy_gettext as _l

from core.shareables import Shareable
from library.models import current_library

# The buttons of the bar, in this order; each leads to the server's share route, which counts and redirects.
REDIRECT_CHANNELS = ("whatsapp", "facebook", "x", "telegram", "email")
# Counted when the page's script reports them (no page is left): the copied link, the phone's share sheet.
SCRIPT_CHANNELS = ("copy", "share")
CHANNEL_LABELS = {"whatsapp": "WhatsApp", "facebook": "Facebook", "x": "X", "telegram": "Telegram",
                  "email": _l("Email"), "copy": _l("Copy link"), "share": _l("Share…")}


def message(item: Shareable) -> str:
    """The sentence put before the link, in the reader's language (Indonesian first)."""
    library = current_library().name
    title = item.title
    if item.item_type == "event":
        return gettext("Come to “%(title)s” at %(library)s, %(when)s!", title=title, library=library,
                       when=item.when)
    if item.item_type == "thread":
        return gettext("Join the discussion “%(title)s” at %(library)s.", title=title, library=library)
    if item.item_type == "group":
        return gettext("Read with us in the reading group “%(title)s” at %(library)s.", title=title,
                       library=library)
    if item.item_type == "book":
        return gettext("I found “%(title)s” at %(library)s.", title=title, library=library)
    if item.item_type == "review":
        return gettext("Read this review: %(title)s at %(library)s.", title=title, library=library)
    return gettext("Take part in the reading challenge “%(title)s” at %(library)s!", title=title,
                   library=library)


def channel_url(item: Shareable, channel: str) -> str:
    """Where the share button sends the browser for this channel."""
    link, text = item.url(channel), message(item)
    if channel == "whatsapp":
        return "https://wa.me/?" + _query(text=f"{text} {link}")
    if channel == "facebook":
        return "https://www.facebook.com/sharer/sharer.php?" + _query(u=link)
    if channel == "x":
        return "https://x.com/intent/post?" + _query(text=text, url=link)
    if channel == "telegram":
        return "https://t.me/share/url?" + _query(url=link, text=text)
    if channel == "email":
        return "mailto:?" + _query(subject=item.og_title, body=f"{text}\n\n{link}")
    raise ValueError(channel)


def _query(**values) -> str:
    return urlencode(values, quote_via=quote, safe="")

