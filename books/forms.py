from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from accounts.forms import IMAGE_TYPES
from books.models import LANGUAGES, SHELVES
from core.forms import MARKDOWN_HINT, SerambiForm, at_most, required

ISBN_HINT = _l("ISBN-10 or ISBN-13, with or without hyphens.")


def _whole_number(low: int, high: int):
    return NumberRange(low, high, _l("A number from %(min)d to %(max)d."))


class BookForm(SerambiForm):
    title = StringField(_l("Title"), [required(), at_most(200)])
    authors = StringField(_l("Authors"), [required(), at_most(300)],
                          description=_l("Separate several authors with commas."))
    isbn = StringField(_l("ISBN"), [Optional(), at_most(30)], description=ISBN_HINT)
    page_count = IntegerField(_l("Number of pages"), [Optional(), _whole_number(1, 20_000)])
    language = SelectField(_l("Language"), choices=[SelectChoice(code, label) for code, label in LANGUAGES.items()])
    description = TextAreaField(_l("Description"), [Optional(), at_most(10_000)], description=MARKDOWN_HINT)
    cover = FileField(_l("Cover"), [IMAGE_TYPES], description=_l("PNG, JPEG or WebP, at most 2 MB."))
    remove_cover = BooleanField(_l("Remove the cover"))


class ShelfForm(SerambiForm):
    shelf = SelectField(_l("On my shelf"), choices=[SelectChoice("", _l("Not on my shelves"))] + [
        SelectChoice(key, label) for key, label in SHELVES.items()])
    progress = IntegerField(_l("Pages read"), [Optional(), _whole_number(0, 20_000)],
                            description=_l("While reading: how far you are."))


class ReviewForm(SerambiForm):
    rating = RadioField(_l("Your rating"), [required()], coerce=int, choices=[
        SelectChoice(stars, _l("%(num)d of 5 stars", num=stars)) for stars in range(5, 0, -1)])
    body = TextAreaField(_l("Your review (optional)"), [Optional(), at_most(10_000)], description=MARKDOWN_HINT)


class QuoteForm(SerambiForm):
    text = TextAreaField(_l("Quote text"), [required(), at_most(1_000)])
    page = IntegerField(_l("Page (optional)"), [Optional(), _whole_number(1, 20_000)])


class PickForm(SerambiForm):
    note = StringField(_l("Why staff pick it (optional)"), [Optional(), at_most(300)])


class SuggestionForm(SerambiForm):
    title = StringField(_l("Title"), [required(), at_most(200)])
    authors = StringField(_l("Authors"), [required(), at_most(300)])
    isbn = StringField(_l("ISBN (optional)"), [Optional(), at_most(30)], description=ISBN_HINT)
    why = TextAreaField(_l("Why should the library add it?"), [Optional(), at_most(1_000)])


class DecisionForm(SerambiForm):
    note = StringField(_l("Note to the member (optional)"), [Optional(), at_most(500)])
