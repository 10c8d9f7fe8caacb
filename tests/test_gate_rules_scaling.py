"""Gate rules for KEDA ScaledObjects and PodMonitors (inference_platform/gate/rules/scaling_metrics.py)."""
from __future__ import annotations

import copy

import pytest

from test_gate_rules import by_kind, minimal, problems

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
