"""Property tests: any platform description is either rejected with messages or synthesizes to
manifests that pass the gate's schema validation and cross-object rules (checkov is left to
gate/test_policy.py for speed)."""
from __future__ import annotations


import shutil

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from inference_platform.description import DescriptionError, parse
from inference_platform.gate import check_files

from conftest import ISTIO_CHARTS, require_shared, synth_files

pytestmark = pytest.mark.slow  # fuzz

MODES = ["controller-managed", "rendered"]


def require_rendered_mode() -> None:
    """Rendered mode needs helm and the Istio charts (``make setup``; the one skip policy)."""
    if not shutil.which("helm") or not ISTIO_CHARTS.is_dir():
        require_shared(f"rendered mode needs helm and the Istio charts in {ISTIO_CHARTS}")

label = st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True)
image = st.one_of(st.builds("{}/{}:v{}.{}".format, label, label, st.integers(0, 9), st.integers(0, 20)),
                  st.builds("{}@sha256:{}".format, label, st.just("b" * 64)))


@st.composite
def weights(draw, count: int) -> list[int]:
    """Traffic weights of ``count`` versions that sum to 100."""
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=count - 1, max_size=count - 1)))
    return [b - a for a, b in zip([0, *cuts], [*cuts, 100])]


#: Signals any server preset (or none) can carry: Istio's request rate and a raw query.
metric = st.one_of(
    st.fixed_dictionaries({"signal": st.just("request_rate"), "target": st.sampled_from([5, 0.5, 400])}),
    st.fixed_dictionaries({"signal": st.just("prometheus"), "query": st.just('sum(queue_depth{queue="q"})'),
                           "target": st.just(30)}),
)


@st.composite
def service(draw, name: str, namespaces: list[str]) -> dict:
    """A valid service description (names, ports, replica bounds, weights, metrics, hosts vary)."""
    versions = draw(st.lists(label, min_size=1, max_size=3, unique=True))
    min_replicas = draw(st.integers(1, 4))
    cpu, memory = draw(st.sampled_from([(50, None), (80, 70), (None, 60)]))
    protocol = draw(st.sampled_from(["http", "grpc"]))
    svc: dict = {
        "name": name,
        "namespace": draw(st.sampled_from(namespaces)),
        "image": draw(image),
        "ports": [{"name": f"{protocol}-api", "port": draw(st.integers(1024, 14999)), "protocol": protocol}],
        "resources": {"cpu": draw(st.sampled_from(["500m", "2"])), "memory": "2Gi", "gpu": draw(st.sampled_from([0, 1]))},
        "autoscaling": {"min_replicas": min_replicas, "max_replicas": draw(st.integers(min_replicas, min_replicas + 4)),
                        "cpu_utilization": cpu, "memory_utilization": memory,
                        "signals": draw(st.lists(metric, max_size=2, unique_by=lambda m: m["signal"]))},
        "versions": [{"name": v, "weight": w} for v, w in zip(versions, draw(weights(len(versions))))],
        "cold_start_seconds": draw(st.sampled_from([None, 30, 900])),
    }
    if protocol == "grpc":  # an HTTP probe cannot ask a gRPC server (the default type is http)
        # Liveness asks more leniently than readiness (the gate's liveness-distinct-from-readiness).
        svc["probes"] = {"readiness": {"type": "grpc"}, "liveness": {
            "type": draw(st.sampled_from(["grpc", "tcp"])), "period_seconds": 20, "timeout_seconds": 5,
            "failure_threshold": 6}}
    if draw(st.booleans()):
        timeout = draw(st.integers(1, 600))
        attempts = draw(st.integers(0, 3))
        svc["traffic"] = {
            "hosts": draw(st.lists(st.sampled_from([f"{name}.example.com", f"{name}.ai.example.com",
                                                     f"*.{name}.example.com"]), min_size=1, max_size=2, unique=True)),
            "timeout_seconds": timeout,
            "retries": {"attempts": attempts,
                        "per_try_timeout_seconds": draw(st.integers(1, max(1, timeout // max(attempts, 1))))},
            "matches": [{"uri_prefix": draw(st.sampled_from(["/", "/v1/"]))}]}
    return svc


def _svc(data: dict) -> dict:
    return data["services"][0]


#: One way each to break a valid description; applied to about a third of the examples.
BREAKERS = {
    "bad service name": lambda d: _svc(d).update(name="Bad_Name"),
    "undeclared namespace": lambda d: _svc(d).update(namespace="undeclared"),
    "port out of range": lambda d: _svc(d).update(ports=[{"name": "http-api", "port": 70000}]),
    "bad quantity": lambda d: _svc(d)["resources"].update(cpu="two"),
    "max below min": lambda d: _svc(d)["autoscaling"].update(min_replicas=3, max_replicas=2),
    "no autoscaling target": lambda d: _svc(d)["autoscaling"].update(cpu_utilization=None, memory_utilization=None,
                                                                       signals=[]),
    "weights off": lambda d: _svc(d)["versions"][0].update(weight=_svc(d)["versions"][0]["weight"] + 5),
    "moving image tag": lambda d: _svc(d).update(image="vllm/vllm-openai:latest"),
    "bare image": lambda d: _svc(d).update(image="vllm"),
    "bad host": lambda d: _svc(d).update(traffic={"hosts": ["No Host"]}),
    "retries exceed timeout": lambda d: _svc(d).update(traffic={
        "hosts": ["x.example.com"], "timeout_seconds": 10, "retries": {"attempts": 3, "per_try_timeout_seconds": 5}}),
    "unknown key": lambda d: _svc(d).update(replicas=2),
    "raw signal without a query": lambda d: _svc(d)["autoscaling"].update(
        signals=[{"signal": "prometheus", "target": 1}]),
    "duplicate service": lambda d: d["services"].append(dict(_svc(d))),
    "unsupported kubernetes": lambda d: d.update(kubernetes_version="1.30"),
    "no gitops engine": lambda d: d["gitops"].update(engines=[]),
    "istio proxy port": lambda d: _svc(d).update(ports=[{"name": "http-api", "port": 15006}]),
    "quoted number": lambda d: _svc(d).update(ports=[{"name": "http-api", "port": "8080"}]),
    "kube-system namespace": lambda d: d["namespaces"].append({"name": "kube-system"}),
    "http probe on grpc": lambda d: _svc(d).update(ports=[{"name": "grpc-api", "port": 9000, "protocol": "grpc"}],
                                                   probes={"readiness": {"type": "http"}}),
    "dist path escapes": lambda d: d["gitops"].update(dist_path="../../etc"),
    "unknown prune layer": lambda d: d.update(allow_prune=["default/50-app"]),
    "int32 overflow": lambda d: _svc(d)["autoscaling"].update(max_replicas=2**31),
    "bad environment override": lambda d: d.update(environments={"dev": {"services": {
        _svc(d)["name"]: {"autoscaling": {"max_replicas": 0}}}}}),
}


@st.composite
def descriptions(draw) -> dict:
    """A platform description: valid, or (about a third of the time) broken in one way."""
    namespaces = draw(st.lists(label.filter(lambda n: not n.startswith("istio")), min_size=1, max_size=2, unique=True))
    names = draw(st.lists(label, min_size=1, max_size=3, unique=True))
    services = [draw(service(n, namespaces)) for n in names]
    mode = draw(st.sampled_from(MODES))
    data: dict = {
        "name": draw(st.sampled_from(["ai-platform", "ml"])),
        "kubernetes_version": draw(st.sampled_from(["1.32", "1.34", "1.36"])),
        "istio": {"mode": mode, **({"chart_source": str(ISTIO_CHARTS)} if mode == "rendered" else {}),
                  "gateway": {"tls_credential_name": draw(st.sampled_from([None, "gw-tls"]))}},
        "gitops": {"engines": draw(st.sampled_from([["flux", "argocd"], ["flux"], ["argocd"]]))},
        "namespaces": [{"name": n} for n in namespaces],
        "services": services,
    }
    if draw(st.booleans()):
        first = services[0]
        bound = first["autoscaling"]["min_replicas"]
        data["environments"] = {"dev": {"services": {first["name"]: {"autoscaling": {
            "max_replicas": draw(st.integers(bound, bound + 3))}}}}, "prod": {}}
    if draw(st.integers(0, 2)) == 2:  # not 0: Hypothesis favours small values
        breaker = draw(st.sampled_from(sorted(BREAKERS)))
        event(f"broken: {breaker}")
        BREAKERS[breaker](data)
    return data


@pytest.fixture(scope="module")
def rendered_mode() -> None:
    """The fuzzed descriptions use both Istio modes."""
    require_rendered_mode()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=descriptions())
def test_any_description_is_rejected_with_messages_or_passes_the_gate(rendered_mode, data):
    try:
        files = synth_files(parse(data))
    except DescriptionError as err:
        assert err.problems and all(isinstance(p, str) and ": " in p for p in err.problems), err.problems
        event("rejected")
        return
    event("synthesized")
    report = check_files(files)
    assert [str(f) for f in report] == []
    assert report.documents > 0


@settings(max_examples=200, deadline=None)
@given(data=descriptions())
def test_description_loader_raises_only_description_errors(data):
    # The cheap half of the property, over many more examples: parsing never crashes.
    try:
        parse(data)
    except DescriptionError as err:
        assert err.problems
        event("rejected")


@pytest.mark.parametrize("mode", MODES)
def test_default_shaped_description_passes_the_gate(mode):
    if mode == "rendered":
        require_rendered_mode()
    data = {"namespaces": [{"name": "apps"}],
            "istio": {"mode": mode, **({"chart_source": str(ISTIO_CHARTS)} if mode == "rendered" else {})},
            "services": [{"name": "chat", "namespace": "apps", "image": "vllm/vllm-openai:v0.11.0",
                          "versions": [{"name": "v1", "weight": 60}, {"name": "v2", "weight": 40}],
                          "autoscaling": {"min_replicas": 2, "max_replicas": 4},
                          "traffic": {"hosts": ["chat.example.com"]}}]}
    report = check_files(synth_files(parse(data)))
    assert [str(f) for f in report] == []
