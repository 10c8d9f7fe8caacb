"""Model-server presets: one small table per server, read by the constructs, the autoscaling and the gate.

A service names its server (``server: vllm | tgi | tei | triton | generic``); the preset gives
the defaults the description may override: named ports and their protocols, health paths,
where the server exposes Prometheus metrics and under which names, the environment that moves
every cache and ``$HOME`` onto the writable cache volume (the root filesystem is read-only),
and whether it needs a large ``/dev/shm``.

Sources (check a preset against them when upgrading a server):
- vLLM: https://docs.vllm.ai/en/latest/usage/metrics.html, .../configuration/env_vars.html
- TGI: https://huggingface.co/docs/text-generation-inference/reference/metrics
- TEI: https://huggingface.co/docs/text-embeddings-inference/cli_arguments
- Triton: https://docs.nvidia.com/deeplearning/triton-inference-server/user-guide/docs/user_guide/metrics.html
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["ServerPort", "ServerPreset", "PRESETS", "SERVER_NAMES", "SIGNALS", "preset"]

Protocol = Literal["http", "grpc", "tcp"]
#: The scaling signals a description may name (besides a raw Prometheus query).
SIGNALS = ("queue_depth", "running_requests", "kv_cache_utilization", "request_rate", "cpu", "memory")


@dataclass(frozen=True)
class ServerPort:
    """A named container port; the name is Istio's protocol prefix (``http-api``, ``grpc-api``, ``http-metrics``)."""

    name: str
    port: int
    protocol: Protocol


@dataclass(frozen=True)
class ServerPreset:
    """What a model server exposes and needs, as its documentation says."""

    name: str
    #: the ports the server listens on; the first is the API that traffic is routed to
    ports: tuple[ServerPort, ...]
    #: name of the port Prometheus scrapes, and the path
    metrics_port: str | None
    metrics_path: str = "/metrics"
    #: HTTP paths of the readiness and liveness endpoints (None: the port is probed with TCP)
    readiness_path: str | None = "/health"
    liveness_path: str | None = None
    #: scaling signal → Prometheus metric the server exports for it (per pod)
    metrics: dict[str, str] = field(default_factory=dict)
    #: environment pointing every cache and $HOME at the cache volume (``{cache}`` = its mount path)
    cache_env: dict[str, str] = field(default_factory=dict)
    #: GPU workers exchange tensors through /dev/shm (the container default is 64 MiB)
    needs_shm: bool = False


_HOME = {"HOME": "{cache}/home", "XDG_CACHE_HOME": "{cache}/xdg", "HF_HOME": "{cache}/hf"}

PRESETS: dict[str, ServerPreset] = {p.name: p for p in (
    ServerPreset(
        "vllm", ports=(ServerPort("http-api", 8000, "http"),), metrics_port="http-api",
        readiness_path="/health",
        metrics={"queue_depth": "vllm:num_requests_waiting", "running_requests": "vllm:num_requests_running",
                 "kv_cache_utilization": "vllm:kv_cache_usage_perc"},
        cache_env={**_HOME, "VLLM_CACHE_ROOT": "{cache}/vllm", "VLLM_CONFIG_ROOT": "{cache}/vllm-config",
                   "TRITON_CACHE_DIR": "{cache}/triton", "TORCHINDUCTOR_CACHE_DIR": "{cache}/inductor"},
        needs_shm=True),
    ServerPreset(
        "tgi", ports=(ServerPort("http-api", 8080, "http"),), metrics_port="http-api",
        readiness_path="/health",
        metrics={"queue_depth": "tgi_queue_size", "running_requests": "tgi_batch_current_size"},
        cache_env={**_HOME, "HUGGINGFACE_HUB_CACHE": "{cache}/hf/hub"}, needs_shm=True),
    ServerPreset(
        "tei", ports=(ServerPort("http-api", 8080, "http"), ServerPort("http-metrics", 9000, "http")),
        metrics_port="http-metrics", readiness_path="/health",
        metrics={"queue_depth": "te_queue_size"},
        cache_env={**_HOME, "HUGGINGFACE_HUB_CACHE": "{cache}/hf/hub"}),
    ServerPreset(
        "triton", ports=(ServerPort("http-api", 8000, "http"), ServerPort("grpc-api", 8001, "grpc"),
                         ServerPort("http-metrics", 8002, "http")),
        metrics_port="http-metrics", readiness_path="/v2/health/ready", liveness_path="/v2/health/live",
        metrics={"queue_depth": "nv_inference_pending_request_count"},
        cache_env={**_HOME, "TRITON_CACHE_DIR": "{cache}/triton", "TORCH_HOME": "{cache}/torch"},
        needs_shm=True),
    ServerPreset("generic", ports=(ServerPort("http-api", 8000, "http"),), metrics_port=None,
                 cache_env=dict(_HOME)),
)}
SERVER_NAMES = tuple(PRESETS)


def preset(name: str) -> ServerPreset:
    return PRESETS[name]
