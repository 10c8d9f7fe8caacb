"""KEDA installed before the apps in all three modes: Flux HelmRelease, Argo CD Application, rendered chart."""
from __future__ import annotations


import pytest

from conftest import ISTIO_CHARTS, KEDA_CHARTS, docs_of, require_shared, synth_files
from inference_platform.catalog.charts import KEDA
from inference_platform.description import Platform, parse


@pytest.fixture(scope="module")
def managed(default_files) -> dict[str, str]:
    return default_files


def test_flux_installs_the_pinned_chart_in_a_layer_before_the_apps(managed):
    objects = docs_of(managed, "prod/layers/35-keda/")
    repo = next(d for d in objects if d["kind"] == "HelmRepository")
    release = next(d for d in objects if d["kind"] == "HelmRelease")
    assert repo["spec"]["url"] == "https://kedacore.github.io/charts"
    chart = release["spec"]["chart"]["spec"]
    assert (chart["chart"], chart["version"], chart["sourceRef"]["name"]) == ("keda", "2.20.2", repo["metadata"]["name"])
    assert release["spec"]["targetNamespace"] == "keda"
    kustomizations = {d["metadata"]["name"]: d for d in docs_of(managed, "prod/flux/") if d["kind"] == "Kustomization"}
    # the apps wait for KEDA (through the mesh layer, which waits for KEDA)
    assert kustomizations["ai-platform-mesh"]["spec"]["dependsOn"] == [{"name": "ai-platform-keda"}]
    assert kustomizations["ai-platform-keda"]["spec"]["path"].endswith("/layers/35-keda")


def test_argocd_installs_the_chart_at_wave_35_and_ignores_runtime_patches(managed):
    apps = {d["metadata"]["name"]: d for d in docs_of(managed, "prod/argocd/apps/")}
    keda = apps["ai-platform-keda"]
    assert keda["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"] == "35"
    source = keda["spec"]["source"]
    assert (source["repoURL"], source["chart"], source["targetRevision"]) == (
        "https://kedacore.github.io/charts", "keda", "2.20.2")
    assert source["helm"]["valuesObject"] == KEDA.values(Platform().keda)
    assert {d["kind"] for d in keda["spec"]["ignoreDifferences"]} == {"APIService", "ValidatingWebhookConfiguration"}
    assert int(apps["ai-platform-apps"]["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"]) > 35
    assert apps["ai-platform-apps"]["spec"]["ignoreDifferences"] == [
        {"group": "apps", "kind": "Deployment", "jsonPointers": ["/spec/replicas"]}]
    project = apps["ai-platform"]
    assert "https://kedacore.github.io/charts" in project["spec"]["sourceRepos"]
    assert {"keda", "kube-system"} <= {d["namespace"] for d in project["spec"]["destinations"]}
    assert {"group": "apiregistration.k8s.io", "kind": "APIService"} in project["spec"]["clusterResourceWhitelist"]


def test_keda_namespace_is_created_outside_the_mesh(managed):
    ns = next(d for d in docs_of(managed, "prod/layers/00-namespaces/") if d["metadata"]["name"] == "keda")
    labels = ns["metadata"].get("labels") or {}
    assert "istio-injection" not in labels and "istio.io/rev" not in labels


@pytest.mark.slow
def test_rendered_mode_writes_keda_from_the_local_chart(default_description, monkeypatch):
    if not (KEDA_CHARTS / "keda-2.20.2.tgz").is_file():
        require_shared(f"KEDA chart missing: {KEDA_CHARTS}/keda-2.20.2.tgz (set KEDA_CHART_SOURCE)")
    istio_charts = ISTIO_CHARTS
    if not istio_charts.is_dir():
        require_shared(f"Istio charts missing: {istio_charts}")
    monkeypatch.setenv("KEDA_CHART_SOURCE", str(KEDA_CHARTS))
    description = {**default_description, "istio": {**default_description["istio"], "mode": "rendered",
                                                     "chart_source": str(istio_charts)}}
    files = synth_files(parse(description))
    objects = docs_of(files, "prod/layers/35-keda-operator/")
    kinds = {(d["kind"], d["metadata"]["name"]) for d in objects}
    assert ("CustomResourceDefinition", "scaledobjects.keda.sh") in kinds
    assert ("APIService", "v1beta1.external.metrics.k8s.io") in kinds
    operator = next(d for d in objects if d["kind"] == "Deployment" and d["metadata"]["name"] == "keda-operator")
    assert operator["metadata"]["namespace"] == "keda"
    assert operator["spec"]["template"]["spec"]["securityContext"]["runAsUser"] == 10001
    assert not any(rel.startswith("prod/layers/35-keda/") for rel in files)  # no Flux HelmRelease layer
    # the Argo CD entry applies the rendered layer, and no chart Application for KEDA
    apps = {d["metadata"]["name"] for d in docs_of(files, "prod/argocd/apps/")}
    assert "ai-platform-keda-operator" in apps and "ai-platform-keda" not in apps
