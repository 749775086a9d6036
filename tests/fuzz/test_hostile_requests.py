"""Hostile input everywhere the site takes input, on the demo content: every GET route with hostile path
values and query strings, and every form the pages offer posted with each field replaced by hostile
values, as a guest, a member and an admin. Nothing may answer 5xx: bad input gets a message or a 4xx.
(Socket.IO payloads: tests/socket/test_live_hostile_payloads.py.)"""
import re
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

import pytest
from werkzeug.routing import IntegerConverter, PathConverter, UnicodeConverter

from accounts.models import User
from home.cli import DEMO_PASSWORD, seed_demo
from extensions import db

HUGE = str(2**70)
PATH_VALUES = {IntegerConverter: ["1", str(2**31), HUGE], UnicodeConverter: ["x", "%C3%BC%E2%80%AE", "a" * 300],
               PathConverter: ["x/y", "..%2F..%2Fetc%2Fpasswd", "a" * 300]}
QUERY = ("?page=" + HUGE + "&before=" + HUGE + "&q=%00%FF%FE" + "x" * 3000 + "&day=0001-01-01&start=9999-12-31&month=0001-01"
         "&end=x&from=-1&to=%00&sort=%FF&category=" + HUGE + "&period=month&id=-5&next=//evil.example&lang=xx")
# A field's hostile values: urlencoded as they are (so invalid UTF-8 and NUL can be sent)
HOSTILE = ["", "%00", "%FF%FE%00", "x" * 100_000, "-1", HUGE, "1e308", "0001-01-01", "9999-12-31T23:59",
           "%3Cscript%3Ealert(1)%3C%2Fscript%3E"]
NEVER_POSTED = ("/auth/logout",)  # would end the session every later form needs
CRAWL_LIMIT = 250


def signed_in(app, username: str | None):
    client = app.test_client()
    if username:
        client.login(db.session.execute(db.select(User).filter_by(username=username)).scalar_one(), DEMO_PASSWORD)
    return client


@pytest.fixture
def demo(app):
    app.test_cli_runner().invoke(seed_demo, [])
    return app


def answered(client, method: str, url: str, body: str | None = None):
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500, f"{method} {url} {(body or '')[:300]!r} -> {response.status_code}"
    return response


def hostile_urls(app) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        for variant in range(3):
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>",
                          lambda found: PATH_VALUES.get(type(rule._converters[found.group(1)]),
                                                        ["x"] * 3)[variant], rule.rule)
            urls.append(path + (QUERY if variant == 0 else ""))
    return urls


@pytest.mark.parametrize("who", [None, "member", "admin"])
def test_no_get_route_answers_5xx_to_hostile_paths_and_queries(demo, who):
    client = signed_in(demo, who)
    for url in hostile_urls(demo):
        answered(client, "GET", url)


class _Forms(HTMLParser):
    """The POST forms of a page (action, [(field, a plausible value)]) and its same-site links. A button that
    names a form and its own `formaction` (the thread page's one form for every post's buttons) is a form of
    its own: that form's fields, posted to the button's address; the form itself then posts nowhere."""

    def __init__(self):
        super().__init__()
        self.links, self.current, self.by_id, self.only_through_buttons = [], None, {}, set()
        self.all_forms = []

    @property
    def forms(self) -> list:
        return [form for form in self.all_forms if id(form) not in self.only_through_buttons]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.current = (attrs.get("action") or "", [])
            self.all_forms.append(self.current)
            self.by_id[attrs.get("id")] = self.current
        elif tag == "button" and attrs.get("formaction") and attrs.get("form") in self.by_id:
            owner = self.by_id[attrs["form"]]
            if not owner[0]:
                self.only_through_buttons.add(id(owner))
            extra = [(attrs["name"], attrs.get("value") or "")] if attrs.get("name") else []
            self.all_forms.append((attrs["formaction"], owner[1] + extra))
        elif self.current and tag in ("input", "textarea", "select") and attrs.get("name"):
            if attrs.get("type") not in ("submit", "button", "file", "image"):
                self.current[1].append((attrs["name"], attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def crawl(client) -> dict[str, list]:
    """A POST form of each endpoint on the site's pages reachable from the home page and the admin pages:
    {action: fields}."""
    routes = client.application.url_map.bind("localhost")
    seen, queue, forms, endpoints = set(), ["/", "/admin", "/admin/library", "/events/new", "/groups/new", "/forum/"], {}, set()
    while queue and len(seen) < CRAWL_LIMIT:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.content_type:
            continue
        page = _Forms()
        page.feed(response.get_data(as_text=True))
        for action, fields in page.forms:
            path = urlsplit(urljoin(url, action)).path
            endpoint = routes.match(path, method="POST")[0]
            if endpoint not in endpoints:
                endpoints.add(endpoint)
                forms[path] = fields
        for link in page.links:
            parts = urlsplit(urljoin(url, link))
            if not parts.netloc.startswith(("localhost", "")) or parts.scheme not in ("", "http"):
                continue
            if parts.path.startswith(("/static", "/auth/logout", "/media")) or parts.path.endswith((".csv", ".ics", ".xml", ".png")):
                continue
            queue.append(parts.path)
    return forms


def encoded(fields: list, replaced: str, value: str) -> str:
    return "&".join(f"{quote(name)}={value if name == replaced else quote(plain)}" for name, plain in fields)


@pytest.mark.parametrize("who", ["member", "admin"])
def test_no_form_answers_5xx_to_hostile_fields(demo, who):
    client = signed_in(demo, who)
    forms = crawl(client)
    assert len(forms) > 20, sorted(forms)
    for action, fields in sorted(forms.items()):
        if action in NEVER_POSTED:
            continue
        names = [name for name, _ in fields if name != "csrf_token"]
        token = client.csrf_token()
        fields = [("csrf_token", token)] + [(name, value) for name, value in fields if name != "csrf_token"]
        for name in names:
            for value in HOSTILE:
                answered(client, "POST", action, encoded(fields, name, value))
            answered(client, "POST", action, encoded([field for field in fields if field[0] != name], "", ""))
