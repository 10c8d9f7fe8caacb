"""The metrics pipeline checks fail on planted defects with a message naming them (offline, no cluster).

``make e2e`` plants the same defects into the live pipeline (prometheus-operator → Prometheus,
e2e/keda_scenario.py ``_planted``); here the checks get what the API server and Prometheus'
HTTP API would answer, built from the committed dist/'s own PodMonitor and Deployment.
"""
from __future__ import annotations

import copy

import pytest
import yaml

from conftest import DIST
from e2e.pipeline_checks import check_query, check_targets, diagnose, scrape_pool, selectors
from e2e.prometheus_stack import PrometheusApi
from e2e.standins import SIDECAR, StandIns, inject_sidecar
from prometheus_double import PrometheusDouble

def documents(name: str, env: str = "dev") -> list[dict]:
    return [d for d in yaml.safe_load_all((DIST / env / "layers" / "50-apps" / name).read_text()) if d]


@pytest.fixture
def chat():
    docs = documents("llm-chat.yaml", "prod")  # vLLM's own queue (dev's llm-chat scales on its pickers' queue)
    monitor = next(d for d in docs if d["kind"] == "PodMonitor" and d["metadata"]["name"] == "llm-chat-v1")
    dep = inject_sidecar(copy.deepcopy(next(d for d in docs if d["kind"] == "Deployment"
                                            and d["metadata"]["name"] == "llm-chat-v1")))
    so = next(d for d in docs if d["kind"] == "ScaledObject" and d["metadata"]["name"] == "llm-chat-v1")
    return monitor, dep, so


def pods_of(dep: dict, count: int = 2) -> list[dict]:
    template = dep["spec"]["template"]
    return [{"metadata": {"name": f"{dep['metadata']['name']}-{i}", "namespace": dep["metadata"]["namespace"],
                          "labels": {**template["metadata"]["labels"], "pod-template-hash": "5d9f"}, "uid": f"uid-{i}",
                          "ownerReferences": [{"kind": "ReplicaSet", "name": f"{dep['metadata']['name']}-5d9f"}],
                          "annotations": dict(template["metadata"].get("annotations") or {})},
             "spec": copy.deepcopy(template["spec"]), "status": {"phase": "Running", "podIP": f"10.244.0.{i + 2}"}}
            for i in range(count)]


def targets_for(monitor: dict, pods: list[dict], port: int = 15020) -> list[dict]:
    """What Prometheus' /api/v1/targets lists for a PodMonitor that found these pods."""
    carry = monitor["spec"].get("podTargetLabels") or []
    return [{"scrapePool": scrape_pool(monitor), "health": "up", "lastError": "",
             "scrapeUrl": f"http://{p['status']['podIP']}:{port}/stats/prometheus",
             "labels": {"namespace": p["metadata"]["namespace"], "pod": p["metadata"]["name"],
                        **{k: p["metadata"]["labels"][k] for k in carry}}} for p in pods]


def test_the_generated_podmonitor_with_its_pods_up_passes(chat):
    monitor, dep, _ = chat
    pods = pods_of(dep)
    check = check_targets(monitor, pods, targets_for(monitor, pods))
    assert check.ok, check.detail
    assert check.detail == "2/2 up on :15020/stats/prometheus with namespace, pod, app, version"


def test_a_podmonitor_port_the_pods_do_not_declare_is_named(chat):
    monitor, dep, _ = chat
    monitor = copy.deepcopy(monitor)
    monitor["spec"]["podMetricsEndpoints"][0]["port"] = "http-metricz"
    check = check_targets(monitor, pods_of(dep), [])  # Prometheus keeps no target for it
    assert not check.ok
    assert "port 'http-metricz' is not a port the selected pods declare" in check.detail
    assert "http-api, http-envoy-prom" in check.detail and "llm-chat-v1-0" in check.detail


def test_without_the_injected_sidecar_the_merged_endpoint_has_no_target(chat):
    monitor, dep, _ = chat
    dep = copy.deepcopy(dep)
    dep["spec"]["template"]["spec"]["containers"] = [c for c in dep["spec"]["template"]["spec"]["containers"]
                                                     if c["name"] != SIDECAR["name"]]
    check = check_targets(monitor, pods_of(dep), [])
    assert not check.ok and "port 'http-envoy-prom' is not a port the selected pods declare" in check.detail


def test_a_target_down_or_without_a_query_label_is_named(chat):
    monitor, dep, _ = chat
    pods = pods_of(dep)
    found = targets_for(monitor, pods)
    found[0].update(health="down", lastError="connection refused")
    del found[1]["labels"]["version"]
    check = check_targets(monitor, pods, found)
    assert not check.ok
    assert "(pod llm-chat-v1-0) is down: connection refused" in check.detail
    assert "version=None (pod: 'v1')" in check.detail


def test_a_query_label_the_scrape_does_not_carry_is_named(chat):
    _, _, so = chat
    query = so["spec"]["triggers"][0]["metadata"]["query"].replace('app="', 'service="')
    scraped = [{"metric": {"__name__": "vllm:num_requests_waiting", "namespace": "ai-llm", "app": "llm-chat",
                           "version": "v1", "pod": "llm-chat-v1-0", "model_name": "m"}, "value": [0, "40"]}]
    check = check_query("planted", query, [], 40.0, lambda metric: scraped)
    assert not check.ok
    assert "label 'service' is not carried by any scraped series of vllm:num_requests_waiting" in check.detail
    assert "(they carry: app, model_name, namespace, pod, version)" in check.detail


def test_a_query_returning_one_series_per_pod_is_named(chat):
    _, _, so = chat
    query = so["spec"]["triggers"][0]["metadata"]["query"].removeprefix("sum(").removesuffix(")")
    result = [{"metric": {"app": "llm-chat", "pod": f"llm-chat-v1-{i}"}, "value": [0, v]}
              for i, v in enumerate(("40", "0"))]
    check = check_query("planted", query, result, 40.0, lambda metric: result)
    assert not check.ok and "returns 2 series, not one total: they differ in pod" in check.detail


def test_a_value_other_than_the_served_total_is_named_and_rates_get_a_tolerance():
    check = check_query("q", "sum(x{a=\"b\"})", [{"metric": {}, "value": [0, "3"]}], 40.0,
                        lambda metric: [{"metric": {"a": "b"}}])
    assert not check.ok and "returns 3, the stand-ins serve 40 in total" in check.detail
    rate = 'sum(rate(istio_requests_total{reporter="destination"}[1m])) or vector(0)'
    assert check_query("q", rate, [{"metric": {}, "value": [0, "24.6"]}], 25.0, lambda m: []).ok
    assert not check_query("q", rate, [{"metric": {}, "value": [0, "12.5"]}], 25.0, lambda m: []).ok


def test_selectors_and_diagnosis_read_each_metric_and_its_equality_matchers():
    query = 'sum(rate(istio_requests_total{reporter="source", destination_service="a.b.svc.cluster.local"}[1m]))'
    assert selectors(query) == [("istio_requests_total", [("reporter", "=", "source"),
                                                          ("destination_service", "=", "a.b.svc.cluster.local")])]
    why = diagnose(query, lambda metric: [{"metric": {"reporter": "destination", "destination_service": "x"}}])
    assert "no series of istio_requests_total has reporter='source' (values: destination)" in why
    assert diagnose("sum(nothing{a=\"b\"})", lambda metric: []) == "no series named nothing is scraped"


def test_the_generated_query_through_the_harness_client_passes_on_the_scripted_total(chat):
    _, _, so = chat
    query = so["spec"]["triggers"][0]["metadata"]["query"]
    with PrometheusDouble() as prom:
        prom.set(query, 40)
        api = PrometheusApi(prom.url)
        assert check_query("chat", query, api.query(query), 40.0, api.query).ok
        assert not check_query("chat", query, api.query(query), 12.0, api.query).ok


class FakeKube:
    def list(self, *args, **kwargs):
        return []


def test_stand_ins_serve_each_preset_on_its_own_metrics_port_and_the_total_on_one_pod():
    docs = documents("embeddings.yaml")  # TEI: metrics on http-metrics (9000), not on the API port
    dep = inject_sidecar(copy.deepcopy(next(d for d in docs if d["kind"] == "Deployment")))
    standins = StandIns(FakeKube(), host_netns="net:[host]", gateway_selector="ingressgateway",
                        gateway_namespace="istio-ingress")
    first, second = pods_of(dep)
    standins._pods = {p["metadata"]["uid"]: p for p in (first, second)}
    standins._carrier[("ai-retrieval", "embeddings", "v1")] = first["metadata"]["uid"]
    assert standins._ports(first) == [9000, 15090, 15020]
    standins.set_gauge("ai-retrieval", "embeddings", "v1", "te_queue_size", 7)
    assert "te_queue_size 7.0" in standins._page("uid-0", 9000, "/metrics")
    assert "te_queue_size 0.0" in standins._page("uid-1", 9000, "/metrics")
    assert standins._page("uid-0", 9000, "/stats/prometheus") is None  # wrong path: 404
    standins.set_rate("ai-retrieval", "embeddings-v1", 0.0)
    envoy = standins._page("uid-0", 15090, "/stats/prometheus")
    assert 'reporter="destination"' in envoy and 'destination_workload="embeddings-v1"' in envoy
