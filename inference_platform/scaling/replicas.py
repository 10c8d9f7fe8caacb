"""The per-metric replica proposal, as kube-controller-manager's ``replica_calculator.go`` computes it.

Metric values are milli-units held in integers, as the controller holds them, so its
truncations happen here too. Function docstrings name the Go function each one mirrors.
"""
from __future__ import annotations

import math

from inference_platform.scaling.model import Metric


def _within(ratio: float, tol: tuple[float, float]) -> bool:
    """Tolerances.isWithin: no change while 1 - down <= ratio <= 1 + up."""
    return 1.0 - tol[0] <= ratio <= 1.0 + tol[1]


def pod_average_replicas(per_pod_milli: int, target_milli: int, *, spec: int, ready: int, starting: int,
                         starting_unready: bool, utilization: bool, tol: tuple[float, float]) -> int | None:
    """calcPlainMetricReplicas / GetResourceReplicas for ``ready`` pods each reporting ``per_pod_milli``.

    ``starting`` pods are either *unready* (CPU: groupPods puts never-Ready pods there; they
    count as 0 only on a scale-up) or *missing* (no sample: 0 on a scale-up, the target — or
    100 % of the request for utilization — on a scale-down). ``utilization``: the target is a
    percent of a request of 1000 milli-units (GetResourceUtilizationRatio truncates to a whole
    percent). None when no pod has a sample ("did not receive metrics for targeted pods").
    """
    if ready == 0:
        return None
    values = [per_pod_milli] * ready

    def ratio_of(vals: list[int]) -> float:
        if utilization:
            return int(sum(vals) * 100 / (len(vals) * 1000)) / target_milli
        return (sum(vals) // len(vals)) / target_milli  # GetMetricUsageRatio: int64 division

    ratio = ratio_of(values)
    unready, missing = (starting, 0) if starting_unready else (0, starting)
    scale_up_with_unready = unready > 0 and ratio > 1.0
    if not scale_up_with_unready and missing == 0:
        if _within(ratio, tol):
            return spec
        return math.ceil(ratio * ready)
    if missing:
        if ratio < 1.0:
            fallback = 1000 * max(100, target_milli) // 100 if utilization else target_milli
            values += [fallback] * missing
        elif ratio > 1.0:
            values += [0] * missing
    if scale_up_with_unready:
        values += [0] * unready
    new_ratio = ratio_of(values)
    if _within(new_ratio, tol) or (ratio < 1.0 < new_ratio) or (ratio > 1.0 > new_ratio):
        return spec  # too small a change, or the missing pods would flip the direction
    proposal = math.ceil(new_ratio * len(values))
    if (new_ratio < 1.0 and proposal > spec) or (new_ratio > 1.0 and proposal < spec):
        return spec
    return proposal


def metric_replicas(metric: Metric, total: float, *, spec: int, ready: int, starting: int,
                    tol: tuple[float, float]) -> int | None:
    """computeReplicasForMetric for one metric whose total signal is ``total``."""
    target_milli = int(round(metric.target * (1 if metric.target_type == "Utilization" else 1000)))
    usage_milli = int(total * 1000)
    status = ready + starting
    if metric.source in ("Resource", "ContainerResource", "Pods"):
        if metric.target_type == "Utilization":
            # load in percent of one pod's request; a pod's request is 1000 milli-units
            per_pod = int(total * 10 / ready) if ready else 0
            return pod_average_replicas(per_pod, target_milli, spec=spec, ready=ready, starting=starting,
                                        starting_unready=metric.name == "cpu", utilization=True, tol=tol)
        per_pod = usage_milli // ready if ready else 0
        return pod_average_replicas(per_pod, target_milli, spec=spec, ready=ready, starting=starting,
                                    starting_unready=metric.source != "Pods" and metric.name == "cpu",
                                    utilization=False, tol=tol)
    if metric.target_type == "AverageValue":
        # GetObjectPerPodMetricReplicas / GetExternalPerPodMetricReplicas: divides by
        # status.replicas (every pod, Ready or not) and ignores readiness altogether.
        if status and _within(usage_milli / (target_milli * status), tol):
            return status
        return math.ceil(usage_milli / target_milli)
    # Value target: GetObjectMetricReplicas / GetExternalMetricReplicas → getUsageRatioReplicaCount
    ratio = usage_milli / target_milli
    if spec == 0:
        return math.ceil(ratio)
    if _within(ratio, tol):
        return spec
    return math.ceil(ratio * ready)  # getReadyPodsCount: Running and Ready only
