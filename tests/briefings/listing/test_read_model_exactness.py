"""The read model stays exact at scale: a generated archive goes through every
kind of change that can alter a listing. At 2,000 briefings, after each change
every facet count, every listing's count and first pages equal what a plain
reading of the page tree gives; at 300, after each change the incrementally
kept tables also equal a rebuild from scratch (a rebuild reads every page, so
it is checked on the smaller archive: what it compares does not depend on the
archive's size)."""

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.utils import timezone
from wagtail.models import PageViewRestriction

from bench.generator import generate
from briefings import upkeep
from briefings.editorial.merging import merge_terms
from briefings.importing.bulk_import import ArticleFile, import_articles
from briefings.listing import facets
from briefings.listing.build import Scope, listing_filterset, question_of, results
from briefings.listing.read_model import (
    CHALLENGE,
    PARTICIPANT,
    SOURCE,
    ListedBriefing,
    ListedTag,
    ListedTerm,
    PairYearCount,
    RoleCount,
    SearchWord,
    TermCount,
)
from briefings.models import BriefingPage, BriefingParticipant, Challenge, Participant
from tests.support.factories import article_text, make_briefing

pytestmark = pytest.mark.slow

COLUMNS = {CHALLENGE: "challenges", PARTICIPANT: "participants", SOURCE: "sources"}


def published() -> dict[int, dict]:
    """Every live, public briefing with its date and terms, read from the pages."""
    rows = {
        pk: {"date": date, SOURCE: {source} if source else set(), CHALLENGE: set(),
             PARTICIPANT: set()}
        for pk, date, source in BriefingPage.objects.live().public().values_list(
            "pk", "date", "source_id"
        )
    }  # fmt: skip
    through = BriefingPage.challenges.through.objects
    for page, challenge in through.values_list("briefingpage_id", "challenge_id"):
        if page in rows:
            rows[page][CHALLENGE].add(challenge)
    links = BriefingParticipant.objects.values_list("page_id", "participant_id")
    for page, participant in links:
        if page in rows:
            rows[page][PARTICIPANT].add(participant)
    return rows


def carries(row, clauses, start, end) -> bool:
    if start and row["date"] < start or end and row["date"] > end:
        return False
    return all(row[clause.kind] & clause.ids for clause in clauses)


def expected(rows, question):
    total = sum(
        carries(row, question.clauses, question.start, question.end)
        for row in rows.values()
    )
    by_kind = {}
    for kind in (CHALLENGE, PARTICIPANT, SOURCE):
        clauses = question.clauses_for(kind)
        counts = Counter()
        for row in rows.values():
            if carries(row, clauses, question.start, question.end):
                counts.update(row[kind])
        by_kind[kind] = dict(counts)
    return total, by_kind


def frequent(kind: str, rank: int) -> str:
    model = {CHALLENGE: Challenge, PARTICIPANT: Participant}[kind]
    term_id = (
        TermCount.objects.filter(kind=kind, period=0, n__gt=0)
        .order_by("-n", "term_id")
        .values_list("term_id", flat=True)[rank]
    )
    return model.objects.get(pk=term_id).slug


def questions():
    """Query strings of every shape the counts are read in, and a theme's scope."""
    c1, c2, c3 = (frequent(CHALLENGE, rank) for rank in range(3))
    p1, p2 = (frequent(PARTICIPANT, rank) for rank in (0, 5))
    shapes = [
        "",
        "from=2010",
        "to=2001",
        "from=2004-05-03&to=2019-02-11",
        "from=2016-03-01&to=2016-03-31",
        "from=2016-03-04&to=2016-03-20",
        f"challenge={c1}",
        f"challenge={c1}&from=2012",
        f"challenge={c1}&challenge={c2}",
        f"challenge={c1}&challenge={c2}&challenge={c3}&from=2003-07-09",
        f"challenge={c1}&participant={p1}",
        f"participant={p1}&from=2010",
        f"participant={p1}&participant={p2}&to=2015-06-30",
        f"source=inex&challenge={c2}",
        "source=inex&source=united-nations&from=2008",
    ]
    theme = Challenge.objects.get(slug=c1)
    scoped = [("", theme), (f"challenge={c2}", theme), ("from=2011-02-02", theme)]
    return [(query, None) for query in shapes] + scoped


def snapshot():
    """What the incrementally kept tables hold (counts at 0 left out)."""
    return {
        "briefings": {
            (pk, date, source, tuple(challenges), tuple(participants))
            for pk, date, source, challenges, participants in (
                ListedBriefing.objects.values_list(
                    "page_id", "date", "source_id", "challenge_ids", "participant_ids"
                )
            )
        },
        "tags": Counter(
            ListedTag.objects.values_list("briefing_id", "kind", "term_id", "role")
        ),
        "terms": set(
            TermCount.objects.filter(n__gt=0).values_list(
                "kind", "term_id", "period", "n"
            )
        ),
        "pairs": set(
            PairYearCount.objects.filter(n__gt=0).values_list(
                "a_kind", "a_id", "b_kind", "b_id", "year", "n"
            )
        ),
        "roles": set(
            RoleCount.objects.filter(n__gt=0).values_list("participant_id", "role", "n")
        ),
        "words": set(SearchWord.objects.filter(n__gt=0).values_list("word", "n")),
        "names": set(
            ListedTerm.objects.values_list(
                "kind",
                "term_id",
                "slug",
                "name",
                "description",
                "sort_order",
                "participant_kind",
                "kind_label",
            )
        ),  # fmt: skip
    }


def assert_listings_exact(label: str) -> None:
    """Every question's counts and first pages against the page tree."""
    rows = published()
    for query, theme in questions():
        scope = Scope(CHALLENGE, theme.pk) if theme else None
        filterset = listing_filterset(filters=QueryDict(query), scope=scope)
        question = question_of(filterset, scope)
        counts = facets.count(question)
        total, by_kind = expected(rows, question)
        where = f"{label}: {query!r}{' on a theme page' if theme else ''}"
        assert counts.total == total, where
        assert counts.by_kind == by_kind, where
        listed = [row.pk for row in results(filterset, count=counts.total)[0 : 3 * 20]]
        wanted = sorted(
            (
                pk
                for pk, row in rows.items()
                if carries(row, question.clauses, question.start, question.end)
            ),
            key=lambda pk: (rows[pk]["date"], pk),
            reverse=True,
        )[: 3 * 20]
        assert listed == wanted, where


def assert_kept_equals_rebuild(label: str) -> None:
    """The kept tables against a rebuild from scratch, and the counts too."""
    kept = snapshot()
    upkeep.rebuild()
    assert snapshot() == kept, label
    assert_listings_exact(label)


def apply_every_change(check, step: int) -> None:
    """Each kind of change that can alter a listing, `check(label)` after each;
    the briefings changed are `step` apart in the page tree."""
    check("generated")

    make_briefing(
        date=datetime.date(2016, 3, 10),
        challenges=list(Challenge.objects.order_by("pk")[5:8]),
        participants=[
            (p, "speaker") for p in Participant.objects.order_by("pk")[10:14]
        ],
    )
    check("published")

    BriefingPage.objects.live().order_by("path")[step].specific.unpublish()
    check("unpublished")

    BriefingPage.objects.live().order_by("path")[2 * step].delete()
    check("deleted")

    private = BriefingPage.objects.live().order_by("path")[3 * step]
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    check("made private")
    restriction.delete()
    check("made public again")

    expiring = BriefingPage.objects.live().order_by("path")[4 * step]
    BriefingPage.objects.filter(pk=expiring.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish_scheduled", verbosity=0)
    check("expired")

    revised = BriefingPage.objects.live().order_by("path")[5 * step].specific
    revised.date = datetime.date(1999, 12, 31)
    revised.challenges.set(Challenge.objects.order_by("pk")[20:22])
    revised.save_revision().publish()
    check("re-dated and re-tagged")

    challenge = Challenge.objects.get(slug=frequent(CHALLENGE, 1))
    challenge.name = f"{challenge.name} (renamed)"
    challenge.save()
    check("challenge renamed")

    old, into = (
        Participant.objects.get(slug=frequent(PARTICIPANT, rank)) for rank in (3, 4)
    )
    merge_terms(old=old, into=into, user=None)
    check("participants merged")

    report = import_articles(
        [
            ArticleFile(
                f"{slug}.md",
                article_text(
                    slug=slug,
                    challenges=f"[{frequent(CHALLENGE, 0)}]",
                    participants=f"[{{participant: {frequent(PARTICIPANT, 0)}, "
                    "role: host}]",
                ),
            )
            for slug in ("imported-one", "imported-two")
        ],
        publish=True,
    )
    assert len(report.created) == 2, report.lines()
    check("imported and published")


def test_every_kind_of_change_keeps_every_count_and_page_exact(seeded):
    generate(count=2_000, seed=7)
    apply_every_change(assert_listings_exact, step=100)


def test_the_kept_tables_equal_a_rebuild_after_every_kind_of_change(seeded):
    generate(count=300, seed=11)
    apply_every_change(assert_kept_equals_rebuild, step=20)
