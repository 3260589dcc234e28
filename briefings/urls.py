"""Public pages outside Wagtail's page tree: theme and participant pages."""

from django.urls import path

from . import views

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
