"""Which app may import which: the layers of docs/architecture.md, checked on every import.

An import that goes the wrong way (upwards, or sideways where the table has no arrow) fails
here with the file and the module it imports. Imports inside functions count too.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "plein"

# app -> the apps it may import. Project-level modules (settings, urls, navigation …) may
# import every app; tests and migrations are not checked.
ALLOWED = {
    "core": set(),
    "accounts": {"core"},
    "socialmap": {"core", "accounts"},
    "questions": {"core", "accounts", "socialmap"},
    "referrals": {"core", "accounts", "socialmap", "questions"},
    "reports": {
        "core",
        "accounts",
        "socialmap",
        "questions",
        "referrals",
        "schedule",
        "activities",
        "appointments",
    },
    "schedule": {
        "core",
        "accounts",
        "socialmap",
        "questions",
        "referrals",
        "activities",
        "appointments",
    },
    "cooperation": {"core", "accounts", "socialmap", "referrals"},
    "appointments": {"core", "accounts", "socialmap", "referrals"},
    "api": {"core", "accounts", "socialmap"},
    "activities": {"core", "accounts", "socialmap"},
    "demo": {
        "core",
        "accounts",
        "socialmap",
        "questions",
        "referrals",
        "reports",
        "schedule",
        "cooperation",
        "appointments",
        "activities",
    },
}


def _imported_modules(path: Path) -> list[str]:
    modules: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.append(node.module)
    return modules


def _app_files(app: str):
    for path in sorted((PACKAGE / app).rglob("*.py")):
        if not {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts):
            yield path


def wrong_way_imports() -> list[str]:
    wrong = []
    for app, allowed in ALLOWED.items():
        for path in _app_files(app):
            for module in _imported_modules(path):
                parts = module.split(".")
                if parts[0] != "plein" or len(parts) < 2:
                    continue
                target = parts[1]
                if target != app and target in ALLOWED and target not in allowed:
                    wrong.append(f"{path.relative_to(PACKAGE)} imports {module}")
    return wrong


def test_every_app_is_in_the_layer_table():
    apps = {p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists()}
    assert apps == set(ALLOWED)


def test_no_import_goes_the_wrong_way():
    assert wrong_way_imports() == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    core = tmp_path / "core"
    core.mkdir()
    (core / "bad.py").write_text("def f():\n    from plein.reports import selectors\n")
    monkeypatch.setattr("tests.test_import_layers.PACKAGE", tmp_path)
    assert wrong_way_imports() == ["core/bad.py imports plein.reports"]
