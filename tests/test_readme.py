"""The documentation: the description reference (docs/reference.md) is read back and checked
against the model itself, and the README keeps its quick start.

Each row's default must be the model's real default (instantiated, so nested defaults such
as the gateway's ``autoscaling.min_replicas: 2`` count), its meaning the field's description,
and every field must have a row. Only the page's text and the model are compared; the
generator (tools/reference.py) is not consulted except to say how to refresh.
"""
from __future__ import annotations

import importlib.util
import typing

import pytest
import yaml
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from conftest import REPO
from inference_platform.description import Platform
from inference_platform.description.errors import is_model, unwrap

REQUIRED = object()
REFERENCE = REPO / "docs" / "reference.md"


def load_reference_tool():
    spec = importlib.util.spec_from_file_location("reference", REPO / "tools" / "reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reference_rows() -> dict[str, tuple[str, str, str]]:
    text = REFERENCE.read_text()
    section = text.split("<!-- reference:begin -->", 1)[1].split("<!-- reference:end -->", 1)[0]
    rows = {}
    for line in section.strip().splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        rows[cells[0].strip("`")] = (cells[1], cells[2], cells[3])
    return rows


def model_fields(cls: type[BaseModel], prefix: str = "") -> list[str]:
    out = []
    for name, field in cls.model_fields.items():
        path = f"{prefix}.{name}" if prefix else name
        out.append(path)
        base = unwrap(field.annotation)[0]
        item = typing.get_args(base)[0] if typing.get_origin(base) is tuple else None
        if is_model(base):
            out += model_fields(base, path)
        elif item is not None and is_model(unwrap(item)[0]):
            out += model_fields(unwrap(item)[0], path + "[]")
    return out


def model_default(path: str):
    """(field, default) at ``path``: from a default Platform() where an instance exists, else the field."""
    cls, obj, field, value = Platform, Platform(), None, None
    for seg in path.split("."):
        name = seg.removesuffix("[]")
        field = cls.model_fields[name]
        if obj is not None:
            value = getattr(obj, name)
        else:
            value = REQUIRED if field.is_required() else field.get_default(call_default_factory=True)
        base = unwrap(field.annotation)[0]
        if seg.endswith("[]"):
            cls, obj = unwrap(typing.get_args(base)[0])[0], None
        elif is_model(base):
            cls, obj = base, value if isinstance(value, BaseModel) else None
    return field, value


def test_reference_is_current():
    tool = load_reference_tool()
    text = REFERENCE.read_text()
    assert tool.embed(text) == text, "docs/reference.md is stale: run `python tools/reference.py --write`"


def test_reference_documents_every_field_once():
    assert list(reference_rows()) == model_fields(Platform)


@pytest.mark.parametrize("path", model_fields(Platform))
def test_reference_row_matches_the_model(path):
    _type, default, meaning = reference_rows()[path]
    field, value = model_default(path)
    assert meaning == field.description
    if value is REQUIRED:
        assert default == "required"
    elif isinstance(value, BaseModel):
        assert default == "see below"
    else:
        assert default.startswith("`") and default.endswith("`"), default
        assert yaml.safe_load(default[1:-1]) == to_jsonable_python(value)


def test_reference_documents_the_gateways_own_replica_default():
    # The nested default (ComponentScaling(min_replicas=2)), not ComponentScaling's own 1.
    assert reference_rows()["istio.gateway.autoscaling.min_replicas"][1] == "`2`"
    assert Platform().istio.gateway.autoscaling.min_replicas == 2


def test_readme_quick_start_has_exactly_the_two_commands():
    text = (REPO / "README.md").read_text()
    quick = text.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in quick.strip().splitlines()] == ["make synth", "make test"]
