"""The site's icons (browser tabs, home screens, the web-app manifest), drawn from the library's logo, or
from its initials and colours when it has none. Drawing takes tens of milliseconds, so the bytes are kept
per process, keyed by everything they show."""
import io
from functools import lru_cache

from PIL import Image, ImageDraw

from library.colours import readable_surface, text_on
from library.drawing import font, logo_image, safe_colour

FAVICON_SIZES = (16, 32, 48)
SMALLEST, LARGEST = 16, 1024
SKIPPED_WORDS = {"perpustakaan", "library", "the", "dan", "and", "of", "umum", "daerah"}


def initials(name: str) -> str:
    """Up to two letters that name the library: "Perpustakaan Kota Bandung" → "KB"."""
    words = [word for word in name.split() if word[:1].isalnum()]
    telling = [word for word in words if word.lower() not in SKIPPED_WORDS] or words
    return "".join(word[0] for word in telling[:2]).upper() or "S"


def key(library) -> tuple:
    """What an icon shows: a new key draws new icons."""
    return library.logo_path or "", library.name, library.primary_color, library.accent_color


def png(library, size: int) -> bytes:
    return _png(key(library), size)


def favicon(library) -> bytes:
    return _favicon(key(library))


@lru_cache(maxsize=32)
def _png(drawn: tuple, size: int) -> bytes:
    out = io.BytesIO()
    _draw(drawn, size).save(out, "PNG", optimize=True)
    return out.getvalue()


@lru_cache(maxsize=4)
def _favicon(drawn: tuple) -> bytes:
    out = io.BytesIO()
    largest = max(FAVICON_SIZES)
    _draw(drawn, largest).save(out, "ICO", sizes=[(size, size) for size in FAVICON_SIZES])
    return out.getvalue()


def _draw(drawn: tuple, size: int) -> Image.Image:
    """A square: the logo on white, or the initials on the library's colour over an accent band."""
    logo_path, name, primary, accent = drawn
    size = max(SMALLEST, min(size, LARGEST))
    logo = logo_image(logo_path, round(size * .84))
    if logo is not None:
        image = Image.new("RGBA", (size, size), (255, 255, 255, 255))
        image.paste(logo, ((size - logo.width) // 2, (size - logo.height) // 2), logo)
        return image
    background = readable_surface(safe_colour(primary, "#0f6b5c"))
    image = Image.new("RGBA", (size, size), background)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, size - max(2, size // 10), size, size), fill=safe_colour(accent, "#e0a526"))
    letters = initials(name)
    letters_font = font("bold", round(size * (.5 if len(letters) == 1 else .42)))
    pen.text((size / 2, size * .46), letters, font=letters_font, fill=text_on(background), anchor="mm")
    return image
