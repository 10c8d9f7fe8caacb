"""The autoscaling scenario's trajectory checks fail on trajectories the HPA behavior forbids (offline, no cluster)."""
from __future__ import annotations

from e2e.trajectory import SYNC_SECONDS, Sample, check_fall, check_rise, compare
from inference_platform.scaling import Load, simulate
from inference_platform.scaling.model import Behavior, Metric, Policy, Rules, ScalingConfig

DOWN = 60.0
CONFIG = ScalingConfig(
    name="chat-v1", min_replicas=1, max_replicas=4,
    metrics=(Metric("External", "s0-prometheus", "AverageValue", 5.0),),
    behavior=Behavior(Rules(0, "Max", (Policy("Pods", 1, 10),)), Rules(20, "Max", (Policy("Pods", 1, 10),))))


def run(points: list[tuple[float, int]], end: float = 140.0, step: float = 0.5) -> list[Sample]:
    """Samples every ``step`` s of a replica count that changes at the given times."""
    out, t = [], 0.0
    while t <= end:
        replicas = [r for at, r in points if at <= t][-1]
        out.append(Sample(t, 40.0 if t < DOWN else 0.0, "", replicas, replicas, replicas))
        t += step
    return out


#: What the real controller does with sync 5 s: +1 per 10 s from the first sync, and after the
#: drop a hold until 20 s after the last high reading, then -1 per 10 s.
GOOD = [(0, 1), (3, 2), (13.2, 3), (23.4, 4), (78, 3), (88.1, 2), (98.3, 1)]


def steps():
    return simulate(CONFIG, Load(((0.0, 40.0), (DOWN, 0.0)), 140), 140, SYNC_SECONDS)


def test_a_trajectory_within_the_policies_passes_every_check():
    samples = run(GOOD)
    assert check_rise(samples, CONFIG, DOWN).ok
    assert check_fall(samples, CONFIG, DOWN).ok
    assert compare(samples, steps()).ok


def test_rise_faster_than_one_pod_per_period_fails():
    check = check_rise(run([(0, 1), (3, 2), (6, 3), (20, 4)]), CONFIG, DOWN)
    assert not check.ok and "faster than the scale-up policy" in check.detail


def test_rise_that_never_reaches_max_fails():
    check = check_rise(run([(0, 1), (3, 2), (13, 3)]), CONFIG, DOWN)
    assert not check.ok and "not max 4" in check.detail


def test_fall_before_the_stabilization_window_fails():
    # what the controller does without a window: down at the first sync after the drop
    check = check_fall(run(GOOD[:4] + [(65.5, 3), (75.6, 2), (85.7, 1)]), CONFIG, DOWN)
    assert not check.ok and "stabilization window" in check.detail


def test_fall_that_stays_up_fails():
    check = check_fall(run(GOOD[:4]), CONFIG, DOWN)
    assert not check.ok and "still 4 replicas" in check.detail


def test_replicas_two_away_from_the_simulator_fail_the_comparison():
    check = compare(run([(0, 1), (3, 2), (13.2, 3), (23.4, 4), (65, 1)]), steps())
    assert not check.ok and "differ" in check.detail
