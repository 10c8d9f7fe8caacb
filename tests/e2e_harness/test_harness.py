"""The e2e harness fails on planted defects with the API server's own message.

Runs against a real kube-apiserver started by the harness (``e2e.cluster``); skipped when the
pinned binaries are not built yet (``make e2e`` builds them, then runs this file with E2E=1,
where a missing binary is a failure instead).
"""
from __future__ import annotations

import copy

import pytest

from conftest import CRDS, REPO, require_shared
from e2e import preconditions
from e2e.checks import Refused, apply_layer, crd_index, crds_needed, install_crds, wait_available
from e2e.cluster import CONTROL_PLANE, DEFAULT_NODES, binaries, cluster
from e2e.flux import seed_repository
from e2e.gitserve import ScratchRepo
from e2e.variants import build_folder, variants_of
from inference_platform import layout

pytestmark = pytest.mark.slow  # a real kube-apiserver and kwok, started per module


@pytest.fixture(scope="module")
def layers() -> dict[str, list[dict]]:
    """The first environment's namespaces and apps layers from the committed dist/, and the first
    VirtualService of any committed environment (one on Gateway API routing has none)."""
    variants = variants_of(REPO / "dist", committed=True)
    out = {layer.name: build_folder(variants[0].layer_dir(layer)) for layer in (layout.NAMESPACES, layout.APPS)}
    out["virtualservice"] = next(([d] for v in variants for d in build_folder(v.layer_dir(layout.APPS))
                                  if d["kind"] == "VirtualService"), [])
    return out


@pytest.fixture(scope="module")
def kube(layers):
    try:
        bins = binaries(CONTROL_PLANE)
    except FileNotFoundError as err:  # `make e2e` builds them first and sets E2E
        require_shared(str(err), required_by="E2E")
    if not CRDS.is_dir():
        require_shared(f"no pinned CRDs at {CRDS} (set PLATFORM_CRDS_DIR)")
    every = layers["namespaces"] + layers["apps"] + layers["virtualservice"]
    with cluster(bins, nodes=DEFAULT_NODES + preconditions.node_pools(every)) as c:
        install_crds(c.kube, crds_needed(c.kube, every, every, crd_index(CRDS)))
        preconditions.provide(c.kube, every)
        apply_layer(c.kube, layers["namespaces"])
        yield c.kube


def first(docs: list[dict], kind: str) -> dict:
    return copy.deepcopy(next(d for d in docs if d["kind"] == kind))


def an_hpa(docs: list[dict]) -> dict:
    """The layer's first HPA, or (services scaled by KEDA only) a valid one for its first Deployment."""
    if any(d["kind"] == "HorizontalPodAutoscaler" for d in docs):
        return first(docs, "HorizontalPodAutoscaler")
    dep = first(docs, "Deployment")
    return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": dep["metadata"]["name"], "namespace": dep["metadata"]["namespace"]},
            "spec": {"minReplicas": 1, "maxReplicas": 2, "scaleTargetRef": {
                "apiVersion": "apps/v1", "kind": "Deployment", "name": dep["metadata"]["name"]}}}


def refusal(kube, docs: list[dict]) -> Refused:
    with pytest.raises(Refused) as caught:
        apply_layer(kube, docs)
    return caught.value


def test_committed_apps_layer_is_admitted_and_becomes_available(kube, layers):
    apply_layer(kube, layers["apps"])
    assert wait_available(kube, layers["apps"]).endswith("Available")


def test_unknown_field_in_a_custom_resource_fails_with_the_servers_message(kube, layers):
    vs = first(layers["virtualservice"], "VirtualService")
    vs["spec"]["e2eUnknownField"] = True
    err = refusal(kube, [vs])
    assert err.stage == "dry-run"
    assert "e2eUnknownField" in str(err) and ("unknown field" in str(err) or "not declared in schema" in str(err))
    assert f"VirtualService/{vs['metadata']['namespace']}/{vs['metadata']['name']}" in str(err)


def test_istio_cel_violation_fails_with_the_servers_message(kube, layers):
    vs = first(layers["virtualservice"], "VirtualService")
    vs["spec"]["http"][0]["timeout"] = "0s"  # Istio's CRD rule: duration(self) >= duration('1ms')
    err = refusal(kube, [vs])
    assert "must be a valid duration greater than 1ms" in str(err)


def test_hpa_min_replicas_above_max_fails_with_the_servers_message(kube, layers):
    hpa = an_hpa(layers["apps"])
    hpa["spec"]["minReplicas"] = hpa["spec"]["maxReplicas"] + 1
    err = refusal(kube, [hpa])
    assert "spec.maxReplicas" in str(err) and "must be greater than or equal to `minReplicas`" in str(err)


def test_a_refused_layer_changes_nothing(kube, layers):
    """The dry run covers the whole layer before anything is applied."""
    cm = {"apiVersion": "v1", "kind": "ConfigMap",
          "metadata": {"name": "e2e-untouched", "namespace": first(layers["apps"], "Deployment")["metadata"]["namespace"]},
          "data": {"a": "b"}}
    hpa = an_hpa(layers["apps"])
    hpa["spec"]["minReplicas"] = hpa["spec"]["maxReplicas"] + 1
    refusal(kube, [cm, hpa])
    assert kube.get_like(cm) is None


# -- parts of the harness that need no cluster ------------------------------------------------

def test_the_committed_environments_are_found_through_layout():
    found = variants_of(REPO / "dist", committed=True)
    assert found, "no environment found in dist/"
    for variant in found:
        expected = [layer.folder for layer in layout.layers_for(variant.mode, variant.engines)]
        present = [layer.folder for layer in variant.layers()]
        assert present == [folder for folder in expected if folder in present]
        assert sorted(present) == sorted(p.name for p in (variant.root / "layers").iterdir() if p.is_dir())


def test_the_repository_copy_rewrites_only_the_helm_repository_url(tmp_path):
    variant = variants_of(REPO / "dist", committed=True)[0]
    repo = ScratchRepo(tmp_path / "git")
    rewritten = seed_repository(repo, variant.root, "dist", variant.env, "http://127.0.0.1:1/charts/")
    for original in variant.root.rglob("*.yaml"):
        copy_ = repo.work / "dist" / variant.env / original.relative_to(variant.root)
        before, after = original.read_text().splitlines(), copy_.read_text().splitlines()
        changed = [(a, b) for a, b in zip(before, after) if a != b]
        assert len(before) == len(after)
        assert all(b.strip() == "url: http://127.0.0.1:1/charts/" and "HelmRepository" in copy_.read_text()
                   for _, b in changed)
    assert len(rewritten) == sum("kind: HelmRepository" in p.read_text() for p in variant.root.rglob("*.yaml"))
