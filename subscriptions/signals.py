"""What subscriptions do when content changes: a published briefing is queued
for its followers (after the commit, in the worker), a merged term is followed
into the term it was merged into, and a deleted term ends the subscriptions
that named it, with a notice to each reader."""

from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete
from wagtail.signals import page_published

from briefings.editorial.merging import term_merged
from briefings.models import BriefingPage, Challenge, Participant, Source
from briefings.upkeep import kind_of

from . import tasks
from .delivery import end_with_notice
from .followed import KIND_OF, Followed, token
from .models import Subscription

FIELDS = {
    "challenge": "challenge_ids",
    "participant": "participant_ids",
    "source": "source_ids",
}
NAMES = {kind: name for name, kind in KIND_OF.items()}


def briefing_published(sender, instance, **kwargs) -> None:
    page_id = instance.pk
    transaction.on_commit(lambda: tasks.briefing_published.enqueue(page_id))


def naming(kind: str, pk: int):
    return Subscription.objects.filter(term_tokens__contains=f" {token(kind, pk)} ")


def follow_merge(sender, old, into, **kwargs) -> None:
    """Every subscription naming `old` names `into` instead; one that then
    follows the same listing as another of its reader's is dropped."""
    kind = kind_of(old)
    for subscription in naming(kind, old.pk):
        if subscription.scope_kind == kind and subscription.scope_id == old.pk:
            subscription.scope_id = into.pk
        field = FIELDS[NAMES[kind]]
        ids = getattr(subscription, field)
        if old.pk in ids:
            setattr(
                subscription,
                field,
                sorted({into.pk if pk == old.pk else pk for pk in ids}),
            )
        for name, value in Followed.of(subscription).fields().items():
            setattr(subscription, name, value)
        try:
            with transaction.atomic():
                subscription.save()
        except IntegrityError:
            subscription.delete()  # its reader already follows that listing


def end_for_deleted_term(sender, instance, **kwargs) -> None:
    """Tell each reader once that what they followed is gone, and stop."""
    kind = kind_of(instance)
    label = {"c": "challenge", "p": "participant", "s": "source"}[kind]
    notice = f"The {label} “{instance.name}” was removed from the site."
    noticed = False
    for subscription in naming(kind, instance.pk).filter(ended_at__isnull=True):
        if subscription.confirmed_at is None:
            subscription.delete()
            continue
        end_with_notice(subscription, notice)
        noticed = True
    if noticed:
        transaction.on_commit(tasks.send_waiting.enqueue)


def connect_signals() -> None:
    """Connect the receivers above; called once, from SubscriptionsConfig.ready()."""
    page_published.connect(briefing_published, sender=BriefingPage)
    for model in (Challenge, Participant):
        term_merged.connect(follow_merge, sender=model)
    for model in (Challenge, Participant, Source):
        post_delete.connect(end_for_deleted_term, sender=model)
