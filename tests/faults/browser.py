"""A member's browser for the fault suite: its own cookies, the session's CSRF token, plain HTTP over urllib
(a server under test may answer anything, or nothing)."""
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

from tests.conftest import PASSWORD

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TIMEOUT = 30  # seconds: an answer slower than this counts as none


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)
        self.token = None

    def request(self, path: str, form: dict | None = None) -> tuple[int, str]:
        """(status, body); status 0 when no answer came (refused, reset or timed out)."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(self.base + path, data=data, timeout=TIMEOUT) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except OSError as error:
            return 0, str(error)

    def sign_in(self, username: str) -> int:
        """The status of the sign-in form's answer (302 when signed in)."""
        status, page = self.request("/auth/login")
        found = CSRF.search(page)
        if not found:
            return status or 0
        status, _ = self.request("/auth/login", {"csrf_token": found.group(1), "username": username,
                                                 "password": PASSWORD})
        if status == 302:  # a new session: its token is on every page
            found = CSRF.search(self.request("/")[1])
            self.token = found.group(1) if found else None
        return status

    def submit(self, path: str, form: dict) -> int:
        return self.request(path, {"csrf_token": self.token or "", **form})[0]

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)
