"""Who may do what in the briefings section, and the review a submission goes through.

Called by `importing.writer.ensure_site_structure` (so by `load_fixtures`) once the
briefings index exists; running it again changes nothing.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from ..models import BriefingIndexPage

EDITORS = "Editors"
MODERATORS = "Moderators"
WORKFLOW_NAME = "Briefing review"
TASK_NAME = "Moderator approval"

# Editors write and submit; only moderators publish, unpublish and approve.
SECTION_PERMISSIONS = {
    EDITORS: ["add_page", "change_page", "lock_page"],
    MODERATORS: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "bulk_delete_page",
    ],
}


def ensure_editorial_setup(section: Page) -> Workflow:
    """Grant the groups their permissions on `section` and attach the workflow."""
    groups = {}
    for name, codenames in SECTION_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        permissions = Permission.objects.filter(
            content_type__app_label="wagtailcore",
            content_type__model="page",
            codename__in=codenames,
        )
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=section, permission=permission
            )
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(groups[MODERATORS])
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=section, defaults={"workflow": workflow})
    return workflow


def can_moderate(user) -> bool:
    """Whether `user` may publish briefings: a moderator (or an administrator)."""
    index = BriefingIndexPage.objects.first()
    return index is not None and index.permissions_for_user(user).can_publish_subpage()
