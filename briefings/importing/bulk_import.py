"""Importing many article files at once: `import_briefings` and the admin upload.

Parsing is `article_format`'s; writing is `writer`'s. Each file is
written in its own savepoint, so a bad file fails alone and the rest import.
"""

import difflib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import capfirst

from ..models import BriefingIndexPage, BriefingPage, Challenge, Participant, Source
from .article_format import ArticleData, ArticleFormatError, parse_article
from .writer import (
    content_differs,
    ensure_site_structure,
    page_fields,
    resolve_terms,
    set_content,
)

logger = logging.getLogger(__name__)

# An article is a few pages of text; anything far larger is not one.
MAX_FILE_BYTES = 1024 * 1024
# Said for a file that failed in a way no check foresaw; the log has the rest.
UNEXPECTED_PROBLEM = "could not be read (an unexpected error, logged for the team)"

TERM_MODELS = {"challenge": Challenge, "participant": Participant, "source": Source}


@dataclass
class ArticleFile:
    """One file to import: its name and text, or why it could not be read."""

    name: str
    text: str = ""
    problem: str = ""


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do) with each file."""

    dry_run: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    terms_created: list[str] = field(default_factory=list)
    unknown_terms: dict[str, list[str]] = field(default_factory=dict)
    # "participant jean-pierre-lacrois" -> "jean-pierre-lacroix"
    suggestions: dict[str, str] = field(default_factory=dict)
    # By file name: the briefing's title, and its page once written.
    titles: dict[str, str] = field(default_factory=dict)
    page_ids: dict[str, int] = field(default_factory=dict)
    submitted: list[str] = field(default_factory=list)

    def rows(self) -> list[dict]:
        """One row per file, for the admin's report: name, title, outcome,
        page id (once written, not in a dry run) and why it failed."""
        rows = []
        for outcome in ("created", "updated", "unchanged"):
            for name in getattr(self, outcome):
                rows.append(
                    {
                        "name": name,
                        "title": self.titles.get(name, ""),
                        "outcome": outcome,
                        "page_id": None if self.dry_run else self.page_ids.get(name),
                        "submitted": name in self.submitted,
                    }
                )
        for name, reason in self.failed:
            rows.append(
                {
                    "name": name,
                    "title": self.titles.get(name, ""),
                    "outcome": "failed",
                    "reason": reason,
                }
            )
        return rows

    def unknown_with_suggestions(self) -> dict[str, list[tuple[str, str]]]:
        """Each kind's unknown slugs, each with the existing slug it probably
        means ("" when none is close)."""
        return {
            kind: [(slug, self.suggestions.get(f"{kind} {slug}", "")) for slug in slugs]
            for kind, slugs in self.unknown_terms.items()
        }

    @property
    def stopped(self) -> bool:
        """True when unknown terms stopped the import before anything was written."""
        return bool(self.unknown_terms)

    def lines(self) -> list[str]:
        """The report as lines of text, for the command and the admin."""
        lines = []
        if self.unknown_terms:
            lines.append("Nothing was imported: these terms do not exist yet.")
            for kind, pairs in self.unknown_with_suggestions().items():
                named = [
                    f"{slug} (did you mean {meant}?)" if meant else slug
                    for slug, meant in pairs
                ]
                lines.append(f"  unknown {kind}(s): {', '.join(named)}")
            lines.append("Create them first, or import with --create-terms.")
        for label in self.terms_created:
            lines.append(f"new term: {label}")
        for outcome in ("created", "updated", "unchanged"):
            for name in getattr(self, outcome):
                lines.append(f"{outcome}: {name}")
        for name, reason in self.failed:
            lines.append(f"failed: {name}: {reason}")
        lines.append(self.summary())
        return lines

    def summary(self) -> str:
        prefix = "Dry run, nothing saved: " if self.dry_run else ""
        return (
            f"{prefix}{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.failed)} failed."
        )


def read_article_files(paths: list[Path]) -> list[ArticleFile]:
    """The `.md` files named by `paths` (files, or folders searched recursively)."""
    files = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(_read(item) for item in sorted(path.rglob("*.md")))
        elif path.is_file():
            files.append(_read(path))
        else:
            files.append(ArticleFile(str(path), problem="no such file or folder"))
    return files


def _read(path: Path) -> ArticleFile:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return ArticleFile(path.name, problem="larger than 1 MB; not an article")
        return ArticleFile(path.name, text=path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return ArticleFile(path.name, problem="the file is not UTF-8 text")
    except OSError as error:
        return ArticleFile(path.name, problem=f"could not be read ({error.strerror})")


def import_articles(
    files: list[ArticleFile],
    *,
    publish: bool = False,
    create_terms: bool = False,
    dry_run: bool = False,
    user=None,
    submit: bool = False,
) -> ImportReport:
    """Create or update a briefing for each file; see the module docstring."""
    report = ImportReport(dry_run=dry_run)
    articles = []
    first_with_slug = {}
    for file in files:
        if file.problem:
            report.failed.append((file.name, file.problem))
            continue
        try:
            article = parse_article(file.text, path=file.name)
        except ArticleFormatError as error:
            report.failed.append((file.name, error.problem))
            continue
        except Exception:  # One file's failure is that file's, whatever it is.
            logger.exception("Reading %s for import failed", file.name)
            report.failed.append((file.name, UNEXPECTED_PROBLEM))
            continue
        if article.slug in first_with_slug:
            report.failed.append(
                (
                    file.name,
                    f"its slug '{article.slug}' is also the slug of "
                    f"{first_with_slug[article.slug]} in this import; each "
                    "briefing needs its own",
                )
            )
            continue
        first_with_slug[article.slug] = file.name
        report.titles[str(article.path)] = article.title
        articles.append(article)
    unknown = unknown_terms(articles)
    if unknown and not create_terms:
        report.unknown_terms = unknown
        report.suggestions = likely_meant(unknown)
        return report
    with transaction.atomic():
        index = ensure_site_structure()
        for kind, slugs in unknown.items():
            for slug in slugs:
                _create_term(kind, slug)
                report.terms_created.append(f"{kind} {slug}")
        for article in articles:
            try:
                with transaction.atomic():
                    outcome, page = write_article(
                        index=index, article=article, publish=publish, user=user
                    )
                    if submit and not publish and outcome != "unchanged":
                        submit_for_review(page, user)
                        report.submitted.append(str(article.path))
            except ArticleFormatError as error:
                report.failed.append((str(article.path), error.problem))
            except (ValidationError, DatabaseError) as error:
                report.failed.append((str(article.path), _reason(error)))
            except Exception:  # Rolled back to its savepoint; the rest go on.
                logger.exception("Importing %s failed", article.path)
                report.failed.append((str(article.path), UNEXPECTED_PROBLEM))
            else:
                getattr(report, outcome).append(str(article.path))
                report.page_ids[str(article.path)] = page.pk
        if dry_run:
            transaction.set_rollback(True)
    return report


def unknown_terms(articles: list[ArticleData]) -> dict[str, list[str]]:
    """The challenge, participant and source slugs used but not yet defined."""
    wanted = {
        "challenge": {slug for a in articles for slug in a.challenges},
        "participant": {slug for a in articles for slug, _ in a.participants},
        "source": {a.source for a in articles},
    }
    unknown = {}
    for kind, slugs in wanted.items():
        existing = set(
            TERM_MODELS[kind]
            .objects.filter(slug__in=slugs)
            .values_list("slug", flat=True)
        )
        if missing := sorted(slugs - existing):
            unknown[kind] = missing
    return unknown


def likely_meant(unknown: dict[str, list[str]]) -> dict[str, str]:
    """For each unknown slug, the existing slug of its kind it most probably
    means (a typing slip, a missing hyphen), keyed "kind slug"; none when no
    slug is close. The vocabularies are small: one query per kind."""
    meant = {}
    for kind, slugs in unknown.items():
        existing = list(TERM_MODELS[kind].objects.values_list("slug", flat=True))
        for slug in slugs:
            close = difflib.get_close_matches(slug, existing, n=1, cutoff=0.75)
            if close:
                meant[f"{kind} {slug}"] = close[0]
    return meant


def submit_for_review(page: BriefingPage, user) -> None:
    """Send the imported draft to its review, as the editor's Submit does."""
    state = page.current_workflow_state
    if state is not None:
        if state.status == state.STATUS_NEEDS_CHANGES:
            state.resume(user)
        return
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)


def _create_term(kind: str, slug: str) -> None:
    """A placeholder term named after its slug, for an editor to complete later."""
    name = capfirst(slug.replace("-", " "))
    extra = {"kind": Participant.Kind.ORGANISATION} if kind == "participant" else {}
    TERM_MODELS[kind].objects.create(name=name, slug=slug, **extra)


def write_article(
    *, index: BriefingIndexPage, article: ArticleData, publish: bool, user=None
) -> tuple[str, BriefingPage]:
    """Create or update the article's briefing: "created", "updated" or
    "unchanged", and the page. A new briefing belongs to the importing editor,
    as one they had written would.

    An existing briefing is found by slug or by source URL. Without `publish` the
    change is saved as a draft revision, so a live briefing stays as readers see it.
    """
    source, challenges, links = resolve_terms(article)
    fields = {**page_fields(article, source=source), "slug": article.slug}
    page = _existing_briefing(index, article)
    if page is None:
        page = BriefingPage(live=False, owner=user, **fields)
        set_content(page, article, challenges, links)
        index.add_child(instance=page)
        outcome = "created"
    else:
        page = page.get_latest_revision_as_object()
        if not content_differs(page, fields, article, challenges, links):
            return "unchanged", page
        for key, value in fields.items():
            setattr(page, key, value)
        set_content(page, article, challenges, links)
        outcome = "updated"
    # Wagtail validates the page (full_clean) as it saves it and its revision.
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return outcome, page


def _existing_briefing(index, article: ArticleData) -> BriefingPage | None:
    by_slug = BriefingPage.objects.child_of(index).filter(slug=article.slug).first()
    by_url = None
    if article.source_url:
        by_url = BriefingPage.objects.filter(source_url=article.source_url).first()
    if by_slug and by_url and by_slug.pk != by_url.pk:
        raise ArticleFormatError(
            article.path,
            f"its slug matches '{by_slug.title}' but its source URL matches "
            f"'{by_url.title}'; change one of them",
        )
    return by_slug or by_url


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
    return str(error)
