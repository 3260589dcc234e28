"""The reader's pages: follow a listing, confirm, unsubscribe, and manage
one's subscriptions from a signed link (no account).

None of them is kept by a cache (`never_cache`): each is one reader's.
"""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from briefings.listing import terms as listed_terms
from briefings.listing.build import Scope, listing_filterset
from briefings.listing.read_model import CHALLENGE
from briefings.models import BriefingIndexPage
from institute.client_ip import client_ip

from . import ratelimit, signup, tokens
from .followed import Followed, TermGone
from .forms import FollowForm, FrequencyForm
from .models import Frequency, Subscriber, Subscription

TEMPLATES = "subscriptions/"
# A listing with more terms than this is not offered to follow (its stored
# form stays small, and no real reader follows forty themes at once).
MAX_TERMS = 30


def scope_of(*, kind=None, slug=None, index_path=None) -> Scope | None:
    if kind is not None:
        term = listed_terms.public_term(kind, slug)
        if term is None:
            raise Http404(
                "No such challenge." if kind == CHALLENGE else "No such participant."
            )
        return Scope(kind, term.term_id)
    index = BriefingIndexPage.objects.live().first()
    if index is None or index.url != f"/{index_path}":
        raise Http404("No such listing.")
    return None


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def follow(request, kind=None, slug=None, index_path=None):
    """<listing>follow/?<its filters>: follow that listing by email."""
    scope = scope_of(kind=kind, slug=slug, index_path=index_path)
    filterset = listing_filterset(filters=request.GET, scope=scope)
    followed = Followed.from_filterset(filterset, scope=scope)
    if len(followed.term_refs()) > MAX_TERMS:
        return render(
            request,
            TEMPLATES + "too_broad.html",
            {"max_terms": MAX_TERMS, "listing_path": request.path[: -len("follow/")]},
            status=400,
        )
    terms = followed.listed_terms()
    context = {
        "described": followed.describe(terms),
        "listing_path": followed.listing_path(terms),
        "left_out": [
            str(m) for messages in filterset.errors.values() for m in messages
        ],
    }
    form = FollowForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        limit, period = ratelimit.PER_CLIENT
        if not ratelimit.allow(
            f"client:{client_ip(request)}", limit=limit, period=period
        ):
            return render(request, TEMPLATES + "too_many.html", context, status=429)
        sent = signup.request_subscription(
            email=form.cleaned_data["email"],
            followed=followed,
            frequency=form.cleaned_data["frequency"],
        )
        context |= {"email": form.cleaned_data["email"], "sent": sent}
        return render(request, TEMPLATES + "check_inbox.html", context)
    status = 400 if form.is_bound else 200
    return render(
        request, TEMPLATES + "follow.html", context | {"form": form}, status=status
    )


def bad_link(request, *, expired=False, listing_path=None):
    return render(
        request,
        TEMPLATES + "bad_link.html",
        {"expired": expired, "listing_path": listing_path},
        status=400,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The confirmation link: a button, so that a mail scanner following the
    link does not subscribe anyone."""
    try:
        pk, frequency = tokens.read_confirm_token(token)
    except tokens.BadLink as error:
        return bad_link(request, expired=str(error) == "expired")
    subscription = (
        Subscription.objects.select_related("subscriber").filter(pk=pk).first()
    )
    if subscription is None or frequency not in Frequency.values:
        return bad_link(request)
    try:
        described = Followed.of(subscription).describe()
    except TermGone:
        return bad_link(request)
    context = {
        "described": described,
        "frequency": Frequency(frequency).label,
        "manage_path": tokens.manage_path(subscription.subscriber),
    }
    if request.method == "POST":
        signup.confirm(subscription, frequency)
        return render(request, TEMPLATES + "confirmed.html", context)
    return render(request, TEMPLATES + "confirm.html", context)


# RFC 8058: mail clients POST here with no cookie, so no CSRF token can be asked
# for; the signed link is what authorises it, and it can only stop mail.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        pk = tokens.read_token(token, salt=tokens.UNSUBSCRIBE_SALT)
    except tokens.BadLink:
        return bad_link(request)
    subscription = (
        Subscription.objects.select_related("subscriber").filter(pk=pk).first()
    )
    if subscription is None:
        # Its reader deleted their data: there is nothing left to stop.
        return render(request, TEMPLATES + "unsubscribed.html", {"gone": True})
    followed = Followed.of(subscription)
    try:
        terms = followed.listed_terms()
        described = followed.describe(terms)
        listing_path = followed.listing_path(terms)
        follow_path = followed.listing_path(terms, then="follow/")
    except TermGone:
        described = "a listing that no longer exists"
        listing_path = follow_path = None
    context = {
        "described": described,
        "listing_path": listing_path,
        "follow_path": follow_path,
        "manage_path": tokens.manage_path(subscription.subscriber),
    }
    if request.method == "POST":
        if subscription.ended_at is None:
            subscription.stop("Unsubscribed")
        return render(request, TEMPLATES + "unsubscribed.html", context)
    if subscription.ended_at is not None:
        return render(request, TEMPLATES + "unsubscribed.html", context)
    return render(request, TEMPLATES + "unsubscribe.html", context)


def subscriber_of(token) -> Subscriber | None:
    pk = tokens.read_token(token, salt=tokens.MANAGE_SALT)
    return Subscriber.objects.filter(pk=pk).first()


def rows_of(subscriber: Subscriber) -> list[dict]:
    rows = []
    for subscription in subscriber.subscriptions.order_by("-created_at"):
        followed = Followed.of(subscription)
        try:
            terms = followed.listed_terms()
            described = followed.describe(terms)
            listing_path = followed.listing_path(terms)
        except TermGone:
            described, listing_path = "A listing that no longer exists", None
        if subscription.active:
            state = "Active"
        elif subscription.confirmed_at is None:
            state = "Waiting for confirmation"
        else:
            state = f"Ended ({subscription.ended_reason or 'unsubscribed'})"
        rows.append(
            {
                "subscription": subscription,
                "described": described,
                "listing_path": listing_path,
                "state": state,
                "unsubscribe_path": tokens.unsubscribe_path(subscription),
            }
        )
    return rows


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """Every subscription of one address: change how often, stop one, stop
    all, download or delete what is kept."""
    try:
        subscriber = subscriber_of(token)
    except tokens.BadLink:
        return bad_link(request)
    if subscriber is None:
        return render(request, TEMPLATES + "deleted.html", status=404)
    message = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "delete":
            if request.POST.get("sure") != "yes":
                message = "Tick the box to confirm that everything should be deleted."
            else:
                subscriber.delete()
                return render(request, TEMPLATES + "deleted.html")
        elif action == "stop-all":
            subscriber.subscriptions.filter(ended_at__isnull=True).update(
                ended_at=timezone.now(), ended_reason="Unsubscribed"
            )
            message = "You no longer follow any listing."
        elif action == "frequency":
            form = FrequencyForm(request.POST)
            found = (
                subscriber.subscriptions.filter(
                    pk=form.cleaned_data["subscription"]
                ).first()
                if form.is_valid()
                else None
            )
            if found is None:
                return bad_link(request)
            found.frequency = form.cleaned_data["frequency"]
            found.save(update_fields=["frequency"])
            message = f"Saved: {found.get_frequency_display().lower()}."
        else:
            return bad_link(request)
    return render(
        request,
        TEMPLATES + "manage.html",
        {
            "subscriber": subscriber,
            "rows": rows_of(subscriber),
            "frequencies": Frequency.choices,
            "message": message,
            "data_path": request.path + "data.json",
        },
    )


@never_cache
def manage_data(request, token):
    """Everything kept about the address, as JSON."""
    try:
        subscriber = subscriber_of(token)
    except tokens.BadLink:
        return bad_link(request)
    if subscriber is None:
        raise Http404("Nothing is kept for this link.")
    data = {
        "email": subscriber.email,
        "created_at": subscriber.created_at.isoformat(),
        "bounced_at": subscriber.bounced_at.isoformat()
        if subscriber.bounced_at
        else None,
        "subscriptions": [
            {
                "follows": row["described"],
                "listing": row["listing_path"],
                "frequency": row["subscription"].frequency,
                "state": row["state"],
                "created_at": row["subscription"].created_at.isoformat(),
                "confirmed_at": _iso(row["subscription"].confirmed_at),
                "ended_at": _iso(row["subscription"].ended_at),
                "sent": [
                    {
                        "briefing": delivery.title,
                        "sent_at": _iso(delivery.digest.sent_at),
                    }
                    for delivery in row["subscription"].deliveries.select_related(
                        "digest"
                    )
                ],
            }
            for row in rows_of(subscriber)
        ],
    }
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-subscriptions.json"'
    return response


def _iso(value):
    return value.isoformat() if value else None
