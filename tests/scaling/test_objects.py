"""Generated objects → ScalingConfig: HPAs, KEDA ScaledObjects, the Deployment's startup budget."""
from __future__ import annotations

import pytest

from conftest import REPO
from inference_platform.scaling.model import DEFAULT_SCALE_DOWN, KedaActivation, Metric, Policy
from inference_platform.scaling.objects import (
    ConfigError, autoscaled_versions, generated_objects, read_config, scaled_object_to_hpa)

DEPLOYMENT = {
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "chat-v1", "namespace": "ai", "labels": {"app": "chat", "version": "v1"}},
    "spec": {"template": {"spec": {"containers": [{
        "name": "server",
        "resources": {"requests": {"cpu": "4", "nvidia.com/gpu": "2"}},
        "startupProbe": {"initialDelaySeconds": 30, "periodSeconds": 10, "failureThreshold": 60}}]}}},
}
SCALED_OBJECT = {
    "apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject",
    "metadata": {"name": "chat-v1", "namespace": "ai"},
    "spec": {
        "scaleTargetRef": {"name": "chat-v1"},
        "cooldownPeriod": 600,
        "triggers": [{"type": "prometheus", "metadata": {
            "serverAddress": "http://prometheus:9090", "query": "sum(vllm:num_requests_waiting)",
            "threshold": "5", "activationThreshold": "1"}}],
        "advanced": {"horizontalPodAutoscalerConfig": {"behavior": {
            "scaleUp": {"policies": [{"type": "Pods", "value": 1, "periodSeconds": 120}]}}}},
    },
}


@pytest.fixture(scope="module")
def prod_objects():
    return generated_objects(REPO / "platform.yaml", "prod")


def test_scaled_object_becomes_the_hpa_keda_generates():
    hpa = scaled_object_to_hpa(SCALED_OBJECT)["spec"]
    # minReplicaCount defaults to 0, and KEDA's HPA never goes below 1; maxReplicaCount defaults to 100
    assert (hpa["minReplicas"], hpa["maxReplicas"]) == (1, 100)
    # each trigger → an External metric s<index>-<type>, AverageValue target = the threshold
    assert hpa["metrics"] == [{"type": "External", "external": {
        "metric": {"name": "s0-prometheus", "selector": {"matchLabels": {"scaledobject.keda.sh/name": "chat-v1"}}},
        "target": {"type": "AverageValue", "averageValue": "5"}}}]
    assert hpa["behavior"] == SCALED_OBJECT["spec"]["advanced"]["horizontalPodAutoscalerConfig"]["behavior"]


def test_scaled_object_config_carries_keda_activation_and_defaults():
    cfg = read_config([DEPLOYMENT, SCALED_OBJECT], "chat", "v1")
    assert cfg.metrics == (Metric("External", "s0-prometheus", "AverageValue", 5.0),)
    # pollingInterval default 30 s; cooldownPeriod from the object; activationThreshold per trigger
    assert cfg.keda == KedaActivation(0, 30, 600, (("s0-prometheus", 1.0),))
    # scaleUp given without a window → 0; scaleDown missing → the API server's default rules
    assert cfg.behavior.scale_up.stabilization_window_seconds == 0
    assert cfg.behavior.scale_up.policies == (Policy("Pods", 1, 120),)
    assert cfg.behavior.scale_down == DEFAULT_SCALE_DOWN
    # startup budget: 30 + 10 × 60 = 630 s; 2 GPUs per pod from the requests
    assert (cfg.cold_start_seconds, cfg.gpu_per_pod) == (630, 2)


@pytest.mark.parametrize("signal, pod_measured", [
    ("queue_depth", ("s0-prometheus",)), ("request_rate", ("s0-prometheus",)),
    ("gateway_request_rate", ()), ("prometheus", ())])
def test_keda_activation_knows_which_signals_the_pods_report(signal, pod_measured):
    so = {**SCALED_OBJECT, "spec": {**SCALED_OBJECT["spec"], "triggers": [
        {**SCALED_OBJECT["spec"]["triggers"][0], "name": signal}]}}
    assert read_config([DEPLOYMENT, so], "chat", "v1").keda.pod_measured == pod_measured


def test_cold_start_estimate_overrides_the_startup_budget():
    assert read_config([DEPLOYMENT, SCALED_OBJECT], "chat", "v1", cold_start_seconds=240).cold_start_seconds == 240


def test_unknown_version_names_the_autoscaled_ones():
    with pytest.raises(ConfigError, match=r"no HorizontalPodAutoscaler or ScaledObject named 'chat-v9'.*chat/v1"):
        read_config([DEPLOYMENT, SCALED_OBJECT], "chat", "v9")


def test_trigger_without_threshold_is_reported():
    broken = {**SCALED_OBJECT, "spec": {**SCALED_OBJECT["spec"], "triggers": [{"type": "prometheus", "metadata": {}}]}}
    with pytest.raises(ConfigError, match=r"triggers\[0\] \(prometheus\) has no metadata.threshold"):
        read_config([DEPLOYMENT, broken], "chat", "v1")


def test_generated_llm_chat_prod_scaled_object(prod_objects):
    assert ("llm-chat", "v1") in autoscaled_versions(prod_objects)
    cfg = read_config(prod_objects, "llm-chat", "v1")
    assert (cfg.min_replicas, cfg.max_replicas, cfg.gpu_per_pod) == (2, 8, 1)
    # vLLM's queue through KEDA: one Prometheus trigger, AverageValue 5 waiting requests per pod
    assert cfg.source.startswith("ScaledObject")
    assert cfg.primary == Metric("External", "s0-prometheus", "AverageValue", 5.0)
    # startupProbe 10 s × 90 = 900 s; the VirtualService route timeout is 600 s
    assert (cfg.cold_start_seconds, cfg.route_timeout_seconds) == (900, 600.0)
    assert cfg.behavior.scale_up.policies == (Policy("Pods", 1, 120),)
    assert cfg.behavior.scale_down.stabilization_window_seconds == 600
