"""Public pages outside Wagtail's page tree: theme and participant pages and
their exports, the sitemap and robots.txt (the feeds are routes of the briefings
index)."""

from django.urls import path, re_path
from wagtail.contrib.sitemaps.views import sitemap

from . import views
from .insights import views as insights
from .listing.read_model import CHALLENGE, PARTICIPANT
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
        views.term_export,
        {"kind": CHALLENGE},
        name="challenge_export",
    ),
    re_path(
        r"^participants/(?P<slug>[-\w]+)/export\.(?P<fmt>csv|json)$",
        views.term_export,
        {"kind": PARTICIPANT},
        name="participant_export",
    ),
    path("insights/", insights.site_insights, name="insights"),
    re_path(
        r"^insights/(?P<chart>[-a-z]+)\.csv$",
        insights.insights_csv,
        name="insights_csv",
    ),
    path(
        "challenges/<slug:slug>/insights/",
        insights.term_insights,
        {"kind": CHALLENGE},
        name="challenge_insights",
    ),
    re_path(
        r"^challenges/(?P<slug>[-\w]+)/insights/(?P<chart>[-a-z]+)\.csv$",
        insights.insights_csv,
        {"kind": CHALLENGE},
        name="challenge_insights_csv",
    ),
    path(
        "participants/<slug:slug>/insights/",
        insights.term_insights,
        {"kind": PARTICIPANT},
        name="participant_insights",
    ),
    re_path(
        r"^participants/(?P<slug>[-\w]+)/insights/(?P<chart>[-a-z]+)\.csv$",
        insights.insights_csv,
        {"kind": PARTICIPANT},
        name="participant_insights_csv",
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
