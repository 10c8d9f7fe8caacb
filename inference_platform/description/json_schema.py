"""``platform.schema.json``: the description's JSON Schema for editors, generated from the model.

``platform.yaml`` starts with ``# yaml-language-server: $schema=./platform.schema.json``, so
VS Code (Red Hat YAML extension) and Neovim (yaml-language-server) complete keys and flag
unknown keys, wrong types, out-of-range numbers and bad names as you type. Rules that span
fields (weights sum to 100, namespaces declared, ...) are the loader's alone.

Environment overrides are partial: ``environments.<env>`` gets ``PlatformOverride``, a copy
of the schema with no required keys on the mappings that are merged deeply, and ``services``
as a map from service name to ``ServiceOverride``; lists are replaced whole, so list items
keep their required keys. Regenerate with ``make schema``.
"""
from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

from inference_platform.description.platform import Platform

__all__ = ["editor_schema", "render", "SCHEMA_FILE"]

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "platform.schema.json"


def editor_schema() -> dict[str, Any]:
    schema = _key_patterns(Platform.model_json_schema())
    defs = schema.setdefault("$defs", {})
    root = {k: v for k, v in schema.items() if k != "$defs"}
    defs["Platform"] = root
    overrides: dict[str, Any] = {}
    _override("Platform", defs, overrides)
    platform_override = overrides["PlatformOverride"]
    platform_override["properties"]["services"] = {
        "type": ["object", "array"], "description": (
            "Overrides per service, by service name (merged deeply; lists replaced); null drops a service, a new "
            "name adds one; a list replaces all services."),
        "additionalProperties": {"$ref": "#/$defs/ServiceOverride"}, "items": {"$ref": "#/$defs/Service"}}
    platform_override["properties"].pop("environments", None)
    _override("Service", defs, overrides)
    overrides["ServiceOverride"]["type"] = ["object", "null"]  # null drops the service in this environment
    defs.update(overrides)
    root["properties"]["environments"]["additionalProperties"] = {"$ref": "#/$defs/PlatformOverride"}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://github.com/example/ai-platform/platform.schema.json",
            "title": "AI inference platform description (platform.yaml)",
            **{k: v for k, v in root.items() if k != "title"},
            "$defs": dict(sorted(defs.items()))}


def _key_patterns(node: Any) -> Any:
    """Mapping keys with a pattern as ``propertyNames`` (pydantic's patternProperties would let
    keys that fail the pattern through unchecked)."""
    if isinstance(node, list):
        return [_key_patterns(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _key_patterns(v) for k, v in node.items()}
    if len(node.get("patternProperties", {})) == 1:
        (pattern, values), = node.pop("patternProperties").items()
        node["propertyNames"] = {**node.get("propertyNames", {}), "pattern": pattern}
        node["additionalProperties"] = values
    return node


def _override(name: str, defs: dict[str, Any], out: dict[str, Any]) -> str:
    """``<name>Override``: the def without required keys, its merged mappings overridden too."""
    target = f"{name}Override"
    if target in out:
        return target
    partial = copy.deepcopy(defs[name])
    partial.pop("required", None)
    partial.pop("default", None)
    partial["title"] = target
    out[target] = partial
    for prop in partial.get("properties", {}).values():
        prop.pop("default", None)
        for holder in [prop, *prop.get("anyOf", [])]:
            ref = holder.get("$ref", "")
            if ref.startswith("#/$defs/"):
                holder["$ref"] = "#/$defs/" + _override(ref.rsplit("/", 1)[1], defs, out)
    return target


def render() -> str:
    return json.dumps(editor_schema(), indent=2, sort_keys=False) + "\n"


if __name__ == "__main__":
    if "--write" in sys.argv:
        SCHEMA_FILE.write_text(render())
    else:
        sys.stdout.write(render())
