"""Browser journeys: Debian's Chromium driven by Playwright against a live server on 127.0.0.1.

A journey runs once, on a 360 px phone (most members' screen); each page it checks is audited at
both widths, 360 and 1280 px: axe-core (fails on "serious" or "critical" violations), and with
SERAMBI_SCREENSHOTS=DIR set a PNG named after the step and the width. A journey whose steps differ
between the two layouts is marked `each_width` and runs at both. Content-Security-Policy
violations fail every journey.
"""
import json
import os
from pathlib import Path

import pytest
from tests.conftest import service_missing

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        service_missing("Chromium", f"{CHROMIUM} is missing (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--no-first-run"]}


def pytest_generate_tests(metafunc):
    if "viewport" in metafunc.fixturenames:
        each_width = metafunc.definition.get_closest_marker("each_width")
        metafunc.parametrize("viewport", list(VIEWPORTS) if each_width else ["phone"])


@pytest.fixture
def site(request, page, live_server, viewport):
    """A page on the live site that records CSP violations; `site.check(step)` audits what is shown."""
    page.set_viewport_size(VIEWPORTS[viewport])
    page.set_default_timeout(10_000)
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    # A journey run at each width audits its own; one run on the phone audits the desktop width too.
    audited = [viewport] if request.node.get_closest_marker("each_width") else \
        [name for name in VIEWPORTS if name != viewport] + [viewport]  # ends at the journey's own width
    return Site(page, live_server, viewport, audited, violations)


class Site:
    def __init__(self, page, base_url, viewport, audited_viewports, csp_violations):
        self.page, self.base_url, self.viewport = page, base_url, viewport
        self.audited_viewports, self.csp_violations = audited_viewports, csp_violations

    def open(self, path: str, step: str):
        self.page.goto(self.base_url + path)
        self.check(step)

    def check(self, step: str) -> None:
        self.page.wait_for_load_state("load")
        assert self.csp_violations == [], self.csp_violations
        if not AXE.exists():
            pytest.fail(f"{AXE} is missing: run `make setup` (npm ci)")
        self.page.evaluate(AXE.read_text())  # through DevTools, so the site's CSP stays strict
        for name in self.audited_viewports:
            self.page.set_viewport_size(VIEWPORTS[name])
            self._audit(step, VIEWPORTS[name]["width"])

    def _audit(self, step: str, width: int) -> None:
        result = self.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                    "nodes": [node["target"] for node in v["nodes"]][:5]}
                   for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], f"axe on {step} at {width} px ({self.page.url}):\n{json.dumps(serious, indent=1)}"
        folder = os.environ.get("SERAMBI_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=f"{folder}/{step}-{width}.png", full_page=True)
