"""`manage.py load_fixtures`: the seed content loads, once, and all or nothing."""

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision, Site

from briefings.editorial.tag_suggestions import suggest_tags
from briefings.importing.article_format import read_article
from briefings.importing.bulk_import import ArticleFile, import_articles
from briefings.models import BriefingPage, Challenge, HomePage, Participant, Source

pytestmark = pytest.mark.usefixtures("own_content")

FIXTURES = Path(settings.FIXTURES_CONTENT_DIR)
ARTICLES = sorted((FIXTURES / "briefings").glob("*.md"))


def test_the_five_seed_articles_are_whole_and_distinct():
    articles = [read_article(path) for path in ARTICLES]
    assert len({a.slug for a in articles}) == len({a.title for a in articles}) == 5
    for article in articles:
        text = " ".join(str(block.get("value", "")) for block in article.body)
        assert len(text) > 1_000, article.slug  # the published text, not a stub
        assert article.summary and article.source, article.slug
        assert article.challenges and article.participants, article.slug


def test_fixtures_build_the_site(seeded):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert BriefingPage.objects.live().count() == 5
    assert Page.objects.filter(url_path="/home/briefings/").exists()
    for name, model in [
        ("challenges", Challenge),
        ("participants", Participant),
        ("sources", Source),
    ]:
        terms = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text())
        assert set(model.objects.values_list("slug", flat=True)) == {
            t["slug"] for t in terms
        }


def test_loading_twice_changes_nothing(seeded):
    def snapshot():
        return (
            Revision.objects.count(),
            list(Page.objects.order_by("pk").values_list("pk", "latest_revision_id")),
            list(Challenge.objects.values_list("pk", "name", "description")),
            list(Participant.objects.values_list("pk", "name", "aliases")),
        )

    before = snapshot()
    out = StringIO()
    call_command("load_fixtures", stdout=out)
    assert snapshot() == before
    assert "0 created, 0 updated" in out.getvalue()


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_each_briefing_is_tagged_as_its_fixture_says(seeded, path):
    article = read_article(path)
    page = BriefingPage.objects.get(slug=article.slug)
    assert page.title == article.title
    assert page.date == article.date
    assert page.source.slug == article.source
    assert set(page.challenges.values_list("slug", flat=True)) == set(
        article.challenges
    )
    links = page.participant_links.order_by("sort_order")
    assert [(link.participant.slug, link.role) for link in links] == (
        article.participants
    )


@pytest.mark.parametrize(
    ("pattern", "replacement", "message"),
    [
        (r"^title:", "headline:", "unknown key(s): headline"),
        (r"^title:.*\n", "", "missing required key(s): title"),
        (r"^date:.*$", 'date: "2018-02-30"', "'date' must be a date"),
        (r"^date:.*$", "date: soon", "'date' must be a date"),
    ],
)
def test_malformed_fixture_stops_the_load_and_writes_nothing(
    db, tmp_path, pattern, replacement, message
):
    broken = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, broken)
    # The last file is read last: everything before it was already written
    # inside the transaction, so this shows the rollback.
    victim = sorted((broken / "briefings").glob("*.md"))[-1]
    text = re.sub(pattern, replacement, victim.read_text(), count=1, flags=re.M)
    victim.write_text(text)
    pages_before = Page.objects.count()

    with pytest.raises(CommandError) as caught:
        call_command("load_fixtures", directory=broken, verbosity=0)

    assert victim.name in str(caught.value)
    assert message in str(caught.value)
    assert Page.objects.count() == pages_before
    assert not BriefingPage.objects.exists()
    assert not Challenge.objects.exists()
    assert not Participant.objects.exists()


def test_unknown_participant_in_an_article_is_named(db, tmp_path):
    broken = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, broken)
    victim = sorted((broken / "briefings").glob("*.md"))[0]
    text = victim.read_text().replace(
        "participants:\n",
        "participants:\n  - {participant: nobody-at-all, role: speaker}\n",
        1,
    )
    victim.write_text(text)
    with pytest.raises(CommandError, match="unknown participant.*nobody-at-all"):
        call_command("load_fixtures", directory=broken, verbosity=0)
    assert not BriefingPage.objects.exists()


def test_the_department_of_peace_operations_is_not_suggested_as_the_dpko(seeded):
    """The seed's vocabulary: the DPO succeeded the DPKO in 2019, another
    department, not an alias of it."""
    text = "The Department of Peace Operations (DPO) briefed the Council."
    names = {suggestion.name for suggestion in suggest_tags(text=text)}
    assert "Department of Peacekeeping Operations" not in names
    # The DPKO itself is still found by its acronym.
    names = {suggestion.name for suggestion in suggest_tags(text="DPKO staff")}
    assert "Department of Peacekeeping Operations" in names


def test_seed_articles_import_as_unchanged_after_load_fixtures(seeded):
    report = import_articles(
        [
            ArticleFile(path.name, path.read_text(encoding="utf-8"))
            for path in sorted(Path(seeded, "briefings").glob("*.md"))
        ]
    )
    assert (len(report.unchanged), report.created, report.failed) == (5, [], [])
