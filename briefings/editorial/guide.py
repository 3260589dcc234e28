"""The editors' guide (`docs/editors.md`) in the admin, linked from its Help
menu: the file is the one source, read in the repository and shown here.

Rendered with Python-Markdown (already used for article bodies); the guide is
the project's own text, not user input, so its HTML is shown as written.
"""

from functools import lru_cache
from pathlib import Path

import markdown
from django.conf import settings
from django.shortcuts import render
from django.utils.safestring import mark_safe


def guide_path() -> Path:
    """Where the guide is (settings are read when it is asked for, not on import)."""
    return Path(settings.BASE_DIR) / "docs" / "editors.md"


@lru_cache(maxsize=4)
def rendered(path: Path, modified: float) -> str:
    """The guide at `path` as HTML, kept until the file changes (`modified`)."""
    text = path.read_text(encoding="utf-8")
    # The first heading is the page's title, shown by the admin's header.
    body = text.split("\n", 1)[1] if text.startswith("# ") else text
    converter = markdown.Markdown(
        extensions=["toc", "tables", "fenced_code"], output_format="html"
    )
    html = converter.convert(body)
    # A table of contents first: the guide is long, and its links are also what
    # lets a keyboard reach (and scroll) the page.
    return (
        '<nav class="editors-guide__contents" aria-labelledby="guide-contents">'
        f'<h2 id="guide-contents">Contents</h2>{converter.toc}</nav>{html}'
    )


def editors_guide(request):
    """The admin page showing the guide."""
    path = guide_path()
    html = rendered(path, path.stat().st_mtime)
    return render(
        request,
        "briefings/admin/editors_guide.html",
        {
            "guide": mark_safe(html),
            "page_title": "Editors' guide",
            "header_icon": "help",
        },
    )
