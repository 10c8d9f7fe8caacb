"""How a model version's Deployment replaces its pods when the image, args or env change.

Kubernetes' default (and this platform's for CPU services) adds a pod before it removes one
(``maxSurge: 1, maxUnavailable: 0``): no capacity dip, but one pod more than the service holds.
On a GPU pool with no free GPU, the normal state of one, that surge pod stays Pending and the
rollout never completes. So services with GPUs or other accelerators default to
``maxSurge: 0, maxUnavailable: 1``: one old pod goes first, its GPUs take the new pod, and the
service runs one replica short for each step (with one replica: no replica, for a model load).
``spare_gpus`` states GPUs the pool keeps free for this service; the rule below (and the gate's
``rollout-fits-gpus``) refuses a rollout whose surge pods need more.
"""
from __future__ import annotations

from typing import Annotated, Iterator, Literal, Protocol

from pydantic import Field

from inference_platform.description.autoscaling import Autoscaling
from inference_platform.description.base import Model, rule
from inference_platform.description.errors import show
from inference_platform.description.resources import Resources
from inference_platform.kube_names import INT32_MAX, Checked
from inference_platform.pod_limits import rollout_pods, surge_shortfall

__all__ = ["Rollout", "rollout_problems", "strategy"]

Percent = Annotated[str, Checked("is not a percentage ('0%' to '100%')", r"(100|[1-9]?[0-9])%", 4)]
IntOrPercent = Annotated[int, Field(ge=0, le=INT32_MAX)] | Percent


class Rollout(Model):
    """The Deployment strategy of each version: RollingUpdate with surge and unavailable pods, or Recreate."""

    strategy: Literal["RollingUpdate", "Recreate"] = Field("RollingUpdate", description=(
        "RollingUpdate: replace pods a few at a time (max_surge, max_unavailable); Recreate: stop every old pod, then "
        "start the new ones (an outage of a model load, but never two versions' pods at once)."))
    max_surge: IntOrPercent | None = Field(None, description=(
        "Pods (or percent of replicas, rounded up) added above the replica count during a rollout; null: 0 for "
        "services with GPUs or other accelerators (a full GPU pool has no room for a surge pod), 1 otherwise."))
    max_unavailable: IntOrPercent | None = Field(None, description=(
        "Pods (or percent of replicas, rounded down) taken down during a rollout; null: 1 for services with GPUs or "
        "other accelerators (the capacity dip: one replica fewer for each step), 0 otherwise."))
    spare_gpus: int = Field(0, ge=0, le=INT32_MAX, description=(
        "GPUs (of each accelerator the pods use) the node pool keeps free for this service's rollouts: surge pods "
        "x GPUs per pod must fit in them, at max_replicas."))

    @rule
    def _rolling_only(self) -> Iterator[tuple[str, str]]:
        if self.strategy == "Recreate":
            for key in ("max_surge", "max_unavailable"):
                if getattr(self, key) is not None:
                    yield key, f"{show(getattr(self, key))} is only used by strategy: RollingUpdate"

    @rule
    def _moves(self) -> Iterator[tuple[str, str]]:
        if self.max_surge in (0, "0%") and self.max_unavailable in (0, "0%"):
            yield "max_unavailable", ("is 0 with max_surge 0: the rollout could never replace a pod (the API server "
                                      "refuses it); allow one unavailable pod or one surge pod")


def _rolling(rollout: Rollout, accelerated: bool) -> tuple[int | str, int | str]:
    """(maxSurge, maxUnavailable): the given ones, else the defaults; a default never makes both 0."""
    surge, unavailable = rollout.max_surge, rollout.max_unavailable
    if surge is None:
        surge = 1 if not accelerated or unavailable in (0, "0%") else 0
    if unavailable is None:
        unavailable = 1 if accelerated or surge in (0, "0%") else 0
    return surge, unavailable


def strategy(rollout: Rollout, accelerated: bool) -> dict:
    """The Deployment's ``spec.strategy`` for ``rollout`` (``accelerated``: the pods hold GPUs or accelerators)."""
    if rollout.strategy == "Recreate":
        return {"type": "Recreate"}
    surge, unavailable = _rolling(rollout, accelerated)
    return {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": surge, "maxUnavailable": unavailable}}


class Rolled(Protocol):
    """What :func:`rollout_problems` reads of a service (a Service passes itself)."""

    resources: Resources
    rollout: Rollout
    autoscaling: Autoscaling


def rollout_problems(svc: Rolled) -> Iterator[tuple[tuple, str]]:
    """The rollout needs accelerators the service does not hold (the gate's ``rollout-fits-gpus``, here)."""
    rollout, per_pod, replicas = svc.rollout, svc.resources.accelerators, svc.autoscaling.max_replicas
    if not per_pod:
        return
    surge, _ = rollout_pods(strategy(rollout, True), replicas)
    short = surge_shortfall(per_pod, surge, rollout.spare_gpus)
    if short:
        needs = ", ".join(f"{surge * per_pod[name]} {name}" for name in short)
        yield ("rollout", "max_surge"), (
            f"{show(rollout.max_surge)} adds {surge} surge pod(s) at max_replicas {replicas}, which need {needs} "
            f"beyond the service's own, and rollout.spare_gpus is {rollout.spare_gpus}: on a full GPU pool the surge "
            "pods stay Pending and the rollout never completes; use max_surge 0 with max_unavailable 1 (the default), "
            "strategy Recreate, or state the free GPUs the pool keeps in spare_gpus")
