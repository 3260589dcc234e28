"""Reading one article file of the fixtures' format: YAML front matter, Markdown body.

The format is described for editors in `fixtures/README.md`. This module only parses
and validates; `writer.py` writes what it returns into pages.
"""

import datetime
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import yaml

from .. import allowlist
from ..briefing_rules import (
    DATE_NOTE_MAX_LENGTH,
    SOURCE_URL_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    date_problem,
)
from ..models import BriefingParticipant

REQUIRED_KEYS = {"title", "slug", "date", "source", "summary", "challenges"}
OPTIONAL_KEYS = {"date_precision", "date_note", "source_url", "participants"}
DATE_PRECISIONS = {"day", "month", "year"}
# Python-Markdown's inline patterns rescan a paragraph for every element they
# find or fail to close, so its time grows with the square of the paragraph:
# 20,000 unclosed "[" took a minute and a half, a megabyte of "*a* " four. An
# article's paragraphs are a few hundred words with a few links and emphases.
MAX_PARAGRAPH_LENGTH = 20_000
MARKUP = re.compile(r"[*_`\[<!]")
MAX_MARKUP_PER_PARAGRAPH = 200
MAX_MARKUP = 5_000
# Each line may become a list item converted on its own; a long report has a
# thousand or two lines.
MAX_LINES = 10_000
# An error message quotes at most this much of what the file holds.
MAX_QUOTED = 200


class ArticleFormatError(ValueError):
    """An unreadable article file; the message names the file and the problem."""

    def __init__(self, path: Path | str, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path.name}: {problem}")


@dataclass
class ArticleData:
    """The content of one article file, validated, ready to become a briefing page."""

    path: Path
    title: str
    slug: str
    date: datetime.date
    source: str
    summary: str
    challenges: list[str]
    participants: list[tuple[str, str]]
    body: list[dict]
    date_precision: str = "day"
    date_note: str = ""
    source_url: str = ""
    extra: dict = field(default_factory=dict)


def read_article(path: Path) -> ArticleData:
    """Parse and validate the file at `path`; ArticleFormatError if malformed."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ArticleFormatError(path, "the file is not UTF-8 text") from None
    return parse_article(text, path=path)


def parse_article(text: str, *, path: Path | str) -> ArticleData:
    """Parse an article's text (front matter and body); `path` names it in errors.

    Reads what ordinary editors' tools write: a UTF-8 byte order mark and Windows
    (CRLF) or old Mac (CR) line endings."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise ArticleFormatError(path, "the file contains a NUL byte")
    match = re.match(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n?(.*)\Z", text, re.DOTALL)
    if not match:
        raise ArticleFormatError(
            path, "no front matter: the file must start with a '---' line"
        )
    meta = load_yaml(match.group(1), path=path, what="the front matter") or {}
    if not isinstance(meta, dict):
        raise ArticleFormatError(path, "the front matter must be a set of 'key: value'")
    _check_keys(meta, path)
    return ArticleData(
        path=Path(path),
        title=_text(meta, "title", path, max_length=TITLE_MAX_LENGTH),
        slug=_slug(meta, path),
        date=_date(meta, path),
        date_precision=_date_precision(meta, path),
        date_note=_optional_text(
            meta, "date_note", path, max_length=DATE_NOTE_MAX_LENGTH
        ),
        source=_checked_slug(
            _text(meta, "source", path, max_length=255), "source", path
        ),
        source_url=_url(meta, path),
        summary=_text(meta, "summary", path, max_length=SUMMARY_MAX_LENGTH),
        challenges=_challenges(meta, path),
        participants=_participants(meta, path),
        body=markdown_to_blocks(match.group(2), path=path),
    )


class _YamlWithoutAliases(yaml.SafeLoader):
    """PyYAML's safe loader, refusing aliases (`*name`): each repeats a node, so
    aliases of aliases grow exponentially (4.6 KB of them took 633 MB)."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None,
                None,
                "aliases (*name) are not allowed",
                self.peek_event().start_mark,
            )
        return super().compose_node(parent, index)


def load_yaml(text: str, *, path, what: str):
    """`text` read as YAML without aliases; an ArticleFormatError naming `what`
    for anything PyYAML cannot read, an impossible date or time included."""
    try:
        return yaml.load(text, Loader=_YamlWithoutAliases)  # noqa: S506 (safe)
    except yaml.YAMLError as error:
        problem = f"{what} is not valid YAML: {brief(str(error))}"
    except (ValueError, OverflowError) as error:
        # PyYAML builds dates and times itself: 0000-00-00, 2024-02-30 or an
        # hour of 25 fail there, before any check of ours.
        problem = (
            f'{what} holds a date or number that cannot be ("{brief(str(error))}"); '
            'write dates as "YYYY-MM-DD", in quotes'
        )
    except RecursionError:
        problem = f"{what} nests lists or mappings too deeply"
    raise ArticleFormatError(path, problem)


def brief(text: str) -> str:
    """`text` cut to MAX_QUOTED characters, for a message."""
    return text if len(text) <= MAX_QUOTED else text[:MAX_QUOTED] + "…"


def _check_keys(meta: dict, path) -> None:
    unknown = sorted(str(key) for key in set(meta) - REQUIRED_KEYS - OPTIONAL_KEYS)
    if unknown:
        raise ArticleFormatError(path, f"unknown key(s): {', '.join(unknown)}")
    missing = sorted(key for key in REQUIRED_KEYS if meta.get(key) in (None, ""))
    if missing:
        raise ArticleFormatError(path, f"missing required key(s): {', '.join(missing)}")


def _text(meta: dict, key: str, path, *, max_length: int) -> str:
    value = meta[key]
    if not isinstance(value, str) or not value.strip():
        raise ArticleFormatError(path, f"'{key}' must be non-empty text")
    value = value.strip()
    # A YAML escape ("\0", "\x00") makes one; no database column holds it.
    if "\x00" in value:
        raise ArticleFormatError(path, f"'{key}' holds a NUL character")
    if len(value) > max_length:
        raise ArticleFormatError(
            path, f"'{key}' is longer than {max_length} characters"
        )
    return value


def _optional_text(meta: dict, key: str, path, *, max_length: int) -> str:
    if meta.get(key) in (None, ""):
        return ""
    return _text(meta, key, path, max_length=max_length)


SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _slug(meta: dict, path) -> str:
    return _checked_slug(_text(meta, "slug", path, max_length=255), "slug", path)


def _checked_slug(slug: str, key: str, path) -> str:
    """`slug` if it is one; the briefing's own and the terms' alike, since an
    import may create the terms it names (`--create-terms`)."""
    if len(slug) > 255 or not SLUG.fullmatch(slug):
        raise ArticleFormatError(
            path,
            f"'{key}' must be lowercase words joined by hyphens, "
            f"not {brief(repr(slug))}",
        )
    return slug


def _date(meta: dict, path) -> datetime.date:
    value = meta["date"]
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        try:
            value = datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ArticleFormatError(
                path,
                f"'date' must be a date written YYYY-MM-DD, not {brief(repr(value))}",
            ) from None
    if problem := date_problem(value):
        raise ArticleFormatError(path, f"'date' {value.isoformat()}: {problem}")
    return value


def _date_precision(meta: dict, path) -> str:
    value = meta.get("date_precision") or "day"
    if not isinstance(value, str) or value not in DATE_PRECISIONS:
        raise ArticleFormatError(
            path,
            f"'date_precision' must be day, month or year, not {brief(repr(value))}",
        )
    return value


def _url(meta: dict, path) -> str:
    value = _optional_text(meta, "source_url", path, max_length=SOURCE_URL_MAX_LENGTH)
    if value and not re.match(r"https?://[^\s/$.?#].[^\s]*\Z", value):
        raise ArticleFormatError(
            path, f"'source_url' is not a web address: {brief(repr(value))}"
        )
    return value


def _slug_list(meta: dict, key: str, path) -> list[str]:
    value = meta.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ArticleFormatError(path, f"'{key}' must be a list of slugs")
    return [_checked_slug(slug, key, path) for slug in value]


def _challenges(meta: dict, path) -> list[str]:
    slugs = _slug_list(meta, "challenges", path)
    if len(set(slugs)) != len(slugs):
        raise ArticleFormatError(path, "a challenge is listed twice")
    return slugs


def _participants(meta: dict, path) -> list[tuple[str, str]]:
    roles = set(BriefingParticipant.Role.values)
    entries = meta.get("participants") or []
    if not isinstance(entries, list):
        raise ArticleFormatError(path, "'participants' must be a list")
    result = []
    for entry in entries:
        if (
            not isinstance(entry, dict)
            or set(entry) != {"participant", "role"}
            or not isinstance(entry["participant"], str)
        ):
            raise ArticleFormatError(
                path, "each participant must be '{participant: <slug>, role: <role>}'"
            )
        if not isinstance(entry["role"], str) or entry["role"] not in roles:
            raise ArticleFormatError(
                path,
                f"unknown role {brief(repr(entry['role']))} for "
                f"{brief(repr(entry['participant']))}; "
                f"roles are: {', '.join(sorted(roles))}",
            )
        slug = _checked_slug(entry["participant"], "participants", path)
        result.append((slug, entry["role"]))
    slugs = [slug for slug, _ in result]
    if len(set(slugs)) != len(slugs):
        raise ArticleFormatError(path, "a participant is listed twice")
    return result


# The body is Markdown limited to what the body's blocks can hold. Block structure is
# read here line by line (python-markdown would give HTML, which would have to be
# parsed back into blocks); inline text goes through python-markdown.
_HEADING = re.compile(r"^(#{2,3})\s+(.*)$")
_NUMBERED = re.compile(r"^\d+[.)]\s+(.*)$")
_BULLETED = re.compile(r"^[-*]\s+(.*)$")
_ATTRIBUTION = re.compile(r"^[—–-]{1,2}\s*(.+)$")


def markdown_to_blocks(text: str, *, path) -> list[dict]:
    """Turn a Markdown body into the raw value of the body StreamField."""
    if text.count("\n") >= MAX_LINES:
        raise ArticleFormatError(path, f"the body is longer than {MAX_LINES} lines")
    if len(MARKUP.findall(text)) > MAX_MARKUP:
        raise ArticleFormatError(
            path,
            f"the body holds more than {MAX_MARKUP} of the characters * _ ` [ < !",
        )
    blocks: list[dict] = []
    for chunk in re.split(r"\n[ \t]*\n", text.strip()):
        lines = [line.rstrip() for line in chunk.strip().splitlines()]
        if not lines or not lines[0]:
            continue
        first = lines[0]
        if heading := _HEADING.match(first):
            if len(lines) > 1:
                raise ArticleFormatError(
                    path, f"a heading must stand alone: {brief(repr(first))}"
                )
            level = "h2" if len(heading.group(1)) == 2 else "h3"
            blocks.append(
                {"type": "heading", "value": {"text": heading.group(2), "level": level}}
            )
        elif _NUMBERED.match(first) or _BULLETED.match(first):
            _append_list(blocks, lines, path)
        elif first.startswith(">"):
            blocks.append({"type": "quote", "value": _quote(lines)})
        elif first.startswith("#"):
            raise ArticleFormatError(
                path, f"only ## and ### headings are allowed: {brief(repr(first))}"
            )
        else:
            paragraph = _allowed_inline_html(" ".join(lines), path=path)
            blocks.append({"type": "paragraph", "value": paragraph})
    if not blocks:
        raise ArticleFormatError(path, "the body is empty")
    return blocks


def _append_list(blocks: list[dict], lines: list[str], path) -> None:
    style = "numbered" if _NUMBERED.match(lines[0]) else "bulleted"
    pattern = _NUMBERED if style == "numbered" else _BULLETED
    items: list[str] = []
    for line in lines:
        item = pattern.match(line)
        if item:
            items.append(item.group(1))
        elif items and line.startswith((" ", "\t")):
            items[-1] += " " + line.strip()
        else:
            raise ArticleFormatError(
                path, f"a list item must start with '1.' or '-': {brief(repr(line))}"
            )
    value = [_allowed_inline_html(item, path=path) for item in items]
    # Items separated by blank lines still form one list.
    previous = blocks[-1] if blocks else None
    if previous and previous["type"] == "list" and previous["value"]["style"] == style:
        previous["value"]["items"].extend(value)
    else:
        blocks.append({"type": "list", "value": {"style": style, "items": value}})


def _quote(lines: list[str]) -> dict:
    text_lines = [line.lstrip(">").strip() for line in lines]
    attribution = ""
    if len(text_lines) > 1 and (match := _ATTRIBUTION.match(text_lines[-1])):
        attribution = match.group(1).strip()
        text_lines = text_lines[:-1]
    return {"text": " ".join(text_lines).strip(), "attribution": attribution}


_converters = threading.local()


def _markdown_without_html() -> markdown.Markdown:
    """A Markdown converter that escapes raw HTML instead of passing it through;
    one per thread, reset between uses (building one costs more than converting
    a paragraph)."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown()
        converter.preprocessors.deregister("html_block")
        converter.inlinePatterns.deregister("html")
    return converter.reset()


def _allowed_inline_html(text: str, *, path) -> str:
    """`inline_html(text)` if it keeps to `briefings.allowlist`; else an error
    saying what it breaks (an image, a javascript: link...)."""
    if len(text) > MAX_PARAGRAPH_LENGTH:
        raise ArticleFormatError(
            path,
            f"a paragraph is longer than {MAX_PARAGRAPH_LENGTH} characters: "
            f"{brief(repr(text[:60]))}",
        )
    if len(MARKUP.findall(text)) > MAX_MARKUP_PER_PARAGRAPH:
        raise ArticleFormatError(
            path,
            f"a paragraph holds more than {MAX_MARKUP_PER_PARAGRAPH} of the "
            f"characters * _ ` [ < !: {brief(repr(text[:60]))}",
        )
    try:
        html = inline_html(text)
    except RecursionError:
        raise ArticleFormatError(
            path, f"a paragraph nests brackets too deeply: {brief(repr(text[:60]))}"
        ) from None
    if found := allowlist.problems(html):
        raise ArticleFormatError(path, "; ".join(found[:3]))
    return html


def inline_html(text: str) -> str:
    """One paragraph of inline Markdown as Wagtail rich text (<p>, <b>, <i>, <a>)."""
    html = _markdown_without_html().convert(text.strip())
    if not html.startswith("<p>"):
        html = f"<p>{html}</p>"
    html = re.sub(r"<(/?)strong>", r"<\1b>", html)
    return re.sub(r"<(/?)em>", r"<\1i>", html)
