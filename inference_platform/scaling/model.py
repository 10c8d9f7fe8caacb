"""The typed autoscaling configuration the simulator runs, and one simulated sync period.

Field names follow the autoscaling/v2 API (``stabilizationWindowSeconds`` →
``stabilization_window_seconds``); defaults are the API server's and the controller's, see
https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#default-behavior.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

#: kube-controller-manager ``--horizontal-pod-autoscaler-tolerance`` default.
DEFAULT_TOLERANCE = 0.1
#: kube-controller-manager ``--horizontal-pod-autoscaler-sync-period`` default.
SYNC_PERIOD_SECONDS = 15
#: kube-controller-manager ``--horizontal-pod-autoscaler-downscale-stabilization`` default; also
#: what a ``scaleDown`` without ``stabilizationWindowSeconds`` gets.
DOWNSCALE_STABILIZATION_SECONDS = 300


@dataclass(frozen=True)
class Policy:
    """One HPAScalingPolicy: at most ``value`` pods (or percent) per ``period_seconds``."""

    type: str  # "Pods" | "Percent"
    value: int
    period_seconds: int

    def describe(self) -> str:
        unit = "pod" if self.value == 1 else "pods"
        amount = f"{self.value} {unit}" if self.type == "Pods" else f"{self.value}%"
        return f"{amount} / {self.period_seconds} s"


@dataclass(frozen=True)
class Rules:
    """HPAScalingRules for one direction, defaults already applied."""

    stabilization_window_seconds: int
    select_policy: str = "Max"  # Max | Min | Disabled
    policies: tuple[Policy, ...] = ()
    #: per-direction tolerance (autoscaling/v2 ``tolerance``, HPAConfigurableTolerance);
    #: None = the controller-wide DEFAULT_TOLERANCE.
    tolerance: float | None = None

    def describe(self) -> str:
        if self.select_policy == "Disabled":
            return "disabled"
        joined = f" {self.select_policy.lower()} of " if len(self.policies) > 1 else ""
        return (joined.lstrip() + ", ".join(p.describe() for p in self.policies)) or "no policy"


#: What the API server fills in for a missing ``behavior.scaleUp`` (GenerateHPAScaleUpRules).
DEFAULT_SCALE_UP = Rules(0, "Max", (Policy("Pods", 4, 15), Policy("Percent", 100, 15)))
#: ... and for a missing ``behavior.scaleDown`` (window from the controller flag).
DEFAULT_SCALE_DOWN = Rules(DOWNSCALE_STABILIZATION_SECONDS, "Max", (Policy("Percent", 100, 15),))


@dataclass(frozen=True)
class Behavior:
    scale_up: Rules = DEFAULT_SCALE_UP
    scale_down: Rules = DEFAULT_SCALE_DOWN


@dataclass(frozen=True)
class Metric:
    """One HPA metric: its source type, name and target."""

    source: str  # Resource | ContainerResource | Pods | Object | External
    name: str
    target_type: str  # Utilization | AverageValue | Value
    #: percent for Utilization, the quantity as a number otherwise
    target: float

    @property
    def per_pod(self) -> bool:
        """The target is per pod (Utilization/AverageValue), not one value for the whole object."""
        return self.target_type != "Value"

    def describe(self) -> str:
        unit = "%" if self.target_type == "Utilization" else ""
        what = {"Utilization": "average utilization", "AverageValue": "average", "Value": "value"}[self.target_type]
        return f"{self.source} {self.name} ({what} {_num(self.target)}{unit})"


@dataclass(frozen=True)
class KedaActivation:
    """KEDA's own 0 ↔ 1 loop, which runs beside the HPA KEDA generates (ScaledObjects only)."""

    min_replica_count: int
    polling_interval_seconds: int = 30
    cooldown_period_seconds: int = 300
    #: metric name → activationThreshold: a trigger is active while its value is above it
    activation_thresholds: tuple[tuple[str, float], ...] = ()
    #: metrics the version's own pods report (server signals, the picker's reading of them, request_rate at the
    #: sidecars): they read 0
    #: while no pod is Ready, so they cannot activate from zero; gateway_request_rate and raw queries can
    pod_measured: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScalingConfig:
    """Everything the simulation needs about one model version's autoscaling."""

    name: str
    min_replicas: int
    max_replicas: int
    metrics: tuple[Metric, ...]
    behavior: Behavior | None = None
    #: seconds from pod creation to Ready (the startup probe's budget unless estimated)
    cold_start_seconds: int = 0
    tolerance: float = DEFAULT_TOLERANCE
    keda: KedaActivation | None = None
    gpu_per_pod: int = 0
    #: the VirtualService route timeout for this version, when it has one
    route_timeout_seconds: float | None = None
    #: what the configuration was read from (for the summary)
    source: str = "HorizontalPodAutoscaler"

    @property
    def primary(self) -> Metric:
        """The signal a load curve is expressed in: the first metric that is not CPU/memory."""
        for metric in self.metrics:
            if metric.source not in ("Resource", "ContainerResource"):
                return metric
        return self.metrics[0]

    def tolerances(self) -> tuple[float, float]:
        """(scale-down, scale-up) tolerance, as the controller's Tolerances struct."""
        down = up = self.tolerance
        if self.behavior is not None:
            if self.behavior.scale_down.tolerance is not None:
                down = self.behavior.scale_down.tolerance
            if self.behavior.scale_up.tolerance is not None:
                up = self.behavior.scale_up.tolerance
        return down, up


@dataclass
class Step:
    """The state after one HPA sync."""

    t_seconds: int
    load: float
    #: what each Ready pod carries (load / ready) for per-pod targets; the metric's value for
    #: Value targets; NaN while no pod is Ready
    metric_per_pod: float
    desired_replicas: int
    ready_replicas: int
    #: pods that exist (Ready or still starting): what is paid for
    pods: int
    #: the replica count the metrics asked for before stabilization and policies (None: no
    #: computation this sync, e.g. scaled to zero or metrics unavailable)
    metric_replicas: int | None = None
    #: why the HPA did not follow the stabilized recommendation: ScaleUpLimit, ScaleDownLimit,
    #: TooManyReplicas, TooFewReplicas, or "" (the controller's condition reasons)
    limited_by: str = ""
    notes: list[str] = field(default_factory=list)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def fmt_num(value: float) -> str:
    """A number as a person reads it: 5, 2.5, nan."""
    return "nan" if math.isnan(value) else _num(round(value, 3))
