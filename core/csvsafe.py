"""CSV files for spreadsheets, safe from formula injection: a cell that a spreadsheet would read as a
formula (starting with = + - @, or a tab or carriage return) gets a leading apostrophe, so it stays text.
Also the download that sends one, and the audited download for members' data."""
import csv
import io

from flask import Response

from core import audit
from extensions import db

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


def csv_download(text: str, filename: str) -> Response:
    """The CSV text as a file the browser saves under `filename`."""
    response = Response(text, mimetype="text/csv")
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response


def audited_csv_download(rows, filename: str, actor, action: str, target_type: str, target) -> Response:
    """Members' data as a CSV download. The audit log records who took it and what (`target`'s id and title),
    committed before the file is sent, so no export goes unrecorded."""
    audit.record(actor, action, target_type, target.id, details=target.title)
    db.session.commit()
    return csv_download(csv_text(rows), filename)
