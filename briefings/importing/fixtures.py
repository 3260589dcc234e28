"""Loading the seed content (`fixtures/`) into the site: `manage.py load_fixtures`.

Everything is written in one transaction, and each writer compares before it
saves, so loading the same content twice changes nothing.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from ..models import BriefingIndexPage, BriefingPage, Challenge, Participant, Source
from .article_format import ArticleData, ArticleFormatError, load_yaml, read_article
from .writer import (
    content_differs,
    ensure_site_structure,
    page_fields,
    resolve_terms,
    set_content,
)

VOCABULARY_FIELDS = {
    Challenge: {"name", "slug", "description", "sort_order"},
    Participant: {
        "name",
        "slug",
        "kind",
        "position",
        "description",
        "website",
        "aliases",
    },
    Source: {"name", "slug", "description", "website"},
}


@dataclass
class LoadReport:
    """What a load did, by kind of object: created, updated or left unchanged."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def record(self, outcome: str, label: str) -> None:
        getattr(self, outcome).append(label)


def load_vocabulary(model, path: Path, report: LoadReport) -> None:
    """Create or update the terms listed in a vocabulary file (a YAML list)."""
    allowed = VOCABULARY_FIELDS[model]
    entries = load_yaml(path.read_text(encoding="utf-8"), path=path, what="it") or []
    if not isinstance(entries, list):
        raise ArticleFormatError(path, "must be a list of terms")
    for number, entry in enumerate(entries, start=1):
        if (
            not isinstance(entry, dict)
            or not entry.get("slug")
            or not entry.get("name")
        ):
            raise ArticleFormatError(path, f"term {number} needs a name and a slug")
        unknown = set(entry) - allowed
        if unknown:
            raise ArticleFormatError(
                path,
                f"term {entry['slug']!r}: unknown key(s) {', '.join(sorted(unknown))}",
            )
        values = {key: entry.get(key) for key in allowed - {"slug"} if key in entry}
        if "aliases" in values:
            values["aliases"] = "\n".join(values["aliases"] or [])
        for key in ("position", "description", "website"):
            if key in values and values[key] is None:
                values[key] = ""
        _save_term(model, entry["slug"], values, path, report)


def _save_term(model, slug: str, values: dict, path: Path, report: LoadReport) -> None:
    term = model.objects.filter(slug=slug).first()
    label = f"{model._meta.verbose_name} {slug}"
    if term is None:
        term = model(slug=slug, **values)
        outcome = "created"
    elif any(getattr(term, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(term, key, value)
        outcome = "updated"
    else:
        report.record("unchanged", label)
        return
    try:
        term.full_clean()
    except Exception as error:  # ValidationError: report it against the file.
        raise ArticleFormatError(path, f"term {slug!r}: {error}") from None
    term.save()
    report.record(outcome, label)


def load_article(index: BriefingIndexPage, article: ArticleData, report: LoadReport):
    """Create or update the briefing an article file describes, and publish it."""
    source, challenges, links = resolve_terms(article)
    page = BriefingPage.objects.child_of(index).filter(slug=article.slug).first()
    fields = page_fields(article, source=source)
    if page is None:
        page = BriefingPage(slug=article.slug, **fields)
        set_content(page, article, challenges, links)
        index.add_child(instance=page)
        page.save_revision().publish()
        report.record("created", f"briefing {article.slug}")
    elif content_differs(page, fields, article, challenges, links):
        for key, value in fields.items():
            setattr(page, key, value)
        set_content(page, article, challenges, links)
        page.save_revision().publish()
        report.record("updated", f"briefing {article.slug}")
    else:
        report.record("unchanged", f"briefing {article.slug}")
    return page


def load_fixtures(directory: Path) -> LoadReport:
    """Load the vocabularies and every article under `directory`, all or nothing."""
    report = LoadReport()
    articles = sorted((directory / "briefings").glob("*.md"))
    with transaction.atomic():
        index = ensure_site_structure()
        load_vocabulary(Challenge, directory / "challenges.yaml", report)
        load_vocabulary(Participant, directory / "participants.yaml", report)
        load_vocabulary(Source, directory / "sources.yaml", report)
        for path in articles:
            load_article(index, read_article(path), report)
    return report
