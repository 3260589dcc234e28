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

GUIDE = Path(settings.BASE_DIR) / "docs" / "editors.md"


@lru_cache(maxsize=4)
def rendered(modified: float) -> str:
    """The guide as HTML, kept until the file changes (`modified`)."""
    text = GUIDE.read_text(encoding="utf-8")
    # The first heading is the page's title, shown by the admin's header.
    body = text.split("\n", 1)[1] if text.startswith("# ") else text
    return markdown.markdown(
        body, extensions=["toc", "tables", "fenced_code"], output_format="html"
    )


def editors_guide(request):
    """The admin page showing the guide."""
    html = rendered(GUIDE.stat().st_mtime)
    return render(
        request,
        "briefings/admin/editors_guide.html",
        {
            "guide": mark_safe(html),
            "page_title": "Editors' guide",
            "header_icon": "help",
        },
    )
