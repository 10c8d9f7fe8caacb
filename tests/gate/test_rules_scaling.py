"""Gate rules for KEDA ScaledObjects and PodMonitors (inference_platform/gate/rules/scaling_metrics.py)."""
from __future__ import annotations

import copy

import pytest

from test_rules import by_kind, minimal, problems

QUERY = 'sum(vllm:num_requests_waiting{namespace="apps", app="chat", version="v1"})'


def scaled_object(**trigger) -> dict:
    return {"apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject",
            "metadata": {"name": "chat-v1", "namespace": "apps", "annotations": {"ai-platform/server": "vllm"}},
            "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "chat-v1"},
                     "minReplicaCount": 2, "maxReplicaCount": 4,
                     "triggers": [{"type": "prometheus", "name": "queue_depth", "metricType": "AverageValue",
                                   "metadata": {"serverAddress": "http://prometheus:9090", "query": QUERY,
                                                "threshold": "5"}, **trigger}]}}


def pod_monitor(port: str = "http-api", name: str = "chat-v1") -> dict:
    return {"apiVersion": "monitoring.coreos.com/v1", "kind": "PodMonitor", "metadata": {"name": name, "namespace": "apps"},
            "spec": {"selector": {"matchLabels": {"app": "chat", "version": "v1"}},
                     "podMetricsEndpoints": [{"port": port, "path": "/metrics"}]}}


@pytest.fixture
def keda_docs() -> list[dict]:
    """The minimal valid set with its HPA replaced by a ScaledObject and the server's PodMonitor."""
    docs = [d for d in minimal() if d["kind"] != "HorizontalPodAutoscaler"]
    container = by_kind(docs, "Deployment")["spec"]["template"]["spec"]["containers"][0]
    container["ports"] = [{"name": "http-api", "containerPort": 8000}]
    return [*docs, scaled_object(), pod_monitor()]


def rules_of(found) -> list[tuple[str, str, str]]:
    return [(obj, path, rule) for obj, path, rule, _ in found]


def test_scaled_object_with_a_scraped_server_metric_passes(tmp_path, keda_docs):
    assert problems(tmp_path, keda_docs) == []


def test_fails_when_the_scaled_object_target_is_missing(tmp_path, keda_docs):
    by_kind(keda_docs, "ScaledObject")["spec"]["scaleTargetRef"]["name"] = "chat-v9"
    assert ("ScaledObject apps/chat-v1", "spec.scaleTargetRef", "scaledobject-target-missing") in rules_of(
        problems(tmp_path, keda_docs))


def test_fails_when_an_hpa_and_a_scaled_object_share_a_target(tmp_path, keda_docs):
    hpa = by_kind(minimal(), "HorizontalPodAutoscaler")
    found = problems(tmp_path, [*keda_docs, hpa])
    assert ("ScaledObject apps/chat-v1", "spec.scaleTargetRef", "autoscaler-conflict") in rules_of(found)


def test_fails_when_the_target_sets_replicas(tmp_path, keda_docs):
    by_kind(keda_docs, "Deployment")["spec"]["replicas"] = 3
    assert ("Deployment apps/chat-v1", "spec.replicas", "scaledobject-target-replicas") in rules_of(
        problems(tmp_path, keda_docs))


def test_fails_when_the_query_reads_a_metric_the_server_does_not_export(tmp_path, keda_docs):
    by_kind(keda_docs, "ScaledObject")["spec"]["triggers"][0]["metadata"]["query"] = "sum(vllm_num_requests_waiting{})"
    found = problems(tmp_path, keda_docs)
    assert [m for _, p, r, m in found if r == "scaledobject-metric-served"] == [
        "query 'sum(vllm_num_requests_waiting{})' does not read 'vllm:num_requests_waiting', the metric vllm exports "
        "for queue_depth"]


def test_fails_when_no_pod_monitor_scrapes_the_server(tmp_path, keda_docs):
    docs = [d for d in keda_docs if d["kind"] != "PodMonitor"]
    found = problems(tmp_path, docs)
    assert ("ScaledObject apps/chat-v1", "spec.triggers[0]", "scaledobject-metric-served") in rules_of(found)


def test_request_rate_needs_the_envoy_stats_scraped(tmp_path, keda_docs):
    so = by_kind(keda_docs, "ScaledObject")
    so["spec"]["triggers"][0].update(name="request_rate", metadata={
        "serverAddress": "http://prometheus:9090", "threshold": "40",
        "query": 'sum(rate(istio_requests_total{reporter="destination", destination_workload="chat-v1"}[1m]))'})
    assert ("ScaledObject apps/chat-v1", "spec.triggers[0]", "scaledobject-metric-served") in rules_of(
        problems(tmp_path, keda_docs))
    # the injected sidecar port counts as declared
    assert problems(tmp_path / "envoy", [*keda_docs, pod_monitor("http-envoy-prom", "chat-v1-envoy")]) == []


def test_raw_prometheus_queries_are_the_authors_responsibility(tmp_path, keda_docs):
    by_kind(keda_docs, "ScaledObject")["spec"]["triggers"][0].update(
        name="prometheus", metadata={"serverAddress": "http://p:9090", "query": "sum(q)", "threshold": "3"})
    assert problems(tmp_path, [d for d in keda_docs if d["kind"] != "PodMonitor"]) == []


def test_fails_when_a_pod_monitor_selects_no_pods_or_names_an_undeclared_port(tmp_path, keda_docs):
    stray = copy.deepcopy(pod_monitor("http-metrics", "other"))
    lost = pod_monitor(name="lost")
    lost["spec"]["selector"]["matchLabels"]["version"] = "v7"
    found = rules_of(problems(tmp_path, [*keda_docs, stray, lost]))
    assert ("PodMonitor apps/other", "spec.podMetricsEndpoints[0].port", "podmonitor-selects-pods") in found
    assert ("PodMonitor apps/lost", "spec.selector", "podmonitor-selects-pods") in found


# ------------------------------------------------------------------ gateway_request_rate (issue 11 item 4)

GATEWAY_QUERY = ('sum(rate(istio_requests_total{reporter="source", source_workload="istio-ingressgateway", '
                 'source_workload_namespace="istio-ingress", destination_service="chat.apps.svc.cluster.local"}'
                 '[1m])) or vector(0)')


def gateway_release(**values) -> dict:
    """Flux installs Istio's gateway chart: its pods are not in the tree (controller-managed mode)."""
    return {"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": {"name": "istio-ingressgateway", "namespace": "flux-system"},
            "spec": {"chart": {"spec": {"chart": "gateway", "version": "1.30.3",
                                        "sourceRef": {"kind": "HelmRepository", "name": "istio"}}},
                     "releaseName": "istio-ingressgateway", "targetNamespace": "istio-ingress", "values": values}}


def gateway_monitor(match: dict | None = None, port: str = "http-envoy-prom") -> dict:
    return {"apiVersion": "monitoring.coreos.com/v1", "kind": "PodMonitor",
            "metadata": {"name": "istio-ingressgateway-envoy", "namespace": "istio-ingress"},
            "spec": {"selector": {"matchLabels": match or {"istio": "ingressgateway"}},
                     "podMetricsEndpoints": [{"port": port, "path": "/stats/prometheus"}]}}


def gateway_tree(keda_docs, *mesh: dict, release: dict | None = None) -> dict[str, list[dict]]:
    by_kind(keda_docs, "ScaledObject")["spec"]["triggers"][0].update(name="gateway_request_rate", metadata={
        "serverAddress": "http://prometheus:9090", "threshold": "40", "query": GATEWAY_QUERY})
    return {"10-istio/istio.yaml": [release or gateway_release()], "40-mesh/mesh.yaml": list(mesh),
            "50-apps/apps.yaml": keda_docs}


def scaling_rules(found) -> list[tuple[str, str, str]]:
    return [f for f in rules_of(found) if f[2] in ("scaledobject-metric-served", "podmonitor-selects-pods")]


def test_gateway_request_rate_passes_when_the_chart_installed_gateway_is_scraped(tmp_path, keda_docs):
    assert scaling_rules(problems(tmp_path, gateway_tree(keda_docs, gateway_monitor()))) == []


def test_gateway_request_rate_needs_the_gateways_envoy_stats_scraped(tmp_path, keda_docs):
    found = problems(tmp_path, gateway_tree(keda_docs))
    assert [(o, p, r, m) for o, p, r, m in found if r == "scaledobject-metric-served"] == [
        ("ScaledObject apps/chat-v1", "spec.triggers[0]", "scaledobject-metric-served",
         "gateway_request_rate needs the ingress gateway's Envoy stats scraped, but no PodMonitor in 'istio-ingress' "
         "selects the pods of gateway 'istio-ingressgateway' on port 'http-envoy-prom'")]


def test_gateway_request_rate_must_read_the_gateways_source_reports(tmp_path, keda_docs):
    tree = gateway_tree(keda_docs, gateway_monitor())
    so = by_kind(tree["50-apps/apps.yaml"], "ScaledObject")
    so["spec"]["triggers"][0]["metadata"]["query"] = GATEWAY_QUERY.replace('"source"', '"destination"')
    assert ("ScaledObject apps/chat-v1", "spec.triggers[0].metadata.query", "scaledobject-metric-served") in (
        scaling_rules(problems(tmp_path, tree)))


def test_gateway_request_rate_names_a_gateway_that_is_installed(tmp_path, keda_docs):
    tree = gateway_tree(keda_docs, gateway_monitor(), release=gateway_release(name="edge-gateway"))
    found = [m for _, _, r, m in problems(tmp_path, tree) if r == "scaledobject-metric-served"]
    assert found == ["reads the requests of gateway istio-ingress/istio-ingressgateway, but no Deployment, no Istio "
                     "gateway chart release and no Gateway API Gateway of that name and namespace is in this "
                     "environment"]


def test_a_pod_monitor_may_select_the_gateway_pods_istios_chart_installs(tmp_path, keda_docs):
    # The chart's pod labels follow values.labels; a selector they do not match still selects nothing.
    tree = gateway_tree(keda_docs, gateway_monitor({"istio": "edge"}),
                        release=gateway_release(labels={"istio": "edge"}))
    assert scaling_rules(problems(tmp_path / "labels", tree)) == []
    tree = gateway_tree(keda_docs, gateway_monitor({"istio": "other"}))
    assert ("PodMonitor istio-ingress/istio-ingressgateway-envoy", "spec.selector", "podmonitor-selects-pods") in (
        scaling_rules(problems(tmp_path / "other", tree)))


def test_the_gateway_chart_declares_only_its_envoy_stats_port(tmp_path, keda_docs):
    found = scaling_rules(problems(tmp_path, gateway_tree(keda_docs, gateway_monitor(port="http2"))))
    assert ("PodMonitor istio-ingress/istio-ingressgateway-envoy", "spec.podMetricsEndpoints[0].port",
            "podmonitor-selects-pods") in found


def test_app_pod_monitors_are_not_excused_by_the_gateway_release(tmp_path, keda_docs):
    # An app PodMonitor whose selector happens to match the gateway's labels, but in the app namespace.
    stray = pod_monitor(name="stray")
    stray["spec"]["selector"] = {"matchLabels": {"istio": "ingressgateway"}}
    found = scaling_rules(problems(tmp_path, gateway_tree(keda_docs, gateway_monitor(), stray)))
    assert ("PodMonitor apps/stray", "spec.selector", "podmonitor-selects-pods") in found
