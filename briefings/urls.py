"""Public pages outside Wagtail's page tree: theme and participant pages and
their exports, the sitemap and robots.txt (the feeds are routes of the briefings
index)."""

from django.urls import path, re_path
from wagtail.contrib.sitemaps.views import sitemap

from . import views
from .sitemaps import SITEMAPS

app_name = "briefings"

urlpatterns = [
    path("challenges/", views.challenge_list, name="challenge_list"),
    path("challenges/<slug:slug>/", views.challenge_detail, name="challenge_detail"),
    path("participants/", views.participant_list, name="participant_list"),
    path(
        "participants/<slug:slug>/",
        views.participant_detail,
        name="participant_detail",
    ),
    re_path(
        r"^challenges/(?P<slug>[-\w]+)/export\.(?P<fmt>csv|json)$",
        views.challenge_export,
        name="challenge_export",
    ),
    re_path(
        r"^participants/(?P<slug>[-\w]+)/export\.(?P<fmt>csv|json)$",
        views.participant_export,
        name="participant_export",
    ),
    re_path(
        r"^(?P<index_path>(?:[-\w]+/)+)export\.(?P<fmt>csv|json)$",
        views.listing_export,
        name="listing_export",
    ),
]

# Site-wide addresses crawlers expect at the root, outside the app's namespace.
site_urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
