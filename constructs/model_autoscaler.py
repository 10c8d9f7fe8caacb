"""ModelAutoscaler: what sets a model version's replica count: an autoscaling/v2 HorizontalPodAutoscaler.

Bounds, targets and behavior come from the service's ``autoscaling`` description. The target
Deployment leaves ``spec.replicas`` unset, so the autoscaler alone owns the count.
See https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/.
"""
from __future__ import annotations

from cdk8s import ApiObject
from cdk8s_plus_27 import k8s
from constructs import Construct

from inference_platform.description import Autoscaling, Metric, ScalingRules

__all__ = ["ModelAutoscaler"]


class ModelAutoscaler(Construct):
    """HorizontalPodAutoscaler ``name`` in ``namespace`` scaling the Deployment ``target``."""

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, labels: dict[str, str],
                 autoscaling: Autoscaling, target: ApiObject) -> None:
        super().__init__(scope, id)
        scaling = autoscaling
        metrics = []
        for resource, utilization in (("cpu", scaling.cpu_utilization), ("memory", scaling.memory_utilization)):
            if utilization is not None:
                metrics.append(k8s.MetricSpecV2(type="Resource", resource=k8s.ResourceMetricSourceV2(
                    name=resource, target=k8s.MetricTargetV2(type="Utilization", average_utilization=utilization))))
        metrics.extend(_metric(m) for m in scaling.metrics)
        behavior = None
        if scaling.behavior is not None:
            behavior = k8s.HorizontalPodAutoscalerBehaviorV2(
                scale_up=_rules(scaling.behavior.scale_up), scale_down=_rules(scaling.behavior.scale_down))
        self.horizontal_pod_autoscaler = k8s.KubeHorizontalPodAutoscalerV2(
            self, "HorizontalPodAutoscaler",
            metadata=k8s.ObjectMeta(name=name, namespace=namespace, labels=labels),
            spec=k8s.HorizontalPodAutoscalerSpecV2(
                scale_target_ref=k8s.CrossVersionObjectReferenceV2(
                    api_version="apps/v1", kind="Deployment", name=target.name),
                min_replicas=scaling.min_replicas, max_replicas=scaling.max_replicas,
                metrics=metrics, behavior=behavior),
        )


def _metric(m: Metric) -> k8s.MetricSpecV2:
    target = (k8s.MetricTargetV2(type="AverageValue", average_value=k8s.Quantity.from_string(m.target_average_value))
              if m.target_average_value is not None
              else k8s.MetricTargetV2(type="Value", value=k8s.Quantity.from_string(m.target_value)))
    ident = k8s.MetricIdentifierV2(name=m.name, selector=k8s.LabelSelector(match_labels=m.selector) if m.selector else None)
    if m.type == "Pods":
        return k8s.MetricSpecV2(type="Pods", pods=k8s.PodsMetricSourceV2(metric=ident, target=target))
    if m.type == "Object":
        ref = m.described_object
        return k8s.MetricSpecV2(type="Object", object=k8s.ObjectMetricSourceV2(
            metric=ident, target=target,
            described_object=k8s.CrossVersionObjectReferenceV2(api_version=ref.api_version, kind=ref.kind, name=ref.name)))
    return k8s.MetricSpecV2(type="External", external=k8s.ExternalMetricSourceV2(metric=ident, target=target))


def _rules(rules: ScalingRules | None) -> k8s.HpaScalingRulesV2 | None:
    if rules is None:
        return None
    return k8s.HpaScalingRulesV2(
        stabilization_window_seconds=rules.stabilization_window_seconds,
        select_policy=rules.select_policy,
        policies=[k8s.HpaScalingPolicyV2(type=p.type, value=p.value, period_seconds=p.period_seconds)
                  for p in rules.policies] or None,
    )
