"""The admin in headless Chromium: staff who log in with a password, a logged-in
page, and screenshots to look at (`SCREENSHOT_DIR`)."""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from briefings.models import BriefingPage

PASSWORD = "a-long-test-password-7"


@pytest.fixture
def staff(live_server):
    """An editor and a moderator, in the migrated groups, who log in for real."""
    people = {}
    for username, group in [("editor", "Editors"), ("moderator", "Moderators")]:
        user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
        user.groups.add(Group.objects.get(name=group))
        people[username] = user
    return people


@pytest.fixture
def shots(tmp_path):
    """Where screenshots go: $SCREENSHOT_DIR if set (to look at them), else tmp."""
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return lambda page, name: page.screenshot(
        path=str(folder / f"{name}.png"), full_page=True
    )


def log_in(context, base: str, username: str):
    """A new page of `context`, logged in to the admin as `username`."""
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))
    return page


def start_briefing(page, base: str, *, title: str, date: str, summary: str) -> None:
    """Open the editor of a new briefing under the seed index and fill the
    Content tab's title, date and summary."""
    index = BriefingPage.objects.first().get_parent()
    page.goto(f"{base}/admin/pages/add/briefings/briefingpage/{index.pk}/")
    page.fill("#id_title", title)
    page.fill("#id_date", date)
    page.keyboard.press("Escape")  # the date picker
    page.fill("#id_summary", summary)
