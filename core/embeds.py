"""Videos from YouTube, Instagram, TikTok and Facebook, shown in a page only when a member asks.

A link to such a video in Markdown (core/markdown.py) keeps its address and gains `data-embed`, the
address of the host's player; static/js/embeds.js turns it into a "play" box and loads the player in an
iframe only when clicked, so nothing is asked of the host (no cookie, no address logged) before that.
Without JavaScript it stays a plain link. YouTube plays through youtube-nocookie.com. The CSP's `frame-src`
is exactly FRAME_HOSTS (core/security.py)."""
import re
from urllib.parse import parse_qs, quote, urlsplit

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com"}
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
INSTAGRAM_HOSTS = {"instagram.com", "www.instagram.com"}
INSTAGRAM_POST = re.compile(r"(p|reel|tv)/([A-Za-z0-9_-]{5,40})")
TIKTOK_HOSTS = {"tiktok.com", "www.tiktok.com", "m.tiktok.com"}
TIKTOK_VIDEO = re.compile(r"@[\w.-]{1,40}/video/(\d{5,25})")
FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com"}
FACEBOOK_VIDEO = re.compile(r"([\w.-]{1,80}/videos/(?:[\w.-]{1,80}/)?\d{5,25}|watch|reel/\d{5,25})")
FRAME_HOSTS = ("https://www.youtube-nocookie.com", "https://www.instagram.com", "https://www.tiktok.com",
               "https://www.facebook.com")


def youtube_player(url: str) -> str | None:
    """The privacy-enhanced player's address for a YouTube video or live link, else None."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or parts.hostname not in YOUTUBE_HOSTS:
        return None
    path = parts.path.strip("/").split("/")
    if parts.hostname == "youtu.be":
        candidate = path[0]
    elif path[0] in ("embed", "live", "shorts") and len(path) > 1:
        candidate = path[1]
    else:
        candidate = (parse_qs(parts.query).get("v") or [""])[0]
    return f"https://www.youtube-nocookie.com/embed/{candidate}" if YOUTUBE_ID.fullmatch(candidate) else None


def player(url: str) -> tuple[str, str] | None:
    """(host's name, its player's address) for a video link of one of the four hosts, else None."""
    found = youtube_player(url)
    if found:
        return "YouTube", found
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme != "https":
        return None
    path = parts.path.strip("/")
    if parts.hostname in INSTAGRAM_HOSTS and (post := INSTAGRAM_POST.fullmatch(path)):
        return "Instagram", f"https://www.instagram.com/{post.group(1)}/{post.group(2)}/embed"
    if parts.hostname in TIKTOK_HOSTS and (video := TIKTOK_VIDEO.fullmatch(path)):
        return "TikTok", f"https://www.tiktok.com/embed/v2/{video.group(1)}"
    if parts.hostname in FACEBOOK_HOSTS and FACEBOOK_VIDEO.fullmatch(path) and \
            (path != "watch" or (parse_qs(parts.query).get("v") or [""])[0].isdigit()):
        return "Facebook", f"https://www.facebook.com/plugins/video.php?href={quote(url, safe='')}"
    return None
