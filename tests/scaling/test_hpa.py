"""The HPA algorithm on hand-computed cases (numbers worked out in each test's comments)."""
from __future__ import annotations

from inference_platform.scaling import Behavior, Metric, Policy, Rules, ScalingConfig, metric_replicas, simulate
from inference_platform.scaling.model import DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP, KedaActivation
from inference_platform.scaling.summary import summarize

QUEUE = Metric("Pods", "queue", "AverageValue", 5)
CPU = Metric("Resource", "cpu", "Utilization", 50)
TOL = (0.1, 0.1)


def config(**kw) -> ScalingConfig:
    base = dict(name="svc-v1", min_replicas=1, max_replicas=20, metrics=(QUEUE,), cold_start_seconds=0)
    return ScalingConfig(**{**base, **kw})


def const(value):
    return lambda t: value


def desired(steps):
    return {s.t_seconds: s.desired_replicas for s in steps}


# ---------------------------------------------------------------- tolerance


def test_no_change_within_the_tolerance_band():
    # 4 Ready pods, target 5 per pod. Load 21 → 5.25 per pod → ratio 1.05 (inside 0.9..1.1): stay 4.
    assert metric_replicas(QUEUE, 21, spec=4, ready=4, starting=0, tol=TOL) == 4
    # Load 22 → 5.5 → ratio exactly 1.1: still inside (isWithin is inclusive): stay 4.
    assert metric_replicas(QUEUE, 22, spec=4, ready=4, starting=0, tol=TOL) == 4
    # Load 23 → 5.75 → ratio 1.15: ceil(1.15 × 4) = ceil(4.6) = 5.
    assert metric_replicas(QUEUE, 23, spec=4, ready=4, starting=0, tol=TOL) == 5
    # Load 17 → 4.25 → ratio 0.85 (below 0.9): ceil(0.85 × 4) = ceil(3.4) = 4 — no scale-down yet.
    assert metric_replicas(QUEUE, 17, spec=4, ready=4, starting=0, tol=TOL) == 4
    # Load 14 → 3.5 → ratio 0.7: ceil(2.8) = 3.
    assert metric_replicas(QUEUE, 14, spec=4, ready=4, starting=0, tol=TOL) == 3


def test_per_direction_tolerance_from_behavior_widens_the_band():
    # scaleUp tolerance 0.2: load 23 (ratio 1.15) is now inside 0.9..1.2, so 4 stays 4.
    cfg = config(behavior=Behavior(Rules(0, "Max", DEFAULT_SCALE_UP.policies, tolerance=0.2), DEFAULT_SCALE_DOWN))
    steps = simulate(cfg, const(23), 30, initial_replicas=4)
    assert [s.desired_replicas for s in steps] == [4, 4, 4]
    # the default tolerance (0.1) scales the same run to 5 at once
    assert simulate(config(behavior=Behavior()), const(23), 0, initial_replicas=4)[0].desired_replicas == 5


# ---------------------------------------------------------------- stabilization


def test_scale_down_stabilization_window_holds_the_higher_recommendation():
    # scaleDown window 60 s, default policy (100 % / 15 s). 4 pods, load 20 (5 per pod: ratio 1 → 4).
    # From t=30 the load is 8: 2 per pod, ratio 0.4 → ceil(0.4 × 4) = 2 recommended.
    # Recommendations: t0=4, t15=4, t30=2, t45=2, t60=2, t75=2.
    # t=30: window (−30, 30] still holds 4 (t0, t15) → stay 4. t=60: window (0, 60] holds t15=4 → stay 4.
    # t=75: window (15, 75] holds only 2s → scale to 2.
    cfg = config(behavior=Behavior(DEFAULT_SCALE_UP, Rules(60, "Max", DEFAULT_SCALE_DOWN.policies)))
    steps = simulate(cfg, lambda t: 20 if t < 30 else 8, 90, initial_replicas=4)
    assert desired(steps) == {0: 4, 15: 4, 30: 4, 45: 4, 60: 4, 75: 2, 90: 2}
    assert steps[2].metric_replicas == 2  # the metric asked for 2 while the window held 4


def test_no_behavior_uses_the_controller_wide_five_minute_window_and_doubling_limit():
    # No behavior: normalizeDesiredReplicas. Scale-up limit max(2 × current, 4): from 1 pod wanting
    # ceil(60/5 / 5 × 1)=12 → 4; then from 4 → 8; then from 8 → 12.
    steps = simulate(config(), const(60), 30, initial_replicas=1)
    assert [s.desired_replicas for s in steps] == [4, 8, 12]
    assert steps[0].limited_by == "ScaleUpLimit"
    # Down: 12 pods at 5 each until t=30 (proposals 12 at t=0, 15, 30), then load 1 → ceil(0.083/5 × 12)
    # = 1 from t=45. stabilizeRecommendation keeps the max of samples not before t − 300 s:
    # t=330 (cutoff 30) still sees the t=30 sample (12); t=345 (cutoff 45) sees only 1s → 1 at once
    # (without a behavior nothing limits the rate of a scale-down).
    steps = simulate(config(), lambda t: 60 if t <= 30 else 1, 345, initial_replicas=12)
    d = desired(steps)
    assert d[315] == 12 and d[330] == 12  # t=330: cutoff 30, the t=30 sample (12) is not before it
    assert d[345] == 1                     # t=345: cutoff 45, every sample left says 1


# ---------------------------------------------------------------- policies


def test_pods_policy_limits_scale_up_to_one_pod_per_period():
    # scaleUp: window 0, 1 pod / 60 s. 2 pods, load 40 → 20 per pod, ratio 4 → wants ceil(4 × 2) = 8.
    # t=0: period start 2 → limit 3. t=15..45: the +1 at t=0 is inside (t−60, t] → start 2, limit 3.
    # t=60: the t=0 event is not after the cutoff (0 > 0 is false) → start 3 → 4. t=120 → 5, t=180 → 6.
    cfg = config(behavior=Behavior(Rules(0, "Max", (Policy("Pods", 1, 60),)), DEFAULT_SCALE_DOWN))
    steps = simulate(cfg, const(40), 180, initial_replicas=2)
    d = desired(steps)
    assert [d[t] for t in (0, 15, 45, 60, 105, 120, 180)] == [3, 3, 3, 4, 4, 5, 6]
    assert steps[1].limited_by == "ScaleUpLimit"


def test_select_policy_max_takes_the_larger_change_and_min_the_smaller():
    up = (Policy("Pods", 4, 60), Policy("Percent", 100, 60))
    load = const(100)  # 2 pods at 50 each, ratio 10 → wants 20 (= max_replicas)
    # Max: max(2 + 4, ceil(2 × 2.0)) = max(6, 4) = 6. Min: min(6, 4) = 4. Disabled: stays 2.
    for select, expected in (("Max", 6), ("Min", 4), ("Disabled", 2)):
        cfg = config(behavior=Behavior(Rules(0, select, up), DEFAULT_SCALE_DOWN))
        assert simulate(cfg, load, 0, initial_replicas=2)[0].desired_replicas == expected, select
    down = (Policy("Pods", 1, 60), Policy("Percent", 50, 60))
    # 10 pods, load 0 → ratio 0 → wants 0, clamped to min 1. Pods: 10 − 1 = 9; Percent: int(10 × 0.5) = 5.
    # Scale-down Max (the larger change) picks 5, Min (the smaller change) picks 9.
    for select, expected in (("Max", 5), ("Min", 9)):
        cfg = config(behavior=Behavior(DEFAULT_SCALE_UP, Rules(0, select, down)))
        assert simulate(cfg, const(0), 0, initial_replicas=10)[0].desired_replicas == expected, select


# ---------------------------------------------------------------- unready / missing pods


def test_starting_pods_count_as_zero_on_a_scale_up_for_pods_metrics():
    # 2 Ready pods carry 32 (16 each), 4 pods still loading report nothing (missing), spec 6.
    # ratio 16/5 = 3.2 > 1 → missing pods count 0: (16+16+0+0+0+0)/6 = 5.333 → ratio 1.067,
    # inside the tolerance → stay at 6 (without the 4 starting pods it would be ceil(3.2 × 2) = 7).
    assert metric_replicas(QUEUE, 32, spec=6, ready=2, starting=4, tol=TOL) == 6
    assert metric_replicas(QUEUE, 32, spec=2, ready=2, starting=0, tol=TOL) == 7
    # 2 Ready at 20 each (load 40), 2 missing, spec 4: 40/4 = 10 per pod → ratio 2 → ceil(2 × 4) = 8.
    assert metric_replicas(QUEUE, 40, spec=4, ready=2, starting=2, tol=TOL) == 8


def test_starting_pods_on_a_scale_down_differ_for_cpu_and_pods_metrics():
    # Pods metric: 2 Ready at 2 (load 4), 2 missing, spec 4: ratio 0.4 < 1 → missing count as the
    # target (5): (2+2+5+5)/4 = 3.5 → ratio 0.7 → ceil(0.7 × 4) = ceil(2.8) = 3.
    assert metric_replicas(QUEUE, 4, spec=4, ready=2, starting=2, tol=TOL) == 3
    # CPU: never-Ready pods are *unready*, ignored on a scale-down: 2 Ready at 20 % (load 40),
    # ratio 0.4 → ceil(0.4 × 2) = 1.
    assert metric_replicas(CPU, 40, spec=4, ready=2, starting=2, tol=TOL) == 1
    # CPU scale-up with unready: 1 Ready at 150 % (load 150), 1 unready: ratio 3 → unready count 0:
    # utilization int(1500 × 100 / 2000) = 75 → ratio 1.5 → ceil(1.5 × 2) = 3.
    assert metric_replicas(CPU, 150, spec=2, ready=1, starting=1, tol=TOL) == 3


def test_external_average_value_divides_by_all_pods_and_ignores_readiness():
    ext = Metric("External", "s0-prometheus", "AverageValue", 5)
    # load 32, 6 pods (2 Ready): 32 / (5 × 6) = 1.067 → inside → 6. load 40: 1.33 → ceil(40/5) = 8.
    assert metric_replicas(ext, 32, spec=6, ready=2, starting=4, tol=TOL) == 6
    assert metric_replicas(ext, 40, spec=6, ready=0, starting=6, tol=TOL) == 8


def test_no_ready_pod_means_no_pods_metric_and_no_change():
    # every pod still loading: "did not receive metrics for targeted pods" → the HPA does nothing
    assert metric_replicas(QUEUE, 50, spec=3, ready=0, starting=3, tol=TOL) is None
    steps = simulate(config(cold_start_seconds=600), const(50), 30, initial_replicas=0)
    assert all(s.desired_replicas == 0 for s in steps)  # replicas 0 and minReplicas 1: HPA disabled


def test_new_pods_become_ready_after_the_cold_start():
    # 1 pod, load 10 → ratio 2 → 2 pods at t=0 (default behavior: +4 / +100 %); ready at 0 + 120.
    cfg = config(cold_start_seconds=120, behavior=Behavior())
    steps = simulate(cfg, const(10), 150, initial_replicas=1)
    ready = {s.t_seconds: s.ready_replicas for s in steps}
    assert ready[105] == 1 and ready[120] == 2
    assert steps[0].pods == 2


# ---------------------------------------------------------------- KEDA activation


def test_keda_activates_from_zero_and_returns_to_zero_after_the_cooldown():
    ext = Metric("External", "s0-prometheus", "AverageValue", 5)
    keda = KedaActivation(0, polling_interval_seconds=30, cooldown_period_seconds=300,
                          activation_thresholds=(("s0-prometheus", 1.0),))
    cfg = config(metrics=(ext,), min_replicas=1, keda=keda, behavior=Behavior(), cold_start_seconds=60)
    # load 0 until t=60, then 3 until t=300, then 0. Polls at 0, 30, 60, ...
    # t=60: 3 > 1 → active → 0 → 1 (Ready at 120). Last active poll: t=270 (load 3).
    # Cooldown: lastActive + 300 must be before now: 570 is not (270 + 300 = 570), 600 is → 0 at t=600.
    steps = simulate(cfg, lambda t: 3 if 60 <= t < 300 else 0, 630)
    d = desired(steps)
    assert d[45] == 0 and d[60] == 1 and d[570] == 1 and d[600] == 0
    assert {s.t_seconds: s.ready_replicas for s in steps}[120] == 1


def test_a_signal_the_pods_report_never_activates_from_zero_but_one_measured_outside_them_does():
    # request_rate at the sidecars reads 0 while no pod runs; gateway_request_rate (or a queue) does not.
    ext = Metric("External", "s0-prometheus", "AverageValue", 5)
    for pod_measured, first in (((), 60), (("s0-prometheus",), None)):
        keda = KedaActivation(0, 30, 300, (("s0-prometheus", 0.0),), pod_measured=pod_measured)
        cfg = config(metrics=(ext,), min_replicas=1, keda=keda, behavior=Behavior(), cold_start_seconds=60)
        d = desired(simulate(cfg, lambda t: 3 if t >= 60 else 0, 300))
        assert next((t for t, n in sorted(d.items()) if n), None) == first


def test_summary_counts_keda_activations_and_policy_limits():
    ext = Metric("External", "s0-prometheus", "AverageValue", 5)
    keda = KedaActivation(0, 30, 300, (("s0-prometheus", 0.0),))
    cfg = config(metrics=(ext,), keda=keda, max_replicas=4, cold_start_seconds=60,
                 behavior=Behavior(Rules(0, "Max", (Policy("Pods", 1, 60),)), DEFAULT_SCALE_DOWN))
    # load 30 from t=60 to t=600: activation at t=60 (0 → 1), then +1 pod / 60 s up to max 4 at t=240
    # (wants ceil(30/5) = 6; KEDA's 0 → 1 is not an HPA scale event, so t=60 already adds one).
    # Load 0 from t=600: the HPA proposes 0; the default 300 s scale-down window holds 4 until the
    # t=585 sample leaves it at t=885 → min_replicas 1. KEDA: last active poll t=570, and
    # 570 + 300 must be before now → at the t=900 poll, 0.
    steps = simulate(cfg, lambda t: 30 if 60 <= t < 600 else 0, 960)
    d = desired(steps)
    assert (d[60], d[120], d[180], d[240], d[870], d[885], d[900]) == (2, 3, 4, 4, 4, 1, 0)
    s = summarize(cfg, steps, 15)
    assert "activated from zero 1x, scaled to zero 1x" in s.notes[-1]
    assert any(w.startswith("scale-up limited by policy: 1 pod / 60 s") for w in s.warnings)
    assert any(w.startswith("max_replicas (4) reached for") for w in s.warnings)


def test_summary_says_when_the_load_fell_before_capacity_arrived():
    # 2 pods, cold start 600 s; load 40 (20 per pod) for 5 minutes only: the new pods are not
    # Ready before the burst ends, so the rise is "covered" only because the load fell at t=300.
    cfg = config(cold_start_seconds=600, behavior=Behavior())
    steps = simulate(cfg, lambda t: 40 if 0 < t < 300 else 8, 900, initial_replicas=2)
    (episode,) = summarize(cfg, steps, 15).episodes
    assert (episode.start, episode.covered_after, episode.load_fell_first) == (15, 285, True)
