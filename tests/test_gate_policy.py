"""Policy step of the gate: checkov with zero failures, skips only from tools/checkov-skips.yaml."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from inference_platform.gate import check_tree
from inference_platform.gate.policy import CHECKOV, GRAPH_CHECKS, SKIPS_FILE, Skip, batches, load_skips, run_checkov

REPO = Path(__file__).resolve().parents[1]
DIST = REPO / "dist"

pytestmark = pytest.mark.skipif(not CHECKOV.exists(), reason="checkov not installed; run `make setup`")


def privileged_deployment() -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "bad", "namespace": "apps"},
            "spec": {"selector": {"matchLabels": {"app": "bad"}},
                     "template": {"metadata": {"labels": {"app": "bad"}},
                                  "spec": {"containers": [{"name": "server", "image": "vllm/vllm-openai:v0.11.0",
                                                           "securityContext": {"privileged": True}}]}}}}


def write(root: Path, rel: str, docs: list[dict]) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump_all(docs, sort_keys=False))
    return path


def test_fails_on_a_privileged_deployment(tmp_path):
    write(tmp_path, "dev/layers/50-apps/bad.yaml", [privileged_deployment()])
    found = run_checkov(tmp_path)
    privileged = [f for f in found if f.rule == "checkov:CKV_K8S_16"]
    assert [(f.file, f.object, f.message) for f in privileged] == [(
        f"{tmp_path.as_posix()}/dev/layers/50-apps/bad.yaml", "Deployment apps/bad",
        "Container should not be privileged")]


@pytest.mark.skipif(not DIST.is_dir(), reason="dist/ not synthesized yet (make synth)")
def test_committed_dist_passes_the_whole_gate():
    report = check_tree(DIST, policy=True)
    assert [str(f) for f in report] == []
    assert report.documents > 0


def test_every_skip_names_a_checkov_check_and_gives_a_reason():
    skips = load_skips()
    assert skips, "tools/checkov-skips.yaml lists no skips"
    for skip in skips:
        assert skip.check.startswith(("CKV_K8S_", "CKV2_K8S_")), skip
        assert len(skip.reason.split()) >= 8, f"{skip.check}: give a full reason"
    assert len({(s.check, s.files) for s in skips}) == len(skips), "a check is skipped twice"


def test_rejects_a_skip_without_reason(tmp_path):
    bad = tmp_path / "skips.yaml"
    bad.write_text("skips:\n  - check: CKV_K8S_16\n")
    with pytest.raises(ValueError, match=r"skips\[0\] needs 'check' and 'reason'"):
        load_skips(bad)


def test_a_scoped_skip_covers_only_its_files(tmp_path):
    write(tmp_path, "dev/layers/30-istio-gateway/gateway.yaml", [privileged_deployment()])
    write(tmp_path, "dev/layers/50-apps/bad.yaml", [privileged_deployment() | {
        "metadata": {"name": "bad", "namespace": "apps2"}}])
    skips = [Skip("CKV_K8S_16", "test", files=("*/layers/30-istio-gateway/*",))]
    files = {f.file.rsplit("/", 1)[-1] for f in run_checkov(tmp_path, skips=skips) if f.rule == "checkov:CKV_K8S_16"}
    assert files == {"bad.yaml"}


@pytest.mark.skipif(not DIST.is_dir(), reason="dist/ not synthesized yet (make synth)")
def test_dist_carries_no_inline_checkov_skips():
    # Skips belong in tools/checkov-skips.yaml with a reason, not in annotations or comments.
    inline = [p for p in DIST.rglob("*.yaml") if "checkov.io/skip" in (text := p.read_text()) or "checkov:skip" in text]
    assert inline == []


def test_flux_bootstrap_folder_is_left_to_flux(tmp_path):
    from inference_platform.gate.model import PRESERVED
    from inference_platform.output import PRESERVED as SYNTH_PRESERVED

    assert PRESERVED == SYNTH_PRESERVED
    write(tmp_path, "dev/flux/flux-system/gotk-components.yaml", [privileged_deployment()])
    assert list(check_tree(tmp_path, policy=True)) == []


# ---------------------------------------------------------------- batched, parallel scans


def secret_reader_role() -> dict:
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "secret-reader"},
            "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list", "watch"]}]}


def secret_reader_binding() -> dict:
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "read-secrets"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "secret-reader"},
            "subjects": [{"kind": "ServiceAccount", "name": "chat", "namespace": "apps"}]}


@pytest.mark.skipif(not DIST.is_dir(), reason="dist/ not synthesized yet (make synth)")
def test_a_fault_planted_in_one_file_among_many_is_found_by_a_batched_scan(tmp_path):
    import shutil

    shutil.copytree(DIST, tmp_path / "dist")
    target = sorted((tmp_path / "dist").glob("prod/layers/50-apps/*.yaml"))[-2]
    target.write_text(target.read_text() + yaml.safe_dump(privileged_deployment(), explicit_start=True))
    files = [p for p in (tmp_path / "dist").rglob("*.yaml")]
    batched = run_checkov(tmp_path / "dist", batch_objects=20, jobs=2)
    assert len(batches(tmp_path / "dist", [p.relative_to(tmp_path / "dist").as_posix() for p in files], set(), 20)) > 2
    assert {(f.file, f.object, f.rule) for f in batched if f.rule == "checkov:CKV_K8S_16"} == {
        (target.as_posix(), "Deployment apps/bad", "checkov:CKV_K8S_16")}
    assert batched == run_checkov(tmp_path / "dist", batch_objects=10**6, jobs=1)  # the same as one whole-tree run


def test_graph_checks_see_roles_and_bindings_from_different_files_and_layers(tmp_path):
    write(tmp_path, "prod/layers/50-apps/a-role.yaml", [secret_reader_role()])
    for i in range(3):  # filler between them, so a batch of one object would split them
        write(tmp_path, f"prod/layers/50-apps/filler-{i}.yaml", [{"apiVersion": "v1", "kind": "ServiceAccount",
                                                                    "metadata": {"name": f"sa-{i}", "namespace": "apps"}}])
    write(tmp_path, "prod/layers/40-mesh/binding.yaml", [secret_reader_binding()])
    found = run_checkov(tmp_path, batch_objects=1, jobs=2)
    assert [(f.file.rsplit("/", 1)[-1], f.object, f.rule) for f in found if f.rule.startswith("checkov:CKV2")] == [
        ("binding.yaml", "ClusterRoleBinding default/read-secrets", "checkov:CKV2_K8S_5")]


def test_files_with_graph_connected_kinds_share_one_batch(tmp_path):
    write(tmp_path, "a.yaml", [secret_reader_role()])
    write(tmp_path, "b.yaml", [privileged_deployment()])
    write(tmp_path, "c.yaml", [privileged_deployment(), privileged_deployment()])
    write(tmp_path, "d.yaml", [secret_reader_binding()])
    rbac = set(GRAPH_CHECKS["CKV2_K8S_5"])
    assert batches(tmp_path, ["a.yaml", "b.yaml", "c.yaml", "d.yaml"], rbac, 1) == [["a.yaml", "d.yaml"], ["b.yaml"], ["c.yaml"]]
    assert batches(tmp_path, ["a.yaml", "b.yaml", "c.yaml", "d.yaml"], rbac, 3) == [["a.yaml", "d.yaml"], ["b.yaml", "c.yaml"]]


def test_every_graph_check_of_the_pinned_checkov_is_known():
    # A checkov upgrade that adds a graph check must say which kinds it connects, or a batched
    # scan could split what the check needs to see together.
    found = {json.loads(p.read_text())["metadata"]["id"]
             for p in CHECKOV.parents[1].glob("lib/python*/site-packages/checkov/kubernetes/checks/graph_checks/*.json")}
    assert found == set(GRAPH_CHECKS)
