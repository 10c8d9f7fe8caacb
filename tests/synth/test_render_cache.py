"""The render cache: a one-service change re-renders that service only, and the tree is the cold synth's."""
from __future__ import annotations

import copy
import json

import pytest

from inference_platform.synth import render as synth_render
from inference_platform.synth.app import PlatformApp
from inference_platform.description import parse
from inference_platform.synth.render import render_with_inventory
from inference_platform.synth.write import read_tree
from inference_platform.synth.render_cache import RenderCache, code_version
from tools.bench_description import generate

from conftest import REPO, run_synth


pytestmark = pytest.mark.usefixtures("synth_env")


def reused(out: str) -> int:
    line = next(line for line in out.splitlines() if line.startswith("wrote "))
    return int(line.split("(")[1].split()[0])


@pytest.mark.slow
def test_one_changed_service_gives_the_cold_synths_tree_byte_for_byte(tmp_path, default_description, capsys):
    cache = tmp_path / "render-cache"
    assert run_synth(default_description, tmp_path / "incremental", "--render-cache", str(cache)) == 0
    assert reused(capsys.readouterr().out) == 0
    changed = copy.deepcopy(default_description)
    changed["services"][1]["image"] = "ghcr.io/huggingface/text-embeddings-inference:cpu-1.9"

    assert run_synth(changed, tmp_path / "incremental", "--render-cache", str(cache)) == 0
    services = 2 * len(changed["services"])  # dev and prod
    assert reused(capsys.readouterr().out) == services - 2  # embeddings in both environments re-rendered
    assert run_synth(changed, tmp_path / "cold", "--render-cache", "off") == 0
    incremental, cold = read_tree(tmp_path / "incremental"), read_tree(tmp_path / "cold")
    assert incremental == cold
    assert "cpu-1.9" in incremental["prod/layers/50-apps/embeddings.yaml"]
    assert not list(cache.glob(".*.tmp"))


@pytest.mark.slow
def test_corrupted_and_foreign_cache_entries_are_ignored_and_replaced(tmp_path, default_description, capsys):
    cache = tmp_path / "render-cache"
    assert run_synth(default_description, tmp_path / "cold", "--render-cache", str(cache)) == 0
    capsys.readouterr()
    entries = sorted(cache.glob("*.json"))
    truncated, edited, foreign = entries[0], entries[1], entries[2]
    cold = read_tree(tmp_path / "cold")
    # Equal files (a service alike in dev and prod) share an entry: count the files the broken entries hold.
    broken = sum(list(cold.values()).count(json.loads(e.read_text())["text"]) for e in (truncated, edited, foreign))
    truncated.write_bytes(truncated.read_bytes()[:100])
    entry = json.loads(edited.read_text())
    entry["text"] = entry["text"].replace("kind: Deployment", "kind: Deployment\nreplicas: 99")  # seal kept: no match
    edited.write_text(json.dumps(entry))
    foreign.write_bytes(entries[3].read_bytes())  # a valid entry, of another key

    assert run_synth(default_description, tmp_path / "again", "--render-cache", str(cache)) == 0
    out = capsys.readouterr().out
    files = 2 * len(default_description["services"])  # dev and prod
    assert f"{broken} invalid cache entries ignored" in out and reused(out) == files - broken
    assert read_tree(tmp_path / "again") == cold
    assert run_synth(default_description, tmp_path / "third", "--render-cache", str(cache)) == 0  # rewritten valid
    assert reused(capsys.readouterr().out) == files


@pytest.mark.slow
def test_rendering_in_two_processes_writes_what_one_process_writes(monkeypatch):
    app = PlatformApp(parse(generate(9)))
    serial = render_with_inventory(app, workers=1)
    monkeypatch.setattr(synth_render, "PARALLEL_MIN", 1)
    assert render_with_inventory(app, workers=2) == serial


def test_code_version_follows_the_rendering_code_only(tmp_path):
    for rel in ("inference_platform/synth/render.py", "inference_platform/gate/rules.py", "constructs/ai_service.py",
                "imports/k8s.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x = 1\n")
    before = code_version(tmp_path)
    (tmp_path / "inference_platform/gate/rules.py").write_text("x = 2\n")  # the gate renders nothing
    assert code_version(tmp_path) == before
    (tmp_path / "constructs/ai_service.py").write_text("x = 2\n")
    assert code_version(tmp_path) != before


def test_an_entry_is_found_only_under_its_own_key(tmp_path):
    cache = RenderCache(tmp_path, version="v1")
    key = cache.key("service a")
    cache.put(key, "text", frozenset({("Service", "ns", "a")}))
    assert cache.get(key) == ("text", frozenset({("Service", "ns", "a")}))
    assert RenderCache(tmp_path, version="v2").get(RenderCache(tmp_path, version="v2").key("service a")) is None


def test_a_cache_that_cannot_be_written_only_costs_speed(tmp_path, default_description, capsys):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be\n")
    assert run_synth(default_description, tmp_path / "dist", "--render-cache", str(blocked)) == 0
    assert read_tree(tmp_path / "dist") == read_tree(REPO / "dist")
