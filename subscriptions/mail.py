"""The mails readers get: the confirmation of a new subscription, a digest of
new briefings and a notice that a subscription ended. Each has a plain text and
an HTML part; digests and notices carry a one-click unsubscribe (RFC 8058)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from briefings.listing import cards
from briefings.listing.read_model import ListedBriefing
from institute.site_address import absolute

from . import tokens
from .followed import Followed
from .models import Digest, Frequency, Subscription

# How many briefings a digest lists; more are counted, with a link to them all.
DIGEST_LIMIT = 30
# Why the reader gets this mail, by frequency (the digest's footer).
CADENCE = {
    Frequency.AS_PUBLISHED: "an email as each briefing is published",
    Frequency.DAILY: "a digest once a day, when there is something new",
    Frequency.WEEKLY: "a digest once a week, when there is something new",
}


def _message(*, to: str, subject: str, template: str, context: dict, headers=None):
    text = render_to_string(f"subscriptions/mail/{template}.txt", context)
    html = render_to_string(f"subscriptions/mail/{template}.html", context)
    message = EmailMultiAlternatives(
        # One line, whatever a title holds (a header cannot take a newline).
        subject=" ".join(subject.split())[:180],
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    return message


def unsubscribe_headers(subscription: Subscription) -> dict:
    """RFC 8058: a mail client may POST to the link, with no cookie, to stop."""
    return {
        "List-Unsubscribe": f"<{absolute(tokens.unsubscribe_path(subscription))}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def confirmation(subscription: Subscription, frequency: str):
    """The only mail an unconfirmed address ever gets."""
    followed = Followed.of(subscription)
    terms = followed.listed_terms()
    return _message(
        to=subscription.subscriber.email,
        subject="Confirm that you want to follow these briefings",
        template="confirm",
        context={
            "described": followed.describe(terms),
            "listing_url": followed.listing_url(terms),
            "frequency": Frequency(frequency).label,
            "confirm_url": absolute(tokens.confirm_path(subscription, frequency)),
            "max_days": tokens.CONFIRM_MAX_AGE // 86400,
        },
    )


def digest_message(digest: Digest):
    """The mail for a digest; None when none of its briefings is still
    published."""
    subscription = digest.subscription
    common = {
        "unsubscribe_url": absolute(tokens.unsubscribe_path(subscription)),
        "manage_url": absolute(tokens.manage_path(subscription.subscriber)),
    }
    headers = unsubscribe_headers(subscription)
    if digest.notice:
        return _message(
            to=subscription.subscriber.email,
            subject="A subscription of yours has ended",
            template="notice",
            context={"notice": digest.notice, **common},
            headers=headers,
        )
    followed = Followed.of(subscription)
    terms = followed.listed_terms()
    ids = list(digest.deliveries.values_list("page_id", flat=True))
    entries = list(
        ListedBriefing.objects.for_cards()
        .filter(page_id__in=ids)
        .order_by("-date", "-page_id")
    )
    if not entries:
        return None
    shown = cards.cards(entries[:DIGEST_LIMIT], cards.terms_of(entries[:DIGEST_LIMIT]))
    items = [
        {
            "title": card.title,
            "date": card.display_date,
            "source": card.source,
            "summary": card.summary,
            "url": absolute(card.url),
        }
        for card in shown
    ]
    described = followed.describe(terms)
    subject = (
        f"New briefing: {items[0]['title']}"
        if len(entries) == 1
        else f"{len(entries)} new briefings: {described}"
    )
    return _message(
        to=subscription.subscriber.email,
        subject=subject,
        template="digest",
        context={
            "items": items,
            "more": len(entries) - len(items),
            "described": described,
            "listing_url": followed.listing_url(terms),
            "cadence": CADENCE[subscription.frequency],
            **common,
        },
        headers=headers,
    )
