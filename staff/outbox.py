"""The delivery queue for the library's admins: what the site has sent, what waits, and what failed and why."""
from flask import Blueprint, render_template, request

from accounts.permissions import require
from core import outbox
from core.outbox import OutboxMessage
from core.urls import page_number
from extensions import db

bp = Blueprint("outbox_admin", __name__, url_prefix="/admin")


@bp.get("/outbox")
@require("manage_site")
def queue():
    """Admins only: the queue shows members' addresses."""
    status = request.args.get("status", "")
    counts = dict(db.session.execute(db.select(OutboxMessage.status, db.func.count())
                                     .group_by(OutboxMessage.status)).all())
    select = db.select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status in outbox.STATUSES:
        select = select.where(OutboxMessage.status == status)
    page = db.paginate(select, page=page_number(), per_page=50, error_out=False)
    return render_template("admin/outbox.html", page=page, counts=counts, status=status,
                           statuses=outbox.STATUSES, describe=outbox.describe)
