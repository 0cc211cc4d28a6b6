"""The audit rules, read from the code: every `audit.log` call names its action by a constant
(from the app's `audit_actions` module) and sits in a service, a task or a management command,
never in a view, form, selector, permission or template tag."""

import ast
import json
from pathlib import Path

import pytest

import plein
from plein.accounts.tests.factories import UserFactory
from plein.core import audit
from plein.core.models import AuditEvent
from plein.questions.models import Registration
from plein.referrals.models import Referral
from plein.socialmap import audit_actions as socialmap_actions
from plein.socialmap import services as socialmap_services
from plein.socialmap.models import Service
from plein.socialmap.tests.factories import ServiceFactory

ROOT = Path(plein.__file__).parent
# Where an audit entry may be written: the modules that change state on purpose (services, the
# HSDS import service, the second-factor service, tasks, commands and the demo loader).
WRITERS = ("services", "importer", "totp", "tasks", "management", "demo")


def _is_audit_log(call: ast.Call) -> bool:
    function = call.func
    return (
        isinstance(function, ast.Attribute)
        and function.attr == "log"
        and isinstance(function.value, ast.Name)
        and function.value.id == "audit"
    )


def _action_is_literal(call: ast.Call) -> bool:
    action = call.args[1] if len(call.args) > 1 else None
    action = action or next((k.value for k in call.keywords if k.arg == "action"), None)
    return isinstance(action, ast.Constant | ast.JoinedStr | ast.BinOp)


def _allowed_place(path: Path) -> bool:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return parts == ("core", "audit") or any(part in WRITERS for part in parts)


def problems_in(source: str, path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and _is_audit_log(node)):
            continue
        where = f"{path.relative_to(ROOT)}:{node.lineno}"
        if _action_is_literal(node):
            found.append(f"{where}: the action is written out; use a constant of audit_actions")
        if not _allowed_place(path):
            found.append(f"{where}: audit entries are written in services only")
    return found


def _code_files() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def test_every_audit_entry_is_written_by_a_service_with_a_constant_action():
    problems = []
    for path in _code_files():
        problems += problems_in(path.read_text(encoding="utf-8"), path)
    assert problems == []


def test_the_rules_find_a_literal_action_and_a_view_that_writes():
    view = ROOT / "questions" / "views" / "desk.py"
    source = 'audit.log(visit, "questions.visit.updated", user=user)\n'
    assert len(problems_in(source, view)) == 2
    service = ROOT / "questions" / "services" / "registration.py"
    assert problems_in("audit.log(visit, actions.VISIT_UPDATED, user=user)\n", service) == []
    assert len(problems_in('audit.log(o, f"x.{verb}")\n', service)) == 1


@pytest.mark.django_db
def test_a_changed_description_is_logged_as_changed_not_as_its_text():
    service = ServiceFactory(description="Oude omschrijving met een eigen zin")
    user = UserFactory(partner=True, organization=service.organization)
    socialmap_services.service_update(
        service=service, data={"description": "Nieuwe omschrijving", "name": "Nieuw"}, user=user
    )
    entry = AuditEvent.objects.get(action=socialmap_actions.SERVICE_UPDATED)
    assert entry.changes["description"] == audit.FIELD_CHANGED
    assert entry.changes["name"][1] == "Nieuw"  # a name is not free text
    assert "omschrijving" not in json.dumps(entry.changes)


def test_free_text_fields_are_the_text_fields_and_those_a_model_names():
    assert audit.changes_without_free_text(Referral, {"outcome": ["", "Gebeld"]}) == {
        "outcome": audit.FIELD_CHANGED
    }
    assert audit.changes_without_free_text(
        Registration, {"note": ["a", "b"], "effort": [1, 2]}
    ) == {
        "note": audit.FIELD_CHANGED,
        "effort": [1, 2],
    }
    assert audit.changes_without_free_text(Service, {"description": ["a", "b"]}) == {
        "description": audit.FIELD_CHANGED
    }
