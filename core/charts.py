"""Charts drawn on the server as inline SVG: readable without JavaScript, printable, in the library's
colours (the CSS variables of /library.css). Each chart names itself for screen readers; the numbers
are always also given as a table or CSV next to it."""
import math

from markupsafe import Markup, escape

ROW_HEIGHT = 44  # a label line above each bar, so long labels fit on a 360 px phone
BAR_HEIGHT = 16
WIDTH = 400  # drawn at most 28rem wide (serambi.css), so the text stays near its size on a phone and a desktop
LABEL_CHARACTERS = 52  # a longer label is cut short in the chart; the table beside it has it whole


def _fit(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[:LABEL_CHARACTERS - 1].rstrip() + "…"


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
            f'<text class="chart-label" x="0" y="{top + 14}">{escape(_fit(label))}</text>'
            f'<rect class="chart-bar" x="0" y="{top + 20}" width="{max(bar, 2)}" height="{BAR_HEIGHT}" rx="3"/>'
            f'<text class="chart-value" x="{max(bar, 2) + 8}" y="{top + 33}">{shown}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


# Series after the first are told apart by their dashes as well as their colour (and in print, in grey).
SERIES_DASHES = ("", "6 4", "2 3")
LINE_WIDTH, LINE_HEIGHT = 360, 170
PLOT_LEFT, PLOT_TOP, PLOT_BOTTOM, LEGEND_LINE = 34, 8, 22, 20


def _legend(names: list[str], bars: bool = False) -> tuple[list[str], int]:
    """A key above the chart, one series a line: a swatch in the series' style (a line, or a bar) and its name.
    A single series needs none: the chart's heading names it."""
    if len(names) < 2:
        return [], 0
    parts = []
    for index, name in enumerate(names):
        top = index * LEGEND_LINE
        parts.append((f'<rect class="chart-series-{index + 1}" x="0" y="{top + 4}" width="24" height="12" rx="2"/>'
                      if bars else
                      f'<line class="chart-series-{index + 1}" x1="0" x2="24" y1="{top + 10}" y2="{top + 10}" '
                      f'stroke-width="3" stroke-dasharray="{SERIES_DASHES[index]}"/>') +
                     f'<text class="chart-label" x="32" y="{top + 14}">{escape(name)}</text>')
    return parts, LEGEND_LINE * len(names) + 6


def _nice_top(largest: float) -> tuple[float, float]:
    """(the axis' top, the step between grid lines): whole numbers of 1, 2 or 5 times a power of ten,
    at most four steps."""
    if largest <= 0:
        return 1, 1
    magnitude = 10 ** max(math.floor(math.log10(largest / 4)), 0)
    step = next(magnitude * factor for factor in (1, 2, 5, 10) if magnitude * factor * 4 >= largest)
    return step * math.ceil(largest / step), step


def _shown_labels(count: int) -> set[int]:
    """Which of `count` labels fit under the axis on a phone: about four, evenly spaced, the first and the last (which
    takes the place of one too close to it)."""
    every = max(math.ceil(count / 4), 1)
    shown = set(range(0, count, every))
    if count - 1 - max(shown) < every and max(shown) > 0:
        shown.remove(max(shown))
    shown.add(count - 1)
    return shown


def line_chart(labels: list[str], series: list[tuple[str, list[float]]], title: str) -> Markup:
    """A trend over time: one line per (name, values) series, a value per label (e.g. a day), with the
    values' scale on the left and some of the labels below."""
    names = [name for name, _ in series]
    legend, legend_height = _legend(names)
    top, step = _nice_top(max((value for _, values in series for value in values), default=0))
    plot_top, plot_height = legend_height + PLOT_TOP, LINE_HEIGHT - PLOT_TOP - PLOT_BOTTOM
    plot_width = LINE_WIDTH - PLOT_LEFT - 8
    height = legend_height + LINE_HEIGHT
    count = max(len(labels), 1)

    def x(index: int) -> float:
        return round(PLOT_LEFT + (plot_width * index / (count - 1) if count > 1 else plot_width / 2), 1)

    def y(value: float) -> float:
        return round(plot_top + plot_height * (1 - value / top), 1)

    parts = [f'<svg class="chart line-chart" viewBox="0 0 {LINE_WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">', f"<title>{escape(title)}</title>",
             *legend]
    tick = 0.0
    while tick <= top:
        parts.append(f'<line class="chart-grid" x1="{PLOT_LEFT}" x2="{PLOT_LEFT + plot_width}" y1="{y(tick)}" '
                     f'y2="{y(tick)}"/><text class="chart-value" x="{PLOT_LEFT - 6}" y="{y(tick) + 4}" '
                     f'text-anchor="end">{_number(tick)}</text>')
        tick += step
    shown = _shown_labels(len(labels))
    for index, label in enumerate(labels):
        if index in shown:
            anchor = "start" if index == 0 else "end" if index == count - 1 else "middle"
            parts.append(f'<text class="chart-value" x="{x(index)}" y="{height - 4}" '
                         f'text-anchor="{anchor}">{escape(label)}</text>')
    for number, (_, values) in enumerate(series):
        points = " ".join(f"{x(index)},{y(value)}" for index, value in enumerate(values))
        style = f'class="chart-series-{number + 1}" stroke-dasharray="{SERIES_DASHES[number]}"'
        if len(values) > 1:
            parts.append(f'<polyline {style} fill="none" stroke-width="2.5" stroke-linejoin="round" '
                         f'points="{points}"/>')
        else:
            parts.append(f'<circle class="chart-series-{number + 1} chart-dot" cx="{x(0)}" '
                         f'cy="{y(values[0] if values else 0)}" r="4"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def grouped_bar_chart(rows: list[tuple[str, list[float]]], series: list[str], title: str) -> Markup:
    """Horizontal bars, a group per label with one bar per series (e.g. RSVPs beside attendance), all on
    one scale."""
    legend, legend_height = _legend(series, bars=True)
    bars = len(series)
    row_height = 24 + bars * (BAR_HEIGHT - 2) + 8
    largest = max((value for _, values in rows for value in values), default=0) or 1
    height = legend_height + (row_height * len(rows) or row_height)
    parts = [f'<svg class="chart bar-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">', f"<title>{escape(title)}</title>",
             *legend]
    for index, (label, values) in enumerate(rows):
        top = legend_height + index * row_height
        parts.append(f'<text class="chart-label" x="0" y="{top + 14}">{escape(_fit(label))}</text>')
        for number, value in enumerate(values):
            bar = max(round((WIDTH - 70) * value / largest, 1), 2)
            bar_top = top + 20 + number * (BAR_HEIGHT - 2)
            parts.append(f'<rect class="chart-series-{number + 1}" x="0" y="{bar_top}" width="{bar}" '
                         f'height="{BAR_HEIGHT - 4}" rx="2"/>'
                         f'<text class="chart-value" x="{bar + 8}" y="{bar_top + 11}">{_number(value)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
