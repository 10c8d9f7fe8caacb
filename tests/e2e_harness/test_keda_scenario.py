"""The autoscaling scenario's description, plans and planted defects (offline, no cluster); its trajectory
checks are in test_trajectory.py."""
from __future__ import annotations

import pytest
import yaml

from e2e import netns
from e2e.keda_scenario import DESCRIPTION, PROMETHEUS_URL, SERVICE, TOTALS
from inference_platform.description import load_file
from inference_platform.description.autoscaling import METRIC_SIGNALS

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
