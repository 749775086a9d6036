from flask_babel import gettext

from accounts.permissions import has_permission
from core import audit, uploads
from core.errors import ActionError
from core.markdown import render_markdown
from extensions import db
from library.models import LibraryProfile, forget_cached_profile, profile_for_editing

LOGO_BOX = (512, 256)
TEXT_FIELDS = ("name", "tagline", "address", "phone", "email", "website", "whatsapp", "instagram",
               "facebook", "x", "youtube", "primary_color", "accent_color", "timezone", "opac_url_template")


def update_library(actor, fields: dict, description_md: str, opening_hours: list[dict],
                   logo=None, remove_logo: bool = False) -> LibraryProfile:
    if not has_permission(actor, "manage_site"):
        raise ActionError(gettext("Only library staff with the admin role can edit the library profile."))
    profile = profile_for_editing()
    profile.logo_path, old_logo = uploads.replace_image(profile.logo_path, logo, remove_logo, "logos", LOGO_BOX,
                                                        crop=False)
    for name in TEXT_FIELDS:
        setattr(profile, name, (fields.get(name) or "").strip())
    profile.description_md = description_md.strip()
    profile.description_html = render_markdown(profile.description_md)
    profile.opening_hours = opening_hours
    profile.unconfirmed_may_post = bool(fields.get("unconfirmed_may_post"))
    db.session.add(profile)
    audit.record(actor, "library.update", "library", profile.id)
    db.session.commit()
    forget_cached_profile()
    uploads.delete_image(old_logo)
    return profile
