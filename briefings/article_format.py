"""Reading one article file of the fixtures' format: YAML front matter, Markdown body.

The format is described for editors in `fixtures/README.md`. This module only parses
and validates; `importers.py` writes what it returns into pages.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import yaml

REQUIRED_KEYS = {"title", "slug", "date", "source", "summary", "challenges"}
OPTIONAL_KEYS = {"date_precision", "date_note", "source_url", "participants"}
DATE_PRECISIONS = {"day", "month", "year"}


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
    """Parse an article's text (front matter and body); `path` names it in errors."""
    if "\x00" in text:
        raise ArticleFormatError(path, "the file contains a NUL byte")
    match = re.match(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n?(.*)\Z", text, re.DOTALL)
    if not match:
        raise ArticleFormatError(
            path, "no front matter: the file must start with a '---' line"
        )
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        raise ArticleFormatError(
            path, f"the front matter is not valid YAML: {error}"
        ) from None
    if not isinstance(meta, dict):
        raise ArticleFormatError(path, "the front matter must be a set of 'key: value'")
    _check_keys(meta, path)
    return ArticleData(
        path=Path(path),
        title=_text(meta, "title", path, max_length=255),
        slug=_slug(meta, path),
        date=_date(meta, path),
        date_precision=_date_precision(meta, path),
        date_note=_optional_text(meta, "date_note", path, max_length=500),
        source=_text(meta, "source", path, max_length=255),
        source_url=_url(meta, path),
        summary=_text(meta, "summary", path, max_length=600),
        challenges=_challenges(meta, path),
        participants=_participants(meta, path),
        body=markdown_to_blocks(match.group(2), path=path),
    )


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
    if len(value) > max_length:
        raise ArticleFormatError(
            path, f"'{key}' is longer than {max_length} characters"
        )
    return value


def _optional_text(meta: dict, key: str, path, *, max_length: int) -> str:
    if meta.get(key) in (None, ""):
        return ""
    return _text(meta, key, path, max_length=max_length)


def _slug(meta: dict, path) -> str:
    slug = _text(meta, "slug", path, max_length=255)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise ArticleFormatError(
            path, f"'slug' must be lowercase words joined by hyphens, not {slug!r}"
        )
    return slug


def _date(meta: dict, path) -> datetime.date:
    value = meta["date"]
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ArticleFormatError(
            path, f"'date' must be a date written YYYY-MM-DD, not {value!r}"
        ) from None


def _date_precision(meta: dict, path) -> str:
    value = meta.get("date_precision") or "day"
    if value not in DATE_PRECISIONS:
        raise ArticleFormatError(
            path, f"'date_precision' must be day, month or year, not {value!r}"
        )
    return value


def _url(meta: dict, path) -> str:
    value = _optional_text(meta, "source_url", path, max_length=500)
    if value and not re.match(r"https?://[^\s/$.?#].[^\s]*\Z", value):
        raise ArticleFormatError(path, f"'source_url' is not a web address: {value!r}")
    return value


def _slug_list(meta: dict, key: str, path) -> list[str]:
    value = meta.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ArticleFormatError(path, f"'{key}' must be a list of slugs")
    return value


def _challenges(meta: dict, path) -> list[str]:
    slugs = _slug_list(meta, "challenges", path)
    if len(set(slugs)) != len(slugs):
        raise ArticleFormatError(path, "a challenge is listed twice")
    return slugs


def _participants(meta: dict, path) -> list[tuple[str, str]]:
    from .models import BriefingParticipant

    roles = set(BriefingParticipant.Role.values)
    entries = meta.get("participants") or []
    if not isinstance(entries, list):
        raise ArticleFormatError(path, "'participants' must be a list")
    result = []
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != {"participant", "role"}:
            raise ArticleFormatError(
                path, "each participant must be '{participant: <slug>, role: <role>}'"
            )
        if entry["role"] not in roles:
            raise ArticleFormatError(
                path,
                f"unknown role {entry['role']!r} for {entry['participant']!r}; "
                f"roles are: {', '.join(sorted(roles))}",
            )
        result.append((str(entry["participant"]), entry["role"]))
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
    blocks: list[dict] = []
    for chunk in re.split(r"\n[ \t]*\n", text.strip()):
        lines = [line.rstrip() for line in chunk.strip().splitlines()]
        if not lines or not lines[0]:
            continue
        first = lines[0]
        if heading := _HEADING.match(first):
            if len(lines) > 1:
                raise ArticleFormatError(path, f"a heading must stand alone: {first!r}")
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
                path, f"only ## and ### headings are allowed: {first!r}"
            )
        else:
            blocks.append({"type": "paragraph", "value": inline_html(" ".join(lines))})
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
                path, f"a list item must start with '1.' or '-': {line!r}"
            )
    value = [inline_html(item) for item in items]
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


def _markdown_without_html() -> markdown.Markdown:
    """A Markdown converter that escapes raw HTML instead of passing it through."""
    converter = markdown.Markdown()
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def inline_html(text: str) -> str:
    """One paragraph of inline Markdown as Wagtail rich text (<p>, <b>, <i>, <a>)."""
    html = _markdown_without_html().convert(text.strip())
    if not html.startswith("<p>"):
        html = f"<p>{html}</p>"
    html = re.sub(r"<(/?)strong>", r"<\1b>", html)
    return re.sub(r"<(/?)em>", r"<\1i>", html)
