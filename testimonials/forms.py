from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import Optional

from core.forms import SerambiForm, at_most, required
from testimonials.models import BODY_MAX, ROLE_MAX


class TestimonialForm(SerambiForm):
    body = TextAreaField(_l("Your testimonial"), [required(), at_most(BODY_MAX)], description=_l(
        "A few words about what the library means to you, at most 500 characters. Plain text."),
        render_kw={"maxlength": BODY_MAX, "rows": 5})
    role_line = StringField(_l("About you (optional)"), [Optional(), at_most(ROLE_MAX)], description=_l(
        "Shown under your name, for example “Teacher, reads history” or “Student, loves poetry”."),
        render_kw={"maxlength": ROLE_MAX})


class NoteForm(SerambiForm):
    note = StringField(_l("Note to the member (optional)"), [Optional(), at_most(500)])


class WithdrawForm(SerambiForm):
    reason = StringField(_l("Reason (kept in the audit log)"), [Optional(), at_most(200)])
