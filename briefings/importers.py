"""Writing the fixtures' content into the site: structure, vocabularies and briefings.

`load_fixtures` (and later bulk imports) call these inside one transaction. Each
writer compares before it saves, so loading the same content twice changes nothing.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from wagtail.models import Page, Site

from .article_format import ArticleData, ArticleFormatError, load_yaml, read_article
from .editorial import ensure_editorial_setup
from .models import (
    BriefingIndexPage,
    BriefingPage,
    BriefingParticipant,
    Challenge,
    HomePage,
    Participant,
    Source,
)

HOME_INTRO = (
    "<p>The institute publishes briefings on peace operations: what was said, by whom, "
    "and on which of today's challenges. Browse them by theme or by participant.</p>"
)

VOCABULARY_FIELDS = {
    Challenge: {"name", "slug", "description", "sort_order"},
    Participant: {"name", "slug", "kind", "description", "website", "aliases"},
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


def ensure_site_structure() -> BriefingIndexPage:
    """Create the home page, the default site and /briefings/ if they are missing."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's own placeholder ("Welcome to your new Wagtail site!") would
        # clash with the home page's slug; it holds nothing, so it goes.
        Page.objects.filter(
            depth=2, slug="home", content_type__model="page", numchild=0
        ).delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(title="Home", slug="home", intro=HOME_INTRO)
        )
        home.save_revision().publish()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    index = BriefingIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=BriefingIndexPage(
                title="Briefings",
                slug="briefings",
                intro="<p>Every briefing the institute has published.</p>",
            )
        )
        index.save_revision().publish()
    ensure_editorial_setup(index)
    return index


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
        for key in ("description", "website"):
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


def page_fields(article: ArticleData, *, source: Source) -> dict:
    """The briefing's own fields (not its body or tags) as the article gives them."""
    return {
        "title": article.title,
        "date": article.date,
        "date_precision": article.date_precision,
        "date_note": article.date_note,
        "source_id": source.pk,
        "source_url": article.source_url,
        "summary": article.summary,
    }


def resolve_terms(article: ArticleData) -> tuple[Source, list[Challenge], list]:
    """The article's source, challenges and (participant id, role) pairs; an error
    names any slug that is not in the vocabularies."""
    source = _find(Source, [article.source], article, "source")[0]
    challenges = _find(Challenge, article.challenges, article, "challenge")
    participants = _find(
        Participant, [slug for slug, _ in article.participants], article, "participant"
    )
    links = [
        (person.pk, role)
        for person, (_, role) in zip(participants, article.participants, strict=True)
    ]
    return source, challenges, links


def _find(model, slugs: list[str], article: ArticleData, what: str) -> list:
    """The terms with these slugs, in order; an error names any that do not exist."""
    found = {term.slug: term for term in model.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise ArticleFormatError(
            article.path, f"unknown {what}(s): {', '.join(missing)}"
        )
    return [found[slug] for slug in slugs]


def set_content(page: BriefingPage, article, challenges, links) -> None:
    """Put the article's body and tags on the page (not saved)."""
    page.body = article.body
    page.challenges.set(challenges)
    page.participant_links = [
        BriefingParticipant(participant_id=pk, role=role, sort_order=order)
        for order, (pk, role) in enumerate(links)
    ]


def content_differs(
    page: BriefingPage, fields: dict, article, challenges, links
) -> bool:
    """Whether saving the article would change the page's fields, tags or body."""
    if any(getattr(page, key) != value for key, value in fields.items()):
        return True
    if {c.pk for c in page.challenges.all()} != {c.pk for c in challenges}:
        return True
    current = [
        (link.participant_id, link.role)
        for link in page.participant_links.order_by("sort_order")
    ]
    if current != links:
        return True
    block = page.body.stream_block
    wanted = block.get_prep_value(block.to_python(article.body))
    return _without_ids(block.get_prep_value(page.body)) != _without_ids(wanted)


def _without_ids(value):
    """Stream data with the block ids (random per save) removed, for comparison."""
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    return value


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
