"""Load curves: a user's CSV (``t_seconds,value``) or a built-in profile, step-interpolated.

The value is the *total* signal arriving at the model version, in the unit of its scaling
signal (queue depth, requests per second, percent of one pod's CPU request, ...). Built-in
profiles are sized from the version's own target and max_replicas, so they mean something for
every service: the base load is 80 % of min_replicas pods' worth, the peak 80 % of
max_replicas pods' worth (the spike goes 25 % over it). For a Value target (one number for
the whole object) the base is half the target and the peak 1.6 times it.
"""
from __future__ import annotations

import bisect
import csv
import math
from dataclasses import dataclass
from pathlib import Path

from inference_platform.scaling.model import Metric

HEADER = ["t_seconds", "value"]
PROFILES = ("step", "ramp", "spike", "diurnal")


class LoadError(ValueError):
    """A load curve that cannot be used; the message is for the user."""


@dataclass(frozen=True)
class Load:
    """Points (t, value) sorted by t; the value holds until the next point (step interpolation)."""

    points: tuple[tuple[float, float], ...]
    duration_seconds: int
    name: str = "load"

    def __call__(self, t: float) -> float:
        i = bisect.bisect_right([p[0] for p in self.points], t) - 1
        return self.points[max(i, 0)][1]


def read_csv(path: str | Path) -> Load:
    """Read ``t_seconds,value`` rows; every problem is a LoadError naming file, line and value."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise LoadError(f"{path}: cannot read the load file ({err.strerror}).") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows or [c.strip() for c in rows[0]] != HEADER:
        got = ",".join(rows[0]) if rows else "an empty file"
        raise LoadError(f"{path}: line 1: the header must be exactly 't_seconds,value', got {got!r}.")
    points: list[tuple[float, float]] = []
    for line, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip():
            continue
        if len(row) != 2:
            raise LoadError(f"{path}: line {line}: expected 2 columns (t_seconds,value), got {len(row)}: {','.join(row)!r}.")
        try:
            t, v = float(row[0]), float(row[1])
        except ValueError:
            raise LoadError(f"{path}: line {line}: {','.join(row)!r} is not two numbers (t_seconds,value).") from None
        if not (math.isfinite(t) and math.isfinite(v)) or t < 0 or v < 0:
            raise LoadError(f"{path}: line {line}: t_seconds and value must be finite and >= 0, got {','.join(row)!r}.")
        if points and t <= points[-1][0]:
            raise LoadError(f"{path}: line {line}: t_seconds {row[0].strip()!r} is not after the previous row's "
                            f"{points[-1][0]:g}; rows must be in increasing time order.")
        points.append((t, v))
    if not points:
        raise LoadError(f"{path}: no data rows after the header; add at least one 't_seconds,value' row.")
    if points[0][0] > 0:
        points.insert(0, (0.0, points[0][1]))  # the first value also holds before its time
    return Load(tuple(points), int(points[-1][0]), name=path.name)


def profile(name: str, metric: Metric, min_replicas: int, max_replicas: int) -> Load:
    """A built-in load curve sized for a version with this target and replica range."""
    if name not in PROFILES:
        raise LoadError(f"--profile: {name!r} is not a built-in profile; choose one of {', '.join(PROFILES)}.")
    if metric.per_pod:
        per_pod = metric.target
        base = 0.8 * per_pod * max(min_replicas, 1)
        peak = 0.8 * per_pod * max_replicas
    else:
        # A Value target is one number for the whole object: swing around it instead.
        per_pod = 1.6 * metric.target / max(max_replicas, 1)
        base, peak = 0.5 * metric.target, 1.6 * metric.target
    minute = 60
    if name == "step":
        # 10 min at the base, 50 min at the peak, then 40 min back at the base to watch scale-down
        pts = [(0, base), (10 * minute, peak), (60 * minute, base)]
        duration = 100 * minute
    elif name == "ramp":
        # 40 min linear climb to the peak, 20 min hold, 30 min linear descent, 10 min base
        pts = [(m * minute, base + (peak - base) * m / 40) for m in range(0, 40)]
        pts += [(40 * minute, peak)]
        pts += [((60 + m) * minute, peak - (peak - base) * m / 30) for m in range(0, 31)]
        duration = 100 * minute
    elif name == "spike":
        # a 5-minute burst 25 % above what max_replicas pods are sized for
        pts = [(0, base), (10 * minute, 1.25 * per_pod * max_replicas), (15 * minute, base)]
        duration = 60 * minute
    else:
        # one day: night at the base, afternoon at the peak, a value every 5 minutes
        pts = [(m * 5 * minute, base + (peak - base) * (1 - math.cos(2 * math.pi * (m * 5 - 240) / 1440)) / 2)
               for m in range(288)]
        pts = [(t, max(v, base)) for t, v in pts]
        duration = 24 * 60 * minute
    return Load(tuple((float(t), round(v, 6)) for t, v in pts), duration, name=name)
