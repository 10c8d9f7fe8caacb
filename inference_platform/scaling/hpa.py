"""The Kubernetes HPA algorithm (autoscaling/v2), replayed against a load curve.

Follows kube-controller-manager's pkg/controller/podautoscaler: ``replica_calculator.go`` for
the per-metric proposal and ``horizontal.go`` for the loop (reconcileAutoscaler,
computeReplicasForMetrics, normalizeDesiredReplicas[WithBehaviors]; the per-metric part is in
replicas.py). Docstrings name the Go function each method mirrors.

The load model: ``load(t)`` is the total signal at the model version. Only Ready pods receive
traffic, so each Ready pod reports ``load / ready``. A pod still loading its model reports
nothing for Pods/memory metrics (the model server's /metrics is not up yet: a *missing* pod);
for CPU it has a sample but is *unready* (it has never been Ready), which groupPods treats
differently. Pods start Running at once and become Ready ``cold_start_seconds`` later.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from inference_platform.scaling.model import (
    DOWNSCALE_STABILIZATION_SECONDS, SYNC_PERIOD_SECONDS, Metric, Rules, ScalingConfig, Step)
from inference_platform.scaling.replicas import metric_replicas

LoadFn = Callable[[float], float]


@dataclass
class _Pod:
    ready_at: float


class Simulation:
    """One HPA (and, for ScaledObjects, KEDA's activation loop) driving one Deployment."""

    def __init__(self, config: ScalingConfig, loads: Mapping[str, LoadFn], *, initial_replicas: int | None = None,
                 metric_delay_seconds: float = 0) -> None:
        self.config = config
        self.loads = loads
        self.delay = metric_delay_seconds
        start = config.min_replicas if initial_replicas is None else initial_replicas
        if config.keda is not None and initial_replicas is None:
            start = config.keda.min_replica_count
        self.pods = [_Pod(ready_at=-math.inf) for _ in range(start)]  # warm at t = 0
        self.spec = start
        self.recommendations: list[tuple[float, int]] = []
        self.up_events: list[tuple[float, int]] = []
        self.down_events: list[tuple[float, int]] = []
        self.last_active = 0.0
        self.next_poll = 0.0

    # ------------------------------------------------------------------ one sync

    def step(self, t: float) -> Step:
        cfg = self.config
        notes: list[str] = []
        if cfg.keda is not None and t >= self.next_poll:
            self._keda(t, notes)
        current = self.spec
        proposal, reason = None, ""
        if current == 0 and cfg.min_replicas != 0:
            desired = 0  # "scaling is disabled": replicas 0 and minReplicas > 0
        elif current > cfg.max_replicas:
            desired = cfg.max_replicas
        elif current < cfg.min_replicas:
            desired = cfg.min_replicas
        else:
            proposal = self._compute_replicas_for_metrics(t)
            if proposal is None:
                desired = current
            elif cfg.behavior is None:
                desired, reason = self._normalize(t, current, proposal)
            else:
                desired, reason = self._normalize_with_behaviors(t, current, proposal)
        if desired != current:
            self._scale(t, current, desired, record=cfg.behavior is not None)
        ready = self.ready(t)
        primary = cfg.primary
        load = self._load(primary, t)
        per_pod = (load / ready if ready else math.nan) if primary.per_pod else load
        return Step(int(t), load, per_pod, self.spec, ready, len(self.pods), proposal, reason, notes)

    def ready(self, t: float) -> int:
        return sum(1 for p in self.pods if p.ready_at <= t)

    def _load(self, metric: Metric, t: float) -> float:
        fn = self.loads.get(metric.name)
        return max(0.0, float(fn(max(0.0, t - self.delay)))) if fn else 0.0

    def _compute_replicas_for_metrics(self, t: float) -> int | None:
        """computeReplicasForMetrics: the largest proposal; None when the HPA would not act."""
        ready = self.ready(t)
        starting = len(self.pods) - ready
        tol = self.config.tolerances()
        proposals, invalid = [], 0
        for metric in self.config.metrics:
            if metric.name not in self.loads:
                continue  # no load curve for this signal: it never binds in this simulation
            value = metric_replicas(metric, self._load(metric, t), spec=self.spec, ready=ready,
                                    starting=starting, tol=tol)
            if value is None:
                invalid += 1
            else:
                proposals.append(value)
        best = max(proposals, default=-1)
        # all metrics invalid, or some invalid and the rest would scale down: no change
        if not proposals or (invalid and best < self.spec):
            return None
        return best

    # ------------------------------------------------------------------ normalization

    def _normalize(self, t: float, current: int, desired: int) -> tuple[int, str]:
        """normalizeDesiredReplicas (no behavior): 5 min down-stabilization, max(2x, 4) up."""
        cutoff = t - DOWNSCALE_STABILIZATION_SECONDS
        best, old = desired, None
        for i, (ts, rec) in enumerate(self.recommendations):
            if ts < cutoff:
                old = i
            elif rec > best:
                best = rec
        self._record(old, t, desired)
        cfg = self.config
        up_limit = int(max(2.0 * current, 4.0))  # calculateScaleUpLimit
        maximum = min(cfg.max_replicas, up_limit)
        if best < cfg.min_replicas:
            return cfg.min_replicas, "TooFewReplicas"
        if best > maximum:
            return maximum, "ScaleUpLimit" if cfg.max_replicas > up_limit else "TooManyReplicas"
        return best, ""

    def _normalize_with_behaviors(self, t: float, current: int, desired: int) -> tuple[int, str]:
        """stabilizeRecommendationWithBehaviors, then convertDesiredReplicasWithBehaviorRate."""
        cfg, behavior = self.config, self.config.behavior
        up_cut = t - behavior.scale_up.stabilization_window_seconds
        down_cut = t - behavior.scale_down.stabilization_window_seconds
        up_rec = down_rec = desired
        old = None
        for i, (ts, rec) in enumerate(self.recommendations):
            if ts > up_cut:
                up_rec = min(rec, up_rec)
            if ts > down_cut:
                down_rec = max(rec, down_rec)
            if ts < up_cut and ts < down_cut:
                old = i
        recommendation = min(max(current, up_rec), down_rec)
        self._record(old, t, desired)
        if recommendation > current:
            limit = max(self._up_limit(t, current, behavior.scale_up), current)
            maximum, reason = (limit, "ScaleUpLimit") if cfg.max_replicas > limit else (cfg.max_replicas, "TooManyReplicas")
            if recommendation > maximum:
                return maximum, reason
        elif recommendation < current:
            limit = min(self._down_limit(t, current, behavior.scale_down), current)
            minimum, reason = (limit, "ScaleDownLimit") if cfg.min_replicas < limit else (cfg.min_replicas, "TooFewReplicas")
            if recommendation < minimum:
                return minimum, reason
        return recommendation, ""

    def _record(self, old: int | None, t: float, desired: int) -> None:
        if old is None:
            self.recommendations.append((t, desired))
        else:
            self.recommendations[old] = (t, desired)

    def _period_start(self, t: float, current: int, period: int) -> int:
        """getReplicasChangePerPeriod for both directions: the count at the start of the period."""
        added = sum(c for ts, c in self.up_events if ts > t - period)
        removed = sum(c for ts, c in self.down_events if ts > t - period)
        return current - added + removed

    def _up_limit(self, t: float, current: int, rules: Rules) -> int:
        """calculateScaleUpLimitWithScalingRules."""
        if rules.select_policy == "Disabled":
            return current
        proposals = []
        for p in rules.policies:
            start = self._period_start(t, current, p.period_seconds)
            proposals.append(start + p.value if p.type == "Pods" else math.ceil(start * (1 + p.value / 100)))
        if not proposals:
            return current
        return min(proposals) if rules.select_policy == "Min" else max(proposals)

    def _down_limit(self, t: float, current: int, rules: Rules) -> int:
        """calculateScaleDownLimitWithBehaviors (Min selects the *smallest change*: the max count)."""
        if rules.select_policy == "Disabled":
            return current
        proposals = []
        for p in rules.policies:
            start = self._period_start(t, current, p.period_seconds)
            proposals.append(start - p.value if p.type == "Pods" else int(start * (1 - p.value / 100)))
        if not proposals:
            return current
        return max(proposals) if rules.select_policy == "Min" else min(proposals)

    # ------------------------------------------------------------------ the Deployment

    def _scale(self, t: float, current: int, desired: int, *, record: bool) -> None:
        if record:  # storeScaleEvent runs only for HPAs with a behavior
            (self.up_events if desired > current else self.down_events).append((t, abs(desired - current)))
        self.spec = desired
        if desired > len(self.pods):
            self.pods += [_Pod(ready_at=t + self.config.cold_start_seconds)
                          for _ in range(desired - len(self.pods))]
        else:
            # The ReplicaSet deletes not-Ready pods first, then the newest.
            self.pods.sort(key=lambda p: (p.ready_at <= t, -p.ready_at), reverse=True)
            del self.pods[desired:]

    def _keda(self, t: float, notes: list[str]) -> None:
        """KEDA's scale loop every pollingInterval: 0 → 1 when a trigger is active, N → 0 after cooldown."""
        keda = self.config.keda
        self.next_poll = t + keda.polling_interval_seconds
        thresholds = dict(keda.activation_thresholds)
        # A signal the pods report reads 0 while none is Ready; the gateway's or a queue's does not.
        seen = {m.name: 0.0 if m.name in keda.pod_measured and not self.ready(t) else self._load(m, t)
                for m in self.config.metrics if m.name in self.loads and m.source == "External"}
        active = any(value > thresholds.get(name, 0.0) for name, value in seen.items())
        if active:
            self.last_active = t
            if self.spec == 0:
                self._scale(t, 0, max(keda.min_replica_count, 1), record=False)
                notes.append("KEDA activated the deployment (0 → 1)")
        elif (self.spec > 0 and keda.min_replica_count == 0
              and t - self.last_active > keda.cooldown_period_seconds):  # lastActive+cooldown Before(now)
            self._scale(t, self.spec, 0, record=False)
            notes.append("KEDA scaled to zero after the cooldown")


def simulate(config: ScalingConfig, load: LoadFn | Mapping[str, LoadFn], duration: int,
             sync_period: int = SYNC_PERIOD_SECONDS, *, initial_replicas: int | None = None,
             metric_delay_seconds: float = 0) -> list[Step]:
    """Run the HPA every ``sync_period`` seconds from 0 to ``duration`` inclusive.

    ``load``: the total signal of the config's primary metric over time, or a mapping from
    metric name to its own curve (metrics without a curve are left out). Starts at
    ``initial_replicas`` (default: min_replicas, or KEDA's minReplicaCount) Ready pods.
    """
    loads = dict(load) if isinstance(load, Mapping) else {config.primary.name: load}
    sim = Simulation(config, loads, initial_replicas=initial_replicas, metric_delay_seconds=metric_delay_seconds)
    return [sim.step(t) for t in range(0, int(duration) + 1, int(sync_period))]
