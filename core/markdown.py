"""The single place where user-written text becomes HTML.

Every piece of user text in Serambi (posts, comments, profiles, chat) goes
through :func:`render_markdown`. Keeping one function means the whole
sanitising policy can be reviewed, tightened or swapped out in one place.
Callers render on *write* and store the returned HTML next to the source
text; views output the stored HTML instead of rendering on every request.

Pipeline:

0. A text whose estimated rendering cost (``rendering_cost``: linear in its
   length, more for each mark that makes an element) is over 50 ms of CPU is
   refused with an ``ActionError`` saying why, before any rendering.
1. python-markdown (``fenced_code``, ``tables``, ``sane_lists``, ``nl2br``)
   turns the text into HTML, with the processors that crafted text made
   slow (minutes for 20,000 ``[``) replaced by linear ones and nesting
   bounded: see core/markdown_bounds.py and bench/markdown. One converter
   is built once and used under a lock (see ``_Tools``).
2. A bleach ``Cleaner`` (built once too, used under the same lock)
   applies an explicit allow-list of tags and attributes. Raw HTML typed by
   the user is *not* trusted: **disallowed tags are escaped** (shown as
   text, ``strip=False``), so people see what they typed rather than having
   it silently vanish. Allowed tags written as raw HTML survive with allowed
   attributes only. HTML comments are removed. There is no ``style``,
   ``class`` or ``id`` anywhere.
3. bleach's ``LinkifyFilter`` (in the same pass) turns bare http(s) URLs into
   links and runs a callback on *every* link that forces
   ``rel="nofollow ugc noopener"`` and removes ``target``.

URLs: ``href`` may be http, https, mailto, a site-local path starting with a
single ``/`` or a ``#fragment``; ``img src`` may be http, https, a
site-local path or ``upload:<key>``, a member's photo (core/photos.py). Anything else (``javascript:``, ``data:``, ``//host``,
``/\\host``, relative paths, schemes disguised with entities, whitespace,
control or invisible characters) makes the attribute disappear; an ``img``
without ``src`` is dropped. This check is ours and runs in addition to
bleach's own protocol check.

Images: ``![description](upload:<key>)`` becomes the photo's responsive,
lazily loaded ``<img>`` (every stored width in ``srcset``, its width and
height) inside a link to its largest size; a key no photo has leaves the
description as text. An image from another site is not loaded (the CSP's
``img-src`` is the site itself, so no other host learns who reads what): it
becomes a link to its address, named by its description.

Videos: a link to a YouTube, Instagram, TikTok or Facebook video gains
``data-embed`` (its player's address, youtube-nocookie.com for YouTube) and
``data-embed-host``; static/js/embeds.js offers to play it in the page and
loads the player only on that click (core/embeds.py).

Table alignment is kept: the tables extension emits ``align="left|center|
right"`` instead of inline styles, and only those three values are allowed.

``inline=True`` (chat) reduces the output to strong, em, code, a, del and br:
other elements are unwrapped to their text, block boundaries become
``<br>``, images become their alt text, and nothing is wrapped in ``<p>``.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from functools import partial

import markdown as _markdown
from bleach.html5lib_shim import Filter, getTreeWalker
from bleach.linkifier import LinkifyFilter, build_url_re
from bleach.sanitizer import Cleaner
from flask_babel import gettext

from core import embeds, photos
from core.errors import ActionError
from core.markdown_bounds import bound

__all__ = ["render_markdown"]

MARKDOWN_EXTENSIONS = ["fenced_code", "tables", "sane_lists", "nl2br"]
MARKDOWN_EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}

BLOCK_TAGS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "strong", "em", "b", "i", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
})
INLINE_TAGS = frozenset({"strong", "em", "code", "a", "del", "br"})

LINK_PROTOCOLS = frozenset({"http", "https", "mailto"})
IMAGE_PROTOCOLS = frozenset({"http", "https"})
LINK_REL = "nofollow ugc noopener"
TABLE_ALIGNMENTS = frozenset({"left", "center", "right"})

# Inline mode: the end of one of these (or an <hr>) becomes a single <br>.
_BLOCK_BREAKS = frozenset({
    "p", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote",
    "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
})
# Bare URLs are only linkified for http(s) (bleach's default also has ftp etc.).
# The lookbehind lets a match start only at the first of a run of "(": bleach's pattern began one at each of
# them, each reading the whole run, so a line of "(" took seconds.
_BLEACH_URL_RE = build_url_re(protocols=["http", "https"])
_LINKIFY_URL_RE = re.compile(r"(?<!\()" + _BLEACH_URL_RE.pattern, _BLEACH_URL_RE.flags)
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.\-]*):")


# -- URL checks --------------------------------------------------------------

def _normalise_url(value: str) -> str:
    """Decode entities, drop whitespace/control/invisible chars, lowercase."""
    value = html.unescape(value)
    value = "".join(
        ch for ch in value
        if not ch.isspace() and unicodedata.category(ch)[0] not in "CZ"
    )
    # Browsers treat "\" like "/" in http(s) URLs, so "/\evil" == "//evil".
    return value.replace("\\", "/").lower()


def _url_allowed(value: str, protocols: frozenset[str], *, fragments: bool) -> bool:
    url = _normalise_url(value)
    match = _SCHEME_RE.match(url)
    if match:
        return match.group(1) in protocols
    if url.startswith("/"):
        return not url.startswith("//")
    return fragments and url.startswith("#")


def _is_safe_href(value: str) -> bool:
    return _url_allowed(value, LINK_PROTOCOLS, fragments=True)


def _is_safe_src(value: str) -> bool:
    return _url_allowed(value, IMAGE_PROTOCOLS, fragments=False)


# -- attribute allow-list ----------------------------------------------------

def _allow_a(tag: str, name: str, value: str) -> bool:
    if name == "href":
        return _is_safe_href(value)
    return name in ("title", "rel")


def _allow_img(tag: str, name: str, value: str) -> bool:
    if name == "src":
        return _is_safe_src(value) or photos.SOURCE.match(value) is not None
    return name in ("alt", "title")


def _allow_align(tag: str, name: str, value: str) -> bool:
    return name == "align" and value.strip().lower() in TABLE_ALIGNMENTS


def _allow_ol(tag: str, name: str, value: str) -> bool:
    return name == "start" and value.strip().isdigit()


ALLOWED_ATTRIBUTES = {
    "a": _allow_a,
    "img": _allow_img,
    "th": _allow_align,
    "td": _allow_align,
    "ol": _allow_ol,
}


# -- stream filters ----------------------------------------------------------

def _set_link_rel(attrs: dict, new: bool = False) -> dict:
    """Linkify callback: every link gets our rel, never a target."""
    href = attrs.get((None, "href"))
    if href is not None and not _is_safe_href(href):
        del attrs[(None, "href")]
    attrs.pop((None, "target"), None)
    attrs[(None, "rel")] = LINK_REL
    return attrs


class _DropSrclessImages(Filter):
    """An <img> whose src was rejected is useless; drop it entirely."""

    def __iter__(self):
        for token in super().__iter__():
            if token.get("name") == "img" and (None, "src") not in (token.get("data") or {}):
                continue
            yield token


def _link(href: str, text: str) -> list[dict]:
    return [{"type": "StartTag", "name": "a", "data": {(None, "href"): href, (None, "rel"): LINK_REL}},
            {"type": "Characters", "data": text}, {"type": "EndTag", "name": "a", "data": {}}]


class _Pictures(Filter):
    """Members' photos become their responsive <img>, linked to the largest size (unless already in a
    link); images from other sites become links to them."""

    def __iter__(self):
        in_link = 0
        for token in super().__iter__():
            if token.get("name") == "a" and token["type"] in ("StartTag", "EndTag"):
                in_link += 1 if token["type"] == "StartTag" else -1
            if token.get("name") != "img":
                yield token
                continue
            attributes = token.get("data") or {}
            src, alt = attributes.get((None, "src"), ""), attributes.get((None, "alt"), "")
            key = photos.SOURCE.match(src)
            if key:
                yield from self._photo(_tools.photos.get(key.group(1)), alt, in_link)
            elif _SCHEME_RE.match(_normalise_url(src)):  # another site's image
                yield from ([{"type": "Characters", "data": alt or src}] if in_link else _link(src, alt or src))
            else:  # the site's own
                yield token

    @staticmethod
    def _photo(photo, alt: str, in_link: int):
        if photo is None:
            yield {"type": "Characters", "data": alt}
            return
        image = {"type": "EmptyTag", "name": "img",
                 "data": {(None, name): value for name, value in photos.image_attributes(photo, alt).items()}}
        if in_link:
            yield image
            return
        yield {"type": "StartTag", "name": "a", "data": {(None, "href"): photos.url(photo, photo.width)}}
        yield image
        yield {"type": "EndTag", "name": "a", "data": {}}


class _Videos(Filter):
    """A link to a YouTube, Instagram, TikTok or Facebook video carries its player's address for
    static/js/embeds.js, which loads it only when the member asks (core/embeds.py)."""

    def __iter__(self):
        for token in super().__iter__():
            attributes = token.get("data") or {}
            if token.get("name") == "a" and token["type"] == "StartTag" and (None, "href") in attributes:
                found = embeds.player(attributes[(None, "href")])
                if found:
                    attributes[(None, "data-embed-host")], attributes[(None, "data-embed")] = found
            yield token


class _InlineOnly(Filter):
    """Unwrap everything but INLINE_TAGS; block ends become one <br>."""

    def __iter__(self):
        started = pending_break = False
        for token in super().__iter__():
            kind, name = token["type"], token.get("name")
            if kind in ("StartTag", "EndTag", "EmptyTag") and name not in INLINE_TAGS:
                if name == "img":
                    alt = (token.get("data") or {}).get((None, "alt"), "")
                    token = {"type": "Characters", "data": alt}
                else:
                    if name in _BLOCK_BREAKS and (kind != "StartTag" or name == "hr"):
                        pending_break = started
                    continue
            if pending_break and kind in ("Characters", "SpaceCharacters") \
                    and not token["data"].strip():
                continue
            if pending_break:
                yield {"type": "EmptyTag", "name": "br", "data": {}}
                pending_break = False
            started = True
            yield token


class _Walker(getTreeWalker("etree")):
    """bleach's tree walker, which found an element's place among its siblings (list.index, and list.count
    in an assert) each time it climbed back up: a table of 3,000 rows took a second. Places are indexed once
    per parent instead."""

    def __init__(self, tree):
        super().__init__(tree)
        self._places: dict[int, dict[int, int]] = {}

    def getParentNode(self, node):
        if not isinstance(node, tuple):
            return None
        element, key, parents, flag = node
        if flag == "text" or len(parents) < 2:
            return super().getParentNode(node)
        parent = parents.pop()
        return parent, self._place(parents[-1], parent), parents, None

    def _place(self, grandparent, parent) -> int:
        places = self._places.get(id(grandparent))
        if places is None:
            places = self._places[id(grandparent)] = {id(child): index for index, child in enumerate(grandparent)}
        return places[id(parent)]


# -- public API --------------------------------------------------------------

# What rendering costs, in microseconds of CPU on the 2-core machine the site was measured on
# (bench/markdown): a little per character, and more for each mark that makes an element, a link or a token
# for the sanitiser. Fitted so that each of the benchmark's ~80 crafted texts costs less than this estimate.
RENDERING_BUDGET = 50_000
_PER_CHARACTER = 0.6
_PER_MARK = {"\n": 55, "|": 55, "=": 50, "*": 33, "&": 32, "`": 30, ">": 24, "_": 19, "<": 12, "\\": 5, "[": 5,
             "]": 5, "-": 3}
_PER_PATTERN = [(re.compile(r"<[A-Za-z/!?]"), 63),  # a tag, for the sanitiser
                (re.compile(r"\w\.\w"), 27),  # a domain, for the linkifier
                (re.compile(r"\d\.\s"), 6)]  # an ordered list's item
_INDENTATION = re.compile(r"^[ \t]+", re.MULTILINE)


MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")  # what python-markdown lets a backslash escape


def escape_markdown(text: str) -> str:
    """`text` (a display name, say) as Markdown source that renders as exactly that text."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def rendering_cost(text: str) -> float:
    """An upper estimate of rendering `text`, in microseconds; linear in its length, and cheap."""
    cost = _PER_CHARACTER * len(text) + sum(text.count(mark) * weight for mark, weight in _PER_MARK.items())
    cost += sum(len(pattern.findall(text)) * weight for pattern, weight in _PER_PATTERN)
    return cost + 1.2 * sum(len(indent) for indent in _INDENTATION.findall(text))


def render_markdown(text: str, *, inline: bool = False) -> str:
    """Render user Markdown to sanitised HTML (store the result on write).

    ``inline=True`` is for chat: only strong, em, code, a, del and br are
    produced and the result is not wrapped in ``<p>``.
    """
    if not text or not text.strip():
        return ""
    if rendering_cost(text) > RENDERING_BUDGET:
        raise ActionError(gettext("This text has too much formatting to show quickly: too many line breaks or "
                                  "formatting characters such as * _ ` | < > &. Please simplify it or split it "
                                  "into shorter parts."))
    return _render(text, inline)


def _render(text: str, inline: bool) -> str:
    shown = photos.by_keys(photos.REFERENCE.findall(text)) if not inline and "upload:" in text else {}
    with _tools_lock:
        _tools.photos = shown
        raw_html = _tools.markdown.reset().convert(text)
        return (_tools.inline_cleaner if inline else _tools.cleaner).clean(raw_html).strip()


class _Tools:
    """The Markdown converter and the two cleaners, built once: building them took about 40 % of rendering
    a chat line. Neither may be used by two threads at once, hence the lock: rendering is CPU work that
    never waits, so it serialises little that the GIL did not (a per-thread copy would be rebuilt for
    every greenlet under gevent)."""

    def __init__(self):
        self.markdown = bound(_markdown.Markdown(extensions=MARKDOWN_EXTENSIONS,
                                                 extension_configs=MARKDOWN_EXTENSION_CONFIGS, output_format="html"))
        self.cleaner = _cleaner(inline=False)
        self.inline_cleaner = _cleaner(inline=True)
        self.photos = {}  # key -> Photo: those the text being rendered shows


def _cleaner(inline: bool) -> Cleaner:
    filters = [_DropSrclessImages, _InlineOnly if inline else _Pictures]
    filters.append(partial(
        LinkifyFilter,
        callbacks=[_set_link_rel],
        skip_tags={"pre", "code"},
        url_re=_LINKIFY_URL_RE,
        parse_email=False,
    ))
    if not inline:
        filters.append(_Videos)
    cleaner = Cleaner(
        tags=BLOCK_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=LINK_PROTOCOLS | {"upload"},  # bleach's own check; ours (ALLOWED_ATTRIBUTES) is narrower
        strip=False,
        strip_comments=True,
        filters=filters,
    )
    cleaner.walker = _Walker
    return cleaner


_tools = _Tools()
_tools_lock = threading.Lock()
