"""The admin's view of subscriptions: counts for every editor; the addresses
only for those given "Can see the email addresses of subscribers"."""

from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .followed import Followed, TermGone
from .models import Digest, Frequency, Subscriber, Subscription

ADDRESS_PERMISSION = "subscriptions.view_subscriber_addresses"
TOP_LISTINGS = 20


def report(request):
    active = Subscription.objects.filter(
        confirmed_at__isnull=False, ended_at__isnull=True
    )
    by_frequency = dict(
        active.values_list("frequency").annotate(n=Count("pk")).order_by()
    )
    top = []
    for row in (
        active.values("key")
        .annotate(n=Count("pk"))
        .order_by("-n", "key")[:TOP_LISTINGS]
    ):
        sample = active.filter(key=row["key"]).first()
        try:
            described = Followed.of(sample).describe()
        except TermGone:
            described = "(a removed term)"
        top.append({"described": described, "n": row["n"]})
    digests = Digest.objects.aggregate(
        sent=Count("pk", filter=Q(status=Digest.Status.SENT)),
        waiting=Count("pk", filter=Q(status=Digest.Status.PENDING)),
        failed=Count("pk", filter=Q(status=Digest.Status.FAILED)),
        uncertain=Count("pk", filter=Q(status=Digest.Status.UNCERTAIN)),
    )
    can_see = request.user.has_perm(ADDRESS_PERMISSION)
    return TemplateResponse(
        request,
        "subscriptions/admin/report.html",
        {
            "subscribers": Subscriber.objects.filter(subscriptions__in=active)
            .distinct()
            .count(),
            "unconfirmed": Subscription.objects.filter(
                confirmed_at__isnull=True
            ).count(),
            "bounced": Subscriber.objects.filter(bounced_at__isnull=False).count(),
            "frequencies": [
                (label, by_frequency.get(value, 0))
                for value, label in Frequency.choices
            ],
            "top": top,
            "digests": digests,
            "can_see_addresses": can_see,
            "addresses": (
                Subscriber.objects.annotate(
                    active=Count("subscriptions", filter=Q(subscriptions__in=active))
                ).order_by("email_key")[:500]
                if can_see
                else None
            ),
        },
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("subscriptions/", report, name="subscriptions_report")]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return MenuItem(
        "Email subscriptions",
        reverse("subscriptions_report"),
        icon_name="mail",
        order=900,
    )
