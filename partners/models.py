"""The directory of partner organisations (schools, communities, art groups) and their links to events and
reading groups. The links are plain association tables: an event or a group has any number of partners."""
from flask_babel import lazy_gettext as _l

from core.timeutil import UTCDateTime, utcnow
from extensions import db

KINDS = {"school": _l("School"), "community": _l("Community"), "art_group": _l("Art group"), "other": _l("Other")}
SECTIONS = {"school": _l("Schools"), "community": _l("Communities"), "art_group": _l("Art groups"),
            "other": _l("Other partners")}
PARTNERS_PER_PAGE = 30

event_partners = db.Table(
    "event_partners",
    db.Column("event_id", db.Integer, db.ForeignKey("events.id"), primary_key=True),
    db.Column("partner_id", db.Integer, db.ForeignKey("partners.id"), primary_key=True, index=True),
)
group_partners = db.Table(
    "group_partners",
    db.Column("group_id", db.Integer, db.ForeignKey("reading_groups.id"), primary_key=True),
    db.Column("partner_id", db.Integer, db.ForeignKey("partners.id"), primary_key=True, index=True),
)


class Partner(db.Model):
    __tablename__ = "partners"

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(80), nullable=False, unique=True)  # at /partners/<slug>
    name = db.Column(db.String(150), nullable=False, unique=True)
    kind = db.Column(db.String(20), nullable=False, default="other")  # a key of KINDS
    description_md = db.Column(db.Text, nullable=False, default="")
    description_html = db.Column(db.Text, nullable=False, default="")
    website = db.Column(db.String(500), nullable=False, default="")
    logo_path = db.Column(db.String(200), nullable=True)
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
