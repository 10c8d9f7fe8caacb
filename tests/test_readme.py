"""The documentation: the description reference (docs/reference.md) is read back and checked
against the model itself, the README keeps its quick start and stays a front door, and every
relative link and #anchor in README.md and docs/*.md resolves.

Each row's default must be the model's real default (instantiated, so nested defaults such
as the gateway's ``autoscaling.min_replicas: 2`` count), its meaning the field's description,
and every field must have a row. Only the page's text and the model are compared; the
generator (tools/reference.py) is not consulted except to say how to refresh.
"""
from __future__ import annotations

import importlib.util
import re
import typing
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from conftest import REPO
from inference_platform.description import Platform
from inference_platform.description.errors import is_model, unwrap

REQUIRED = object()
REFERENCE = REPO / "docs" / "reference.md"
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


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
        key = field.alias or name  # as written in the description
        path = f"{prefix}.{key}" if prefix else key
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
        key = seg.removesuffix("[]")
        name = next(n for n, f in cls.model_fields.items() if (f.alias or n) == key)
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


def test_readme_is_a_front_door():
    lines = (REPO / "README.md").read_text().count("\n")
    assert lines <= 300, f"README.md has {lines} lines: move detail into a docs/ page and link it"


# --- links and anchors, resolved as a forge (GitHub) renders them ---------------------------

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def prose_lines(text: str) -> list[str]:
    """The lines outside fenced code blocks (links and headings there are literal text)."""
    out, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            out.append(line)
    return out


def slug(heading: str) -> str:
    """GitHub's anchor for a heading (github-slugger): the rendered text lower-cased, punctuation
    dropped (letters, digits, ``_``, ``-`` and spaces kept), each space a hyphen."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """Every heading's anchor; a repeated slug gets -1, -2, ... as GitHub numbers them."""
    seen: dict[str, int] = {}
    out = set()
    for line in prose_lines(page.read_text()):
        match = HEADING.match(line)
        if match:
            base = slug(match.group(2))
            n = seen.get(base, 0)
            seen[base] = n + 1
            out.add(base if n == 0 else f"{base}-{n}")
    return out


def broken_links(page: Path) -> list[str]:
    """Each relative link of ``page`` whose file or #anchor does not exist."""
    broken = []
    for number, line in enumerate(prose_lines(page.read_text()), 1):
        for target in LINK.findall(CODE_SPAN.sub("code", line)):
            if not target or SCHEME.match(target):
                continue
            path, _, anchor = unquote(target).partition("#")
            dest = (page.parent / path).resolve() if path else page
            if not dest.exists():
                broken.append(f"{page.name}: {target}: no file {dest}")
            elif anchor and (dest.suffix != ".md" or anchor not in anchors(dest)):
                broken.append(f"{page.name}: {target}: no heading #{anchor} in {dest.name}")
    return broken


def test_github_slugs():
    # github-slugger's rule: ASCII punctuation but - and _ dropped, spaces become hyphens.
    assert slug("What `dist/` holds, and the order it is applied in") == "what-dist-holds-and-the-order-it-is-applied-in"
    assert slug("Endpoints: `make endpoints ENV=prod`") == "endpoints-make-endpoints-envprod"
    assert slug("Users' CI") == "users-ci"
    assert slug("Istio: two install modes, one version") == "istio-two-install-modes-one-version"
    assert slug("services[].traffic_policy") == "servicestraffic_policy"


def test_broken_links_are_found(tmp_path):
    (tmp_path / "a.md").write_text("# Title\n\n## Same\n\n## Same\n\n```\n# not a heading\n[x](gone.md)\n```\n")
    (tmp_path / "b.md").write_text(
        "[ok](a.md#same-1) [ok](a.md#title) [ok](#local) [web](https://example.com/x.md)\n"
        "`[code](gone.md)` [bad](gone.md) [bad](a.md#same-2) [bad](a.md#not-a-heading) [bad](#nowhere)\n"
        "## Local\n")
    assert broken_links(tmp_path / "a.md") == []
    assert [b.split(": ")[1] for b in broken_links(tmp_path / "b.md")] == [
        "gone.md", "a.md#same-2", "a.md#not-a-heading", "#nowhere"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_and_anchor_resolves(page):
    assert broken_links(page) == []


def test_every_docs_page_is_linked_from_the_readme():
    readme = REPO / "README.md"
    linked = {(readme.parent / unquote(t).partition("#")[0]).resolve()
              for line in prose_lines(readme.read_text()) for t in LINK.findall(CODE_SPAN.sub("code", line))
              if t and not SCHEME.match(t)}
    assert [p.name for p in PAGES[1:] if p.resolve() not in linked] == []
