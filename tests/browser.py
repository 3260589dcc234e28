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
AXE_JS = Path(__file__).resolve().parent.parent / "node_modules/axe-core/axe.min.js"


def require(path_or_command: str, what: str) -> None:
    """Skip the test if a tool is missing, or fail it in CI where it must be there."""
    if Path(path_or_command).exists():
        return
    message = f"{what} is not installed ({path_or_command})"
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must install it (.ci/system-deps)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium shared by the session's browser tests."""
    require(CHROMIUM, "Chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in the test thread for as
    # long as the browser is open (the rest of the session), and Django's ORM
    # refuses synchronous queries beside a running loop unless told otherwise.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def run_axe(page) -> list[dict]:
    """Run axe-core's WCAG 2.1 A/AA rules on the open page; return the violations."""
    require(str(AXE_JS), "axe-core (npm ci)")
    page.add_script_tag(content=AXE_JS.read_text())
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return result["violations"]
