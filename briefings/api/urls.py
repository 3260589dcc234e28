"""/api/v1/: the endpoints, the OpenAPI schema and its browsable docs."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"

urlpatterns = [
    path("briefings/", views.BriefingList.as_view(), name="briefings"),
    # Any text as the slug, so that a malformed one gets the API's JSON 404.
    path("briefings/<str:slug>/", views.BriefingDetail.as_view(), name="briefing"),
    path("challenges/", views.ChallengeList.as_view(), name="challenges"),
    path("participants/", views.ParticipantList.as_view(), name="participants"),
    path("sources/", views.SourceList.as_view(), name="sources"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The docs' script is a file of its own (the split view): the site's CSP
    # allows no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema"),
        name="docs",
    ),
    # Anything else under /api/v1/ is answered in the API's terms.
    re_path(r"", views.NoSuchEndpoint.as_view(), name="not_found"),
]
