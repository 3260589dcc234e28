"""The test database beyond pytest-django's: data a module's tests share, and
putting back what the migrations made after a test that really commits (a live
server's) ends by emptying the database."""

import sqlite3
from collections.abc import Callable
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection, transaction

from briefings.importing.writer import tree_root


class SeededCopy:
    """On SQLite, a copy of the test database as migrated and seeded, taken
    with SQLite's own backup API: putting it back after a test that committed
    takes milliseconds, where loading the seed again took seconds (a browser
    test's teardown). PostgreSQL loads the seed again (`restore_migrated_data`)."""

    def __init__(self):
        self.copy = None
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            self.copy = sqlite3.connect(":memory:")
            connection.connection.backup(self.copy)

    def put_back(self) -> None:
        """The database as it was when the copy was taken."""
        if self.copy is None:
            restore_migrated_data()
            # Closed, not left for the session's end: the connection opened
            # here was seen to belong to another connection object than the
            # one the session closes at its end, and stayed open, so that
            # PostgreSQL refused to drop the test database ("being accessed
            # by other users").
            connection.close()
            return
        connection.ensure_connection()
        self.copy.backup(connection.connection)


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
    own transaction (the module's `pytest.mark.django_db`) is a savepoint
    inside it, so what a test changes is gone for the next, as with data a
    test makes itself. Not for a module whose tests commit (a live server's)."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        # The database is blocked again between build and rollback: a test
        # without the mark fails, rather than changing what the next one reads.
        atomic = transaction.atomic()
        with django_db_blocker.unblock():
            atomic.__enter__()
            data = build()
        try:
            yield data
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)

    fixture.__doc__ = build.__doc__
    return fixture
