"""Base form: WTForms' own messages ("This field is required." …) go through our catalogue too."""
from flask_babel import get_translations, lazy_gettext as _l
from flask_wtf import FlaskForm


class _CatalogueTranslations:
    def gettext(self, string):
        return get_translations().gettext(string)

    def ngettext(self, singular, plural, n):
        return get_translations().ngettext(singular, plural, n)


class SerambiForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _CatalogueTranslations()


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
