"""The request class: form and query fields arrive without NUL characters (core.text.without_nul), so no
feature has to think of them, and a NUL in the path is a page that does not exist."""
from flask import Flask, Request, abort, request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from core.text import without_nul


class NulFreeFields(ImmutableMultiDict):
    def __init__(self, mapping=None):
        pairs = MultiDict(mapping).items(multi=True) if mapping is not None else ()
        super().__init__([(without_nul(name), without_nul(value)) for name, value in pairs])


class SerambiRequest(Request):
    parameter_storage_class = NulFreeFields


def init_app(app: Flask) -> None:
    app.request_class = SerambiRequest

    @app.before_request
    def refuse_nul_in_path():
        if "\x00" in request.path:
            abort(404)
