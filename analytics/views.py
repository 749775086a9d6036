"""The staff analytics pages: the dashboard for a chosen period, a figure's CSV, the monthly impact report."""
from datetime import date, timedelta

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import format_date, format_decimal

from accounts.permissions import require
from analytics import figures
from analytics.figures import Item, Month
from analytics.queries import LONGEST_PERIOD, Period, month_period
from core import counters
from core.csvsafe import csv_download, csv_text
from core.library_time import library_today
from core.timeutil import typed_day
from library.models import current_library

bp = Blueprint("analytics", __name__, url_prefix="/admin/analytics")
PRESETS = (7, 30, 90)
DEFAULT_DAYS = 30


def chosen_period(args) -> tuple[Period, int | None]:
    """The period the query string asks for (from/to dates, or days=7|30|90 up to today), and the preset
    it is, if one; 30 days up to today when it asks for nothing sensible."""
    zone, today = current_library().timezone, library_today()
    first, last = typed_day(args.get("from")), typed_day(args.get("to"))
    days = args.get("days", type=int)
    if days not in PRESETS and first and last:
        first, last = min(first, last), max(first, last)
        return Period(max(first, last - timedelta(days=LONGEST_PERIOD - 1)), last, zone), None
    days = days if days in PRESETS else DEFAULT_DAYS
    return Period(today - timedelta(days=days - 1), today, zone), days


def chosen_month(args) -> date:
    """The first day of ?month=YYYY-MM; last month when none (or nonsense) is given."""
    month = typed_day(f"{args.get('month', '')}-01")
    return month or (library_today().replace(day=1) - timedelta(days=1)).replace(day=1)


def cell(value) -> str:
    """A table cell as a person reads it (the CSV keeps the plain value)."""
    if value is None:
        return "–"
    if isinstance(value, date):
        return format_date(value, "medium")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_decimal(value)
    return str(value)


def csv_cell(value):
    if isinstance(value, Month):
        return value.first.strftime("%Y-%m")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value


@bp.get("")
@require("view_analytics")
def dashboard():
    counters.flush()  # this process's latest counts, so staff see them at once
    period, preset = chosen_period(request.args)
    sections = figures.all_figures(period)
    return render_template("analytics/dashboard.html", period=period, preset=preset, presets=PRESETS,
                           sections=sections, headline=figures.headline(sections))


@bp.get("/<key>.csv")
@require("view_analytics")
def figure_csv(key):
    if key not in figures.BY_KEY:
        abort(404)
    counters.flush()
    period, _ = chosen_period(request.args)
    figure = figures.BY_KEY[key](period)
    rows = [figure.columns, *([csv_cell(value) for value in row] for row in figure.rows)]
    return csv_download(csv_text(rows), f"serambi-{key}-{period.first}-{period.last}.csv")


@bp.get("/report")
@require("view_analytics")
def report():
    counters.flush()
    month, today = chosen_month(request.args), library_today()
    period = month_period(month, current_library().timezone)
    if period.first <= today < period.last:  # this month so far
        period = Period(period.first, today, period.zone)
    earlier = month_period(period.first - timedelta(days=1), period.zone)
    sections = figures.all_figures(period)
    before = {key: value for key, _, value in figures.headline(figures.all_figures(earlier))}
    following = month_period(month, period.zone).last + timedelta(days=1)
    return render_template("analytics/report.html", period=period, month=month, sections=sections,
                           headline=figures.headline(sections), before=before, earlier=earlier.first,
                           following=following if following <= today else None, so_far=period.last == today)


def url_for_period(endpoint: str, period: Period, **values) -> str:
    return url_for(endpoint, **{"from": period.first.isoformat(), "to": period.last.isoformat()}, **values)


def is_item(value) -> bool:
    return isinstance(value, Item)
