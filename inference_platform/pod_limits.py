"""Pod arithmetic shared by the description's checks and the gate's rules: one owner per rule.

A leaf (it reads :mod:`.contract` and :mod:`.kube_names` only). The description loader refuses
what the validation gate would refuse when the cause is in the description; both sides compute
the number here, from the description's values or from the objects in dist/, and each says it in
its own words (a field path there, an object path here):

- **rollouts**: how many pods a Deployment's rollout adds (``maxSurge``) and takes down
  (``maxUnavailable``), with Kubernetes' rounding of percentages, and how many accelerators the
  surge pods need beyond what the Deployment holds (:func:`surge_shortfall`). On a full GPU pool
  (the normal state of one) a surge pod stays Pending and the rollout never completes.
- **requests**: a pod's effective request of a resource as the scheduler counts it, native
  sidecars (init containers with ``restartPolicy: Always``) included (:func:`pod_request`).
- **memory-backed volumes**: a ``medium: Memory`` emptyDir (``/dev/shm``) is tmpfs charged to the
  pod's memory cgroup, so its size counts against the pod's memory limit (:func:`memory_overflow`).
"""
from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from inference_platform.contract import ACCELERATORS
from inference_platform.kube_names import quantity_value

__all__ = ["DEFAULT_SURGE", "DEFAULT_UNAVAILABLE", "scaled", "rollout_pods", "surge_shortfall", "pod_request",
           "pod_accelerators", "memory_volumes", "memory_overflow", "amount"]

#: Kubernetes' defaults for a RollingUpdate without maxSurge / maxUnavailable.
DEFAULT_SURGE = DEFAULT_UNAVAILABLE = "25%"


def scaled(value: int | str | None, replicas: int, *, round_up: bool, default: str) -> int:
    """An int-or-percent of ``replicas`` as the Deployment controller resolves it (maxSurge rounds up,
    maxUnavailable down: ``intstr.GetScaledValueFromIntOrPercent``); ``None`` is ``default``."""
    value = default if value is None else value
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not text.endswith("%") or not text[:-1].isdigit():
        raise ValueError(f"{value!r} is not a count or a percentage")
    exact = Decimal(int(text[:-1])) * replicas / 100
    return math.ceil(exact) if round_up else math.floor(exact)


def rollout_pods(strategy: dict | None, replicas: int) -> tuple[int, int]:
    """(surge pods, pods taken down) of one rollout step of a Deployment with ``replicas`` pods.

    ``strategy`` is the Deployment's ``spec.strategy`` (None: Kubernetes' default RollingUpdate of
    25% / 25%). Recreate adds nothing and takes every pod down. When both resolve to 0 the
    controller takes one pod down (``ResolveFenceposts``), so a rollout always moves.
    """
    strategy = strategy or {}
    if strategy.get("type") == "Recreate":
        return 0, replicas
    rolling = strategy.get("rollingUpdate") or {}
    surge = scaled(rolling.get("maxSurge"), replicas, round_up=True, default=DEFAULT_SURGE)
    unavailable = scaled(rolling.get("maxUnavailable"), replicas, round_up=False, default=DEFAULT_UNAVAILABLE)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, unavailable


def surge_shortfall(per_pod: dict[str, int], surge: int, spare: int) -> dict[str, int]:
    """Accelerators (resource → count) the ``surge`` pods need beyond ``spare`` free ones in the pool.

    A Deployment's running pods hold ``replicas x per_pod``; each surge pod needs ``per_pod`` more
    before an old pod goes. Empty when the rollout completes on a pool with only ``spare`` free.
    """
    return {name: surge * count - spare for name, count in sorted(per_pod.items())
            if count and surge * count > spare}


def amount(value: Any) -> Decimal | None:
    """A quantity (string or number) as a number; None for anything else."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    try:
        return quantity_value(str(value))
    except ValueError:
        return None


def _container_value(container: Any, resource: str, kind: str) -> Decimal:
    res = (container or {}).get("resources") or {} if isinstance(container, dict) else {}
    found = amount((res.get(kind) or {}).get(resource))
    if found is None and kind == "requests":  # a limit alone sets the request (API defaulting)
        found = amount((res.get("limits") or {}).get(resource))
    return found or Decimal(0)


def pod_request(spec: dict, resource: str, kind: str = "requests") -> Decimal:
    """The pod's effective ``requests`` (or ``limits``) of ``resource``, as the scheduler and kubelet count it:
    the larger of the app containers plus the native sidecars, and each init container plus the sidecars
    started before it."""
    sidecars = Decimal(0)
    peak = Decimal(0)
    for c in spec.get("initContainers") or []:
        value = _container_value(c, resource, kind)
        if isinstance(c, dict) and c.get("restartPolicy") == "Always":
            sidecars += value
        else:
            peak = max(peak, sidecars + value)
    apps = sum((_container_value(c, resource, kind) for c in spec.get("containers") or []), Decimal(0))
    return max(peak, apps + sidecars)


def pod_accelerators(spec: dict) -> dict[str, int]:
    """Accelerators (:data:`~inference_platform.contract.ACCELERATORS`) one pod of ``spec`` holds."""
    out = {}
    for name in ACCELERATORS:
        count = int(pod_request(spec, name))
        if count:
            out[name] = count
    return out


def memory_volumes(spec: dict) -> list[tuple[int, str, Decimal | None]]:
    """(volume index, name, sizeLimit or None) of each ``medium: Memory`` emptyDir of a pod spec."""
    out = []
    for i, volume in enumerate(spec.get("volumes") or []):
        empty_dir = (volume or {}).get("emptyDir") if isinstance(volume, dict) else None
        if isinstance(empty_dir, dict) and empty_dir.get("medium") == "Memory":
            out.append((i, str(volume.get("name")), amount(empty_dir.get("sizeLimit"))))
    return out


def memory_overflow(volume_bytes: Decimal, memory_limit: Decimal | None) -> Decimal:
    """Bytes by which memory-backed volumes at their size limits exceed the pod's memory limit (0: they fit;
    also 0 without a limit, where the node's memory bounds them)."""
    if memory_limit is None or memory_limit == 0:
        return Decimal(0)
    return max(Decimal(0), volume_bytes - memory_limit)
