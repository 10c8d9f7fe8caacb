"""What a model-server container requests and is limited to: CPU, memory, GPUs and other devices, /dev/shm.

Requests and limits are apart where it matters: the CPU limit may be dropped (a model server's
tokenizer and scheduler threads are throttled by one, which costs latency), the memory limit may
be above the request; GPUs, other extended resources and hugepages always have requests equal to
limits (Kubernetes refuses anything else). The pod's QoS class follows: Guaranteed only when the
CPU and memory limits equal the requests (the default), Burstable otherwise, so under node memory
pressure the kubelet evicts Burstable pods first. A memory limit is always set: the shared memory
volume and the server share it, and a pod without one can take a GPU node's memory from its
neighbours.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Iterator, Literal

from pydantic import Field

from inference_platform.contract import ACCELERATORS, GPU_RESOURCE
from inference_platform.description.base import Model, rule
from inference_platform.description.errors import show
from inference_platform.pod_limits import memory_overflow
from inference_platform.kube_names import (INT32_MAX, Amount, Bytes, Checked, Cpu, Memory, binary_quantity,
                                           quantity_value)

__all__ = ["Resources", "ExtendedResource", "HUGEPAGE_SIZES", "DEFAULT_SHM"]

#: /dev/shm when the description gives no size (before the issue-23 field it was fixed at this).
DEFAULT_SHM = "8Gi"
HUGEPAGE_SIZES = ("2Mi", "1Gi")

_NAME = r"[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
_DOMAIN = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
#: An extended resource name as the API server accepts one (``IsExtendedResourceName``): a domain-qualified
#: name (``<domain>/<name>``) outside ``kubernetes.io``, whose ``requests.<name>`` quota name is valid too.
ExtendedResource = Annotated[str, Checked(
    "is not an extended resource name (<domain>/<name>, e.g. 'rdma/ib', 'amd.com/gpu': a DNS subdomain prefix of "
    "at most 244 characters outside kubernetes.io, a name of at most 63 letters, digits, '-', '_' or '.')",
    rf"(?![^/]*kubernetes\.io/)(?=[^/]{{1,244}}/){_DOMAIN}/{_NAME}", 308)]
Count = Annotated[int, Field(ge=1, le=INT32_MAX)]
#: A CPU quantity, or 'none' for no limit.
CpuLimit = Annotated[str, Checked(
    "is neither a Kubernetes quantity (e.g. '500m', '2') nor 'none' (no CPU limit)",
    r"none|(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?", 32),
    Amount(Decimal("0.001"), Decimal("0.001"), "1m (one thousandth of a core)")]


class Resources(Model):
    """Requests and limits of the model-server container."""

    cpu: Cpu = Field("1", description="CPU request (Kubernetes quantity, at least 1m).")
    cpu_limit: CpuLimit | None = Field(None, description=(
        "CPU limit; null: equal to cpu (Guaranteed QoS with memory_limit null); 'none': no CPU limit (the pod is "
        "Burstable: it may use idle CPU of the node and is never throttled, and is evicted before Guaranteed pods "
        "under node pressure)."))
    memory: Memory = Field("2Gi", description="Memory request (whole bytes, at least 16Mi).")
    memory_limit: Memory | None = Field(None, description=(
        "Memory limit, at least memory; null: equal to memory. Above the request the pod is Burstable. Always "
        "set: /dev/shm (shm_size) is charged to it, and the container is OOM-killed above it."))
    gpu: int = Field(0, ge=0, le=16, description=(
        "NVIDIA GPUs (`nvidia.com/gpu`), request = limit; > 0 also tolerates the `nvidia.com/gpu` node taint."))
    devices: dict[ExtendedResource, Count] = Field({}, description=(
        "Other devices and extended resources by name, request = limit: RDMA (`rdma/ib`, `rdma/hca_shared_devices_a`), "
        "accelerators (`amd.com/gpu`, `habana.ai/gaudi`, `google.com/tpu`; each tolerates its own node taint and "
        "is treated like GPUs: spread, /dev/shm, rollout default). `nvidia.com/gpu` is `gpu`."))
    hugepages: dict[Literal[HUGEPAGE_SIZES], Bytes] = Field({}, description=(
        "Hugepages by page size (`2Mi`, `1Gi`): request = limit `hugepages-<size>` (a multiple of the page size), "
        "mounted at /dev/hugepages-<size>; not part of memory."))
    shm_size: Bytes | None = Field(None, description=(
        "Size of /dev/shm (a Memory-medium emptyDir, charged to memory_limit: it must fit). null: 8Gi (at most "
        "half the memory limit) for GPU and accelerator services whose server uses shared memory "
        "(vllm, tgi, triton, generic), none otherwise; set: mounted for any service."))
    ephemeral_storage: Bytes = Field("1Gi", description=(
        "Ephemeral storage for the container's own writes and logs; the request and limit also count the "
        "cache and /tmp volumes at their size limits, since the kubelet evicts a pod whose disk volumes outgrow it."))

    @property
    def accelerators(self) -> dict[str, int]:
        """Accelerator resources per pod (``nvidia.com/gpu`` and the accelerator ``devices``)."""
        out = {GPU_RESOURCE: self.gpu} if self.gpu else {}
        out.update({name: count for name, count in self.devices.items() if name in ACCELERATORS})
        return out

    @property
    def memory_limit_bytes(self) -> Decimal:
        return quantity_value(self.memory_limit or self.memory)

    def shm(self, server_uses_shm: bool) -> str | None:
        """The /dev/shm size the pod gets (None: no such volume); see ``shm_size``."""
        if self.shm_size is not None:
            return self.shm_size
        if not (self.accelerators and server_uses_shm):
            return None
        return min(DEFAULT_SHM, binary_quantity(self.memory_limit_bytes // 2), key=quantity_value)

    def container(self) -> dict[str, dict[str, str]]:
        """The container's ``resources`` without ephemeral storage (the pod adds it with its volumes)."""
        requests = {"cpu": self.cpu, "memory": self.memory}
        limits = {"memory": self.memory_limit or self.memory}
        if self.cpu_limit != "none":
            limits = {"cpu": self.cpu_limit or self.cpu, **limits}
        fixed = {**({GPU_RESOURCE: str(self.gpu)} if self.gpu else {}),
                 **{name: str(count) for name, count in sorted(self.devices.items())},
                 **{f"hugepages-{size}": value for size, value in sorted(self.hugepages.items())}}
        return {"requests": {**requests, **fixed}, "limits": {**limits, **fixed}}

    @rule
    def _limits_at_least_requests(self) -> Iterator[tuple[str, str]]:
        # The API server refuses a limit below its request.
        if self.cpu_limit not in (None, "none") and quantity_value(self.cpu_limit) < quantity_value(self.cpu):
            yield "cpu_limit", f"{show(self.cpu_limit)} is below the request cpu {show(self.cpu)}; the API server refuses it"
        if self.memory_limit is not None and quantity_value(self.memory_limit) < quantity_value(self.memory):
            yield "memory_limit", (f"{show(self.memory_limit)} is below the request memory {show(self.memory)}; the API "
                                   "server refuses it")

    @rule
    def _devices(self) -> Iterator[tuple[tuple, str]]:
        for name in self.devices:
            if name == GPU_RESOURCE:
                yield ("devices", name), f"is the gpu field's resource; write gpu: {self.devices[name]} instead"

    @rule
    def _whole_pages(self) -> Iterator[tuple[tuple, str]]:
        for size, value in self.hugepages.items():
            page = quantity_value(size)
            if quantity_value(value) % page:
                yield ("hugepages", size), (f"{show(value)} is not a whole number of {size} pages; the kubelet "
                                            f"allocates whole pages: use a multiple of {size}")

    @rule
    def _shm_fits(self) -> Iterator[tuple[str, str]]:
        # The gate's memory-volumes-fit rule, said where it is caused: tmpfs pages count against the memory limit
        # of the container that writes them (the server's; the gate can only bound the pod's sum of limits).
        from_limit = "memory_limit" if self.memory_limit is not None else "memory"
        if self.shm_size is not None and memory_overflow(quantity_value(self.shm_size), self.memory_limit_bytes):
            yield "shm_size", (f"{show(self.shm_size)} is more than the memory limit {show(self.memory_limit or self.memory)} "
                               f"({from_limit}); /dev/shm is memory charged to that limit, and the kubelet OOM-kills "
                               f"the server before it is full: raise {from_limit} or shrink shm_size")
