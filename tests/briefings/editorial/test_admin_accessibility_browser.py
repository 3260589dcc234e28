"""The admin pages this site adds, in headless Chromium: axe-core finds no WCAG
2.2 A/AA violations. Wagtail's own page editor is not among them: axe finds
one violation there that is Wagtail's (aria-input-field-name on the rich-text
editor's placeholder), not this site's."""

import pytest

from briefings.models import Participant
from tests.support.admin_browser import log_in
from tests.support.browser import run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_sites_admin_pages_are_accessible(chromium, live_server, staff):
    lacroix = Participant.objects.get(slug="jean-pierre-lacroix")
    pages = {
        "dashboard": "/admin/",
        "editors' guide": "/admin/briefings/guide/",
        "import upload": "/admin/briefings/import/",
        "suspected duplicates": "/admin/briefings/duplicates/",
        "flag a duplicate": (
            f"/admin/briefings/duplicates/flag/participant/{lacroix.pk}/"
        ),
        "participants": "/admin/snippets/briefings/participant/",
        "merge": f"/admin/snippets/briefings/participant/merge/{lacroix.pk}/",
    }
    # axe-core is injected as an inline script, which the admin's CSP refuses.
    context = chromium.new_context(bypass_csp=True)
    page = log_in(context, live_server.url, "moderator")
    try:
        for name, path in pages.items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, name
            violations = run_axe(page)
            assert violations == [], f"{name}: " + "; ".join(
                f"{v['id']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
                for v in violations
            )
    finally:
        context.close()
