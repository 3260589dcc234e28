"""Saves of one page through the editor are made one at a time."""

import pytest
from django.db import OperationalError, connection, connections
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.models import Page

from briefings.editorial.middleware import SerialisePageSavesMiddleware


def seen_in_transaction(method: str, path: str) -> bool:
    """Whether the view ran inside a transaction of the middleware's own."""
    seen = {}
    outside = len(connection.atomic_blocks)

    def view(request):
        seen["depth"] = len(connection.atomic_blocks)
        return HttpResponse()

    request = getattr(RequestFactory(), method)(path)
    SerialisePageSavesMiddleware(view)(request)
    return seen["depth"] > outside


def test_saving_a_page_in_the_editor_runs_under_a_lock(db):
    assert seen_in_transaction("post", "/admin/pages/3/edit/")


def test_other_requests_are_left_alone(db):
    assert not seen_in_transaction("get", "/admin/pages/3/edit/")
    assert not seen_in_transaction("post", "/admin/pages/3/edit/preview/")
    assert not seen_in_transaction("post", "/admin/login/")
    assert not seen_in_transaction("post", "/no/such/page/")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite locks the whole database"
)
def test_a_second_save_of_the_page_waits_while_the_first_runs(db):
    """While the editor's save runs, another connection cannot take the page's
    row: a second save (an autosave, a Publish) would wait for it."""
    page = Page.objects.get(depth=2)
    other = connections.create_connection("default")
    outcome = {}

    def view(request):
        with other.cursor() as cursor:
            try:
                cursor.execute(
                    f"SELECT id FROM {Page._meta.db_table} WHERE id = %s "
                    "FOR UPDATE NOWAIT",
                    [page.pk],
                )
                outcome["locked"] = False
            except OperationalError:
                outcome["locked"] = True
        return HttpResponse()

    try:
        request = RequestFactory().post(f"/admin/pages/{page.pk}/edit/")
        SerialisePageSavesMiddleware(view)(request)
    finally:
        other.close()
    assert outcome == {"locked": True}
