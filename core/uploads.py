"""Uploaded images: checked, re-encoded with Pillow (which drops EXIF and other metadata), stored
under the instance folder and served from /media/."""
import os
import secrets
from io import BytesIO

from flask import current_app
from flask_babel import gettext
from PIL import Image, ImageOps, UnidentifiedImageError

from core.errors import ActionError

ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP"}
MAX_PIXELS = 16_000_000  # a 150 KB PNG can decode to 40M pixels (~300 MB): refuse such bombs


def _open_image(file_storage) -> Image.Image:
    """Errors name the upload's form field (FileStorage.name), so the form shows them beside it."""
    field = file_storage.name
    data = file_storage.read(current_app.config["MAX_IMAGE_BYTES"] + 1)
    if len(data) > current_app.config["MAX_IMAGE_BYTES"]:
        raise ActionError(gettext("The image is larger than 2 MB. Please choose a smaller one."), field)
    try:
        image = Image.open(BytesIO(data))
        if image.format not in ALLOWED_FORMATS:
            raise ActionError(gettext("Only PNG, JPEG and WebP images can be uploaded."), field)
        if image.width * image.height > MAX_PIXELS:
            raise ActionError(gettext("The image has too many pixels. Please choose a smaller one."), field)
        if image.format == "JPEG":
            image.draft("RGB", (2048, 2048))  # decode a large photo at a reduced scale
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError):
        raise ActionError(gettext("This file is not an image we can read. Use PNG, JPEG or WebP."), field)
    return ImageOps.exif_transpose(image)


def save_image(file_storage, folder: str, size: tuple[int, int], crop: bool) -> str:
    """Re-encodes the upload as WebP and returns its path relative to the upload folder.

    crop=True fills `size` exactly (avatars); crop=False fits inside it (logos keep their shape).
    """
    image = _open_image(file_storage)
    image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    if crop:
        image = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
    else:
        image.thumbnail(size, Image.Resampling.LANCZOS)
    relative = f"{folder}/{secrets.token_hex(12)}.webp"
    target = os.path.join(current_app.config["UPLOAD_FOLDER"], relative)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    image.save(target, "WEBP", quality=85, method=4)  # a fresh file: no EXIF, no XMP, no ICC text
    return relative


def replace_image(current: str | None, upload, remove: bool, folder: str, size: tuple[int, int],
                  crop: bool) -> tuple[str | None, str | None]:
    """What an image field holds after a form: (new path, old path to delete once the change commits)."""
    if upload:
        return save_image(upload, folder, size, crop), current
    if remove:
        return None, current
    return current, None


def delete_image(relative: str | None) -> None:
    if not relative:
        return
    path = os.path.join(current_app.config["UPLOAD_FOLDER"], relative)
    if os.path.isfile(path):
        os.remove(path)
