"""Imports go one way: the project package uses no briefings code (but its URLs),
the page types use no admin, import or caching code, the read path uses none of
the rest, and the site never imports the benchmarks. A test rather than a
convention, so that a reverse import fails here and not in a newcomer's head."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# (importing package, forbidden package, allowed exceptions: importing modules)
RULES = [
    ("institute", "briefings", {"institute.urls"}),
    ("institute", "bench", set()),
    ("institute", "subscriptions", {"institute.urls"}),
    ("briefings", "subscriptions", set()),
    ("subscriptions", "bench", set()),
    ("briefings", "bench", set()),
    ("briefings.models", "briefings.editorial", set()),
    ("briefings.models", "briefings.importing", set()),
    ("briefings.models", "briefings.upkeep", set()),
    ("briefings.models", "briefings.signals", set()),
    ("briefings.models", "institute.caching", set()),
    ("briefings.listing", "briefings.models", set()),
    ("briefings.listing", "briefings.editorial", set()),
    ("briefings.listing", "briefings.importing", set()),
    ("briefings.listing", "briefings.upkeep", set()),
    ("briefings.listing", "briefings.signals", set()),
    ("briefings.listing", "briefings.views", set()),
    ("briefings.editorial", "briefings.importing", {"briefings.editorial.imports"}),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    found = {}
    for package in ("institute", "briefings", "subscriptions", "bench"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[module_name(path)] = path
    return found


def imports_of(name: str, path: Path) -> list[tuple[str, int, bool]]:
    """(module imported, line, whether inside a function) for every import."""
    tree = ast.parse(path.read_text())
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = []

    def visit(node, in_function: bool, in_type_checking: bool):
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef
            )
            checking = in_type_checking or (
                isinstance(child, ast.If)
                and isinstance(child.test, ast.Name)
                and child.test.id == "TYPE_CHECKING"
            )
            if isinstance(child, ast.Import) and not checking:
                found.extend(
                    (alias.name, child.lineno, in_function) for alias in child.names
                )
            elif isinstance(child, ast.ImportFrom) and not checking:
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - child.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                found.append((base, child.lineno, in_function))
                found.extend(
                    (f"{base}.{alias.name}", child.lineno, in_function)
                    for alias in child.names
                )
            visit(child, inner, checking)

    visit(tree, False, False)
    return found


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


ALL = modules()


@pytest.mark.parametrize(("importer", "forbidden", "allowed"), RULES)
def test_imports_go_one_way(importer, forbidden, allowed):
    wrong = [
        f"{name}:{line} imports {imported}"
        for name, path in ALL.items()
        if within(name, importer) and name not in allowed
        for imported, line, _ in imports_of(name, path)
        if within(imported, forbidden) and (imported in ALL or imported == forbidden)
    ]
    assert wrong == []


def test_no_import_inside_a_function_dodges_a_cycle():
    """The site's code is imported at the top of a module; the only exception is
    Django's documented place, an AppConfig's `ready()`. (The benchmark's
    scripts import the project after `django.setup()`, as they must.)"""
    inside = [
        f"{name}:{line} imports {imported}"
        for name, path in ALL.items()
        if not name.endswith(".apps") and not within(name, "bench")
        for imported, line, in_function in imports_of(name, path)
        if in_function
        and imported.split(".")[0]
        in {"briefings", "institute", "subscriptions", "bench"}
    ]
    assert inside == []


def test_the_rules_name_real_packages():
    for importer, forbidden, allowed in RULES:
        assert importer in ALL and forbidden in ALL, (importer, forbidden)
        assert allowed <= set(ALL)
