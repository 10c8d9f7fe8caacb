"""The synth as users run it: deterministic, equal to the committed dist/, atomic on bad input."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import main
from inference_platform import layout
from inference_platform.synth.app import FILLERS, RENDERED_PARTS
from inference_platform.synth.write import read_tree

from conftest import REPO, keep_only, tree_hash


@pytest.fixture(scope="module")
def fresh(default_files) -> dict[str, str]:
    return default_files


@pytest.mark.slow
def test_two_synths_in_separate_processes_are_byte_identical(tmp_path):
    # Separate interpreters (and jsii kernels): no state shared between the runs can hide a difference.
    trees = []
    for name in ("one", "two"):
        run = subprocess.run([sys.executable, "main.py", "--dist", str(tmp_path / name)], cwd=REPO,
                             capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr
        trees.append(tree_hash(tmp_path / name))
    assert trees[0] == trees[1]


def test_committed_dist_is_what_a_synth_writes_now(fresh):
    committed = read_tree(REPO / "dist")
    stale = sorted(set(committed) ^ set(fresh)) + sorted(p for p in fresh if p in committed and committed[p] != fresh[p])
    assert not stale, f"dist/ is stale (run `make synth` and commit): {stale[:10]}"


def test_dist_holds_every_object_kind_for_each_service(fresh):
    for env in ("dev", "prod"):
        for svc in ("llm-chat", "embeddings", "reranker"):
            text = fresh[f"{env}/layers/50-apps/{svc}.yaml"]
            # every model version of the default description scales on a KEDA signal (no HPA of ours)
            # dev routes through the Gateway API (istio.routing gateway-api), prod through VirtualServices
            route = "HTTPRoute" if env == "dev" else "VirtualService"
            for kind in ("ServiceAccount", "Deployment", "Service", "PodDisruptionBudget", "ScaledObject",
                         "DestinationRule", route, "AuthorizationPolicy"):
                assert f"\nkind: {kind}\n" in text, (env, svc, kind)


def write_bad(tmp_path: Path) -> Path:
    bad = tmp_path / "bad.yaml"
    text = (REPO / "platform.yaml").read_text().replace("max_replicas: 4", "max_replicas: 0", 1)
    bad.write_text(text.replace("  - name: embeddings\n", "  - name: embeddings\n    replicas: 3\n", 1))
    return bad


def test_invalid_description_exits_2_and_leaves_dist_untouched(tmp_path, dist_copy, capsys):
    before = tree_hash(dist_copy)
    assert main.main(["--description", str(write_bad(tmp_path)), "--dist", str(dist_copy)]) == 2
    err = capsys.readouterr().err
    assert "services[0].autoscaling.max_replicas: 0 is out of range; allowed: between 1 and 2147483647" in err
    assert "services[1].replicas: unknown key; allowed keys here:" in err
    assert tree_hash(dist_copy) == before


@pytest.mark.slow
def test_cdk8s_synth_cli_fails_on_invalid_description_and_keeps_dist(tmp_path, dist_copy):
    before = tree_hash(dist_copy)
    env = {**os.environ, "PLATFORM_DESCRIPTION": str(write_bad(tmp_path)), "PLATFORM_DIST": str(dist_copy)}
    run = subprocess.run(["cdk8s", "synth"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode != 0
    assert "services[0].autoscaling.max_replicas: 0 is out of range; allowed: between 1 and 2147483647" in run.stderr
    assert tree_hash(dist_copy) == before


@pytest.mark.slow
def test_main_module_exits_with_status_2_from_the_command_line(tmp_path, dist_copy):
    run = subprocess.run([sys.executable, "main.py", "--description", str(write_bad(tmp_path)),
                          "--dist", str(dist_copy)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert run.returncode == 2
    assert run.stderr.startswith(f"error: {write_bad(tmp_path)}: the platform description has 2 problems:")


def make_synth(description: Path, dist: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PLATFORM_DESCRIPTION": str(description), "PLATFORM_DIST": str(dist)}
    env.pop("MAKEFLAGS", None)
    return subprocess.run(["make", "--no-print-directory", "synth"], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.slow
def test_make_synth_shows_the_problems_and_the_real_exit_status(tmp_path, dist_copy):
    before = tree_hash(dist_copy)
    run = make_synth(write_bad(tmp_path), dist_copy)
    assert run.returncode != 0
    assert "services[1].replicas: unknown key; allowed keys here:" in run.stderr
    assert "Error 2" in run.stderr  # make names the synth's own status: 2 = invalid description
    assert "Traceback" not in run.stderr and "    at " not in run.stderr  # no Python or Node.js stack
    assert tree_hash(dist_copy) == before


@pytest.mark.slow
def test_make_synth_prints_the_prune_guards_diff_and_status_3(tmp_path, dist_copy, default_description):
    smaller = tmp_path / "smaller.yaml"
    smaller.write_text(yaml.safe_dump(keep_only(default_description, "llm-chat")))
    run = make_synth(smaller, dist_copy)
    assert "Error 3" in run.stderr, run.stderr[-2000:]
    assert "would remove" in run.stderr
    assert "  - Deployment ai-retrieval/embeddings-v1" in run.stdout  # the inventory diff reaches the user


def test_every_layer_there_is_has_a_filler():
    assert list(FILLERS) == list(layout.LAYERS)
    assert set(RENDERED_PARTS) == {layer for layer in layout.LAYERS if layout.RENDERED in layer.istio_modes
                                   and layout.CONTROLLER_MANAGED not in layer.istio_modes}
