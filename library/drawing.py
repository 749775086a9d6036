"""What the pictures drawn from the library's identity share: fonts, its logo and its colours
(share images in sharing/images.py, icons in library/icons.py)."""
import os
from functools import lru_cache
from pathlib import Path

from flask import current_app
from PIL import Image, ImageFont

from library.colours import HEX_COLOUR

FONT_CANDIDATES = {
    "bold": ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
             "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
             "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf", "/Library/Fonts/Arial Bold.ttf"),
    "regular": ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
                "/usr/share/fonts/TTF/DejaVuSans.ttf", "/Library/Fonts/Arial.ttf"),
}


@lru_cache(maxsize=16)
def font(weight: str, size: int):
    """A TrueType font found on this machine, or Pillow's own scalable default (Pillow ≥ 10.1)."""
    for candidate in FONT_CANDIDATES[weight]:
        if os.path.exists(candidate):
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def logo_image(logo_path: str | None, size: int):
    """The uploaded logo as RGBA, fitted inside size × size; None without one (or when it cannot be read)."""
    if not logo_path:
        return None
    path = Path(current_app.config["UPLOAD_FOLDER"]) / logo_path
    try:
        with Image.open(path) as source:
            logo = source.convert("RGBA")
    except (OSError, ValueError):
        current_app.logger.warning("the logo %s could not be read", logo_path)
        return None
    logo.thumbnail((size, size))
    return logo


def safe_colour(value: str, fallback: str) -> str:
    return value if HEX_COLOUR.match(value or "") else fallback
