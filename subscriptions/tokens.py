"""The signed links in the mails (Django's signing, with the SECRET_KEY): a
confirmation expires; an unsubscribe or manage link does not, so that an old
mail's link still works."""

from django.core import signing
from django.urls import reverse

from .models import Subscriber, Subscription

CONFIRM_SALT = "subscriptions.confirm"
UNSUBSCRIBE_SALT = "subscriptions.unsubscribe"
MANAGE_SALT = "subscriptions.manage"
# How long a confirmation link works.
CONFIRM_MAX_AGE = 3 * 24 * 3600


class BadLink(Exception):
    """A link that was altered, has expired, or names what no longer exists."""


def confirm_token(subscription: Subscription, frequency: str) -> str:
    return signing.dumps([subscription.pk, frequency], salt=CONFIRM_SALT)


def read_confirm_token(token: str) -> tuple[int, str]:
    try:
        pk, frequency = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise BadLink("expired") from None
    except (signing.BadSignature, TypeError, ValueError):
        raise BadLink("invalid") from None
    return int(pk), str(frequency)


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)


def manage_token(subscriber: Subscriber) -> str:
    return signing.dumps(subscriber.pk, salt=MANAGE_SALT)


def read_token(token: str, *, salt: str) -> int:
    try:
        return int(signing.loads(token, salt=salt))
    except (signing.BadSignature, TypeError, ValueError):
        raise BadLink("invalid") from None


def confirm_path(subscription: Subscription, frequency: str) -> str:
    return reverse(
        "subscriptions:confirm",
        kwargs={"token": confirm_token(subscription, frequency)},
    )


def unsubscribe_path(subscription: Subscription) -> str:
    return reverse(
        "subscriptions:unsubscribe",
        kwargs={"token": unsubscribe_token(subscription)},
    )


def manage_path(subscriber: Subscriber) -> str:
    return reverse("subscriptions:manage", kwargs={"token": manage_token(subscriber)})
