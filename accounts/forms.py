from flask_babel import lazy_gettext as _l, lazy_ngettext
from flask_wtf.file import FileAllowed, FileField
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Optional

from accounts.models import ROLES
from core.forms import MARKDOWN_HINT, SerambiForm, at_most, required
from core.i18n import LANGUAGES

IMAGE_TYPES = FileAllowed(["png", "jpg", "jpeg", "webp", "heic", "heif"],
                          _l("Only JPEG, PNG, WebP and HEIC images can be uploaded."))
ROLE_LABELS = {"member": _l("Member"), "moderator": _l("Moderator"), "host": _l("Event host"),
               "admin": _l("Admin (library staff)")}


class RegisterForm(SerambiForm):
    username = StringField(_l("Username"), [required(), at_most(30)],
                           description=_l("3–30 characters: lowercase letters, digits, dots, underscores."))
    email = EmailField(_l("Email"), [required(), at_most(254)])
    password = PasswordField(_l("Password"), [required(), at_most(128)],
                             description=_l("At least 10 characters. A short sentence is easy to remember."))


class LoginForm(SerambiForm):
    username = StringField(_l("Username or email"), [required(), at_most(254)])
    password = PasswordField(_l("Password"), [required(), at_most(128)])
    remember = BooleanField(_l("Remember me on this device"))


class ForgotPasswordForm(SerambiForm):
    username = StringField(_l("Username or email"), [required(), at_most(254)])


class NewPasswordForm(SerambiForm):
    new_password = PasswordField(_l("New password"), [required(), at_most(128)],
                                 description=_l("At least 10 characters. A short sentence is easy to remember."))
    confirm = PasswordField(_l("Repeat the new password"),
                            [required(), EqualTo("new_password", _l("The two new passwords do not match."))])


class EmailForm(SerambiForm):
    email = EmailField(_l("New e-mail address"), [required(), at_most(254)])
    password = PasswordField(_l("Current password"), [required(), at_most(128)])


class ProfileForm(SerambiForm):
    display_name = StringField(_l("Display name"), [required(), at_most(60)])
    bio = TextAreaField(_l("About you"), [Optional(), at_most(2000)],
                        description=MARKDOWN_HINT)
    interests = StringField(_l("Reading interests"), [Optional(), at_most(200)],
                            description=_l("Separate with commas, e.g. novel, sejarah, sains."))
    avatar = FileField(_l("Profile picture"), [IMAGE_TYPES],
                       description=_l("PNG, JPEG or WebP, at most 2 MB."))
    remove_avatar = BooleanField(_l("Remove my picture"))
    language = SelectField(_l("Interface language"),
                           choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()])


class PasswordForm(SerambiForm):
    current_password = PasswordField(_l("Current password"), [required()])
    new_password = PasswordField(_l("New password"), [required(), at_most(128)])
    confirm = PasswordField(_l("Repeat the new password"),
                            [required(), EqualTo("new_password", _l("The two new passwords do not match."))])


class RoleForm(SerambiForm):
    role = SelectField(_l("Role"), choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES])


SUSPENSION_DAYS = (1, 3, 7, 14, 30, 90, 365)


class SuspendForm(SerambiForm):
    days = SelectField(_l("For how long"), coerce=int,
                       choices=[SelectChoice(days, lazy_ngettext("%(num)d day", "%(num)d days", days))
                                for days in SUSPENSION_DAYS])
    reason = TextAreaField(_l("Reason (the member sees this)"), [required(), at_most(500)])


class BanForm(SerambiForm):
    reason = TextAreaField(_l("Reason (the member sees this)"), [required(), at_most(500)])
    confirm = BooleanField(_l("Yes, ban this account and sign it out everywhere"),
                           [InputRequired(_l("Tick the box to confirm."))])


class SilenceForm(SuspendForm):
    """Same fields as a suspension: for how long, and why."""


class WarnForm(SerambiForm):
    message = TextAreaField(_l("Warning (the member sees this)"), [required(), at_most(500)])


class DeletePostsForm(SerambiForm):
    confirm = BooleanField(_l("Yes, delete every post and thread of this member"),
                           [InputRequired(_l("Tick the box to confirm."))])
    ban = BooleanField(_l("Also ban the account as a spammer"))


class LiftForm(SerambiForm):
    pass
