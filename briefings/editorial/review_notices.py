"""What the page editor says about a briefing's review, where people work on it.

- An editor whose briefing came back sees the moderator's comment and name at
  the top of the edit page until they resubmit (Wagtail keeps it behind "View
  details", naming the editor instead).
- A moderator opening a briefing in review is offered the comparison that shows
  the change under review: the submitted revision against the live page, and
  against the revision they last reviewed. Autosave makes revisions of its own,
  so "the previous revision" is usually the same text.
- The review actions come first in the action menu, and after one the message
  says what happened, with the live page's address once published.
"""

from html import unescape

from django.contrib import messages as django_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, strip_tags
from django.utils.translation import gettext
from wagtail.admin import messages
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.models import TaskState, WorkflowState

from ..models import BriefingPage


def needs_changes_notice(request, state: WorkflowState) -> None:
    """The moderator's request for changes, as a warning on the edit page."""
    if state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return
    task_state = state.current_task_state
    if task_state is None or task_state.status != TaskState.STATUS_REJECTED:
        return
    who = task_state.finished_by
    name = (who.get_full_name() or who.get_username()) if who else "A moderator"
    when = format_date(timezone.localtime(task_state.finished_at), "j F Y, H:i")
    comment = task_state.get_comment().strip()
    said = f": “{comment}”" if comment else " (no comment given)"
    # A comment ending in its own full stop needs no other after the quote.
    stop = "" if comment.rstrip().endswith((".", "!", "?")) else "."
    messages.warning(
        request,
        f"Changes requested by {name} on {when}{said}{stop} Make the changes, then "
        "choose Resubmit in the menu at the bottom.",
    )


def reviewed_before(page, current: TaskState) -> TaskState | None:
    """The last finished review of `page` before `current`, if any."""
    return (
        TaskState.objects.filter(
            workflow_state__in=page.workflow_states,
            status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED],
        )
        .exclude(pk=current.pk)
        .order_by("-finished_at")
        .first()
    )


def compare_url(page, earlier: str, later: str) -> str:
    return reverse(
        "wagtailadmin_pages:revisions_compare", args=[page.pk, earlier, later]
    )


def review_notice(request, page, state: WorkflowState) -> None:
    """For a moderator: what is in review, and links comparing it."""
    if state.status != WorkflowState.STATUS_IN_PROGRESS:
        return
    task_state = state.current_task_state
    if task_state is None:
        return
    # The state's own task (`page.current_workflow_task` would read the state
    # again).
    task = task_state.task.specific
    if not task.get_actions(page, request.user):
        return
    submitted = task_state.revision_id
    buttons = []
    if page.live and page.live_revision_id != submitted:
        buttons.append(
            messages.button(
                compare_url(page, "live", str(submitted)),
                "Compare with the live page",
            )
        )
    earlier = reviewed_before(page, task_state)
    if earlier and earlier.revision_id not in (None, submitted):
        buttons.append(
            messages.button(
                compare_url(page, str(earlier.revision_id), str(submitted)),
                "Compare with the version last reviewed",
            )
        )
    who = state.requested_by
    name = (who.get_full_name() or who.get_username()) if who else "an editor"
    messages.info(
        request,
        format_html(
            "Submitted for review by {}. {}", name, review_buttons(page, task_state)
        ),
        buttons=buttons,
    )


def review_buttons(page, task_state: TaskState) -> str:
    """Approve and Request changes where the moderator starts reading, beside
    the same actions in the footer. Wagtail's workflow script binds every
    element with `data-workflow-action-name` on the edit page (a comment is
    asked in its modal), and these submit the edit form like the footer's."""
    comment_url = reverse(
        "wagtailadmin_pages:collect_workflow_action_data",
        args=[page.pk, "reject", task_state.pk],
    )
    return format_html(
        '<span class="buttons review-actions">'
        '<button type="submit" form="page-edit-form" class="button button-small" '
        'data-workflow-action-name="approve">{}</button> '
        '<button type="submit" form="page-edit-form" '
        'class="button button-small button-secondary" '
        'data-workflow-action-name="reject" data-workflow-action-modal-url="{}">'
        "Request changes…</button></span>",
        "Approve and publish",
        comment_url,
    )


def before_edit(request, page):
    """`before_edit_page` hook: the notices, on opening a briefing's edit page."""
    if request.method != "GET" or not isinstance(page.specific, BriefingPage):
        return
    # Read once for both notices: `current_workflow_state` queries each time.
    state = page.current_workflow_state
    if state is None:
        return
    needs_changes_notice(request, state)
    review_notice(request, page, state)


def review_actions_first(menu_items, request, context) -> None:
    """`construct_page_action_menu` hook: Approve (the default button), then
    Request changes, before Save draft, Publish and Cancel workflow."""
    review = [item for item in menu_items if isinstance(item, WorkflowMenuItem)]
    if not review:
        return

    def rank(item) -> int:
        if item.name == "approve" and not item.launch_modal:
            return 0
        return 1 if item.name == "reject" else 2

    review.sort(key=rank)
    others = [item for item in menu_items if item not in review]
    menu_items[:] = review + others


def after_review_action(request, page):
    """`after_edit_page` hook: say what a review action did, and where it is,
    in place of Wagtail's "Page '…' has been updated", which says neither."""
    if not request.POST.get("action-workflow-action"):
        return
    drop_updated_message(request, page)
    say_what_happened(request, page, request.POST.get("workflow-action-name"))


def drop_updated_message(request, page) -> None:
    # Django's message storage has no "remove": reading it empties it, and the
    # messages kept are added again.
    # Wagtail's own words (EditView.add_save_confirmation_message), in the
    # admin's language as Wagtail translated them.
    updated = gettext("Page '%(page_title)s' has been updated.") % {
        "page_title": page.get_admin_display_title()
    }
    kept = list(django_messages.get_messages(request))
    for message in kept:
        # Wagtail's messages are rendered HTML: compare their text.
        if unescape(strip_tags(str(message.message))).strip() != updated:
            django_messages.add_message(
                request, message.level, message.message, extra_tags=message.extra_tags
            )


def say_what_happened(request, page, action: str | None) -> None:
    """The message after a review action, from the edit page or the dashboard."""
    # Read again: the caller's copy was saved before the action published it.
    page = type(page).objects.get(pk=page.pk)
    title = page.get_admin_display_title()
    if action == "approve" and page.live and page.url:
        live = page.full_url or page.url
        messages.success(
            request,
            f"“{title}” is approved and published at {live}.",
            buttons=[messages.button(page.url, "View live", new_window=True)],
        )
    elif action == "approve":
        messages.success(request, f"“{title}” is approved.")
    elif action == "reject":
        messages.success(
            request,
            f"Changes requested on “{title}”: its editor sees your comment at "
            "the top of the page when they open it.",
        )
