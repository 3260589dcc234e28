"""Fill `{{NAME}}` placeholders in the deploy/ templates (nginx, Varnish)."""

import re


def fill(template: str, values: dict[str, str]) -> str:
    """`template` with each `{{NAME}}` replaced by `values[NAME]` (a missing name
    raises KeyError: a template never goes out half filled)."""

    def replace(match: re.Match) -> str:
        return values[match.group(1)]

    return re.sub(r"\{\{([A-Z_]+)\}\}", replace, template)
