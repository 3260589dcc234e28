"""The test database beyond pytest-django's: data a module's tests share, and
putting back what the migrations made after a test that really commits (a live
server's) ends by emptying the database."""

from collections.abc import Callable
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import transaction

from briefings.importing.writer import tree_root


def restore_migrated_data() -> None:
    """Wagtail's root page, locale and root collection, and the Editors and
    Moderators groups with their permissions (the briefings app's migration),
    if the database lost them; then the seed content."""
    tree_root()
    groups = import_module("briefings.migrations.0002_editor_and_moderator_groups")
    groups.create_groups(django_apps, None)
    call_command("load_fixtures", verbosity=0)


def module_data(build: Callable[[], object]):
    """A module-scoped fixture: `build()`'s data, made once for the module's
    tests, in a transaction rolled back after the last of them. Each test's
    own transaction (`db`) is a savepoint inside it, so what a test changes is
    gone for the next, as with data a test makes itself. Tests ask for it
    beside `db`; not for a module whose tests commit (a live server's)."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            yield build()
            transaction.set_rollback(True)

    fixture.__doc__ = build.__doc__
    return fixture
