"""Article files written to harm or by mistake: each is refused with a message
naming its problem, at a bounded cost, and never raises anything else."""

import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from briefings.importing.article_format import (
    MAX_QUOTED,
    ArticleFormatError,
    parse_article,
)
from briefings.importing.bulk_import import ArticleFile, import_articles
from briefings.models import BriefingPage
from tests.support.factories import (
    article_text,
    make_challenge,
    make_participant,
    make_source,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_own_briefings")]


def problem_of(text: str) -> str:
    with pytest.raises(ArticleFormatError) as error:
        parse_article(text, path="hostile.md")
    return error.value.problem


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.cookie)",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_links_outside_the_allowlist_are_refused(link):
    inline = problem_of(article_text(body=f"See [the report]({link}).\n"))
    assert "is not allowed" in inline
    assert "http, https, mailto or relative" in inline
    listed = problem_of(article_text(body=f"- [the report]({link})\n"))
    assert "is not allowed" in listed


@pytest.mark.parametrize(
    "image",
    [
        "![a chart](https://tracker.example.com/pixel.gif)",
        "![x](javascript:alert(1))",
        "![x](data:image/png;base64,iVBORw0KGgo=)",
    ],
)
def test_images_are_refused_with_a_message(image):
    assert "images are not allowed" in problem_of(article_text(body=image + "\n"))


@pytest.mark.parametrize(
    "link",
    [
        "https://www.un.org/en/",
        "http://example.org/a?b=c&d=e",
        "mailto:press@example.org",
        "/briefings/another-briefing/",
        "#section",
    ],
)
def test_allowed_links_are_kept(link):
    article = parse_article(article_text(body=f"See [it]({link}).\n"), path="a.md")
    assert "href=" in article.body[0]["value"]


def test_code_and_rules_outside_the_format_are_named():
    assert "code (`text`) is not allowed" in problem_of(
        article_text(body="Run `rm -rf /` now.\n")
    )


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("0000-00-00", "cannot be"),
        ("2024-02-30", "cannot be"),
        ("2024-01-01 25:00:00", "cannot be"),
        ('"2024-02-30"', "must be a date written YYYY-MM-DD"),
        ('"2999-01-01"', "more than a year from now"),
        ("[2019, 3, 4]", "must be a date written YYYY-MM-DD"),
    ],
)
def test_impossible_or_far_future_dates_are_refused(date, message):
    assert message in problem_of(article_text(date=date))


def test_yaml_aliases_are_refused_at_once():
    bomb = "\n".join(
        [f"a0: &a0 [{', '.join(['x'] * 9)}]"]
        + [
            f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]"
            for level in range(1, 12)
        ]
    )
    text = f"---\n{bomb}\ntitle: x\n---\nBody.\n"
    started = time.monotonic()
    problem = problem_of(text)
    assert time.monotonic() - started < 1
    assert "aliases (*name) are not allowed" in problem


@pytest.mark.parametrize(
    "body",
    [
        "[" * 20_000 + "x" + "]" * 20_000,
        "[ " * 20_000,
        "![ " * 20_000,
        "*a* " * 250_000,
        "- item\n" * 100_000,
        "x" * 30_000,
    ],
    ids=["nested", "unclosed", "images", "emphasis", "lines", "long"],
)
def test_pathological_bodies_are_refused_quickly(body):
    started = time.monotonic()
    problem = problem_of(article_text(body=body))
    assert time.monotonic() - started < 2
    assert "more than" in problem or "longer than" in problem


def test_deeply_nested_front_matter_is_refused():
    assert "too deeply" in problem_of(article_text(challenges="[" * 5000 + "]" * 5000))


def test_messages_quote_only_a_little_of_the_file():
    problem = problem_of(article_text(date='"' + "9" * 100_000 + '"'))
    assert len(problem) < MAX_QUOTED + 200


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"date_precision": "[day]"}, "'date_precision' must be day, month or year"),
        ({"participants": "[{participant: [a], role: speaker}]"}, "each participant"),
        ({"participants": "[{participant: a, role: [speaker]}]"}, "unknown role"),
    ],
)
def test_values_of_the_wrong_shape_are_refused(change, expected):
    assert expected in problem_of(article_text(**change))


def test_byte_order_mark_and_windows_line_endings_are_read():
    text = article_text(body="First paragraph.\n\nSecond paragraph.\n")
    for variant in (
        "\ufeff" + text,
        text.replace("\n", "\r\n"),
        text.replace("\n", "\r"),
    ):
        article = parse_article(variant, path="windows.md")
        assert article.title == "A meeting on mandates"
        assert [block["value"] for block in article.body] == [
            "<p>First paragraph.</p>",
            "<p>Second paragraph.</p>",
        ]


@pytest.fixture
def terms(db):
    make_source(slug="inex")
    make_challenge(slug="mandates")
    make_participant("African Union", slug="african-union")


def test_two_files_with_one_slug_are_not_merged_into_one_briefing(terms):
    report = import_articles(
        [
            ArticleFile("first.md", article_text(slug="same")),
            ArticleFile("second.md", article_text(slug="same", title='"Other"')),
            ArticleFile("third.md", article_text(slug="other")),
        ]
    )
    assert report.created == ["first.md", "third.md"]
    assert report.failed == [
        (
            "second.md",
            "its slug 'same' is also the slug of first.md in this import; each "
            "briefing needs its own",
        )
    ]
    assert BriefingPage.objects.get(slug="same").title == "A meeting on mandates"


def test_a_hostile_file_fails_alone_and_the_batch_goes_on(terms):
    files = [
        ArticleFile("date.md", article_text(slug="d", date="0000-00-00")),
        ArticleFile("script.md", article_text(slug="s", body="[x](javascript:1)\n")),
        ArticleFile("nested.md", article_text(slug="n", body="[" * 5000)),
        ArticleFile("good.md", article_text(slug="good")),
    ]
    for dry_run in (True, False):
        report = import_articles(files, dry_run=dry_run)
        assert report.created == ["good.md"]
        assert [name for name, _ in report.failed] == [
            "date.md",
            "script.md",
            "nested.md",
        ]
    assert list(BriefingPage.objects.values_list("slug", flat=True)) == ["good"]


def test_the_command_reports_a_hostile_file_without_a_traceback(terms, tmp_path):
    (tmp_path / "bad.md").write_text(article_text(slug="bad", date="0000-00-00"))
    (tmp_path / "good.md").write_text(article_text(slug="good"))
    out = StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command("import_briefings", str(tmp_path), "--dry-run", stdout=out)
    report = out.getvalue()
    assert "created: good.md" in report
    assert "failed: bad.md: the front matter holds a date or number" in report
