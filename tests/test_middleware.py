"""Saves of one page through the editor are made one at a time."""

from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from briefings.middleware import SerialisePageSavesMiddleware


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
