"""The metrics pipeline checks fail on planted defects with a message naming them (offline, no cluster).

``make e2e`` plants the same defects into the live pipeline (prometheus-operator → Prometheus,
e2e/keda_scenario.py ``_planted``); here the checks get what the API server and Prometheus'
HTTP API would answer, built from the committed dist/'s own PodMonitor, ServiceMonitor and Deployments.
"""
from __future__ import annotations

import copy

import pytest
import yaml

from conftest import DIST
from e2e.pipeline_checks import check_query, check_targets, diagnose, scrape_pool, selectors
from e2e.prometheus_stack import PrometheusApi
from e2e.standins import PICKER_METRICS_PATH, SIDECAR, StandIns, inject_sidecar
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


# ---------------------------------------------------------------------------------------------- the picker

@pytest.fixture
def picker_objects():
    """dev's llm-chat v1 (it scales on its picker's queue): model Deployment, pool, picker, ServiceMonitor."""
    docs = documents("llm-chat.yaml", "dev")

    def named(kind: str, name: str) -> dict:
        return copy.deepcopy(next(d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name))
    return {"docs": docs, "model": inject_sidecar(named("Deployment", "llm-chat-v1")),
            "picker": named("Deployment", "llm-chat-v1-epp"), "service": named("Service", "llm-chat-v1-epp"),
            "monitor": named("ServiceMonitor", "llm-chat-v1-epp"), "pool": named("InferencePool", "llm-chat-v1"),
            "so": named("ScaledObject", "llm-chat-v1")}


def ready_pods(dep: dict, count: int, first_ip: int) -> list[dict]:
    pods = pods_of(dep, count)
    for i, pod in enumerate(pods):
        pod["metadata"]["uid"] = f"{dep['metadata']['name']}-{i}"
        pod["status"].update(podIP=f"10.244.1.{first_ip + i}", conditions=[{"type": "Ready", "status": "True"}])
    return pods


class ObjectsKube(FakeKube):
    """get() answers from a list of objects, as the API server would."""

    def __init__(self, docs: list[dict]):
        self.docs = docs

    def get(self, api_version, kind, name, namespace=None):
        return next((copy.deepcopy(d) for d in self.docs if d["kind"] == kind and d["metadata"]["name"] == name
                     and d["metadata"].get("namespace") == namespace), None)


def picker_standins(objects: dict, model_pods: list[dict], picker_pods: list[dict]) -> StandIns:
    standins = StandIns(ObjectsKube(objects["docs"]), host_netns="net:[host]", gateway_selector="ingressgateway",
                        gateway_namespace="istio-ingress")
    standins._pods = {p["metadata"]["uid"]: p for p in model_pods + picker_pods}
    standins._carrier[("ai-llm", "llm-chat", "v1")] = model_pods[0]["metadata"]["uid"]
    return standins


def test_the_picker_stand_in_exports_the_pools_averages_over_its_ready_pods(picker_objects):
    model, picker = ready_pods(picker_objects["model"], 3, 2), ready_pods(picker_objects["picker"], 1, 20)
    model[2]["status"]["conditions"] = [{"type": "Ready", "status": "False"}]  # not in the picker's datastore
    standins = picker_standins(picker_objects, model, picker)
    assert standins._ports(picker[0]) == [9090]  # --metrics-port, no sidecar (inject: "false")
    standins.set_gauge("ai-llm", "llm-chat", "v1", "vllm:num_requests_waiting", 12)
    standins.set_gauge("ai-llm", "llm-chat", "v1", "vllm:num_requests_running", 5)
    page = standins._page(picker[0]["metadata"]["uid"], 9090, PICKER_METRICS_PATH)
    assert 'inference_pool_average_queue_size{name="llm-chat-v1"} 6.0' in page
    assert 'inference_pool_average_running_requests{name="llm-chat-v1"} 2.5' in page
    assert 'inference_pool_ready_pods{name="llm-chat-v1"} 2.0' in page
    assert standins.errors == []
    assert standins._page(picker[0]["metadata"]["uid"], 9090, "/stats/prometheus") is None


def test_the_picker_stand_in_reads_what_its_config_names_so_a_wrong_port_exports_nothing(picker_objects):
    model, picker = ready_pods(picker_objects["model"], 2, 2), ready_pods(picker_objects["picker"], 1, 20)
    args = picker[0]["spec"]["containers"][0]["args"]
    args += ["--model-server-metrics-port", "9400"]  # vLLM serves its metrics on the API port
    standins = picker_standins(picker_objects, model, picker)
    standins.set_gauge("ai-llm", "llm-chat", "v1", "vllm:num_requests_waiting", 12)
    page = standins._page(picker[0]["metadata"]["uid"], 9090, PICKER_METRICS_PATH)
    assert 'inference_pool_ready_pods{name="llm-chat-v1"} 0.0' in page
    assert "serves nothing at :9400/metrics" in standins.errors[0]


def test_the_generated_picker_query_is_the_total_through_the_picker_stand_in(picker_objects):
    query = picker_objects["so"]["spec"]["triggers"][0]["metadata"]["query"]
    assert [metric for metric, _ in selectors(query)] == ["inference_pool_average_queue_size",
                                                          "inference_pool_ready_pods"]
    for count in (1, 2, 3):
        model, picker = ready_pods(picker_objects["model"], count, 2), ready_pods(picker_objects["picker"], 1, 20)
        standins = picker_standins(picker_objects, model, picker)
        standins.set_gauge("ai-llm", "llm-chat", "v1", "vllm:num_requests_waiting", 12)
        page = standins._page(picker[0]["metadata"]["uid"], 9090, PICKER_METRICS_PATH)
        values = {line.split("{")[0]: float(line.rsplit(" ", 1)[1]) for line in page.splitlines()
                  if not line.startswith("#")}
        total = values["inference_pool_average_queue_size"] * values["inference_pool_ready_pods"]
        assert abs(total - 12) < 1e-9, (count, page)


def servicemonitor_targets(monitor: dict, service: dict, pods: list[dict], port: int = 9090) -> list[dict]:
    """What Prometheus' /api/v1/targets lists for a ServiceMonitor that found these pods through the Service."""
    return [{"scrapePool": scrape_pool(monitor), "health": "up", "lastError": "",
             "scrapeUrl": f"http://{p['status']['podIP']}:{port}/metrics",
             "labels": {"namespace": p["metadata"]["namespace"], "pod": p["metadata"]["name"],
                        "service": service["metadata"]["name"], "endpoint": "http-metrics"}} for p in pods]


def test_the_generated_picker_servicemonitor_with_its_service_and_pod_up_passes(picker_objects):
    monitor, service = picker_objects["monitor"], picker_objects["service"]
    pods = ready_pods(picker_objects["picker"], 1, 20) + ready_pods(picker_objects["model"], 2, 2)
    assert scrape_pool(monitor) == "serviceMonitor/ai-llm/llm-chat-v1-epp/0"
    check = check_targets(monitor, pods, servicemonitor_targets(monitor, service, pods[:1]), [service])
    assert check.ok, check.detail
    assert check.detail == "1/1 up on :9090/metrics with namespace, pod, service"


def test_a_servicemonitor_port_the_service_does_not_name_and_a_wrong_service_label_are_named(picker_objects):
    monitor, service = picker_objects["monitor"], picker_objects["service"]
    pods = ready_pods(picker_objects["picker"], 1, 20)
    wrong = copy.deepcopy(monitor)
    wrong["spec"]["endpoints"][0]["port"] = "metrics"  # the container's port name, not the Service's
    check = check_targets(wrong, pods, [], [service])
    assert not check.ok
    assert ("its port 'metrics' is not a port the selected Services name (they name: grpc-ext-proc, grpc-health, "
            "http-metrics)") in check.detail
    found = servicemonitor_targets(monitor, service, pods)
    found[0]["labels"]["service"] = "other"
    check = check_targets(monitor, pods, found, [service])
    assert not check.ok and "service='other' (pod: 'llm-chat-v1-epp')" in check.detail
    check = check_targets(monitor, pods, found, [])  # no Service selected: no pod either
    assert not check.ok and "selects no running pod" in check.detail
