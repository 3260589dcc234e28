"""Merging two vocabulary terms that name the same thing ("DPKO" into "Department of
Peacekeeping Operations"). Used by the merge view in `merge_view.py`."""

from dataclasses import dataclass

from django.db import models, transaction
from django.dispatch import Signal
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log
from wagtail.models import Revision

from ..models import BriefingPage, BriefingParticipant, Challenge, Participant
from ..models.revision_terms import MERGE_ACTION

# Sent inside the merge's transaction, before `old` is deleted, with `old` and
# `into`: whatever refers to `old` by id follows it (email subscriptions).
term_merged = Signal()


@dataclass
class MergeResult:
    """What a merge changed: briefings re-tagged and the redirect it left."""

    briefings: int
    redirect_from: str


def merge_terms(*, old: Challenge | Participant, into: Challenge | Participant, user):
    """Re-tag every briefing from `old` to `into`, then delete `old`, in one step.

    Drafts matter as much as live pages: each briefing's latest revision is
    re-tagged too, or publishing a draft would bring the old term back.
    """
    if type(old) is not type(into):
        raise ValueError("Only terms of the same vocabulary can be merged.")
    if old.pk == into.pk:
        raise ValueError("A term cannot be merged into itself.")
    with transaction.atomic():
        if isinstance(old, Participant):
            page_ids = _move_participant_links(old, into)
            into.aliases = "\n".join(_combined_aliases(old, into))
            into.save(update_fields=["aliases"])
            content_key = "participant_links"
        else:
            page_ids = _move_challenge_tags(old, into)
            content_key = "challenges"
        page_ids |= _retag_latest_revisions(old, into, content_key, page_ids)
        old_path = old.get_absolute_url()
        data = {
            "merged": {"id": old.pk, "name": old.name, "slug": old.slug},
            "into": {"id": into.pk, "name": into.name, "slug": into.slug},
            "briefings": len(page_ids),
        }
        term_merged.send(sender=type(old), old=old, into=into)
        old.delete()
        Redirect.objects.filter(old_path=Redirect.normalise_path(old_path)).delete()
        Redirect.add_redirect(old_path, redirect_to=into.get_absolute_url())
        log(instance=into, action=MERGE_ACTION, user=user, data=data)
    return MergeResult(briefings=len(page_ids), redirect_from=old_path)


def _combined_aliases(old: Participant, into: Participant) -> list[str]:
    """`into`'s aliases, then `old`'s name and aliases, each once."""
    names = [*into.alias_list, old.name, *old.alias_list]
    seen = {into.name.casefold()}
    combined = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            combined.append(name)
    return combined


def _move_participant_links(old: Participant, into: Participant) -> set[int]:
    return _move_tag_rows(
        BriefingParticipant, term="participant", page="page_id", old=old, into=into
    )


def _move_challenge_tags(old: Challenge, into: Challenge) -> set[int]:
    through = BriefingPage.challenges.through
    return _move_tag_rows(
        through, term="challenge", page="briefingpage_id", old=old, into=into
    )


def _move_tag_rows(model, *, term: str, page: str, old, into) -> set[int]:
    """Point `model`'s rows from `old` to `into`; the ids of the briefings touched."""
    rows = model.objects.filter(**{term: old})
    page_ids = set(rows.values_list(page, flat=True))
    already = set(
        model.objects.filter(**{term: into, f"{page}__in": page_ids}).values_list(
            page, flat=True
        )
    )
    # A briefing tagged with both keeps the row it already has for `into`.
    rows.filter(**{f"{page}__in": already}).delete()
    rows.exclude(**{f"{page}__in": already}).update(**{term: into})
    return page_ids


def _retag_latest_revisions(old, into, content_key: str, tagged: set[int]) -> set[int]:
    """Rewrite `old` to `into` in the stored content of each briefing's latest
    revision; the ids of the briefings whose revision changed.

    Only briefings tagged with `old` or holding a draft can have it in their
    latest revision; the others' latest revision is what is live.
    """
    revision_ids = (
        BriefingPage.objects.filter(
            models.Q(pk__in=tagged) | models.Q(has_unpublished_changes=True)
        )
        .exclude(latest_revision__isnull=True)
        .values_list("latest_revision_id", flat=True)
    )
    changed = set()
    for revision in Revision.objects.filter(pk__in=list(revision_ids)):
        content = revision.content
        entries = content.get(content_key) or []
        if content_key == "challenges":
            if old.pk not in entries:
                continue
            content[content_key] = list(
                dict.fromkeys(into.pk if pk == old.pk else pk for pk in entries)
            )
        else:
            if not any(entry.get("participant") == old.pk for entry in entries):
                continue
            kept, seen = [], set()
            for entry in entries:
                if entry.get("participant") == old.pk:
                    entry["participant"] = into.pk
                if entry.get("participant") not in seen:
                    seen.add(entry.get("participant"))
                    kept.append(entry)
            content[content_key] = kept
        revision.content = content
        revision.save(update_fields=["content"])
        changed.add(int(revision.object_id))
    return changed
