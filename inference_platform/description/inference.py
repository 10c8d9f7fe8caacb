"""Inference-aware routing of a service: InferencePools and their endpoint picker (Gateway API Inference Extension).

A service with ``inference`` is served through InferencePools (``inference.networking.k8s.io/v1``)
on a Gateway API Gateway: per version (the default: a weighted canary across pools) or one for the
service, each with its own endpoint picker, which chooses the pod of every request from the model
servers' queue, running requests and KV-cache use. See docs/inference-routing.md.
"""
from __future__ import annotations

from typing import Iterator, Literal

from pydantic import Field

from inference_platform.catalog.picker import EXT_PROC_PORT, HEALTH_PORT, METRICS_PORT
from inference_platform.description.base import Model, rule
from inference_platform.kube_names import Cpu, Memory

__all__ = ["Picker", "Inference"]


class Picker(Model):
    """The endpoint picker of each pool: its Deployment's size and its ports."""

    replicas: int = Field(1, ge=1, le=10, description=(
        "Picker replicas; more than 1 run with leader election (one active, the others ready to take over)."))
    cpu: Cpu = Field("1", description="CPU request and limit of the picker.")
    memory: Memory = Field("2Gi", description="Memory request and limit of the picker.")
    ext_proc_port: int = Field(EXT_PROC_PORT, ge=1, le=65535, description="Envoy ext-proc (gRPC over TLS) port.")
    health_port: int = Field(HEALTH_PORT, ge=1, le=65535, description="gRPC health port (probes).")
    metrics_port: int = Field(METRICS_PORT, ge=1, le=65535, description="Prometheus metrics port.")

    @rule
    def _distinct_ports(self) -> Iterator[tuple[str, str]]:
        first: dict[int, str] = {}
        for key in ("ext_proc_port", "health_port", "metrics_port"):
            value = getattr(self, key)
            if value in first:
                yield key, (f"{value} is already the picker's {first[value]}; the ext-proc, health and metrics "
                            "servers cannot share a port: give each its own")
            first.setdefault(value, key)


class Inference(Model):
    """InferencePools and endpoint pickers for the service (vLLM, and servers with a picker engine entry)."""

    pool: Literal["version", "service"] = Field("version", description=(
        "version: one InferencePool (and picker) per version, the route weighted across them (a canary across "
        "pools); service: one pool for every version's pods (the picker chooses among all of them: one version "
        "with weight only)."))
    failure_mode: Literal["FailOpen", "FailClose"] = Field("FailOpen", description=(
        "What the gateway does when the picker does not answer: FailOpen forwards to a pod of the pool without "
        "its choice, FailClose refuses the request."))
    picker: Picker = Field(Picker(), description="The endpoint picker's size and ports.")
