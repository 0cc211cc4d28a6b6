"""The HSDS 3.0 response schemas in Plein's OpenAPI document.

The object schemas of the specification ship unchanged in `data/hsds-3.0/` (CC BY-SA 4.0, see
its NOTICE.md). Here they become OpenAPI components: the same properties, types, formats,
titles, descriptions and required fields, with references between the files turned into
`#/components/schemas/<object>`; the tabular metadata (CSV names, `core`, `constraints`) is left
out because OpenAPI has no keywords for it.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

SCHEMA_DIR = Path(__file__).with_name("data") / "hsds-3.0"
REF = "#/components/schemas/"
# Keywords of an HSDS property that mean the same in an OpenAPI 3.0 schema object.
KEPT = ("type", "title", "description", "format", "enum", "example")


def ref(name: str) -> dict:
    """A reference to the component of one HSDS object (`service`, `taxonomy_term`, ...)."""
    return {"$ref": REF + name}


def _property(spec: dict) -> dict:
    if "$ref" in spec:  # an object of another file: OpenAPI 3.0 ignores keywords beside $ref
        return ref(spec["$ref"].removesuffix(".json"))
    result = {key: spec[key] for key in KEPT if key in spec}
    if "items" in spec:
        result["items"] = _property(spec["items"])
    return result


def _component(spec: dict) -> dict:
    component = {
        "type": "object",
        "description": spec["description"],
        "properties": {name: _property(value) for name, value in spec["properties"].items()},
    }
    if spec.get("required"):
        component["required"] = list(spec["required"])
    return component


@functools.cache
def hsds_components() -> dict[str, dict]:
    """Every HSDS object schema as an OpenAPI component, by object name."""
    return {
        path.stem: _component(json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(SCHEMA_DIR.glob("*.json"))
    }


def hsds_components_add(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: add the HSDS objects the responses refer to."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(hsds_components())
    return result
