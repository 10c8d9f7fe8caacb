"""Istio install: Flux HelmReleases, Argo CD Applications and the rendered (helm template) mode."""
from __future__ import annotations

import tarfile
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from constructs.chart_install import ArgoChartInstall, FluxChartInstall, RenderedChart, everything, render_chart
from inference_platform import layout
from inference_platform.synth.app import RENDERED_PARTS
from inference_platform.catalog import charts
from inference_platform.catalog.charts import ISTIO_RELEASES, ChartRelease
from inference_platform.description import Platform, parse

from conftest import FIXTURES, ISTIO_CHARTS, find, one, require_shared, synth_construct

TINY_CHARTS = FIXTURES / "charts"
VERSION = "1.30.3"

TUNED = {
    "name": "ai",
    "istio": {
        "revision": "canary",
        "mesh": {"outbound_traffic_policy": "REGISTRY_ONLY", "hold_application_until_proxy_starts": True,
                 "access_logs": True},
        "istiod": {"autoscaling": {"min_replicas": 2, "max_replicas": 4, "cpu_utilization": 70},
                   "resources": {"cpu": "250m", "memory": "1Gi", "cpu_limit": "1"}},
        "gateway": {"service_type": "NodePort",
                    "autoscaling": {"min_replicas": 3, "max_replicas": 6, "cpu_utilization": 60}},
    },
}


def synth_ai(build) -> list[dict]:
    """:func:`conftest.synth_construct` for the platform ``ai`` (the snapshots' labels)."""
    return synth_construct(build, labels={"app.kubernetes.io/part-of": "ai", "app.kubernetes.io/managed-by": "cdk8s"})


@pytest.fixture(scope="module")
def tuned() -> Platform:
    return parse(TUNED)


@pytest.fixture(scope="module")
def flux(tuned) -> list[dict]:
    return synth_ai(lambda c: FluxChartInstall(c, "Istio", settings=tuned.istio, releases=ISTIO_RELEASES, gitops=tuned.gitops))


@pytest.fixture(scope="module")
def argo(tuned) -> list[dict]:
    return synth_ai(lambda c: ArgoChartInstall(c, "Istio", settings=tuned.istio, releases=ISTIO_RELEASES, prefix=tuned.name,
                                            namespace=tuned.gitops.argocd_namespace, project="ai-platform"))


# --------------------------------------------------------------------------- values


def test_values_are_the_defaults_of_the_description():
    istio = Platform().istio
    assert charts.base_values(istio) == {"global": {"istioNamespace": "istio-system"}}
    istiod = charts.istiod_values(istio)
    assert istiod["revision"] == ""
    assert istiod["meshConfig"] == {"accessLogFile": "/dev/stdout",
                                    "outboundTrafficPolicy": {"mode": "ALLOW_ANY"},
                                    "defaultConfig": {"holdApplicationUntilProxyStarts": True}}
    assert charts.gateway_values(istio)["service"]["type"] == "LoadBalancer"


def test_values_omit_access_log_file_when_access_logs_are_off():
    istio = parse({"istio": {"mesh": {"access_logs": False}}}).istio
    assert "accessLogFile" not in charts.istiod_values(istio)["meshConfig"]


def test_base_values_make_the_revision_the_default_revision(tuned):
    assert charts.base_values(tuned.istio)["defaultRevision"] == "canary"


# --------------------------------------------------------------------------- Flux


def test_flux_install_matches_snapshot(flux, snapshot):
    assert flux == snapshot


def test_flux_releases_chain_base_then_istiod_then_gateway(flux):
    releases = find(flux, "HelmRelease")
    assert [r["metadata"]["name"] for r in releases] == ["istio-base", "istiod-canary", "istio-ingressgateway"]
    assert "dependsOn" not in releases[0]["spec"]
    assert releases[1]["spec"]["dependsOn"] == [{"name": "istio-base"}]
    assert releases[2]["spec"]["dependsOn"] == [{"name": "istiod-canary"}]


def test_flux_releases_pin_the_istio_version_from_the_istio_repository(flux):
    [repo] = find(flux, "HelmRepository")
    assert repo["metadata"] == {"name": "istio", "namespace": "flux-system", "labels": repo["metadata"]["labels"]}
    assert repo["spec"]["url"] == "https://istio-release.storage.googleapis.com/charts"
    for release in find(flux, "HelmRelease"):
        chart = release["spec"]["chart"]["spec"]
        assert chart["version"] == VERSION
        assert chart["sourceRef"] == {"kind": "HelmRepository", "name": "istio", "namespace": "flux-system"}
        assert release["metadata"]["namespace"] == "flux-system"
        assert release["spec"]["releaseName"] == release["metadata"]["name"]


def test_flux_releases_create_and_replace_crds_and_retry(flux):
    for release in find(flux, "HelmRelease"):
        assert release["spec"]["install"]["crds"] == "CreateReplace"
        assert release["spec"]["upgrade"]["crds"] == "CreateReplace"
        assert release["spec"]["install"]["remediation"]["retries"] == 3
        assert release["spec"]["upgrade"]["remediation"]["retries"] == 3


def test_flux_releases_target_the_istio_namespaces(flux):
    targets = {r["metadata"]["name"]: r["spec"]["targetNamespace"] for r in find(flux, "HelmRelease")}
    assert targets == {"istio-base": "istio-system", "istiod-canary": "istio-system",
                       "istio-ingressgateway": "istio-ingress"}


def test_flux_values_reflect_the_typed_options(flux):
    istiod = one(flux, "HelmRelease", "istiod-canary")["spec"]["values"]
    assert istiod["revision"] == "canary"
    assert istiod["meshConfig"]["outboundTrafficPolicy"] == {"mode": "REGISTRY_ONLY"}
    assert istiod["meshConfig"]["defaultConfig"] == {"holdApplicationUntilProxyStarts": True}
    assert (istiod["autoscaleMin"], istiod["autoscaleMax"], istiod["cpu"]) == (2, 4, {"targetAverageUtilization": 70})
    assert istiod["resources"] == {"requests": {"cpu": "250m", "memory": "1Gi"},
                                   "limits": {"cpu": "1", "memory": "1Gi"}}
    gateway = one(flux, "HelmRelease", "istio-ingressgateway")["spec"]["values"]
    assert gateway["service"]["type"] == "NodePort"
    assert gateway["revision"] == "canary"
    assert gateway["autoscaling"] == {"enabled": True, "minReplicas": 3, "maxReplicas": 6,
                                      "targetCPUUtilizationPercentage": 60}
    assert {"name": "http2", "port": 80, "protocol": "TCP", "targetPort": 80} in gateway["service"]["ports"]


# --------------------------------------------------------------------------- Argo CD


def test_argo_applications_match_snapshot(argo, snapshot):
    assert argo == snapshot


def test_argo_applications_sync_in_waves_base_istiod_gateway(argo):
    waves = {a["metadata"]["name"]: a["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"] for a in argo}
    assert waves == {"ai-istio-base": "10", "ai-istiod": "20", "ai-istio-gateway": "30"}


def test_argo_applications_pin_chart_and_version(argo):
    charts = {a["metadata"]["name"]: a["spec"]["source"] for a in argo}
    assert {n: (s["chart"], s["targetRevision"], s["helm"]["releaseName"]) for n, s in charts.items()} == {
        "ai-istio-base": ("base", VERSION, "istio-base"),
        "ai-istiod": ("istiod", VERSION, "istiod-canary"),
        "ai-istio-gateway": ("gateway", VERSION, "istio-ingressgateway"),
    }
    assert charts["ai-istiod"]["helm"]["valuesObject"]["meshConfig"]["outboundTrafficPolicy"]["mode"] == "REGISTRY_ONLY"


def test_argo_applications_apply_server_side_without_creating_namespaces(argo):
    for app in argo:
        assert app["metadata"]["namespace"] == "argocd"
        assert app["spec"]["project"] == "ai-platform"
        policy = app["spec"]["syncPolicy"]
        assert policy["automated"] == {"prune": True, "selfHeal": True}
        assert {"ServerSideApply=true", "CreateNamespace=false"} <= set(policy["syncOptions"])
        assert "finalizers" not in app["metadata"]


def test_argo_applications_ignore_the_webhook_failure_policy_istiod_patches(argo):
    for app in argo[:2]:
        ignored = {d["kind"]: d["jqPathExpressions"] for d in app["spec"]["ignoreDifferences"]}
        assert ".webhooks[]?.failurePolicy" in ignored["ValidatingWebhookConfiguration"]
    assert "ignoreDifferences" not in argo[2]["spec"]


def test_argo_applications_fail_without_a_project(tuned):
    with pytest.raises(ValueError, match="'project' \\(''\\) must name an Argo CD AppProject"):
        synth_ai(lambda c: ArgoChartInstall(c, "Istio", settings=tuned.istio, releases=ISTIO_RELEASES, prefix=tuned.name,
                                         namespace="argocd", project=""))


# --------------------------------------------------------------------------- rendered: our own chart


def render_tiny(chart_source: Path | str, **kw) -> list[dict]:
    return synth_ai(lambda c: render_chart(
        c, "Tiny", chart="tiny", version="0.1.0", repository="https://charts.invalid", chart_source=str(chart_source),
        release_name="demo", namespace="demo-ns", values={"replicas": 2}, kube_version="1.34", **kw))


def test_rendering_a_chart_folder_includes_crds_and_values():
    docs = render_tiny(TINY_CHARTS)
    assert [d["kind"] for d in docs] == ["CustomResourceDefinition", "Deployment", "Widget"]
    deployment = find(docs, "Deployment")[0]
    assert deployment["metadata"]["namespace"] == "demo-ns"
    assert deployment["spec"]["replicas"] == 2
    assert deployment["metadata"]["labels"]["kube-version"] == "v1.34.0"


def test_rendering_a_chart_archive_matches_the_folder(tmp_path):
    with tarfile.open(tmp_path / "tiny-0.1.0.tgz", "w:gz") as tar:
        tar.add(TINY_CHARTS / "tiny", arcname="tiny")
    assert render_tiny(tmp_path) == render_tiny(TINY_CHARTS)


def test_rendering_keeps_only_the_objects_asked_for():
    docs = render_tiny(TINY_CHARTS, keep=lambda o: o.kind == "CustomResourceDefinition")
    assert [d["metadata"]["name"] for d in docs] == ["widgets.tiny.example.com"]


def test_rendering_is_deterministic():
    assert render_tiny(TINY_CHARTS) == render_tiny(TINY_CHARTS)


def test_rendering_fails_when_the_source_lacks_the_version(tmp_path):
    with pytest.raises(ValueError, match=r"has no 'tiny' chart for version '0\.1\.0'.*'tiny-0\.1\.0\.tgz'"):
        render_tiny(tmp_path)


def test_rendering_fails_when_the_folder_chart_has_another_version():
    with pytest.raises(ValueError, match=r"is version '0\.1\.0', not '9\.9\.9'"):
        synth_ai(lambda c: render_chart(c, "Tiny", chart="tiny", version="9.9.9", repository="https://charts.invalid",
                                     chart_source=str(TINY_CHARTS), release_name="demo", namespace="demo-ns",
                                     values={}, kube_version="1.34"))


def test_a_rendered_chart_that_keeps_nothing_fails_since_its_layer_would_install_nothing():
    tiny = ChartRelease("Tiny", "istio", "tiny", "tiny", "tiny", 10, lambda _: "demo", lambda _: {},
                        lambda _: "demo-ns")
    settings = SimpleNamespace(version="0.1.0", chart_repository="https://charts.invalid")
    with pytest.raises(ValueError, match="RenderedChart: tiny 0.1.0 rendered no objects to keep; the layer would "
                                         "install nothing"):
        synth_ai(lambda c: RenderedChart(c, "Tiny", settings=settings, parts=[(tiny, lambda obj: False)],
                                      chart_source=str(TINY_CHARTS), kube_version="1.34"))
    kept = synth_ai(lambda c: RenderedChart(c, "Tiny", settings=settings, parts=[(tiny, everything)],
                                         chart_source=str(TINY_CHARTS), kube_version="1.34"))
    assert {d["kind"] for d in kept} == {"CustomResourceDefinition", "Deployment", "Widget"}


def test_rendered_istio_names_the_chart_source_that_lacks_the_charts(tmp_path):
    with pytest.raises(ValueError, match=f"Chart source '{tmp_path}' has no 'base' chart for version '1.30.3'"):
        synth_ai(lambda c: rendered_part(Platform(), layout.ISTIO_CRDS, tmp_path)(c))


# --------------------------------------------------------------------------- rendered: Istio's charts


@pytest.fixture(scope="module")
def istio_charts() -> Path:
    archives = [ISTIO_CHARTS / f"{chart}-{VERSION}.tgz" for chart in charts.CHARTS]
    missing = [str(a) for a in archives if not a.is_file()]
    if missing:
        require_shared(f"Istio {VERSION} charts missing: {', '.join(missing)}")
    return ISTIO_CHARTS


def rendered_part(platform: Platform, layer: layout.Layer, charts: Path):
    """What the synth puts in a rendered Istio layer (its RENDERED_PARTS row), as a Chart filler."""
    _, parts = RENDERED_PARTS[layer]
    return lambda c: RenderedChart(c, "Istio", settings=platform.istio, parts=parts, chart_source=str(charts),
                                   kube_version=platform.kubernetes_version)


def render_istio(platform: Platform, charts: Path) -> dict[str, list[dict]]:
    return {RENDERED_PARTS[layer][0]: synth_ai(rendered_part(platform, layer, charts))
            for layer in (layout.ISTIO_CRDS, layout.ISTIO_CONTROL_PLANE, layout.ISTIO_GATEWAY)}


@pytest.fixture(scope="module")
def rendered_default(istio_charts) -> dict[str, list[dict]]:
    return render_istio(Platform(), istio_charts)


@pytest.fixture(scope="module")
def rendered_tuned(istio_charts, tuned) -> dict[str, list[dict]]:
    return render_istio(tuned, istio_charts)


def images(docs: list[dict]) -> list[str]:
    return [c["image"] for d in find(docs, "Deployment") for c in d["spec"]["template"]["spec"]["containers"]]


@pytest.mark.slow
def test_rendered_crds_come_only_in_the_crds_part(rendered_default):
    crds = rendered_default["crds"]
    assert crds and all(d["kind"] == "CustomResourceDefinition" for d in crds)
    assert "virtualservices.networking.istio.io" in {d["metadata"]["name"] for d in crds}
    for part in ("control-plane", "gateway"):
        assert not find(rendered_default[part], "CustomResourceDefinition")


@pytest.mark.slow
def test_rendered_control_plane_runs_istiod_at_the_pinned_version(rendered_default):
    docs = rendered_default["control-plane"]
    istiod = one(docs, "Deployment", "istiod")
    assert istiod["metadata"]["namespace"] == "istio-system"
    assert images(docs) == [f"docker.io/istio/pilot:{VERSION}"]
    assert one(docs, "HorizontalPodAutoscaler", "istiod")["spec"]["maxReplicas"] == 5


@pytest.mark.slow
def test_rendered_gateway_deploys_the_named_gateway(rendered_default):
    docs = rendered_default["gateway"]
    gateway = one(docs, "Deployment", "istio-ingressgateway")
    assert gateway["metadata"]["namespace"] == "istio-ingress"
    assert gateway["spec"]["template"]["metadata"]["labels"]["istio"] == "ingressgateway"
    # The gateway chart's image is "auto": the injection webhook fills in proxyv2 at the mesh's version.
    assert images(docs) == ["auto"]
    assert one(docs, "Service", "istio-ingressgateway")["spec"]["type"] == "LoadBalancer"


@pytest.mark.slow
def test_rendered_control_plane_carries_the_mesh_config(rendered_tuned):
    docs = rendered_tuned["control-plane"]
    mesh = one(docs, "ConfigMap", "istio-canary")["data"]["mesh"]
    assert "mode: REGISTRY_ONLY" in mesh
    assert "holdApplicationUntilProxyStarts: true" in mesh
    assert "accessLogFile: /dev/stdout" in mesh


@pytest.mark.slow
def test_rendered_objects_carry_the_revision_when_one_is_set(rendered_tuned):
    control_plane = rendered_tuned["control-plane"]
    istiod = one(control_plane, "Deployment", "istiod-canary")
    assert istiod["metadata"]["labels"]["istio.io/rev"] == "canary"
    assert one(control_plane, "MutatingWebhookConfiguration",
               "istio-sidecar-injector-canary")["metadata"]["labels"]["istio.io/rev"] == "canary"
    gateway = one(rendered_tuned["gateway"], "Deployment", "istio-ingressgateway")
    assert gateway["spec"]["template"]["metadata"]["labels"]["istio.io/rev"] == "canary"
    assert one(rendered_tuned["gateway"], "Service", "istio-ingressgateway")["spec"]["type"] == "NodePort"


@pytest.mark.slow
def test_rendered_istio_is_deterministic(istio_charts, rendered_tuned, tuned):
    assert render_istio(tuned, istio_charts) == rendered_tuned


@pytest.mark.slow
def test_rendering_leaves_the_temp_directory_as_it_found_it(tmp_path, monkeypatch, istio_charts):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    tempfile.tempdir = None  # re-read TMPDIR
    try:
        render_tiny(TINY_CHARTS)
        synth_ai(rendered_part(Platform(), layout.ISTIO_CRDS, istio_charts))
    finally:
        tempfile.tempdir = None
    assert list(scratch.iterdir()) == []


def test_rendering_without_network_says_how_to_point_at_local_charts(monkeypatch):
    # No chart source: helm must pull from the repository; an unreachable one stands in for no network.
    with pytest.raises(ValueError, match="point rendered mode at local charts: set istio.chart_source "
                                         r"\(or the ISTIO_CHART_SOURCE environment variable\)"):
        synth_ai(lambda c: render_chart(
            c, "Tiny", chart="tiny", version="0.1.0", repository="http://127.0.0.1:9/charts", chart_source=None,
            release_name="demo", namespace="demo-ns", values={}, kube_version="1.34"))


def test_chart_folders_come_from_the_environment_an_entry_point_passes():
    assert charts.chart_sources({"ISTIO_CHART_SOURCE": "/charts/istio", "KEDA_CHART_SOURCE": "", "OTHER": "x"}) == {
        "istio": "/charts/istio"}
    assert charts.source_hint("keda") == "keda.chart_source (or the KEDA_CHART_SOURCE environment variable)"
