"""The autoscaling scenario's trajectory checks: samples of a Deployment the real HPA controller
scales, against the HPA behavior's policies and the scaling simulator (inference_platform.scaling).

Pure functions of the samples (``python -m e2e.keda_scenario`` takes them inside its network
namespace), tested offline in tests/e2e_harness/test_trajectory.py:

- :func:`check_rise`: the metric up, replicas reach max before it falls, no faster than scaleUp's policy;
- :func:`check_fall`: the metric down, nothing before the stabilization window passed, then to min no
  faster than scaleDown's policy;
- :func:`compare`: every sample within one replica of the simulator within one sync period;
- :func:`trajectory`: the rows where something changed, for the report.
"""
from __future__ import annotations

from dataclasses import dataclass

from e2e.pipeline_checks import Check

#: kube-controller-manager --horizontal-pod-autoscaler-sync-period (default 15 s), and the simulator's
SYNC_SECONDS = 5
#: a sample's time is when its GET was sent; the state it shows is at most this much later
READ_SLACK = 1.0
#: KEDA's Prometheus scaler asks for the value at the current time in RFC 3339 without fractions
#: (pkg/scalers/prometheus_scaler.go: ``time.Now().UTC().Format(time.RFC3339)``), up to 1 s before the
#: scrape that first returned it: the HPA can read the rise that much after one sync period
KEDA_QUERY_LAG = 1.0


@dataclass
class Sample:
    t: float
    metric: float  # what the stand-ins serve in total (the generated query's answer)
    observed: str  # the HPA's status.currentMetrics average per pod ("" before its first read)
    desired: int  # HPA status.desiredReplicas
    replicas: int  # Deployment spec.replicas (what the HPA set)
    ready: int  # Deployment status.readyReplicas (kwok pods)


def _policy(rules, direction: str) -> tuple[int, int]:
    """(pods, period_seconds) of the one Pods policy the scenario's description sets per direction."""
    pods = [p for p in rules.policies if p.type == "Pods"]
    if len(rules.policies) != 1 or not pods:
        raise ValueError(f"the scenario checks one Pods policy per direction; {direction} has {rules.describe()!r}")
    return pods[0].value, pods[0].period_seconds


def _rate_violations(samples: list[Sample], value: int, period: int, sign: int) -> list[str]:
    """Pairs of samples closer than ``period`` whose replicas moved by more than ``value`` (in ``sign``)."""
    out = []
    for i, a in enumerate(samples):
        for b in samples[i + 1:]:
            if b.t - a.t >= period - READ_SLACK:
                break
            if sign * (b.replicas - a.replicas) > value:
                out.append(f"{a.replicas} at {a.t:.1f} s → {b.replicas} at {b.t:.1f} s")
    return out


def check_rise(samples: list[Sample], config, down_at: float) -> Check:
    """Metric up: replicas reach max before the metric falls, at most ``value`` pods per ``period``."""
    name = "metric up → replicas rise to max"
    value, period = _policy(config.behavior.scale_up, "scaleUp")
    up = [s for s in samples if s.t < down_at]
    top = next((s for s in up if s.replicas >= config.max_replicas), None)
    fast = _rate_violations(up, value, period, +1)
    if fast:
        return Check(name, False, f"faster than the scale-up policy ({value} pod / {period} s): {'; '.join(fast[:3])}")
    if top is None:
        best = max((s.replicas for s in up), default=0)
        return Check(name, False, f"reached {best}, not max {config.max_replicas}, in the {down_at:.0f} s the metric "
                                  f"was {up[-1].metric if up else 0:g}")
    first = next(s for s in up if s.replicas > config.min_replicas)
    return Check(name, True, f"{config.min_replicas} → {config.max_replicas} from {first.t:.0f} s to {top.t:.0f} s, "
                             f"never more than {value} pod per {period} s (scaleUp policy)")


def check_fall(samples: list[Sample], config, down_at: float) -> Check:
    """Metric down: nothing before the stabilization window passed, then to min at the policy's rate."""
    name = "metric down → replicas fall after the window"
    window = config.behavior.scale_down.stabilization_window_seconds
    value, period = _policy(config.behavior.scale_down, "scaleDown")
    before = [s for s in samples if s.t < down_at]
    peak = before[-1].replicas if before else 0
    after = [s for s in samples if s.t >= down_at]
    # The last sync that saw the high metric was at most one sync period before the drop, and its
    # recommendation holds for `window` seconds after that sync. Syncs drift later than the nominal
    # period on a busy machine (the controller requeues after processing): half a period allowed.
    # Without the window the first decrease would come at the first sync after the drop.
    earliest = down_at + window - SYNC_SECONDS - SYNC_SECONDS / 2
    early = next((s for s in after if s.replicas < peak and s.t < earliest), None)
    if early is not None:
        return Check(name, False, f"{peak} → {early.replicas} at {early.t:.1f} s, {early.t - down_at:.1f} s after the "
                                  f"drop: before the {window} s stabilization window could pass")
    slow = _rate_violations(after, value, period, -1)
    if slow:
        return Check(name, False, f"faster than the scale-down policy ({value} pod / {period} s): {'; '.join(slow[:3])}")
    first = next((s for s in after if s.replicas < peak), None)
    bottom = next((s for s in after if s.replicas <= config.min_replicas), None)
    if first is None or bottom is None:
        last = after[-1].replicas if after else peak
        return Check(name, False, f"still {last} replicas {after[-1].t - down_at if after else 0:.0f} s after the drop "
                                  f"(min {config.min_replicas})")
    return Check(name, True, f"held {peak} for {first.t - down_at:.0f} s after the drop (window {window} s), "
                             f"{config.min_replicas} at {bottom.t:.0f} s, never more than {value} pod per {period} s")


def simulated_at(steps, t: float) -> int:
    """The simulator's replicas at time ``t``: the last sync at or before it."""
    current = steps[0].desired_replicas
    for step in steps:
        if step.t_seconds > t:
            break
        current = step.desired_replicas
    return current


def compare(samples: list[Sample], steps, sync: int = SYNC_SECONDS) -> Check:
    """Every sample within one replica of the simulator at some time within one sync period of it (and KEDA's
    query lag, :data:`KEDA_QUERY_LAG`)."""
    name = "simulator agrees (±1 replica, ±1 sync)"
    off = []
    for s in samples:
        window = [step.desired_replicas for step in steps if abs(step.t_seconds - s.t) <= sync + KEDA_QUERY_LAG]
        window.append(simulated_at(steps, s.t))
        if min(abs(r - s.replicas) for r in window) > 1:
            off.append(f"{s.replicas} at {s.t:.1f} s vs simulator {sorted(set(window))}")
    if off:
        return Check(name, False, f"{len(off)} of {len(samples)} samples differ: {'; '.join(off[:3])}")
    same = sum(1 for s in samples if simulated_at(steps, s.t) == s.replicas)
    return Check(name, True, f"{len(samples)} samples; {same} equal to the simulator at the same instant")


def trajectory(samples: list[Sample], steps) -> str:
    """The rows where something changed: time, metric, HPA's reading, desired/current, simulator."""
    lines = [f"  {'t (s)':>6}  {'metric':>6}  {'HPA reads/pod':>13}  {'desired':>7}  {'current':>7}  {'ready':>5}  "
             f"{'simulator':>9}"]
    last = None
    for s in samples:
        sim = simulated_at(steps, s.t)
        key = (s.metric, s.observed, s.desired, s.replicas, s.ready, sim)
        if key != last:
            lines.append(f"  {s.t:6.1f}  {s.metric:6g}  {s.observed or '-':>13}  {s.desired:7d}  {s.replicas:7d}  "
                         f"{s.ready:5d}  {sim:9d}")
            last = key
    return "\n".join(lines)
