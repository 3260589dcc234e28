"""Putting back what the migrations made, after a test that really commits
(a live server's) ends by emptying the database."""

from importlib import import_module

from django.apps import apps as django_apps
from django.core.management import call_command

from briefings.importing.writer import tree_root


def restore_migrated_data() -> None:
    """Wagtail's root page, locale and root collection, and the Editors and
    Moderators groups with their permissions (the briefings app's migration),
    if the database lost them; then the seed content."""
    tree_root()
    groups = import_module("briefings.migrations.0002_editor_and_moderator_groups")
    groups.create_groups(django_apps, None)
    call_command("load_fixtures", verbosity=0)
