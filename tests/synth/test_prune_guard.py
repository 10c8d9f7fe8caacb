"""The prune guard and the dist/ writer: a synth never silently empties a layer.

Flux (``prune: true``) and Argo CD (automated prune) delete from the cluster whatever
disappears from dist/, so a description that drops most of a layer's objects is refused
unless the user allows it; refused or failed synths leave dist/ byte-for-byte unchanged.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO, keep_only, run_synth, tree_hash
from inference_platform.description import load_file
from inference_platform.synth.app import PlatformApp
from inference_platform.synth.prune_guard import compare, inventory_of_texts
from inference_platform.synth.render import render_with_inventory

KEPT_SERVICE = "vision"  # the smallest file: dropping the others removes most of each apps layer


pytestmark = pytest.mark.usefixtures("synth_env")


@pytest.fixture
def dist(dist_copy) -> Path:
    """A private copy of dist/ as the default description writes it, that a test may overwrite."""
    return dist_copy


def test_refuses_a_description_that_drops_most_services(dist, description, capsys):
    before = tree_hash(dist)
    assert run_synth(keep_only(description, KEPT_SERVICE), dist) == 3
    err = capsys.readouterr().err
    for env in ("dev", "prod"):
        assert re.search(rf"{env}/layers/50-apps: would remove \d+ of \d+ objects \(more than half\)", err)
    assert "add 'dev/50-apps' to allow_prune in the description or run `make synth ALLOW_PRUNE=1`" in err
    assert tree_hash(dist) == before


@pytest.mark.parametrize("how", ["flag", "environment", "description"])
def test_allowed_prune_writes_the_smaller_layer(dist, description, monkeypatch, how):
    smaller, extra = keep_only(description, KEPT_SERVICE), []
    if how == "flag":
        extra = ["--allow-prune"]
    elif how == "environment":
        monkeypatch.setenv("ALLOW_PRUNE", "1")
    else:
        # prod loses its only InferencePools with llm-chat, so its Gateway API CRD layer goes too
        smaller["allow_prune"] = ["dev/50-apps", "prod/50-apps", "prod/05-gateway-api-crds"]
    assert run_synth(smaller, dist, *extra) == 0
    for env in ("dev", "prod"):
        apps = dist / env / "layers" / "50-apps"
        assert sorted(p.name for p in apps.iterdir()) == ["kustomization.yaml", f"{KEPT_SERVICE}.yaml"]
        assert yaml.safe_load((apps / "kustomization.yaml").read_text())["resources"] == [f"{KEPT_SERVICE}.yaml"]


def test_allowing_one_environment_still_guards_the_other(dist, description, capsys):
    before = tree_hash(dist)
    smaller = keep_only(description, KEPT_SERVICE)
    smaller["allow_prune"] = ["dev/50-apps"]
    assert run_synth(smaller, dist) == 3
    err = capsys.readouterr().err
    assert "prod/layers/50-apps" in err and "dev/layers/50-apps" not in err
    assert tree_hash(dist) == before


def test_additions_and_field_changes_are_not_refused(dist, description, capsys):
    changed = copy.deepcopy(description)
    changed["services"][0]["image"] = "vllm/vllm-openai:v0.11.1"
    extra = copy.deepcopy(next(s for s in changed["services"] if s["name"] == "reranker"))
    extra["name"] = "reranker-b"
    extra["traffic"]["hosts"] = ["rerank-b.ai.example.com"]
    extra["traffic"]["retries"]["attempts"] = 2  # dev's gateway-api routes retry as the mesh default
    changed["services"].append(extra)
    assert run_synth(changed, dist) == 0
    out = capsys.readouterr().out
    assert "  + Deployment ai-retrieval/reranker-b-v1" in out
    assert "  - " not in out
    assert "vllm/vllm-openai:v0.11.1" in (dist / "prod" / "layers" / "50-apps" / "llm-chat.yaml").read_text()


def test_inventory_diff_prints_one_line_per_added_and_removed_object(dist, description, capsys):
    renamed = copy.deepcopy(description)
    [reranker] = [s for s in renamed["services"] if s["name"] == "reranker"]
    reranker["name"] = "rerank"  # every reranker object goes out, as many rerank objects come in
    for env in renamed["environments"].values():
        if "reranker" in env.get("services", {}):
            env["services"]["rerank"] = env["services"].pop("reranker")
    assert run_synth(renamed, dist) == 0
    out = capsys.readouterr().out.splitlines()
    [summary] = [line for line in out if line.startswith("dev/layers/50-apps:")]
    added, removed = re.fullmatch(r"dev/layers/50-apps: \+(\d+) -(\d+)", summary).groups()
    assert added == removed != "0"
    assert "  + Deployment ai-retrieval/rerank-v1" in out
    assert "  - Deployment ai-retrieval/reranker-v1" in out
    assert "  + Service ai-retrieval/rerank" in out
    assert "  - Service ai-retrieval/reranker" in out


def test_unchanged_description_prints_no_diff(dist, description, capsys):
    before = tree_hash(dist)
    assert run_synth(description, dist) == 0
    assert not [line for line in capsys.readouterr().out.splitlines() if line.startswith(("  +", "  -"))]
    assert tree_hash(dist) == before


def test_flux_bootstrap_files_survive_a_synth(dist, description):
    bootstrap = dist / "dev" / "flux" / "flux-system"
    bootstrap.mkdir()
    files = {"gotk-components.yaml": "# Flux components\n", "gotk-sync.yaml": "# Flux sync\n",
             "kustomization.yaml": "resources: [gotk-components.yaml, gotk-sync.yaml]\n"}
    for name, text in files.items():
        (bootstrap / name).write_text(text)
    assert run_synth(description, dist) == 0
    assert {p.name: p.read_text() for p in bootstrap.iterdir()} == files


def test_a_good_synth_removes_stale_files(dist, description):
    old = dist / "dev" / "layers" / "50-apps" / "old.yaml"
    old.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: old, namespace: ai-llm}\n")
    notes = dist / "prod" / "layers" / "60-gone" / "notes.txt"
    notes.parent.mkdir()
    notes.write_text("left over\n")
    assert run_synth(description, dist) == 0
    assert not old.exists() and not notes.parent.exists()


def test_a_failing_synth_leaves_dist_untouched(dist, description, capsys):
    before = tree_hash(dist)
    broken = keep_only(description, KEPT_SERVICE)  # would also trip the guard, but fails first
    broken["services"][0]["port"] = "eight thousand"
    assert run_synth(broken, dist, "--allow-prune") == 2
    assert "services[0].port" in capsys.readouterr().err
    assert tree_hash(dist) == before
    assert not list(dist.parent.glob(".build/*"))


# ---------------------------------------------------------------------- the inventory from memory


@pytest.mark.slow
def test_the_inventory_from_memory_equals_the_inventory_parsed_from_the_files():
    files, per_file = render_with_inventory(PlatformApp(load_file(REPO / "platform.yaml")))
    for path, objects in per_file.items():
        parsed = {(d["kind"], d["metadata"].get("namespace", ""), d["metadata"]["name"])
                  for d in yaml.safe_load_all(files[path]) if d}
        assert objects == parsed, path
    assert inventory_of_texts(files, per_file, files) == inventory_of_texts(files)


@pytest.mark.slow
def test_the_prune_guard_judges_alike_with_and_without_the_inventory_from_memory():
    files, per_file = render_with_inventory(PlatformApp(load_file(REPO / "platform.yaml")))
    apps = sorted(p for p in files if "/layers/50-apps/" in p and not p.endswith("kustomization.yaml"))
    old = dict(files)
    # The old tree had one more service, a different object in another file and lacked a third file.
    old[apps[0].replace(apps[0].rsplit("/", 1)[1], "retired.yaml")] = files[apps[0]].replace(
        "name: ", "name: retired-")
    old[apps[1]] = files[apps[1]].replace("kind: ServiceAccount", "kind: ConfigMap", 1)
    del old[apps[2]]
    fast = compare(old, files, new_inventory=per_file)
    slow = compare(old, files)
    assert (fast.added, fast.removed, fast.refused) == (slow.added, slow.removed, slow.refused)
    assert fast.added and fast.removed
