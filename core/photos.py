"""Photos in members' writing: stored through the one image pipeline (core/uploads.py) in three widths for
`srcset`, referenced from Markdown as `![description](upload:<key>)` (core/markdown.py renders that as a
responsive, lazily loaded <img>), and served from /photos/ only to those who may see what they belong to.

Who may see a photo is never decided here: each kind of owner registers its own rule with
`register_owner` (the forum's posts: forum/loaders.py, the same rule as the post's page), so a hidden post,
a private group's thread or a milestone not yet reached hides its photos too. A photo posted nowhere is
seen by its uploader only and removed after a day (`flask --app app media collect`, and a few at each upload).
"""
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import click
from flask import current_app, request
from flask.cli import AppGroup
from flask_babel import gettext
from PIL import Image

from core import uploads
from core.errors import ActionError
from core.oncommit import call_on_commit
from core.photo_models import Photo
from core.timeutil import utcnow
from extensions import db

WIDTHS = (480, 960, 1600)
MAX_PER_TEXT = 6
DESCRIPTION_MAX = 250
UNUSED_FOR = timedelta(days=1)
KEY = r"[A-Za-z0-9_-]{22}"
SOURCE = re.compile(rf"upload:({KEY})\Z")  # an <img src> the sanitiser lets through
REFERENCE = re.compile(rf"upload:({KEY})")
DESCRIBED = re.compile(rf"!\[([^\]\n]*)\]\(upload:({KEY})\)")
FILE_NAME = re.compile(rf"({KEY})-(\d{{1,4}})\.webp\Z")
# As wide as a post's text column on a wide screen, else the whole screen (static/css/serambi.css, .post).
SIZES = "(min-width: 50rem) 44rem, 100vw"

_owners: dict[str, Callable] = {}  # kind -> (user, owner id) -> whether this user may see it


def register_owner(kind: str, may_see: Callable) -> None:
    """A kind of content that shows photos tells who may see one of its items (and so its photos)."""
    _owners[kind] = may_see


# -- storing -----------------------------------------------------------------

def widths_for(width: int) -> list[int]:
    """The stored widths: each of WIDTHS narrower than the photo, and the photo's own width up to the
    largest; never wider than the photo."""
    largest = min(width, WIDTHS[-1])
    return [w for w in WIDTHS if w < largest] + [largest]


def file_path(key: str, width: int) -> str:
    return os.path.join(current_app.config["PHOTO_FOLDER"], key[:2], f"{key}-{width}.webp")


def store(file_storage, uploader) -> Photo:
    """The upload checked, re-encoded in every width and recorded as the uploader's, posted nowhere yet.
    ActionError (nothing stored) when it is not an image we take."""
    image = uploads.open_checked(file_storage, current_app.config["PHOTO_MAX_BYTES"], uploads.PHOTO_MAX_PIXELS,
                                 WIDTHS[-1])
    widths = widths_for(image.width)
    height = max(1, round(image.height * widths[-1] / image.width))
    if height > uploads.WEBP_MAX_SIDE:
        raise ActionError(gettext("This image is too long and narrow to show. Please crop it."), file_storage.name)
    key = secrets.token_urlsafe(16)
    for width in reversed(widths):  # each size from the one above it: cheaper than from the original
        image = image.resize((width, max(1, round(height * width / widths[-1]))), Image.Resampling.LANCZOS,
                             reducing_gap=3.0)
        uploads.save_webp(image, file_path(key, width))
    photo = Photo(key=key, uploader_id=uploader.id, widths=",".join(map(str, widths)), width=widths[-1],
                  height=height)
    db.session.add(photo)
    db.session.commit()
    collect(limit=20)  # a few unused ones at each upload, so a site without cron stays tidy too
    return photo


def _delete_files(photos: list[tuple[str, list[int]]]) -> None:
    for key, widths in photos:
        for width in widths:
            try:
                os.remove(file_path(key, width))
            except FileNotFoundError:
                pass


def _delete(photos: list[Photo]) -> None:
    """The rows now, the files once the transaction commits (a rollback keeps both)."""
    if not photos:
        return
    call_on_commit(_delete_files, [(photo.key, photo.stored_widths) for photo in photos])
    db.session.execute(db.delete(Photo).where(Photo.id.in_([photo.id for photo in photos])))


def delete_owned(kind: str, owner_ids: list[int]) -> None:
    """The photos of these items are deleted with them (their files once the change commits)."""
    if owner_ids:
        _delete(db.session.execute(db.select(Photo).where(Photo.owner_kind == kind,
                                                          Photo.owner_id.in_(owner_ids))).scalars().all())


def collect(limit: int | None = None) -> int:
    """Deletes photos posted nowhere for longer than UNUSED_FOR (at most `limit`); returns how many."""
    query = db.select(Photo).where(Photo.owner_kind.is_(None), Photo.created_at < utcnow() - UNUSED_FOR)
    unused = db.session.execute(query.order_by(Photo.created_at).limit(limit)).scalars().all()
    _delete(unused)
    db.session.commit()
    return len(unused)


# -- belonging ---------------------------------------------------------------

def by_keys(keys) -> dict[str, Photo]:
    keys = set(keys)
    if not keys:
        return {}
    with db.session.no_autoflush:  # asked while rendering a half-written item (core/markdown.py)
        found = db.session.execute(db.select(Photo).where(Photo.key.in_(keys))).scalars().all()
    return {photo.key: photo for photo in found}


def check(text: str, actor, field: str = "body") -> None:
    """Refuses (ActionError) a text that shows more than MAX_PER_TEXT photos, a photo without a description,
    or one that does not exist or is another member's not yet posted. A photo already posted elsewhere (a
    quote) may be shown: it stays its owner's, and only those who may see that owner see it."""
    keys = set(REFERENCE.findall(text))
    if len(keys) > MAX_PER_TEXT:
        raise ActionError(gettext("At most %(count)d photos in one text.", count=MAX_PER_TEXT), field)
    if keys - {key for description, key in DESCRIBED.findall(text) if description.strip()}:
        raise ActionError(gettext("Each photo needs a short description: write it between the brackets of "
                                  "![…](upload:…)."), field)
    found = by_keys(keys)
    if any(key not in found or (found[key].owner_kind is None and found[key].uploader_id != actor.id) for key in keys):
        raise ActionError(gettext("A photo in this text no longer exists. Remove its line (upload:…) and add the "
                                  "photo again."), field)


def attach(text: str, kind: str, owner_id: int, replacing: bool = False) -> None:
    """After `check`: the photos `text` shows that belong to nobody become the owner's; `replacing` (an
    edit), the owner's photos it no longer shows are deleted (their files once the change commits). A text
    without photos costs no query. Does not commit."""
    keys = set(REFERENCE.findall(text))
    if keys:
        db.session.execute(db.update(Photo).where(Photo.key.in_(keys), Photo.owner_kind.is_(None))
                           .values(owner_kind=kind, owner_id=owner_id))
    if replacing:
        _delete(db.session.execute(db.select(Photo).where(Photo.owner_kind == kind, Photo.owner_id == owner_id,
                                                          Photo.key.not_in(keys))).scalars().all())


def may_see(user, photo: Photo) -> bool:
    if photo.owner_kind is None:
        return user.is_authenticated and user.id == photo.uploader_id
    rule = _owners.get(photo.owner_kind)
    return rule is not None and rule(user, photo.owner_id)


# -- showing -----------------------------------------------------------------

def url(photo: Photo, width: int) -> str:
    """The file's address (core/views.py serves it), the same without a request (`markdown rerender`)."""
    return f"/photos/{photo.key}-{width}.webp"


def image_attributes(photo: Photo, description: str) -> dict:
    """The <img> of a photo in a text: every width for the browser to choose from, its size so the page
    does not jump when it arrives, loaded only when scrolled near."""
    widths = photo.stored_widths
    middle = next((width for width in widths if width >= WIDTHS[1]), widths[-1])
    return {"src": url(photo, middle), "srcset": ", ".join(f"{url(photo, width)} {width}w" for width in widths),
            "sizes": SIZES, "width": str(photo.width), "height": str(photo.height), "alt": description,
            "loading": "lazy", "decoding": "async"}


# -- the form part -----------------------------------------------------------

@dataclass
class Row:
    """A photo in a form, uploaded and waiting for the form to be sent."""
    photo: Photo
    description: str

    @property
    def thumbnail(self) -> str:
        return url(self.photo, self.photo.stored_widths[0])


def description_of(value: str) -> str:
    """A description as it can stand in ![…]: one line, no brackets, bounded."""
    return " ".join(value.replace("[", "(").replace("]", ")").split())[:DESCRIPTION_MAX]


def take_from_form(form, uploader) -> None:
    """The form's photo part after a POST: the photos uploaded before (hidden `photo` fields, each with its
    `alt-<key>` description, less those ticked `remove-<key>`) and the files chosen now, stored here, as
    `form.photo_rows`. A file refused is named in `form.photos.errors`; the others are kept."""
    if request.method != "POST":
        return
    keys = list(dict.fromkeys(request.form.getlist("photo")))[:MAX_PER_TEXT]
    keys = [key for key in keys if not request.form.get(f"remove-{key}")]
    found = by_keys(keys)
    rows = [Row(found[key], description_of(request.form.get(f"alt-{key}", ""))) for key in keys
            if key in found and found[key].owner_kind is None and found[key].uploader_id == uploader.id]
    errors = list(form.photos.errors)
    for upload in [upload for upload in form.photos.data or [] if upload and upload.filename]:
        if len(rows) >= MAX_PER_TEXT:
            errors.append(gettext("At most %(count)d photos in one text.", count=MAX_PER_TEXT))
            break
        try:
            rows.append(Row(store(upload, uploader), ""))
        except ActionError as error:
            errors.append(f"{upload.filename}: {error.message}")
    form.photos.errors = errors
    form.photo_rows = rows


def text_with_photos(form, field: str = "body") -> str:
    """The form's text (its field `field`) with its photos after it, as Markdown; ActionError while a photo was refused or
    has no description (the form is shown again, the photos kept)."""
    rows = getattr(form, "photo_rows", [])
    if form.photos.errors:
        raise ActionError(gettext("Nothing was posted yet: see the photos below."))
    if any(not row.description for row in rows):
        raise ActionError(gettext("Describe each photo in a few words (for readers who cannot see it), then "
                                  "send again."), "photos")
    lines = [f"![{row.description}](upload:{row.photo.key})" for row in rows]
    text = form[field].data or ""
    return "\n\n".join([text.rstrip(), *lines]) if lines else text


# -- command line ------------------------------------------------------------

cli = AppGroup("media", help="Uploaded photos.")


@cli.command("collect")
def collect_command():
    """Delete photos uploaded more than a day ago and never posted (run it from cron, e.g. hourly)."""
    count = collect()
    click.echo(f"{count} unused photo(s) deleted.")


def init_app(app) -> None:
    app.cli.add_command(cli)
