"""CSV files for spreadsheets, safe from formula injection: a cell that a spreadsheet would read as a
formula (starting with = + - @, or a tab or carriage return) gets a leading apostrophe, so it stays text."""
import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_text(rows) -> str:
    """The rows as CSV, with a byte-order mark so that spreadsheets read the text as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()
