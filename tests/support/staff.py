"""Staff users for admin tests: an editor and a moderator in the migrated groups."""

from django.contrib.auth.models import Group, User
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from briefings.models import BriefingPage


def make_staff(group: str, username: str | None = None) -> User:
    """A user in the "Editors" or "Moderators" group."""
    user = User.objects.create_user(username or group.lower(), password="x")
    user.groups.add(Group.objects.get(name=group))
    return user


def briefing_form_data(
    *, challenges=(), participants=(), source=None, **fields
) -> dict:
    """POST data for the briefing editor; `participants` is (participant, role)."""
    values = {
        "title": "A briefing",
        "slug": "a-briefing",
        "date": "2024-05-06",
        "date_precision": "day",
        "date_note": "",
        "summary": "What happened.",
        "body": streamfield([("paragraph", rich_text("<p>The text.</p>"))]),
        "participant_links": inline_formset(
            [{"participant": person.pk, "role": role} for person, role in participants]
        ),
        "source": source.pk if source else "",
        "source_url": "",
        "seo_title": "",
        "search_description": "",
        "comments": inline_formset([]),
    }
    values.update(fields)
    data = nested_form_data(values)
    data["challenges"] = [challenge.pk for challenge in challenges]
    return data


def add_url(index) -> str:
    return f"/admin/pages/add/briefings/briefingpage/{index.pk}/"


def edit_url(page: BriefingPage) -> str:
    return f"/admin/pages/{page.pk}/edit/"
