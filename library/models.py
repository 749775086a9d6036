"""The library's own profile: one row, edited by admins, shown on every page."""
import time

from flask import current_app, g

from core.timeutil import UTCDateTime, utcnow
from extensions import db
from library.colours import css_variables

WEEKDAYS = range(7)  # Monday = 0, as Python and Babel count


def default_opening_hours() -> list[dict]:
    weekday = {"closed": False, "opens": "08:00", "closes": "16:00"}
    return [dict(weekday) for _ in range(5)] + [
        {"closed": False, "opens": "08:00", "closes": "12:00"},
        {"closed": True, "opens": "", "closes": ""},
    ]


class LibraryProfile(db.Model):
    __tablename__ = "library_profile"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(120), nullable=False, default="Perpustakaan Kota")
    tagline = db.Column(db.String(160), nullable=False, default="")
    description_md = db.Column(db.Text, nullable=False, default="")
    description_html = db.Column(db.Text, nullable=False, default="")
    address = db.Column(db.String(300), nullable=False, default="")
    phone = db.Column(db.String(40), nullable=False, default="")
    email = db.Column(db.String(254), nullable=False, default="")
    website = db.Column(db.String(300), nullable=False, default="")
    whatsapp = db.Column(db.String(20), nullable=False, default="")  # digits, country code first
    instagram = db.Column(db.String(300), nullable=False, default="")
    facebook = db.Column(db.String(300), nullable=False, default="")
    x = db.Column(db.String(300), nullable=False, default="")
    youtube = db.Column(db.String(300), nullable=False, default="")
    primary_color = db.Column(db.String(7), nullable=False, default="#0f6b5c")
    accent_color = db.Column(db.String(7), nullable=False, default="#e0a526")
    logo_path = db.Column(db.String(200), nullable=True)
    timezone = db.Column(db.String(40), nullable=False, default="Asia/Jakarta")
    opening_hours = db.Column(db.JSON, nullable=False, default=default_opening_hours)
    # The library catalogue's search address with {isbn}, {isbn10} or {title} (library/opac.py); "" for none.
    opac_url_template = db.Column(db.String(500), nullable=False, default="", server_default="")
    # Whether members whose e-mail address is not confirmed may post (they never get e-mail until it is).
    unconfirmed_may_post = db.Column(db.Boolean, nullable=False, default=True, server_default=db.true())
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [("Instagram", self.instagram), ("Facebook", self.facebook), ("X", self.x),
                 ("YouTube", self.youtube)]
        if self.whatsapp:
            links.append(("WhatsApp", f"https://wa.me/{self.whatsapp}"))
        return [(name, url) for name, url in links if url]

    @property
    def brand_colours(self) -> dict[str, str]:
        """The readable brand colours (library/colours.py), for what cannot link /library.css: e-mail."""
        return css_variables(self.primary_color, self.accent_color)

    @property
    def version(self) -> str:
        """Changes whenever the profile does, so /library.css can be cached for a year."""
        return str(int(self.updated_at.timestamp())) if self.updated_at else "0"


def unsaved_library() -> LibraryProfile:
    """A profile holding the column defaults, for a site whose admin has not saved one yet."""
    defaults = {column.key: column.default.arg for column in LibraryProfile.__table__.columns
                if column.default is not None and column.default.is_scalar}
    return LibraryProfile(id=1, opening_hours=default_opening_hours(), **defaults)


PROFILE_CACHE = "serambi_library_profile"


def current_library() -> LibraryProfile:
    """The profile as this process last read it, for reading only (`profile_for_editing` to change it).

    Every page shows it, so it is read again at most every LIBRARY_PROFILE_SECONDS rather than on every
    request: an edit shows at once in the process that saved it, in the others within that time."""
    if "library" not in g:
        cache = current_app.extensions.setdefault(PROFILE_CACHE, {})
        if cache.get("until", 0) <= time.monotonic():
            row = db.session.execute(db.select(*LibraryProfile.__table__.columns)
                                     .where(LibraryProfile.id == 1)).mappings().first()
            cache.update(profile=LibraryProfile(**row) if row else unsaved_library(),
                         until=time.monotonic() + current_app.config["LIBRARY_PROFILE_SECONDS"])
        g.library = cache["profile"]
    return g.library


def profile_for_editing() -> LibraryProfile:
    return db.session.get(LibraryProfile, 1) or unsaved_library()


def forget_cached_profile() -> None:
    current_app.extensions.pop(PROFILE_CACHE, None)
    g.pop("library", None)
