"""What requests carry, made safe once for every feature: form and query fields arrive without NUL
characters (core.text.without_nul), a NUL in the path is a page that does not exist, and so is a number
in a path (`<int:…>`) beyond what the database's INTEGER holds."""
from flask import Flask, Request, abort, request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter

from core.fields import DATABASE_INT_MAX
from core.text import without_nul


class NulFreeFields(ImmutableMultiDict):
    def __init__(self, mapping=None):
        pairs = MultiDict(mapping).items(multi=True) if mapping is not None else ()
        super().__init__([(without_nul(name), without_nul(value)) for name, value in pairs])


class SerambiRequest(Request):
    parameter_storage_class = NulFreeFields


class DatabaseIntConverter(IntegerConverter):
    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", DATABASE_INT_MAX)
        super().__init__(url_map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Before any blueprint: routes take their converters when they are registered."""
    app.request_class = SerambiRequest
    app.url_map.converters["int"] = DatabaseIntConverter

    @app.before_request
    def refuse_nul_in_path():
        if "\x00" in request.path:
            abort(404)
