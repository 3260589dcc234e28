"""Old revisions naming merged or deleted terms: a revision's content mapped to the
terms that exist now, for `BriefingPage.with_content_json`."""

from django.db.models import Exists, IntegerField, OuterRef
from django.db.models.functions import Cast
from wagtail.models import ModelLogEntry

from .taxonomy import Challenge, Participant, Source

# The audit log action `merging.merge_terms` records, logged on the term merged
# into, with `data["merged"]["id"]` the term merged away.
MERGE_ACTION = "briefings.merge"


def with_current_terms(content: dict) -> dict:
    """`content` with each term that no longer exists replaced by the one it was
    merged into, or dropped if deleted; `content` itself when all exist."""
    missing = {}
    for model, ids in _named_ids(content).items():
        # One query a vocabulary: the revision views call this on every load.
        existing = model.objects.filter(pk__in=ids).order_by().values_list("pk")
        gone = ids - {pk for (pk,) in existing}
        if gone:
            missing[model] = gone
    if not missing:
        return content
    return _rewritten(content, _replacements(missing))


def _named_ids(content: dict) -> dict[type, set[int]]:
    """The ids of the terms `content` names, by vocabulary (those naming any)."""
    links = content.get("participant_links") or []
    named = {
        Challenge: {int(pk) for pk in content.get("challenges") or []},
        Participant: {
            int(link["participant"])
            for link in links
            if link.get("participant") is not None
        },
        Source: set() if content.get("source") is None else {int(content["source"])},
    }
    return {model: ids for model, ids in named.items() if ids}


def _replacements(missing: dict[type, set[int]]) -> dict[type, dict[int, int | None]]:
    """For each missing id, the existing term it became through one merge or a
    chain of them (A into B, later B into C: C), or None; one query."""
    # Every vocabulary is a model of this app, so its name is enough.
    by_name = {model._meta.model_name: model for model in missing}
    # Whether the term merged into still exists: it may itself have been merged
    # away later (then a later entry says where to), or deleted.
    into_exists = {
        f"{name}_exists": Exists(
            model.objects.filter(pk=Cast(OuterRef("object_id"), IntegerField()))
        )
        for name, model in by_name.items()
    }
    entries = (
        ModelLogEntry.objects.filter(
            action=MERGE_ACTION,
            content_type__app_label=Challenge._meta.app_label,
            content_type__model__in=list(by_name),
        )
        .annotate(**into_exists)
        .order_by("timestamp", "pk")
        .values("content_type__model", "object_id", "data", *into_exists)
    )
    merged_into = {model: {} for model in missing}
    existing = {model: set() for model in missing}
    for entry in entries:
        name = entry["content_type__model"]
        model, into = by_name[name], int(entry["object_id"])
        merged_into[model][int(entry["data"]["merged"]["id"])] = into
        if entry[f"{name}_exists"]:
            existing[model].add(into)
    return {
        model: {pk: _followed(pk, merged_into[model], existing[model]) for pk in ids}
        for model, ids in missing.items()
    }


def _followed(pk: int, merged_into: dict[int, int], existing: set[int]) -> int | None:
    """The end of `pk`'s chain of merges if that term exists, else None."""
    seen = set()
    # `seen` guards against a loop in the log, which merging never writes.
    while pk in merged_into and pk not in seen:
        seen.add(pk)
        pk = merged_into[pk]
    return pk if pk in existing else None


def _rewritten(content: dict, replacements: dict[type, dict[int, int | None]]) -> dict:
    """A copy of `content` with `replacements` made, each term listed once."""
    # A copy: the revision's stored content stays as it was saved.
    content = dict(content)
    if Challenge in replacements:
        replaced = replacements[Challenge]
        challenges = (replaced.get(int(pk), int(pk)) for pk in content["challenges"])
        content["challenges"] = list(
            dict.fromkeys(pk for pk in challenges if pk is not None)
        )
    if Participant in replacements:
        content["participant_links"] = _participant_rows(
            content["participant_links"], replacements[Participant]
        )
    if Source in replacements:
        content["source"] = replacements[Source].get(int(content["source"]))
    return content


def _participant_rows(links: list[dict], replaced: dict[int, int | None]) -> list:
    """`links` naming the participants in `replaced` as they are now, each once."""
    olds = [
        None if link.get("participant") is None else int(link["participant"])
        for link in links
    ]
    news = [replaced.get(old, old) for old in olds]
    moved = [old in replaced for old in olds]
    # A row already naming the term a merge led to wins over the rows merged into
    # it, as `merging.merge_terms` did to the briefing's own rows.
    winner = {}
    for index, participant in enumerate(news):
        if participant is None:
            continue
        if participant not in winner or (
            moved[winner[participant]] and not moved[index]
        ):
            winner[participant] = index
    kept = []
    for index, link in enumerate(links):
        if olds[index] is None:
            kept.append(link)
        elif winner.get(news[index]) == index:
            # A moved row loses its id: the merge may have deleted that row, and
            # the editor refuses an id it cannot find (reverting would fail).
            kept.append(
                {**link, "participant": news[index], "pk": None}
                if moved[index]
                else link
            )
    return kept
