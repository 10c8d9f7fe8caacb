"""Autoscaling rules: HorizontalPodAutoscalers, their targets and the PodDisruptionBudgets next to them."""
from __future__ import annotations

import math
from typing import Any, Iterator

from inference_platform.gate.model import Document, Finding
from inference_platform.gate.rules.base import Index, pod_template, rule, scale_target, template_labels


# --------------------------------------------------------------------------- autoscaling


def _hpa_targets(index: Index) -> Iterator[tuple[Document, Document | None]]:
    for hpa in index.kind("HorizontalPodAutoscaler", "autoscaling"):
        yield hpa, scale_target(index, hpa)


@rule("hpa-target-missing", "A HorizontalPodAutoscaler's scaleTargetRef exists.")
def hpa_target_missing(index: Index) -> Iterator[Finding]:
    for hpa, target in _hpa_targets(index):
        if target is None:
            ref = hpa.spec.get("scaleTargetRef") or {}
            yield hpa.finding("spec.scaleTargetRef",
                              f"scale target {ref.get('kind')} {ref.get('name')!r} ({ref.get('apiVersion')}) "
                              f"does not exist in namespace {hpa.namespace!r}")


@rule("hpa-resource-requests", "Containers of an HPA target request every resource the HPA scales on by utilization.")
def hpa_resource_requests(index: Index) -> Iterator[Finding]:
    for hpa, target in _hpa_targets(index):
        found = pod_template(target) if target is not None else None
        if found is None:
            continue
        spec = found[0].get("spec") or {}
        # Native sidecars count in the pod's usage and requests as its containers do.
        containers = [c for c in (spec.get("containers") or []) + [i for i in spec.get("initContainers") or []
                      if isinstance(i, dict) and i.get("restartPolicy") == "Always"] if isinstance(c, dict)]
        for i, metric in enumerate(hpa.spec.get("metrics") or []):
            kind = (metric or {}).get("type")
            source = (metric or {}).get("resource" if kind == "Resource" else "containerResource") or {}
            if kind not in ("Resource", "ContainerResource") or (source.get("target") or {}).get("type") != "Utilization":
                continue
            resource = source.get("name")
            for c in containers:
                if kind == "ContainerResource" and c.get("name") != source.get("container"):
                    continue
                if resource not in ((c.get("resources") or {}).get("requests") or {}):
                    yield hpa.finding(f"spec.metrics[{i}]",
                                      f"container {c.get('name')!r} of {target.kind} {target.namespace}/{target.name} "
                                      f"requests no {resource}, so {resource} utilization cannot be computed")


@rule("hpa-target-replicas", "The target of a HorizontalPodAutoscaler leaves spec.replicas to it.")
def hpa_target_replicas(index: Index) -> Iterator[Finding]:
    for hpa, target in _hpa_targets(index):
        if target is not None and "replicas" in target.spec:
            yield target.finding("spec.replicas",
                                 f"sets replicas ({target.spec['replicas']}) although HorizontalPodAutoscaler "
                                 f"{hpa.namespace}/{hpa.name} scales it; omit spec.replicas so a re-apply "
                                 "does not fight the autoscaler")


@rule("pdb-blocks-hpa-minimum", "A PodDisruptionBudget lets a pod go when its workload sits at the HPA minimum.")
def pdb_blocks_minimum(index: Index) -> Iterator[Finding]:
    for hpa, target in _hpa_targets(index):
        found = pod_template(target) if target is not None else None
        if found is None:
            continue
        labels = template_labels(found[0])
        minimum = hpa.spec.get("minReplicas", 1)
        if not isinstance(minimum, int):
            continue
        for pdb in index.selecting("PodDisruptionBudget", "policy", hpa.namespace, labels):
            min_available, max_unavailable = pdb.spec.get("minAvailable"), pdb.spec.get("maxUnavailable")
            if min_available is not None:
                required = _scaled(min_available, minimum)
                if required is not None and required >= minimum:
                    yield pdb.finding("spec.minAvailable",
                                      f"minAvailable {min_available} is not below minReplicas ({minimum}) of "
                                      f"HorizontalPodAutoscaler {hpa.namespace}/{hpa.name}, so no pod can be "
                                      "evicted while it runs at its minimum")
            elif max_unavailable is not None and _scaled(max_unavailable, minimum) == 0:
                yield pdb.finding("spec.maxUnavailable",
                                  f"maxUnavailable {max_unavailable} lets no pod of HorizontalPodAutoscaler "
                                  f"{hpa.namespace}/{hpa.name}'s target be evicted")


def _scaled(value: Any, replicas: int) -> int | None:
    """An int-or-percent of ``replicas`` (rounded up, as the disruption controller does)."""
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.endswith("%") and value[:-1].isdigit():
        return math.ceil(int(value[:-1]) * replicas / 100)
    return None
