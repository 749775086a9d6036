"""Uploaded images, one pipeline for every kind: logos, avatars and covers (one file under UPLOAD_FOLDER, served
from /media/) and photos in posts (several widths under PHOTO_FOLDER, core/photos.py).

Each upload is checked before it is decoded: its size in bytes, its format and its pixel count are read
from the file's header (a 150 KB PNG can claim 900 megapixels and decode to gigabytes). It is then decoded
at the scale needed (a JPEG decodes at 1/2, 1/4 or 1/8 of its size for free), turned upright by its EXIF
orientation, converted to sRGB, and saved as a fresh WebP file: no EXIF (GPS, camera, date), no XMP, no
colour profile, no comment survives. The file's name and declared type are never trusted."""
import os
import secrets
from io import BytesIO

import pillow_heif
from flask import current_app
from flask_babel import gettext
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from core.errors import ActionError

pillow_heif.register_heif_opener()  # HEIC, as phones take photos

ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP", "HEIF"}
PHOTO_MAX_PIXELS = 40_000_000
ICON_MAX_PIXELS = 16_000_000  # logos, avatars and covers are small: no need to decode more
WEBP_MAX_SIDE = 16_383  # the format's limit
_SRGB = ImageCms.createProfile("sRGB")


def too_large_message(max_bytes: int) -> str:
    return gettext("The image is larger than %(size)d MB. Please choose a smaller one.", size=max_bytes // 2**20)


def open_checked(file_storage, max_bytes: int, max_pixels: int, widest: int) -> Image.Image:
    """The upload as an upright RGB(A) image at least `widest` pixels wide where it has them, or an
    ActionError (naming the upload's form field, FileStorage.name) that says what is wrong with it."""
    field = file_storage.name
    data = file_storage.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ActionError(too_large_message(max_bytes), field)
    unreadable = ActionError(gettext("This file is not an image we can read. Use JPEG, PNG, WebP or HEIC."), field)
    too_many = ActionError(gettext("The image has too many pixels (at most %(count)d megapixels). Please choose a "
                                   "smaller one.", count=max_pixels // 1_000_000), field)
    try:
        image = Image.open(BytesIO(data))  # reads the header only
    except Image.DecompressionBombError:
        raise too_many
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise unreadable
    if image.format not in ALLOWED_FORMATS:
        raise ActionError(gettext("Only JPEG, PNG, WebP and HEIC images can be uploaded."), field)
    if image.width * image.height > max_pixels:
        raise too_many
    try:
        if image.format == "JPEG":
            _draft(image, widest)
        image.load()
        image = ImageOps.exif_transpose(image)
        return _in_srgb(image)
    except (OSError, Image.DecompressionBombError, SyntaxError, ValueError):
        raise unreadable


def _draft(image: Image.Image, widest: int) -> None:
    """Let the JPEG decoder skip the detail no stored size needs (the upright width counts: a portrait
    photo is stored sideways with orientation 6 or 8)."""
    sideways = image.getexif().get(0x0112) in (5, 6, 7, 8)
    upright_width = image.height if sideways else image.width
    scale = min(1.0, widest / upright_width)
    image.draft("RGB", (max(1, round(image.width * scale)), max(1, round(image.height * scale))))


def _in_srgb(image: Image.Image) -> Image.Image:
    """RGB or RGBA in sRGB: a phone's Display P3 photo keeps its colours without keeping its profile."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    profile = image.info.get("icc_profile")
    if profile:
        try:
            image = ImageCms.profileToProfile(image, BytesIO(profile), _SRGB, outputMode=image.mode)
        except ImageCms.PyCMSError:
            pass  # a profile the colour engine cannot read: the pixels as they are
    clean = Image.new(image.mode, image.size)
    clean.paste(image)  # a new image: nothing of the upload's info (EXIF, XMP, profile, comments) comes along
    return clean


def save_webp(image: Image.Image, path: str) -> None:
    """Written under a temporary name and renamed, so another worker never serves half a file."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    partial = f"{path}.{secrets.token_hex(4)}.part"
    image.save(partial, "WEBP", quality=82, method=2)  # bench/photos: half the CPU of method 4, sizes within 3 %
    os.replace(partial, path)


def save_image(file_storage, folder: str, size: tuple[int, int], crop: bool) -> str:
    """Re-encodes the upload as WebP and returns its path relative to the upload folder.

    crop=True fills `size` exactly (avatars); crop=False fits inside it (logos keep their shape).
    """
    image = open_checked(file_storage, current_app.config["MAX_IMAGE_BYTES"], ICON_MAX_PIXELS, 2048)
    if crop:
        image = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
    else:
        image.thumbnail(size, Image.Resampling.LANCZOS)
    relative = f"{folder}/{secrets.token_hex(12)}.webp"
    save_webp(image, os.path.join(current_app.config["UPLOAD_FOLDER"], relative))
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
