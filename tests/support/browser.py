"""Real headless Chromium for the tests that need a browser (Playwright).

Debian's `chromium` package is launched directly (`playwright install` cannot fetch a
browser here). Without it the browser tests skip, except in CI, where they fail.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"


def require(path_or_command: str, what: str) -> None:
    """Skip the test if a tool is missing, or fail it in CI where it must be there."""
    if Path(path_or_command).exists():
        return
    message = f"{what} is not installed ({path_or_command})"
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must install it (.ci/system-deps)")
    pytest.skip(message)


# Every test module that imports `browser` registers its own session fixture, but
# Playwright's sync API can run only once per thread: the modules share one
# browser, closed when the last of them is torn down.
_shared: dict = {"users": 0}


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium shared by the session's browser tests."""
    require(CHROMIUM, "Chromium")
    if not _shared["users"]:
        _start_browser()
    _shared["users"] += 1
    try:
        yield _shared["browser"]
    finally:
        _shared["users"] -= 1
        if not _shared["users"]:
            _stop_browser()


def _start_browser() -> None:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in the test thread for as
    # long as the browser is open (the rest of the session), and Django's ORM
    # refuses synchronous queries beside a running loop unless told otherwise.
    _shared["previous_env"] = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    _shared["playwright"] = sync_playwright().start()
    _shared["browser"] = _shared["playwright"].chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )


def _stop_browser() -> None:
    try:
        _shared.pop("browser").close()
    finally:
        _shared.pop("playwright").stop()
        previous = _shared.pop("previous_env")
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def run_axe(page) -> list[dict]:
    """Run axe-core's WCAG 2.2 A/AA rules (and the 2.0 and 2.1 ones they include)
    on the open page; return the violations.

    The page must come from a context with `bypass_csp=True`: the site's
    Content-Security-Policy rightly refuses the inline script that injects axe.
    """
    require(str(AXE_JS), "axe-core (npm ci)")
    page.add_script_tag(content=AXE_JS.read_text())
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: [
                'wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'
            ]}
        })"""
    )
    return result["violations"]
