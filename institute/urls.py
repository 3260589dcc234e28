"""The site's URLs: the admin, then Wagtail's page tree for everything else."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from briefings.urls import site_urlpatterns

from . import health, page_password, views

# A database that is down gives a 503 page rather than a 500 (institute.views).
handler500 = "institute.views.server_error"

urlpatterns = [
    # Feed readers, crawlers and old browsers ask for /favicon.ico whatever the
    # pages' <link rel="icon"> says.
    path(
        "favicon.ico",
        views.favicon,
        name="favicon",
    ),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("briefings.api.urls")),
    path("", include("subscriptions.urls")),
    path("", include("briefings.urls")),
    *site_urlpatterns,
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's page password form (wagtail/urls.py: same path and name), with
    # repeated wrong passwords refused.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        page_password.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    # Anything not matched above is a page in Wagtail's tree.
    path("", include(wagtail_urls)),
]
