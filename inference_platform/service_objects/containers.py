"""The pod's containers as plain data: environment entries, the hardened security context, and the init
containers and native sidecars beside the model server (the server's own container is
:mod:`.model_version`'s).

One owner for what every container of a service's pod shares: the environment forms of the description
(:mod:`inference_platform.description.env`), the security context (non-root, read-only root filesystem,
no capabilities, RuntimeDefault seccomp) and the /tmp volume.
"""
from __future__ import annotations

from inference_platform.contract import EXCLUDE_INBOUND_PORTS, EXCLUDE_OUTBOUND_PORTS
from inference_platform.description import Service
from inference_platform.description.containers import TMP_PATH, InitContainer
from inference_platform.description.env import PodField, ResourceField

__all__ = ["env_entries", "security_context", "init_containers", "container_ports", "bypass_annotations"]


def env_entries(env: dict) -> list[dict]:
    """A container's ``env`` list from a description environment (sorted by name)."""
    out = []
    for name, value in sorted(env.items()):
        if isinstance(value, str):
            out.append({"name": name, "value": value})
        elif isinstance(value, PodField):
            out.append({"name": name, "valueFrom": {"fieldRef": {"fieldPath": value.field}}})
        elif isinstance(value, ResourceField):
            out.append({"name": name, "valueFrom": {"resourceFieldRef": {
                "resource": value.resource, "containerName": value.container, "divisor": value.divisor}}})
        elif value.secret is not None:
            out.append({"name": name, "valueFrom": {"secretKeyRef": {
                "name": value.secret, "key": value.key, "optional": value.optional or None}}})
        else:
            out.append({"name": name, "valueFrom": {"configMapKeyRef": {
                "name": value.config_map, "key": value.key, "optional": value.optional or None}}})
    return out


def security_context(run_as_user: int, read_only_root_filesystem: bool = True) -> dict:
    """Every container's securityContext: non-root as ``run_as_user``, nothing to escalate, no capabilities."""
    return {
        "allowPrivilegeEscalation": False,
        "privileged": False,
        "readOnlyRootFilesystem": read_only_root_filesystem,
        "runAsNonRoot": True,
        "runAsUser": run_as_user,
        "runAsGroup": run_as_user,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }


def container_ports(ports) -> list[dict]:
    return [{"name": p.name, "containerPort": p.port, "protocol": "TCP"} for p in ports]


def init_containers(svc: Service, server_mounts: list[dict]) -> list[dict] | None:
    """The pod's ``initContainers``: each of the service's, in order; a sidecar with ``restartPolicy: Always``.

    A mount without a path goes where the server mounts that volume (``server_mounts``), and read-only where
    the server's is; a volume the server does not mount needs a path (the synth's preflight says so).
    """
    return [_container(svc, c, {m["name"]: m for m in server_mounts}) for c in svc.init_containers] or None


def _container(svc: Service, c: InitContainer, server: dict[str, dict]) -> dict:
    res = c.resources
    resources = {"cpu": res.cpu, "memory": res.memory, "ephemeral-storage": res.ephemeral_storage}
    mounts = [{"name": "tmp", "mountPath": TMP_PATH}]
    for m in c.mounts:
        theirs = server.get(m.volume, {})
        mounts.append({"name": m.volume, "mountPath": m.path or theirs.get("mountPath"),
                       "readOnly": (m.read_only or theirs.get("readOnly")) or None})
    return {
        "name": c.name,
        "image": c.image,
        "imagePullPolicy": "IfNotPresent",
        "command": list(c.command) or None,
        "args": list(c.args) or None,
        "env": env_entries(c.env) or None,
        "ports": container_ports(c.ports) or None,
        "resources": {"requests": resources, "limits": dict(resources)},
        "restartPolicy": "Always" if c.sidecar else None,
        "securityContext": security_context(c.run_as_user or svc.run_as_user),
        "volumeMounts": mounts,
    }


def bypass_annotations(svc: Service) -> dict[str, str]:
    """The sidecar annotations for the ports that bypass it: not redirected inbound, nor outbound (its pods
    reach the same port of their peers past their own sidecar; a peer declares the port too)."""
    ports = ",".join(str(p) for p in sorted({p.port for p in svc.bypass_ports}))
    return {EXCLUDE_INBOUND_PORTS: ports, EXCLUDE_OUTBOUND_PORTS: ports} if ports else {}
