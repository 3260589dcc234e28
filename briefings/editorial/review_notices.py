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

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from wagtail.admin import messages
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.models import TaskState, WorkflowState

from ..models import BriefingPage


def needs_changes_notice(request, page) -> None:
    """The moderator's request for changes, as a warning on the edit page."""
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return
    task_state = state.current_task_state
    if task_state is None or task_state.status != TaskState.STATUS_REJECTED:
        return
    who = task_state.finished_by
    name = (who.get_full_name() or who.get_username()) if who else "A moderator"
    when = format_date(timezone.localtime(task_state.finished_at), "j F Y, H:i")
    comment = task_state.get_comment().strip()
    said = f": “{comment}”" if comment else " (no comment given)"
    messages.warning(
        request,
        f"Changes requested by {name} on {when}{said}. Make the changes, then "
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
        .select_related("revision")
        .order_by("-finished_at")
        .first()
    )


def compare_url(page, earlier: str, later: str) -> str:
    return reverse(
        "wagtailadmin_pages:revisions_compare", args=[page.pk, earlier, later]
    )


def review_notice(request, page) -> None:
    """For a moderator: what is in review, and links comparing it."""
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        return
    task_state = state.current_task_state
    task = page.current_workflow_task
    if task_state is None or task is None:
        return
    if not task.get_actions(page, request.user):
        return
    submitted = task_state.revision
    buttons = []
    if page.live and page.live_revision_id != submitted.pk:
        buttons.append(
            messages.button(
                compare_url(page, "live", str(submitted.pk)),
                "Compare with the live page",
            )
        )
    earlier = reviewed_before(page, task_state)
    if earlier and earlier.revision_id not in (None, submitted.pk):
        buttons.append(
            messages.button(
                compare_url(page, str(earlier.revision_id), str(submitted.pk)),
                "Compare with the version last reviewed",
            )
        )
    who = state.requested_by
    name = (who.get_full_name() or who.get_username()) if who else "an editor"
    messages.info(
        request,
        f"Submitted for review by {name}. Approve it or request changes with "
        "the button at the bottom.",
        buttons=buttons,
    )


def before_edit(request, page):
    """`before_edit_page` hook: the notices, on opening a briefing's edit page."""
    if request.method != "GET" or not isinstance(page.specific, BriefingPage):
        return
    needs_changes_notice(request, page)
    review_notice(request, page)


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
    """`after_edit_page` hook: say what a review action did, and where it is."""
    if not request.POST.get("action-workflow-action"):
        return
    action = request.POST.get("workflow-action-name")
    # Read again: the view's copy was saved before the action published it.
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
