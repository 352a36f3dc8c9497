"""Imports run one way: the leaf, then the data apps, then events and the pages (ARCHITECTURE.md)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each app may import the apps of lower layers only; apps of one layer do not
# import each other except as listed (gallery's exhibits name people).
MAY_IMPORT = {
    "sources": set(),
    "venues": {"sources"},
    "people": {"sources"},
    "gallery": {"sources", "people"},
    "events": {"sources", "venues", "people", "gallery"},
}


def imported_apps(path: Path) -> list[tuple[int, str]]:
    """The project apps a module imports, with the line numbers, anywhere in the module (functions too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [(node.lineno, name.split(".")[0]) for name in names if name.split(".")[0] in MAY_IMPORT]
    return found


def modules(app: str) -> list[Path]:
    return sorted(path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


@pytest.mark.parametrize("app", MAY_IMPORT)
def test_no_import_runs_up_the_layers(app):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {other}"
        for path in modules(app)
        for line, other in imported_apps(path)
        if other != app and other not in MAY_IMPORT[app]
    ]

    assert wrong == []


def test_the_check_sees_an_import_hidden_in_a_function(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text("def f():\n    from events.models import Session\n    return Session\n")

    assert imported_apps(module) == [(2, "events")]


def test_model_relations_point_down_the_layers_too():
    from django.apps import apps

    wrong = [
        f"{model._meta.label}.{field.name} -> {field.related_model._meta.label}"
        for model in apps.get_models()
        if model._meta.app_label in MAY_IMPORT
        for field in model._meta.get_fields()
        if field.is_relation
        and not field.auto_created
        and field.related_model is not None
        and field.related_model._meta.app_label in MAY_IMPORT
        and field.related_model._meta.app_label != model._meta.app_label
        and field.related_model._meta.app_label not in MAY_IMPORT[model._meta.app_label]
    ]

    assert wrong == []
