"""What every briefing must satisfy, whether typed in the editor
(`models/page_form.py`) or read from an article file
(`importing/article_format.py`): one definition of each rule."""

import datetime

from django.utils import timezone

TITLE_MAX_LENGTH = 255  # Wagtail's Page.title
SUMMARY_MAX_LENGTH = 600  # BriefingPage.summary
DATE_NOTE_MAX_LENGTH = 500  # BriefingPage.date_note
SOURCE_URL_MAX_LENGTH = 500  # BriefingPage.source_url
# A briefing reports on something that happened or is announced; a date further
# ahead than this is almost always a typing slip (2071 for 2017).
MAX_DAYS_AHEAD = 366
SOURCE_URL_SCHEMES = ("http://", "https://")


def latest_allowed_date() -> datetime.date:
    """The latest date a briefing may carry."""
    return timezone.localdate() + datetime.timedelta(days=MAX_DAYS_AHEAD)


def date_problem(date: datetime.date) -> str | None:
    """Why `date` is refused, or None."""
    latest = latest_allowed_date()
    if date > latest:
        return (
            f"The date is more than a year from now; the latest allowed is "
            f"{latest:%d %B %Y}. Check the year."
        )
    return None


def source_url_problem(url: str) -> str | None:
    """Why `url` is refused as a briefing's source URL, or None."""
    if url and not url.lower().startswith(SOURCE_URL_SCHEMES):
        return "Enter a web address starting with http:// or https://."
    return None


# The editor's buttons that send a briefing to review (Submit, Resubmit, Restart):
# a draft may stay incomplete, a briefing in review may not.
REVIEW_ACTIONS = ("action-submit", "action-restart-workflow")


def is_sent_to_review(data) -> bool:
    """Whether the editor's form data `data` asks for review."""
    return any(data.get(action) for action in REVIEW_ACTIONS)
