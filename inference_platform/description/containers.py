"""Containers beside the model server: init containers (a model or adapter download) and native sidecars.

A native sidecar is an init container with ``restartPolicy: Always`` (Kubernetes 1.29+): it starts
before the server, in its list order, runs beside it for the pod's life and stops after it, so a
routing or KV-transfer sidecar is up before the server and does not hold a finished Job-like pod
open. Plain init containers run to completion, one after the other, before the server starts.
Both run with the server's hardening (non-root, read-only root filesystem, every capability dropped,
the RuntimeDefault seccomp profile) and mount only the pod's own volumes; see
https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/.
"""
from __future__ import annotations

from typing import Annotated, Iterator

from pydantic import Field

from inference_platform.description.base import Items, Model, rule
from inference_platform.description.env import Env
from inference_platform.description.errors import show
from inference_platform.description.pod import ServicePort
from inference_platform.kube_names import INT32_MAX, Arg, Bytes, Checked, Cpu, Image, Memory, dns_label

__all__ = ["InitContainer", "ContainerResources", "Mount", "SERVER_CONTAINER", "TMP_PATH"]

#: The model server's container name (an init container cannot take it).
SERVER_CONTAINER = "server"
#: Where every container of the pod has its writable /tmp (the pod's ``tmp`` volume).
TMP_PATH = "/tmp"

MountPath = Annotated[str, Checked(
    "is not an absolute path ('/' followed by segments without spaces, ':' or '..', at most 1024 characters)",
    r"(/(?!\.\.?(/|$))[^\s/:]+)+", 1024)]


class ContainerResources(Model):
    """Requests of a container beside the server; limits equal requests, as the server's do."""

    cpu: Cpu = Field("250m", description="CPU request and limit.")
    memory: Memory = Field("256Mi", description="Memory request and limit.")
    ephemeral_storage: Bytes = Field("1Gi", description=(
        "Ephemeral storage for the container's own writes and logs (the pod's volumes are counted with the server)."))


class Mount(Model):
    """One of the pod's volumes mounted into a container beside the server."""

    volume: dns_label() = Field(description=(
        "A volume of the service's pods: `cache` (/cache), `models` (cache.type pvc, read-only), `dshm` (GPU "
        "servers' /dev/shm) or another the pod has."))
    path: MountPath | None = Field(None, description="Mount path; null: where the server mounts that volume.")
    read_only: bool = Field(False, description="Mount read-only (a volume the server mounts read-only always is).")


class InitContainer(Model):
    """A container that runs before the model server (``sidecar: false``) or beside it (``sidecar: true``)."""

    name: dns_label() = Field(description="Container name (not `server`, the model server's).")
    image: Image = Field(description="Container image, pinned by tag or @sha256 digest.")
    sidecar: bool = Field(False, description=(
        "true: a native sidecar (an init container with restartPolicy: Always) that starts before the server and runs "
        "beside it; false: runs to completion before the next container starts."))
    command: Items[Arg] = Field((), description="Entrypoint override; empty: the image's.")
    args: Items[Arg] = Field((), description="Container arguments.")
    env: Env = Field({}, description="Environment, in the same forms as the server's `env` (no preset cache environment).")
    resources: ContainerResources = Field(ContainerResources(), description="Requests and limits.")
    ports: Items[ServicePort] = Field((), description=(
        "Named ports (sidecar only): in the Kubernetes Service, the AuthorizationPolicy and the NetworkPolicy like the "
        "server's (routed when http or grpc), or past the Istio sidecar with mesh: bypass."))
    mounts: Items[Mount] = Field((), description="Volumes of the pod mounted besides /tmp (always mounted, writable).")
    run_as_user: int | None = Field(None, ge=1, le=INT32_MAX, description=(
        "UID and GID; null: the service's run_as_user (at least 10000 either way)."))

    @rule
    def _not_the_server(self) -> Iterator[tuple[str, str]]:
        if self.name == SERVER_CONTAINER:
            yield "name", f"{show(self.name)} is the model server's container; choose another name"

    @rule
    def _ports_on_sidecars(self) -> Iterator[tuple[str, str]]:
        if self.ports and not self.sidecar:
            yield "ports", ("an init container exits before the server starts, so nothing reaches its ports; "
                            "declare ports on a sidecar (sidecar: true)")

    @rule
    def _mounts_apart(self) -> Iterator[tuple[tuple, str]]:
        first: dict[str, int] = {}
        for i, mount in enumerate(self.mounts):
            if mount.volume == "tmp" or mount.path == TMP_PATH:
                yield ("mounts", i), "/tmp (the pod's tmp volume) is always mounted; remove this mount"
            elif mount.volume in first:
                yield ("mounts", i, "volume"), f"{show(mount.volume)} is already mounted by mounts[{first[mount.volume]}]"
            first.setdefault(mount.volume, i)
