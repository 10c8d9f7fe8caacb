"""The numbers and warnings a reviewer needs from one simulated trajectory."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from inference_platform.scaling.model import ScalingConfig, Step, fmt_num


@dataclass
class Episode:
    """A rise in load that Ready capacity did not cover at once."""

    start: int
    load_before: float
    load_after: float
    #: seconds until Ready pods covered the load again; None if never within the run
    covered_after: int | None
    #: the load fell back before enough pods were Ready (the capacity never caught up)
    load_fell_first: bool = False

    def describe(self) -> str:
        if self.covered_after is None:
            return "not within the run"
        return f"after {_dur(self.covered_after)}" + (" (the load fell first)" if self.load_fell_first else "")


@dataclass
class Summary:
    episodes: list[Episode]
    peak_metric: float
    peak_at: int
    target: float
    replica_minutes: float
    gpu_minutes: float
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def covered(config: ScalingConfig, step: Step) -> bool:
    """Ready pods carry the load within the HPA's own tolerance of the target."""
    metric = config.primary
    if step.load == 0:
        return True
    if math.isnan(step.metric_per_pod):
        return False
    return step.metric_per_pod <= metric.target * (1 + config.tolerances()[1])


def summarize(config: ScalingConfig, steps: list[Step], sync_period: int) -> Summary:
    episodes: list[Episode] = []
    open_ep: Episode | None = None
    for prev, step in zip(steps, steps[1:]):
        ok = covered(config, step)
        if open_ep is None and step.load > prev.load and not ok:
            open_ep = Episode(step.t_seconds, prev.load, step.load, None)
            episodes.append(open_ep)
        elif open_ep is not None:
            open_ep.load_after = max(open_ep.load_after, step.load)
            if ok:
                open_ep.covered_after = step.t_seconds - open_ep.start
                open_ep.load_fell_first = step.load < open_ep.load_after
                open_ep = None
    per_pod = [(s.metric_per_pod if not math.isnan(s.metric_per_pod) else math.inf if s.load else 0.0, s.t_seconds)
               for s in steps]
    peak, peak_at = max(per_pod, key=lambda p: p[0]) if per_pod else (0.0, 0)
    minutes = sum(s.pods for s in steps[:-1]) * sync_period / 60
    out = Summary(episodes, peak, peak_at, config.primary.target, minutes, minutes * config.gpu_per_pod)
    _warnings(config, steps, sync_period, out)
    return out


def _warnings(config: ScalingConfig, steps: list[Step], sync_period: int, out: Summary) -> None:
    at_max = sum(1 for s in steps[:-1] if s.desired_replicas >= config.max_replicas) * sync_period
    if at_max:
        out.warnings.append(f"max_replicas ({config.max_replicas}) reached for {_dur(at_max)}")
    metric = config.primary
    if metric.per_pod:
        over = [s for s in steps if s.load > metric.target * config.max_replicas * (1 + config.tolerances()[1])]
        if over:
            out.warnings.append(f"load above what max_replicas can carry ({config.max_replicas} × {fmt_num(metric.target)}) "
                                f"for {_dur(len(over) * sync_period)}")
    else:
        out.warnings.append(f"{metric.source} {metric.name} has a Value target: adding pods does not lower a total, "
                            "so the HPA climbs to max_replicas while it is above the target (AverageValue is per pod)")
    limited = sum(1 for s in steps if s.limited_by == "ScaleUpLimit") * sync_period
    if limited:
        rules = config.behavior.scale_up.describe() if config.behavior else "max(2 × current, 4) per sync (no behavior)"
        out.warnings.append(f"scale-up limited by policy: {rules} (held back for {_dur(limited)})")
    if config.route_timeout_seconds is not None and config.cold_start_seconds > config.route_timeout_seconds:
        extra = config.cold_start_seconds - config.route_timeout_seconds
        out.warnings.append(
            f"cold start {fmt_num(extra)} s longer than the route timeout ({fmt_num(config.cold_start_seconds)} s vs "
            f"{fmt_num(config.route_timeout_seconds)} s): requests waiting for new capacity time out first")
    if any(e.covered_after is None for e in out.episodes):
        out.warnings.append("a rise in load was still not covered by Ready pods when the run ended")
    skipped = [m.describe() for m in config.metrics if m is not metric]
    if skipped:
        out.notes.append("not simulated (no load curve for them, assumed not binding): " + "; ".join(skipped))
    if config.keda is not None:
        ups = sum(1 for s in steps for n in s.notes if "0 → 1" in n)
        downs = sum(1 for s in steps for n in s.notes if "to zero" in n)
        out.notes.append(f"KEDA: minReplicaCount {config.keda.min_replica_count}, pollingInterval "
                         f"{config.keda.polling_interval_seconds} s, cooldownPeriod {config.keda.cooldown_period_seconds} s; "
                         f"activated from zero {ups}x, scaled to zero {downs}x")


def lines(config: ScalingConfig, summary: Summary) -> list[str]:
    """The summary as printed by the CLI and embedded in the report."""
    metric = config.primary
    out = [f"{config.name}: {config.source}, {metric.describe()}, replicas {config.min_replicas}..{config.max_replicas}, "
           f"cold start {config.cold_start_seconds} s"]
    if not summary.episodes:
        out.append("  capacity: Ready pods covered the load at every sync")
    for e in summary.episodes[:6]:
        out.append(f"  rise at {_clock(e.start)} (load {fmt_num(e.load_before)} → {fmt_num(e.load_after)}): "
                   f"Ready capacity covered it {e.describe()}")
    if len(summary.episodes) > 6:
        out.append(f"  ... and {len(summary.episodes) - 6} more rises")
    peak = "∞ (no Ready pod)" if math.isinf(summary.peak_metric) else fmt_num(summary.peak_metric)
    ratio = "" if math.isinf(summary.peak_metric) or not summary.target else f" ({summary.peak_metric / summary.target:.1f}x)"
    what = "per-pod metric" if metric.per_pod else "metric value"
    out.append(f"  peak {what}: {peak} vs target {fmt_num(summary.target)}{ratio} at {_clock(summary.peak_at)}")
    cost = f"  replica-minutes: {summary.replica_minutes:.0f}"
    if config.gpu_per_pod:
        cost += f" (GPU-minutes: {summary.gpu_minutes:.0f} at {config.gpu_per_pod} GPU per pod)"
    out.append(cost)
    out += [f"  warning: {w}" for w in summary.warnings]
    out += [f"  note: {n}" for n in summary.notes]
    return out


def _dur(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    m, s = divmod(seconds, 60)
    return f"{m} min" if not s else f"{m} min {s} s"


def _clock(seconds: int) -> str:
    h, rem = divmod(int(seconds), 3600)
    return f"t={h}:{rem // 60:02d}:{rem % 60:02d}" if h else f"t={rem // 60}:{rem % 60:02d}"
