"""What every form shares: the base class (WTForms' own messages go through our catalogue too),
validators with translated messages, and showing an action's refusal on a form or as a flash message."""
from contextlib import contextmanager
from datetime import date

from flask import flash
from flask_babel import get_translations, gettext, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, MultipleFileField
from wtforms.validators import DataRequired, Length

from core.errors import ActionError
from core.fields import DATABASE_INT_MAX
from core.timeutil import YEARS, within_years

# The help under every text box that takes Markdown (core/markdown.py renders them all alike).
MARKDOWN_HINT = _l("Markdown is supported: **bold**, *italic*, [link](https://…), > quote.")


class _CatalogueTranslations:
    def gettext(self, string):
        return get_translations().gettext(string)

    def ngettext(self, singular, plural, n):
        return get_translations().ngettext(singular, plural, n)


class SerambiForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _CatalogueTranslations()

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        """A value the view passes by name wins over the object's attribute of that name (WTForms prefers the
        object): the view passes it because the attribute is not what the field shows (a challenge's badges
        are rows, the field their text). A field the browser did not send then shows the view's value."""
        if obj is not None and kwargs:
            obj = _Overridden(obj, kwargs)
        super().process(formdata, obj, data, extra_filters, **kwargs)

    def validate(self, extra_validators=None) -> bool:
        """Besides each field's own checks, the site's bounds for every form: dates from 2000 to 2100 (year 1
        or 9999 broke the time-zone arithmetic) and whole numbers that fit the database."""
        valid = super().validate(extra_validators)
        for field in self:
            problem = _out_of_bounds(field)
            if problem:
                field.errors = [*field.errors, problem]
                valid = False
        return valid


class PhotoFields(SerambiForm):
    """A form's photos (templates/_photos.html; core/photos.take_from_form and text_with_photos)."""
    photos = MultipleFileField(_l("Add photos (optional)"), description=_l(
        "Up to 6 photos: JPEG, PNG, WebP or HEIC, at most 10 MB each. Location and camera details are removed."))
    photo_rows = ()  # core.photos.Row: those uploaded and waiting for the form


class _Overridden:
    def __init__(self, obj, values: dict):
        self._obj, self._values = obj, values

    def __getattr__(self, name):
        return self._values[name] if name in self._values else getattr(self._obj, name)


def _out_of_bounds(field) -> str | None:
    if isinstance(field.data, date) and not within_years(field.data):
        return gettext("Choose a date from %(first)d to %(last)d.", first=YEARS[0], last=YEARS[1])
    if isinstance(field, IntegerField) and isinstance(field.data, int) and abs(field.data) > DATABASE_INT_MAX:
        return gettext("That number is too large.")
    return None


# WTForms' built-in messages, listed so that `pybabel extract` puts them in our catalogue.
_WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Not a valid choice."),
    _l("Invalid email address."),
    _l("Invalid URL."),
    _l("Not a valid time value."),
    _l("Not a valid date value."),
    _l("Not a valid integer value."),
    _l("Invalid input."),
    _l("The CSRF token is missing."),
    _l("The CSRF token is invalid."),
)


def required():
    return DataRequired(_l("This field is required."))


def at_most(count: int):
    return Length(max=count, message=_l("At most %(max)d characters.", max=count))


def show_action_error(form, error: ActionError) -> None:
    """Puts an action's refusal next to the field it is about, or at the top of the form."""
    if error.field and error.field in form:
        form[error.field].errors = [*form[error.field].errors, error.message]
    else:
        form.form_errors.append(error.message)


@contextmanager
def refusal_shown(form=None):
    """Where a view calls an action: when a rule says no (ActionError), the rest of the block is skipped
    and the reason shown, next to its field on `form` when there is one, else as an error flash message.
    The view goes on after the block, so the block ends with the success (flash, redirect) and the
    lines after it say what a refusal leads to (the form again, or a redirect)::

        if form.validate_on_submit():
            with refusal_shown(form):
                actions.save_review(current_user, book, form.rating.data, form.body.data)
                flash(gettext("Your review has been saved."), "success")
                return redirect(book_url(book))
        return render_template("books/review.html", form=form), 400 if form.errors else 200
    """
    try:
        yield
    except ActionError as error:
        if form is None:
            flash(error.message, "error")
        else:
            show_action_error(form, error)
