"""The endpoint picker (EPP) of the Gateway API Inference Extension: the pinned image, its ports, flags and config.

Which image is real (checked in kubernetes-sigs/gateway-api-inference-extension): the v1.6 line
ships no endpoint picker any more. v1.6.0 moved the EPP to llm-d/llm-d-router (image
``ghcr.io/llm-d/llm-d-router-endpoint-picker``, v0.10.0 at the time of writing) and keeps only the
InferencePool API and the lightweight conformance picker ``lwepp`` (round-robin, no metrics).
The last EPP this project's API line released is ``registry.k8s.io/gateway-api-inference-extension/epp:v1.5.0``
(config/charts/inferencepool/values.yaml at v1.5.0), which serves ``inference.networking.k8s.io/v1``
InferencePools; its flags, ports, config format and metric names below are read from that tag
(config/charts/epplib/templates, pkg/epp/metrics/metrics.go,
pkg/epp/framework/plugins/datalayer/extractor/metrics/factories.go). Moving to llm-d's router is a
change of this row and of :func:`picker_config` after checking its release the same way.

Engine profiles: the picker reads each pod's queue, running requests and KV-cache use from the
model server's Prometheus endpoint, with metric names per engine (``core-metrics-extractor``
``engineConfigs``), chosen by the pod label :data:`ENGINE_LABEL`. Built in: vllm, sglang,
trtllm-serve, triton-tensorrt-llm. This platform writes the entry for every server preset with a
:attr:`~inference_platform.catalog.servers.ServerPreset.picker_engine` from the preset's own metric
table, the one the KEDA queries read: one source for the pod label, the picker config and the queries.
"""
from __future__ import annotations

from typing import Any

import yaml

from inference_platform.catalog.servers import ServerPreset

__all__ = ["IMAGE", "ENGINE_LABEL", "EXT_PROC_PORT", "HEALTH_PORT", "METRICS_PORT", "HEALTH_SERVICE",
           "CONFIG_FILE", "CONFIG_PATH", "POOL_METRICS", "picker_config", "engine_entry"]

#: The pinned picker image (see the module docstring for why this one).
IMAGE = "registry.k8s.io/gateway-api-inference-extension/epp:v1.5.0"
#: The pod label the picker's metrics extractor reads the engine from.
ENGINE_LABEL = "inference.networking.k8s.io/engine-type"
#: Default ports: ext-proc (gRPC, TLS), gRPC health, Prometheus metrics.
EXT_PROC_PORT, HEALTH_PORT, METRICS_PORT = 9002, 9003, 9090
#: The gRPC health service a single picker replica reports (with leader election: liveness/readiness).
HEALTH_SERVICE = "inference-extension"
CONFIG_FILE = "default-plugins.yaml"
CONFIG_PATH = "/config"
#: What the picker exports per pool (label ``name``: the pool), averaged over the pool's ready pods,
#: and the ready pod count: signal -> metric.
POOL_METRICS = {"picker_queue_depth": "inference_pool_average_queue_size",
                "picker_running_requests": "inference_pool_average_running_requests",
                "ready_pods": "inference_pool_ready_pods"}


def engine_entry(server: ServerPreset) -> dict[str, str]:
    """The picker's engine config for ``server``, from the preset's metric table."""
    assert server.picker_engine is not None, server.name
    return {"name": server.picker_engine,
            "queuedRequestsSpec": server.metrics.get("queue_depth", ""),
            "runningRequestsSpec": server.metrics.get("running_requests", ""),
            "kvUsageSpec": server.metrics.get("kv_cache_utilization", "")}


def picker_config(server: ServerPreset, metrics_path: str) -> str:
    """The picker's EndpointPickerConfig (the ConfigMap's ``default-plugins.yaml``): the upstream chart's scorers
    (queue, KV cache, prefix cache; the KV-cache ones only for engines that report KV use), the model servers'
    metrics path, and the engine entry of ``server``."""
    engine = engine_entry(server)
    kv = bool(engine["kvUsageSpec"])
    plugins: list[dict[str, Any]] = [{"type": "queue-scorer"}]
    if kv:
        plugins += [{"type": "kv-cache-utilization-scorer"}, {"type": "prefix-cache-scorer"}]
    plugins += [{"type": "metrics-data-source", "parameters": {"scheme": "http", "path": metrics_path}},
                {"type": "core-metrics-extractor", "parameters": {
                    "engineLabelKey": ENGINE_LABEL, "defaultEngine": engine["name"], "engineConfigs": [engine]}}]
    scorers = [{"pluginRef": "queue-scorer", "weight": 2}]
    if kv:
        scorers += [{"pluginRef": "kv-cache-utilization-scorer", "weight": 2},
                    {"pluginRef": "prefix-cache-scorer", "weight": 3}]
    config = {"apiVersion": "inference.networking.x-k8s.io/v1alpha1", "kind": "EndpointPickerConfig",
              "plugins": plugins, "schedulingProfiles": [{"name": "default", "plugins": scorers}]}
    return yaml.safe_dump(config, sort_keys=False)
