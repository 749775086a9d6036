"""The og:image of a shareable item: a 1200×630 PNG in the library's colours, with its logo, the item's
title and the library's name, drawn with Pillow the first time it is asked for and then kept on disk.

The file's name holds a digest of everything drawn on it (title, library name, colours, logo, layout
version), so a renamed item or a new logo makes a new file and a new address (`?v=`), and a cached one
can be served for a year. Older files of the same item are removed when a new one is drawn.
"""
import hashlib
import io
import os
import tempfile
from pathlib import Path

from flask import current_app
from PIL import Image, ImageDraw

from core.urls import absolute_url
from library.colours import readable_surface, text_on
from library.drawing import font, logo_image, safe_colour
from library.models import current_library

WIDTH, HEIGHT = 1200, 630
LAYOUT = "1"  # change when the drawing changes, so cached images are redrawn
MARGIN = 72
def folder() -> Path:
    return Path(current_app.config["OG_IMAGE_FOLDER"])


def version(title: str, library) -> str:
    """A digest of what the picture shows."""
    parts = (LAYOUT, title, library.name, library.primary_color, library.accent_color, library.logo_path or "")
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def url(item) -> str:
    """The absolute address of an item's og:image, versioned by what it shows."""
    return absolute_url("sharing.og_image", item_type=item.image_type, item_id=item.image_id,
                        v=version(item.drawn_title, current_library()))


def is_drawn(image_type: str, image_id: int, version_asked: str) -> bool:
    """Whether the picture of that version is on disk already (the address names its version)."""
    return version_asked.isalnum() and (folder() / f"{image_type}-{image_id}-{version_asked}.png").exists()


def image_path(image_type: str, image_id: int, title: str, library) -> tuple[Path, bool]:
    """The PNG's file, and whether it had to be drawn now."""
    base = f"{image_type}-{image_id}-"
    path = folder() / f"{base}{version(title, library)}.png"
    if path.exists():
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    png = draw(title, library)
    # Written beside it and renamed: a concurrent request sees the whole file or none.
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as part:
        part.write(png)
    os.replace(part.name, path)
    for old in path.parent.glob(f"{base}*.png"):
        if old != path:
            old.unlink(missing_ok=True)
    return path, True


def draw(title: str, library) -> bytes:
    # The same readable shades as the site's CSS (library/colours.py): the text reaches 4.5:1.
    primary = readable_surface(safe_colour(library.primary_color, "#0f6b5c"))
    accent = safe_colour(library.accent_color, "#e0a526")
    ink = text_on(primary)
    image = Image.new("RGB", (WIDTH, HEIGHT), primary)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, HEIGHT - 24, WIDTH, HEIGHT), fill=accent)  # the accent band along the bottom
    pen.rectangle((MARGIN, MARGIN, MARGIN + 96, MARGIN + 10), fill=accent)

    logo_size = 120
    text_right = WIDTH - MARGIN
    logo = logo_image(library.logo_path, logo_size)
    if logo is not None:
        image.paste(logo, (WIDTH - MARGIN - logo.width, MARGIN), logo)
        text_right -= logo_size + 32

    title_font, lines = _fit_title(pen, title, text_right - MARGIN)
    line_height = int(title_font.size * 1.2)
    top = MARGIN + 56
    for line in lines:
        pen.text((MARGIN, top), line, font=title_font, fill=ink)
        top += line_height

    name_font = font("regular", 40)
    name = _ellipsised(pen, library.name, name_font, WIDTH - 2 * MARGIN)
    pen.text((MARGIN, HEIGHT - 24 - MARGIN - 40), name, font=name_font, fill=ink)

    out = io.BytesIO()
    # 64 colours (dithered) look the same for flat colours, text and a logo, at under half the bytes
    # (39 KB → 17 KB) for a phone fetching the preview; optimize=True would save 9 % more at twice the time.
    image.quantize(64, method=Image.Quantize.MEDIANCUT).save(out, "PNG")
    return out.getvalue()


def _fit_title(pen, title: str, width: int):
    """The largest size (from 72 down to 44 px) at which the title fits in four lines (five below 56 px);
    cut with an ellipsis beyond that."""
    for size in (72, 64, 56, 50, 44):
        title_font, most = font("bold", size), 4 if size >= 56 else 5
        lines = _wrap(pen, title, title_font, width)
        if len(lines) <= most:
            return title_font, lines
    lines = lines[:most]
    lines[-1] = _ellipsised(pen, lines[-1] + "…", title_font, width)
    return title_font, lines


def _wrap(pen, text: str, text_font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if pen.textlength(candidate, font=text_font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
        while pen.textlength(line, font=text_font) > width and len(line) > 1:  # a word longer than a line
            cut = len(line)
            while cut > 1 and pen.textlength(line[:cut], font=text_font) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    return lines or [""]


def _ellipsised(pen, text: str, text_font, width: int) -> str:
    if pen.textlength(text, font=text_font) <= width:
        return text
    while text and pen.textlength(text + "…", font=text_font) > width:
        text = text[:-1]
    return text.rstrip() + "…"
