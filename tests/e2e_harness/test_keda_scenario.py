"""The autoscaling scenario's checks fail on trajectories the HPA behavior forbids (offline, no cluster)."""
from __future__ import annotations

import pytest
import yaml

from e2e import netns
from e2e.keda_scenario import (DESCRIPTION, PROMETHEUS_URL, SERVICE, SYNC_SECONDS, TOTALS, Sample, check_fall,
                                check_rise, compare)
from inference_platform.description import load_file
from inference_platform.description.autoscaling import METRIC_SIGNALS
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


def test_scenario_description_is_valid_and_has_short_windows():
    platform = load_file(DESCRIPTION)
    svc = next(s for s in platform.services if s.name == SERVICE)
    behavior = svc.autoscaling.behavior
    assert svc.autoscaling.uses_keda and behavior.scale_down.stabilization_window_seconds <= 20
    assert yaml.safe_load(DESCRIPTION.read_text())["observability"]["prometheus"]["url"] == PROMETHEUS_URL


def test_scenario_description_covers_every_signal_type_and_every_other_service_has_a_total():
    platform = load_file(DESCRIPTION)
    signals = {sig.signal for s in platform.services for sig in s.autoscaling.signals}
    assert signals == set(METRIC_SIGNALS), (
        f"signal types without a service in {DESCRIPTION.name}: {sorted(set(METRIC_SIGNALS) - signals)} "
        "(add one, with its total in e2e.keda_scenario.TOTALS)")
    assert {s.name for s in platform.services} - {SERVICE} == set(TOTALS)
    assert any(s.autoscaling.min_replicas == 0 and s.autoscaling.signals[0].signal == "gateway_request_rate"
               for s in platform.services)


def test_namespace_setup_refuses_the_starting_namespace():
    with pytest.raises(RuntimeError, match="never in the host's"):
        netns.setup_inside(netns.current())


def test_without_network_namespaces_the_scenario_is_reported_not_run_and_not_passed(monkeypatch):
    from e2e import keda_scenario
    from e2e.report import Report

    def refuse() -> None:
        raise netns.Unavailable("`unshare --net` failed: unshare: unshare failed: Operation not permitted")

    monkeypatch.setattr(netns, "check_available", refuse)
    report = Report()
    (table,), trajectory = keda_scenario.check_autoscaling(report, "/nonexistent")
    assert (report.passed, report.failed, trajectory) == (0, 0, "")
    assert table.rows["scenario"]["result"] == "NOT RUN"
    assert "not run, not passed" in table.notes[0] and "Operation not permitted" in table.notes[0]


def _dev_llm_chat_plan():
    from conftest import DIST
    from e2e.keda_scenario import Plan

    docs = [d for d in yaml.safe_load_all((DIST / "dev" / "layers" / "50-apps" / "llm-chat.yaml").read_text()) if d]
    so = next(d for d in docs if d["kind"] == "ScaledObject" and d["metadata"]["name"] == "llm-chat-v1")
    dep = next(d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == "llm-chat-v1")
    (trigger,) = so["spec"]["triggers"]
    return Plan("llm-chat", trigger["name"], trigger["metadata"]["query"], 12.0, so, dep)


def test_a_picker_signal_is_served_as_the_server_gauge_its_picker_averages_and_shows_the_pickers_monitor():
    from e2e.keda_scenario import _monitors_of, _serve

    plan = _dev_llm_chat_plan()
    assert plan.signal == "picker_queue_depth"
    calls = []

    class Recorder:
        def set_gauge(self, *args):
            calls.append(args)
    _serve(Recorder(), plan, 12.0)
    assert calls == [("ai-llm", "llm-chat", "v1", "vllm:num_requests_waiting", 12.0)]
    names = ["ai-llm/llm-chat-v1", "ai-llm/llm-chat-v1-envoy", "ai-llm/llm-chat-v1-epp", "ai-llm/llm-chat-v2-epp",
             "istio-ingress/istio-ingressgateway-envoy"]
    assert _monitors_of(plan, names) == ["ai-llm/llm-chat-v1", "ai-llm/llm-chat-v1-envoy", "ai-llm/llm-chat-v1-epp"]


def test_scenario_prometheus_selects_servicemonitors_by_the_monitor_labels_in_every_namespace():
    from types import SimpleNamespace

    from e2e.prometheus_stack import prometheus_resource

    pki = SimpleNamespace(ca_crt="ca.crt", admin_crt="admin.crt", admin_key="admin.key")
    spec = prometheus_resource(SimpleNamespace(pki=pki, kube=SimpleNamespace(server="https://127.0.0.1:6443")),
                               {"prometheus": "e2e"}, "v3.16.0")["spec"]
    assert spec["serviceMonitorSelector"] == spec["podMonitorSelector"] == {"matchLabels": {"prometheus": "e2e"}}
    assert spec["serviceMonitorNamespaceSelector"] == spec["podMonitorNamespaceSelector"] == {}


def test_scenario_picker_services_cover_both_pool_kinds():
    platform = load_file(DESCRIPTION)
    pooled = {s.inference.pool for s in platform.services if s.inference is not None
              and s.autoscaling.signals[0].signal.startswith("picker_")}
    assert pooled == {"version", "service"}


def test_keda_reading_counts_only_when_it_is_the_total_not_its_fallback():
    from e2e.keda_scenario import _keda_matches

    assert _keda_matches(24.3, 25.0) and _keda_matches(12.0, 12.0)
    assert not _keda_matches(4.0, 12.0)  # fallback: 1 replica × target 4
    assert not _keda_matches(None, 12.0)


@pytest.mark.parametrize("message, ok", [
    ("the workload 'chat-v1' of type 'apps/v1.Deployment' is already managed by the ScaledObject 'chat-v1'", True),
    ("the workload 'chat-v1' of type 'apps/v1.Deployment' is already managed by the hpa 'keda-hpa-chat-v1'", True),
    ("ScaledObject.keda.sh \"chat-v1-second\" is invalid: spec.triggers: Required value", False),
])
def test_the_planted_second_scaled_object_takes_either_of_kedas_refusals(message, ok):
    # KEDA runs its validators from a Go map: the HPA check or the ScaledObject check may refuse first.
    from types import SimpleNamespace

    from e2e import keda_scenario
    from e2e.kube import ApiError

    def refuse(obj):
        raise ApiError(400, f'admission webhook "vscaledobject.kb.io" denied the request: {message}')
    so = {"metadata": {"name": "chat-v1", "namespace": "ai-llm"}, "spec": {}}
    plan = keda_scenario.Plan(keda_scenario.SERVICE, "queue_depth", "q", 40.0, so, {})
    check = keda_scenario._planted_scaled_object(SimpleNamespace(kube=SimpleNamespace(apply=refuse)), [plan])
    assert check.ok is ok and message in check.detail
