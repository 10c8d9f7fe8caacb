"""The README's description reference is generated from the model and must not drift."""
from __future__ import annotations

import importlib.util

from conftest import REPO


def load_reference_tool():
    spec = importlib.util.spec_from_file_location("reference", REPO / "tools" / "reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_reference_matches_the_description_model():
    tool = load_reference_tool()
    text = (REPO / "README.md").read_text()
    assert tool.embed(text) == text, "README reference is stale: run `python tools/reference.py --write`"


def test_readme_quick_start_has_exactly_the_two_commands():
    text = (REPO / "README.md").read_text()
    quick = text.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in quick.strip().splitlines()] == ["make synth", "make test"]
