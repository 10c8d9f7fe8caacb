"""Print the description reference (markdown) from the model's fields, types, defaults and docs.

docs/reference.md embeds this output between the `reference:begin` / `reference:end` markers; a
test (tests/test_readme.py) reads the page back and compares every row with the model (its real defaults, nested ones
included, and its descriptions). Refresh with `python tools/reference.py --write`.
"""
from __future__ import annotations

import enum
import sys
import typing
from pathlib import Path
from typing import Any, Iterator, Literal

import yaml
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inference_platform.description import Platform  # noqa: E402
from inference_platform.description.errors import field_type, is_model, number, unwrap  # noqa: E402
from inference_platform.kube_names import INT32_MAX, Checked  # noqa: E402

BEGIN, END = "<!-- reference:begin -->", "<!-- reference:end -->"
PAGE = Path(__file__).resolve().parents[1] / "docs" / "reference.md"


def rows(cls: type[BaseModel], instance: BaseModel | None, prefix: str = "") -> Iterator[tuple[str, str, str, str]]:
    """(path, type, default, meaning) per field; defaults come from ``instance`` where there is one."""
    for name, field in cls.model_fields.items():
        key = field.alias or name  # as written in the description (``from``, a Python keyword)
        path = f"{prefix}.{key}" if prefix else key
        tp = field_type(field)
        if instance is not None:
            value = getattr(instance, name)
        elif field.is_required():
            value = None
        else:
            value = field.get_default(call_default_factory=True)
        if instance is None and field.is_required():
            default = "required"
        elif isinstance(value, BaseModel):
            default = "see below"
        else:
            default = f"`{yaml_flow(value)}`"
        yield path, short_type(tp), default, field.description or ""
        base = unwrap(tp)[0]
        args = typing.get_args(unwrap(base)[0]) if typing.get_origin(unwrap(base)[0]) is tuple else ()
        if is_model(base):
            yield from rows(base, value if isinstance(value, BaseModel) else None, path)
        elif args and is_model(unwrap(args[0])[0]):
            yield from rows(unwrap(args[0])[0], None, path + "[]")


def yaml_flow(value: Any) -> str:
    """``value`` as one line of YAML that reads back as the same value."""
    text = yaml.safe_dump(to_jsonable_python(value), default_flow_style=True, sort_keys=False, width=10**6)
    return text.strip().removesuffix("...").strip()


def short_type(tp: Any) -> str:
    base, meta, optional = unwrap(tp)
    origin = typing.get_origin(base)
    checked = [m for m in meta if isinstance(m, Checked)]
    if origin is Literal:
        name = " \\| ".join(str(a) for a in typing.get_args(base))
    elif checked and checked[0].choices:
        name = " \\| ".join(checked[0].choices)
    elif isinstance(base, type) and issubclass(base, enum.Enum):
        name = " \\| ".join(str(m.value) for m in base)
    elif origin is tuple:
        name = "list of " + short_type(typing.get_args(base)[0])
    elif origin is dict:
        name = "map of " + short_type(typing.get_args(base)[1])
    elif is_model(base):
        name = "mapping"
    elif origin in (typing.Union,) or str(origin) == "<class 'types.UnionType'>":
        # A mapping arm is named by its keys, so each form of the value can be told apart.
        name = " or ".join("{" + ", ".join(f.alias or n for n, f in a.model_fields.items()) + "}" if is_model(a) else short_type(a)
                           for a in typing.get_args(base))
    else:
        name = {int: "integer", float: "number", str: "string", bool: "boolean"}.get(base, "any")
        name += _bounds(meta)
    return name + (" (optional)" if optional else "")


def _bounds(meta: list[Any]) -> str:
    low = next((m.ge for m in meta if hasattr(m, "ge")), None)
    above = next((m.gt for m in meta if hasattr(m, "gt")), None)
    high = next((m.le for m in meta if hasattr(m, "le")), None)
    low, high = number(low), number(high)
    if above is not None:  # an open lower bound (a target above 0): "> 0, <= 1000000000"
        return f" > {number(above)}" + (f", <= {high}" if high is not None else "")
    if low is None and high is None:
        return ""
    if high is None or high == INT32_MAX:
        return f" >= {low}"
    return f" {low}-{high}"


def table() -> str:
    out = ["| key | type | default | meaning |", "| --- | --- | --- | --- |"]
    out += [f"| `{path}` | {type_} | {default} | {doc} |" for path, type_, default, doc in rows(Platform, Platform())]
    return "\n".join(out) + "\n"


def embed(text: str) -> str:
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{table()}{END}{tail}"


if __name__ == "__main__":
    if "--write" in sys.argv:
        PAGE.write_text(embed(PAGE.read_text()))
    else:
        print(table(), end="")
