"""Request middleware of the briefings app (listed in settings.MIDDLEWARE)."""

from django.db import transaction
from django.urls import Resolver404, resolve
from wagtail.models import Page, TaskState

from .review_notices import say_what_happened


def admin_post_to(request, view_name: str):
    """The URL match of `request` if it is a POST to the admin view `view_name`."""
    if request.method != "POST" or not request.path_info.startswith("/admin/"):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match if match.view_name == view_name else None


class SerialisePageSavesMiddleware:
    """Let one save of a given page through the page editor at a time.

    Wagtail's editor autosaves while an editor types. An autosave still running
    when they press Submit or Publish means two requests rewrite the same page's
    participant rows at once (delete, then insert); on PostgreSQL the second insert
    then breaks `unique_participant_per_briefing` and the editor gets an error page.
    A row lock on the page, held for the request, makes the second save wait for
    the first and then see its rows.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        page_id = self._edited_page_id(request)
        if page_id is None:
            return self.get_response(request)
        with transaction.atomic():
            list(Page.objects.select_for_update().filter(pk=page_id).values("pk"))
            return self.get_response(request)

    @staticmethod
    def _edited_page_id(request) -> int | None:
        match = admin_post_to(request, "wagtailadmin_pages:edit")
        return match.kwargs.get("page_id") if match else None


class ReviewActionMessageMiddleware:
    """Say what a review action taken from the dashboard did.

    The dashboard's Approve and Request changes go to Wagtail's workflow action
    view, which redirects back with no message at all; the edit page's do get
    one (`review_notices.after_review_action`). This adds the same message
    once the action has been carried out (its task is no longer in progress).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = admin_post_to(request, "wagtailadmin_pages:workflow_action")
        if match is None or response.status_code >= 400:
            return response
        task_state = (
            TaskState.objects.filter(pk=match.kwargs.get("task_state_id"))
            .select_related("workflow_state")
            .first()
        )
        if task_state is None or task_state.status == TaskState.STATUS_IN_PROGRESS:
            return response
        page = Page.objects.filter(pk=match.kwargs.get("page_id")).first()
        if page is not None:
            say_what_happened(request, page.specific, match.kwargs.get("action_name"))
        return response
