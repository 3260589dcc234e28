"""Property tests of the article parser: whatever a file holds, the parser returns
an article within the allowlist or raises its own error, nothing else."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefings import allowlist
from briefings.importing.article_format import ArticleFormatError, parse_article

KEYS = [
    "title",
    "slug",
    "date",
    "source",
    "summary",
    "challenges",
    "participants",
    "date_precision",
    "date_note",
    "source_url",
    "unknown",
]
# Scalars as YAML reads them, including the shapes that broke the parser: dates
# out of range, aliases, deep brackets, odd types.
SCALARS = st.one_of(
    st.sampled_from(
        [
            '"2019-03-04"',
            "2019-03-04",
            "0000-00-00",
            "2024-02-30",
            "2024-01-01 25:00:00",
            "1e400",
            "-.inf",
            "~",
            "yes",
            "[]",
            "{}",
            "*alias",
            "&anchor x",
            "[" * 300 + "]" * 300,
            "!!python/object:os.system",
            "!!binary aGVsbG8=",
            "day",
            "speaker",
            "https://example.org/a",
            "javascript:alert(1)",
            "[mandates, mandates]",
            "[{participant: african-union, role: speaker}]",
            "[{participant: [x], role: {a: b}}]",
            "'unterminated",
        ]
    ),
    st.text(alphabet=string.printable, max_size=40).map(repr),
    st.integers().map(str),
)
FRONT_MATTER = st.lists(
    st.tuples(st.sampled_from(KEYS), SCALARS), max_size=len(KEYS)
).map(lambda pairs: "".join(f"{key}: {value}\n" for key, value in pairs))
BODY_PIECES = st.sampled_from(
    [
        "A paragraph.",
        "## Heading",
        "### Sub",
        "# Top",
        "- item",
        "1. first",
        "> quote",
        "> — Someone",
        "[link](https://example.org)",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "![img](https://tracker.example/p.gif)",
        "<script>alert(1)</script>",
        "<a href='javascript:x'>x</a>",
        "`code`",
        "***",
        "[" * 150,
        "*" * 50,
        "\x00",
        "\r\n",
        "\ufeff",
        "\n\n",
        "    indented code",
        "+ plus item",
        "<http://autolink.example>",
        "&#106;avascript:",
    ]
)
BODY = st.lists(st.one_of(BODY_PIECES, st.text(max_size=30)), max_size=25).map(
    "\n".join
)
TEXT = st.one_of(
    st.builds(lambda front, body: f"---\n{front}---\n{body}", FRONT_MATTER, BODY),
    st.builds(
        lambda front, body: f"\ufeff---\r\n{front}---\r\n{body}", FRONT_MATTER, BODY
    ),
    st.text(max_size=200),
)


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(TEXT)
def test_the_parser_raises_only_its_own_error(text):
    try:
        article = parse_article(text, path="generated.md")
    except ArticleFormatError as error:
        assert error.problem
        return
    for block in article.body:
        values = {
            "paragraph": lambda value: [value],
            "list": lambda value: value["items"],
        }.get(block["type"], lambda value: [])(block["value"])
        for html in values:
            assert allowlist.problems(html) == [], html


VALID_FRONT = (
    'title: "T"\nslug: t\ndate: "2019-03-04"\nsource: inex\nsummary: "S."\n'
    "challenges: [mandates]\n"
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(BODY)
def test_a_valid_front_matter_with_any_body_parses_or_names_the_body(body):
    try:
        article = parse_article(f"---\n{VALID_FRONT}---\n{body}", path="b.md")
    except ArticleFormatError as error:
        assert error.problem
        return
    assert article.title == "T"
