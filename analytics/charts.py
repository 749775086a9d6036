"""Charts drawn on the server as inline SVG: readable without JavaScript, printable, in the library's
colours (the CSS variables of /library.css). Each chart names itself for screen readers; the numbers
are always also given as a table or CSV next to it."""
from markupsafe import Markup, escape

ROW_HEIGHT = 44  # a label line above each bar, so long labels fit on a 360 px phone
BAR_HEIGHT = 16
WIDTH = 400  # drawn at most 28rem wide (serambi.css), so the text stays near its size on a phone and a desktop


def bar_chart(rows: list[tuple[str, float]], title: str, total: int | None = None) -> Markup:
    """Horizontal bars, one per (label, value), scaled to the largest value. With `total` (say, how many
    answered a question) each value also reads as a share of it: "3 · 60%"."""
    largest = max((value for _, value in rows), default=0) or 1
    height = ROW_HEIGHT * len(rows) or ROW_HEIGHT
    parts = [f'<svg class="chart bar-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">',
             f"<title>{escape(title)}</title>"]
    for index, (label, value) in enumerate(rows):
        top = index * ROW_HEIGHT
        bar = round((WIDTH - (110 if total else 70)) * value / largest, 1)
        shown = f"{_number(value)} · {round(100 * value / total)}%" if total else _number(value)
        parts.append(
            f'<text class="chart-label" x="0" y="{top + 14}">{escape(label)}</text>'
            f'<rect class="chart-bar" x="0" y="{top + 20}" width="{max(bar, 2)}" height="{BAR_HEIGHT}" rx="3"/>'
            f'<text class="chart-value" x="{max(bar, 2) + 8}" y="{top + 33}">{shown}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
