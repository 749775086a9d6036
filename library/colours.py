"""Brand colours chosen by an admin, made safe to read: every text colour the CSS derives from them
reaches WCAG AA contrast (4.5:1), whatever the admin picked."""
import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}\Z")
WHITE, INK = "#ffffff", "#1b1b1f"
AA = 4.5


def _channels(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def _luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(background: str) -> str:
    """White or near-black, whichever reads better on the background."""
    return WHITE if contrast(background, WHITE) >= contrast(background, INK) else INK


def darken_until_readable(colour: str, background: str = WHITE) -> str:
    """The colour itself if text in it reads on the background; else the nearest darker shade that does."""
    r, g, b = _channels(colour)
    for step in range(0, 101):
        factor = 1 - step / 100
        shade = "#{:02x}{:02x}{:02x}".format(int(r * factor), int(g * factor), int(b * factor))
        if contrast(shade, background) >= AA:
            return shade
    return INK


def readable_surface(colour: str) -> str:
    """The colour as a background if white or near-black text reads on it; else a darker shade
    on which white text does (mid-tones such as #8960d7 carry neither at 4.5:1)."""
    if contrast(colour, text_on(colour)) >= AA:
        return colour
    return darken_until_readable(colour)


def css_variables(primary: str, accent: str) -> dict[str, str]:
    """--brand/--accent are backgrounds, --on-* the text on them, --*-ink text on white."""
    brand, accent_surface = readable_surface(primary), readable_surface(accent)
    return {
        "--brand": brand,
        "--on-brand": text_on(brand),
        "--brand-ink": darken_until_readable(primary),
        "--accent": accent_surface,
        "--on-accent": text_on(accent_surface),
        "--accent-ink": darken_until_readable(accent),
    }
