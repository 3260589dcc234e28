"""Public pages outside Wagtail's page tree: theme and participant pages, the
sitemap and robots.txt (the feeds are routes of the briefings index)."""

from django.urls import path
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
]

# Site-wide addresses crawlers expect at the root, outside the app's namespace.
site_urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
