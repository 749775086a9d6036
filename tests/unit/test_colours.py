"""Whatever colours an admin picks, text derived from them stays readable (WCAG AA)."""
import random

import pytest

from library.colours import AA, contrast, css_variables, darken_until_readable

SAMPLE = ["#000000", "#ffffff", "#ffff00", "#0f6b5c", "#e0a526", "#7a1f5c", "#88ccff", "#ff0000", "#00ff00"]
SAMPLE += ["#%06x" % random.Random(seed).randrange(0x1000000) for seed in range(200)]


def test_known_contrast_ratios():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("colour", SAMPLE)
def test_every_derived_text_colour_reaches_aa(colour):
    variables = css_variables(colour, colour)
    assert contrast(variables["--brand-ink"], "#ffffff") >= AA
    assert contrast(variables["--on-brand"], variables["--brand"]) >= AA
    assert contrast(variables["--on-accent"], variables["--accent"]) >= AA


def test_a_mid_tone_is_darkened_only_as_much_as_needed():
    surface = css_variables("#8960d7", "#e0a526")["--brand"]
    assert surface != "#8960d7" and contrast(surface, "#ffffff") >= AA
    assert contrast(surface, "#ffffff") < AA + 0.3


def test_a_dark_enough_colour_is_used_as_it_is():
    assert darken_until_readable("#0f6b5c") == "#0f6b5c"
    assert css_variables("#0f6b5c", "#e0a526")["--on-brand"] == "#ffffff"
    assert css_variables("#0f6b5c", "#e0a526")["--on-accent"] == "#1b1b1f"
