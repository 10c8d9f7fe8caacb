"""model_autoscaler: an HPA for cpu/memory only, a KEDA ScaledObject for metric signals, and the PodMonitors."""
from __future__ import annotations

import pytest

from conftest import find, synth_service
from inference_platform.description import Autoscaling, DescriptionError, Service
from inference_platform.service_objects.model_autoscaler import model_autoscaler
from inference_platform.catalog.signals import query


def service(**autoscaling) -> Service:
    return Service(name="chat", namespace="ai", image="vllm/vllm-openai:v0.11.0", server="vllm",
                   autoscaling=autoscaling)


def test_cpu_only_service_gets_a_plain_hpa_and_no_scaled_object():
    docs = synth_service(service(min_replicas=2, max_replicas=5, cpu_utilization=60, memory_utilization=70))
    (hpa,) = find(docs, "HorizontalPodAutoscaler")
    assert not find(docs, "ScaledObject")
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "chat-v1"}
    assert [m["resource"] for m in hpa["spec"]["metrics"]] == [
        {"name": "cpu", "target": {"averageUtilization": 60, "type": "Utilization"}},
        {"name": "memory", "target": {"averageUtilization": 70, "type": "Utilization"}}]
    assert "replicas" not in find(docs, "Deployment")[0]["spec"]


def test_llm_scales_on_vllm_queue_depth_through_keda(platform):
    docs = synth_service(platform.environment("prod").services[0])
    assert not find(docs, "HorizontalPodAutoscaler")  # KEDA creates and owns keda-hpa-<name>
    so = find(docs, "ScaledObject", "llm-chat-v1")[0]
    assert so["apiVersion"] == "keda.sh/v1alpha1"
    spec = so["spec"]
    assert spec["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "llm-chat-v1"}
    assert (spec["minReplicaCount"], spec["maxReplicaCount"]) == (2, 8)
    (trigger,) = spec["triggers"]
    assert trigger == {"type": "prometheus", "name": "queue_depth", "metricType": "AverageValue", "metadata": {
        "serverAddress": "http://prometheus-operated.monitoring.svc:9090",
        "query": 'sum(vllm:num_requests_waiting{namespace="ai-llm", app="llm-chat", version="v1"})',
        "threshold": "5", "ignoreNullValues": "false"}}
    # Prometheus unreachable: hold at least the minimum, never scale a serving model down for it.
    assert spec["fallback"] == {"failureThreshold": 3, "replicas": 2, "behavior": "currentReplicasIfHigher"}
    behavior = spec["advanced"]["horizontalPodAutoscalerConfig"]["behavior"]
    assert behavior["scaleUp"]["policies"] == [{"type": "Pods", "value": 1, "periodSeconds": 120}]
    assert behavior["scaleDown"]["stabilizationWindowSeconds"] == 600
    # Not scaling to zero: no activation threshold, KEDA's default cooldown.
    assert "cooldownPeriod" not in spec and "activationThreshold" not in trigger["metadata"]


def test_server_pod_monitor_scrapes_the_metrics_port_with_the_labels_the_query_selects(platform):
    docs = synth_service(platform.services[0])
    monitor = find(docs, "PodMonitor", "llm-chat-v1")[0]
    assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
    assert monitor["spec"]["selector"] == {"matchLabels": {"app": "llm-chat", "version": "v1"}}
    assert monitor["spec"]["podTargetLabels"] == ["app", "version"]
    (endpoint,) = monitor["spec"]["podMetricsEndpoints"]
    template = find(docs, "Deployment", "llm-chat-v1")[0]["spec"]["template"]
    if (template["metadata"].get("annotations") or {}).get("prometheus.io/scrape") == "true":
        assert endpoint["relabelings"][0]["replacement"] == "$1:15020"  # Istio's merged endpoint, see below
    else:
        assert endpoint["port"] in [p["name"] for p in template["spec"]["containers"][0]["ports"]]
        assert endpoint["path"] == "/metrics"


def test_request_rate_reads_istio_at_the_destination_and_scrapes_envoy(platform):
    docs = synth_service(platform.services[1])
    (trigger,) = find(docs, "ScaledObject", "embeddings-v1")[0]["spec"]["triggers"]
    assert trigger["metadata"]["query"] == (
        'sum(rate(istio_requests_total{reporter="destination", destination_workload="embeddings-v1", '
        'destination_workload_namespace="ai-retrieval"}[1m])) or vector(0)')
    assert trigger["metadata"]["threshold"] == "40"
    # Envoy's stats (15090), or the merged endpoint (15020) that carries them when the pods merge metrics
    endpoints = [e for m in find(docs, "PodMonitor") for e in m["spec"]["podMetricsEndpoints"]
                 if m["spec"]["selector"]["matchLabels"] == {"app": "embeddings", "version": "v1"}]
    assert any(e["port"] == "http-envoy-prom" and e["path"] == "/stats/prometheus" for e in endpoints)


def test_reranker_scales_to_zero_in_dev_on_its_external_queue(platform):
    dev = synth_service(platform.environment("dev").services[2])
    spec = find(dev, "ScaledObject", "reranker-v1")[0]["spec"]
    assert spec["minReplicaCount"] == 0 and spec["cooldownPeriod"] == 300
    (trigger,) = spec["triggers"]
    assert trigger["name"] == "prometheus"
    assert trigger["metadata"]["query"] == 'sum(rerank_queue_depth{queue="rerank"})'
    assert trigger["metadata"]["activationThreshold"] == "0"
    prod = find(synth_service(platform.environment("prod").services[2]), "ScaledObject")[0]["spec"]
    assert prod["minReplicaCount"] == 2 and "cooldownPeriod" not in prod


def test_cpu_beside_a_signal_becomes_a_keda_cpu_trigger_without_fallback():
    docs = synth_service(service(cpu_utilization=50, signals=[{"signal": "running_requests", "target": 8}]))
    spec = find(docs, "ScaledObject")[0]["spec"]
    assert [(t["type"], t.get("metricType")) for t in spec["triggers"]] == [
        ("prometheus", "AverageValue"), ("cpu", "Utilization")]
    assert spec["triggers"][1]["metadata"] == {"value": "50"}
    assert "fallback" not in spec  # KEDA's webhook refuses fallback beside a cpu/memory trigger
    assert not find(docs, "HorizontalPodAutoscaler")


def test_fractional_targets_are_plain_quantities():
    docs = synth_service(service(cpu_utilization=None, signals=[{"signal": "kv_cache_utilization", "target": 0.8}]))
    (trigger,) = find(docs, "ScaledObject")[0]["spec"]["triggers"]
    assert trigger["metadata"]["threshold"] == "0.8"
    assert trigger["metadata"]["query"] == query("kv_cache_utilization", server="vllm", namespace="ai",
                                                 service="chat", version="v1")
    assert "vllm:kv_cache_usage_perc" in trigger["metadata"]["query"]


@pytest.mark.parametrize("autoscaling, server, message", [
    ({"signals": [{"signal": "kv_cache_utilization", "target": 0.8}]}, "generic",
     "autoscaling.signals[0].signal: 'kv_cache_utilization' is not a metric server 'generic' exports"),
    ({"signals": [{"signal": "prometheus", "target": 3}]}, "vllm",
     "autoscaling.signals[0].query: required for signal: prometheus"),
    ({"signals": [{"signal": "queue_depth", "target": 3, "query": "up"}]}, "vllm",
     "autoscaling.signals[0].query: only used by signal: prometheus"),
    ({"cpu_utilization": None, "signals": [{"signal": "kv_cache_utilization", "target": 80}]}, "vllm",
     "autoscaling.signals[0].target: 80.0 is above 1; kv_cache_utilization is a fraction"),
    ({"cpu_utilization": 50, "signals": [{"signal": "queue_depth", "target": 3}], "fallback_replicas": 2}, "vllm",
     "autoscaling.fallback_replicas: KEDA's fallback only works when every trigger is a Prometheus signal"),
])
def test_signal_problems_are_named_and_say_what_to_change(autoscaling, server, message):
    with pytest.raises(DescriptionError) as err:
        Service(name="chat", namespace="ai", image="vllm/vllm-openai:v0.11.0", server=server, autoscaling=autoscaling)
    assert any(p.startswith(message) for p in err.value.problems), err.value.problems


def zero(**overrides) -> dict:
    svc = {"name": "rr", "namespace": "ai", "image": "ghcr.io/huggingface/text-embeddings-inference:cpu-1.8",
           "server": "tei", "probes": {"startup": {"period_seconds": 5, "failure_threshold": 60}},
           "autoscaling": {"min_replicas": 0, "cpu_utilization": None,
                           "signals": [{"signal": "prometheus", "query": "sum(q)", "target": 30}]},
           "traffic": {"hosts": ["rr.example.com"], "timeout_seconds": 300}}
    for key, value in overrides.items():
        svc[key] = value if not isinstance(value, dict) or key not in svc else {**svc[key], **value}
    return svc


def test_scale_to_zero_is_accepted_with_an_external_queue_a_long_timeout_and_retries():
    assert Service(**zero()).autoscaling.uses_keda


def test_scale_to_zero_is_accepted_with_request_rate_measured_at_the_ingress_gateway():
    svc = Service(**zero(autoscaling={"signals": [{"signal": "gateway_request_rate", "target": 5}]}))
    assert svc.autoscaling.min_replicas == 0


def test_gateway_request_rate_reads_the_gateway_per_service_and_each_version_scales_on_its_share():
    svc = Service(**zero(autoscaling={"signals": [{"signal": "gateway_request_rate", "target": 5,
                                                   "activation_threshold": 0.1}]},
                         versions=[{"name": "v1", "weight": 80}, {"name": "v2", "weight": 20}]))
    docs = synth_service(svc)
    selector = ('istio_requests_total{reporter="source", source_workload="istio-ingressgateway", '
                'source_workload_namespace="istio-ingress", destination_service="rr.ai.svc.cluster.local"}[1m]')
    for version, share in (("v1", "0.8"), ("v2", "0.2")):
        (trigger,) = find(docs, "ScaledObject", f"rr-{version}")[0]["spec"]["triggers"]
        assert trigger["name"] == "gateway_request_rate"
        assert trigger["metadata"]["query"] == f"(sum(rate({selector})) * {share}) or vector(0)"
        assert trigger["metadata"]["activationThreshold"] == "0.1"
    # The gateway is scraped once, in the mesh layer: no per-version Envoy PodMonitor for this signal.
    assert not [m for m in find(docs, "PodMonitor") if m["metadata"]["name"].endswith("-envoy")]


def test_gateway_request_rate_of_a_single_version_is_the_whole_service_rate():
    q = query("gateway_request_rate", server="tei", namespace="ai", service="rr", version="v1",
              gateway_workload="edge", gateway_namespace="gw")
    assert q == ('sum(rate(istio_requests_total{reporter="source", source_workload="edge", '
                 'source_workload_namespace="gw", destination_service="rr.ai.svc.cluster.local"}[1m])) '
                 'or vector(0)')


@pytest.mark.parametrize("kwargs, message", [
    ({}, "signal 'gateway_request_rate' needs the ingress gateway's workload and namespace."),
    ({"gateway_workload": "edge", "gateway_namespace": "gw", "weight": 120},
     "'weight' (120) must be between 0 and 100 (percent of the service's traffic)."),
])
def test_gateway_request_rate_query_refuses_missing_gateway_or_bad_weight(kwargs, message):
    with pytest.raises(ValueError) as err:
        query("gateway_request_rate", server="tei", namespace="ai", service="rr", version="v1", **kwargs)
    assert str(err.value) == message


@pytest.mark.parametrize("overrides, message", [
    ({"autoscaling": {"signals": [{"signal": "request_rate", "target": 5}]}},
     "autoscaling.min_replicas: 0 needs a signal that is non-zero while no pod runs"),
    ({"autoscaling": {"cpu_utilization": 50}}, "autoscaling.min_replicas: 0 needs KEDA metric signals only"),
    ({"traffic": {"timeout_seconds": 30}},
     "traffic.timeout_seconds: 30 is shorter than the cold start (300 s) with min_replicas 0"),
    ({"traffic": {"retries": {"attempts": 0}}}, "traffic.retries.attempts: 0 with min_replicas 0: while no pod runs "
                                                "Istio answers 503"),
    ({"traffic": None}, "autoscaling.min_replicas: 0 needs traffic: requests arriving while no pod runs get 503"),
    ({"traffic": None, "autoscaling": {"signals": [{"signal": "gateway_request_rate", "target": 5}]}},
     "autoscaling.signals[0].signal: 'gateway_request_rate' counts requests at the ingress gateway, but this "
     "service has no ingress route (traffic is null or has no hosts); add traffic.hosts, or use request_rate"),
])
def test_scale_to_zero_that_would_drop_requests_is_rejected(overrides, message):
    with pytest.raises(DescriptionError) as err:
        Service(**zero(**overrides))
    assert any(p.startswith(message) for p in err.value.problems), err.value.problems


def test_pods_that_merge_their_metrics_are_scraped_on_istios_merged_endpoint():
    # prometheus.io/* annotations: the sidecar serves server + Envoy metrics on :15020 in plain text,
    # while the server's own port sits behind STRICT mTLS.
    labels = {"app": "chat", "version": "v1"}
    deployment = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "chat-v1", "namespace": "ai"},
                  "spec": {"selector": {"matchLabels": labels}, "template": {
                      "metadata": {"labels": labels,
                                   "annotations": {"prometheus.io/scrape": "true", "prometheus.io/port": "8000"}},
                      "spec": {"containers": [{"name": "server", "image": "x:1",
                                               "ports": [{"name": "http-api", "containerPort": 8000}]}]}}}}
    _, *monitors = model_autoscaler(name="chat-v1", namespace="ai", labels=labels, target=deployment, server="vllm",
                                    autoscaling=Autoscaling(cpu_utilization=None, signals=[
                                        {"signal": "queue_depth", "target": 5}, {"signal": "request_rate", "target": 9}]))
    (monitor,) = monitors  # one endpoint carries both signals
    (endpoint,) = monitor["spec"]["podMetricsEndpoints"]
    assert (endpoint["port"], endpoint["path"]) == ("http-envoy-prom", "/stats/prometheus")
    assert endpoint["relabelings"] == [{"sourceLabels": ["__meta_kubernetes_pod_ip"], "regex": "(.+)",
                                        "replacement": "$1:15020", "targetLabel": "__address__"}]
