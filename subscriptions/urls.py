"""Following a listing: `follow/` beside every listing (as `export.csv` is), and
the signed links the mails carry."""

from django.urls import path, re_path

from briefings.listing.read_model import CHALLENGE, PARTICIPANT

from . import views

app_name = "subscriptions"

urlpatterns = [
    path(
        "challenges/<slug:slug>/follow/",
        views.follow,
        {"kind": CHALLENGE},
        name="follow_challenge",
    ),
    path(
        "participants/<slug:slug>/follow/",
        views.follow,
        {"kind": PARTICIPANT},
        name="follow_participant",
    ),
    path("subscriptions/confirm/<str:token>/", views.confirm, name="confirm"),
    path(
        "subscriptions/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="unsubscribe",
    ),
    path("subscriptions/manage/<str:token>/", views.manage, name="manage"),
    path(
        "subscriptions/manage/<str:token>/data.json",
        views.manage_data,
        name="manage_data",
    ),
    # The briefings index's own listing, wherever it is in the page tree.
    re_path(r"^(?P<index_path>(?:[-\w]+/)+)follow/$", views.follow, name="follow"),
]
