"""Model-server presets: one small table per server, read by the constructs, the autoscaling and the gate.

A service names its server (``server: vllm | tgi | tei | triton | generic``); the preset gives
the defaults the description may override: named ports and their protocols, health paths,
where the server exposes Prometheus metrics and under which names, the environment that moves
every cache and ``$HOME`` onto the writable cache volume (the root filesystem is read-only),
the hosts it downloads weights from, and whether it needs a large ``/dev/shm``.

Checked against (re-check a preset when upgrading its server):
- vLLM: OpenAI server on 8000 with ``/health`` and ``/metrics`` (docs.vllm.ai usage/metrics:
  ``vllm:num_requests_waiting``, ``vllm:num_requests_running``, ``vllm:kv_cache_usage_perc``);
  caches from configuration/env_vars: ``VLLM_CACHE_ROOT`` (default ``~/.cache/vllm``: torch.compile
  and assets), ``VLLM_CONFIG_ROOT`` (``~/.config/vllm``: usage stats), Triton-lang kernels
  (``TRITON_CACHE_DIR``, default ``~/.triton/cache``), TorchInductor (``TORCHINDUCTOR_CACHE_DIR``).
  ``VLLM_PORT`` is vLLM's *internal* port, not the API's: the API port is the ``--port`` argument.
- TGI (text-generation-launcher): ``--port``/``PORT`` (default 3000; the image sets ``PORT=80``,
  which a non-root user cannot bind, so the preset sets it), ``/health``, ``/metrics``
  (``tgi_queue_size``, ``tgi_batch_current_size``); the image points ``HF_HOME`` at ``/data``.
- TEI (text-embeddings-router): ``--port``/``PORT`` (default 3000, image ``PORT=80``),
  ``--prometheus-port``/``PROMETHEUS_PORT`` (default 9000) serving ``/metrics`` (``te_queue_size``,
  ``te_batch_current_size``), ``/health``; the image points ``HUGGINGFACE_HUB_CACHE`` at ``/data``.
- Triton: HTTP 8000, gRPC 8001 (also the standard gRPC health service), metrics 8002 at ``/metrics``
  (``nv_inference_pending_request_count``); ``/v2/health/ready`` and ``/v2/health/live``.
- Hugging Face hub: ``HF_HOME`` (default ``$XDG_CACHE_HOME/huggingface``), ``HF_HUB_CACHE``
  (``$HF_HOME/hub``; legacy name ``HUGGINGFACE_HUB_CACHE``, still read); PyTorch hub ``TORCH_HOME``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["ServerPort", "ServerPreset", "PRESETS", "SERVER_NAMES", "SIGNALS", "HF_HOSTS", "CACHE_ENV_NAMES",
           "preset"]

Protocol = Literal["http", "grpc", "tcp"]
#: The scaling signals a description may name (besides a raw Prometheus query).
SIGNALS = ("queue_depth", "running_requests", "kv_cache_utilization", "request_rate", "cpu", "memory")
#: Where the Hugging Face hub serves weights: the API and ``resolve`` redirects on huggingface.co,
#: large files from the LFS CDN (cdn-lfs.huggingface.co) or the hf.co CDNs and Xet storage
#: (cdn-lfs.hf.co, cas-bridge.xethub.hf.co, ...).
HF_HOSTS = ("huggingface.co", "cdn-lfs.huggingface.co", "*.hf.co")


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
    #: port name → the environment variable the server reads that port from (set from the port)
    port_env: dict[str, str] = field(default_factory=dict)
    #: hosts the server downloads weights from when the model is not on a local volume
    download_hosts: tuple[str, ...] = ()
    #: GPU workers exchange tensors through /dev/shm (the container default is 64 MiB)
    needs_shm: bool = False
    #: the endpoint picker's engine name for this server (its metric names come from ``metrics``); None: no
    #: InferencePool can serve it (:mod:`inference_platform.catalog.picker`)
    picker_engine: str | None = None

    def cache_environment(self, cache_path: str) -> dict[str, str]:
        """The cache environment with ``{cache}`` replaced by the writable volume's mount path."""
        return {name: value.format(cache=cache_path) for name, value in self.cache_env.items()}


_HOME = {"HOME": "{cache}/home", "XDG_CACHE_HOME": "{cache}/xdg", "XDG_CONFIG_HOME": "{cache}/config",
         "HF_HOME": "{cache}/hf"}
#: the images set the hub cache to /data (TGI via HF_HOME, TEI via the legacy name): both are overridden
_HUB = {"HF_HUB_CACHE": "{cache}/hf/hub", "HUGGINGFACE_HUB_CACHE": "{cache}/hf/hub"}

PRESETS: dict[str, ServerPreset] = {p.name: p for p in (
    ServerPreset(
        "vllm", ports=(ServerPort("http-api", 8000, "http"),), metrics_port="http-api",
        readiness_path="/health",
        metrics={"queue_depth": "vllm:num_requests_waiting", "running_requests": "vllm:num_requests_running",
                 "kv_cache_utilization": "vllm:kv_cache_usage_perc"},
        cache_env={**_HOME, **_HUB, "VLLM_CACHE_ROOT": "{cache}/vllm", "VLLM_CONFIG_ROOT": "{cache}/vllm-config",
                   "TRITON_CACHE_DIR": "{cache}/triton", "TORCHINDUCTOR_CACHE_DIR": "{cache}/inductor"},
        download_hosts=HF_HOSTS, needs_shm=True, picker_engine="vllm"),
    ServerPreset(
        "tgi", ports=(ServerPort("http-api", 8080, "http"),), metrics_port="http-api",
        readiness_path="/health",
        metrics={"queue_depth": "tgi_queue_size", "running_requests": "tgi_batch_current_size"},
        cache_env={**_HOME, **_HUB, "TRITON_CACHE_DIR": "{cache}/triton"}, port_env={"http-api": "PORT"},
        download_hosts=HF_HOSTS, needs_shm=True, picker_engine="tgi"),
    ServerPreset(
        "tei", ports=(ServerPort("http-api", 8080, "http"), ServerPort("http-metrics", 9000, "http")),
        metrics_port="http-metrics", readiness_path="/health",
        metrics={"queue_depth": "te_queue_size", "running_requests": "te_batch_current_size"},
        cache_env={**_HOME, **_HUB}, port_env={"http-api": "PORT", "http-metrics": "PROMETHEUS_PORT"},
        download_hosts=HF_HOSTS, picker_engine="tei"),
    ServerPreset(
        "triton", ports=(ServerPort("http-api", 8000, "http"), ServerPort("grpc-api", 8001, "grpc"),
                         ServerPort("http-metrics", 8002, "http")),
        metrics_port="http-metrics", readiness_path="/v2/health/ready", liveness_path="/v2/health/live",
        metrics={"queue_depth": "nv_inference_pending_request_count"},
        cache_env={**_HOME, "TRITON_CACHE_DIR": "{cache}/triton", "TORCH_HOME": "{cache}/torch",
                   "TORCHINDUCTOR_CACHE_DIR": "{cache}/inductor"},
        needs_shm=True),
    ServerPreset("generic", ports=(ServerPort("http-api", 8000, "http"),), metrics_port=None,
                 cache_env=dict(_HOME)),
)}
SERVER_NAMES = tuple(PRESETS)
#: every variable some preset points at the cache volume (the gate checks each is on a writable mount)
CACHE_ENV_NAMES = tuple(sorted({name for p in PRESETS.values() for name in p.cache_env}))


def preset(name: str) -> ServerPreset:
    return PRESETS[name]
