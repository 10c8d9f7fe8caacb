"""Careless or hostile input (issue 13): each case is rejected with one clear message."""
from __future__ import annotations

import time
from enum import Enum
from typing import Annotated

import pytest
from pydantic import Field, Strict

from conftest import problems_of
from inference_platform.description import DescriptionError, load_file, load_yaml, parse
from inference_platform.description.base import Model
from inference_platform.description.loader import MAX_BYTES


def yaml_problems(text: str) -> list[str]:
    with pytest.raises(DescriptionError) as err:
        load_yaml(text, "p.yaml")
    return err.value.problems


def test_billion_laughs_is_rejected_at_once():
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    start = time.perf_counter()
    problems = yaml_problems("\n".join(lines) + "\nservices: *a9\n")
    assert time.perf_counter() - start < 0.5
    assert problems == ["p.yaml: aliases expand the document to more than 1000000 nodes; at most 1000000 allowed",
                        "p.yaml: aliases expand the document to more than 33554432 bytes of values; at most 33554432 "
                        "(32 MiB) allowed"]


def test_documents_over_eight_mib_are_rejected(tmp_path):
    big = tmp_path / "p.yaml"
    big.write_text("# " + "x" * MAX_BYTES + "\n")
    with pytest.raises(DescriptionError) as err:
        load_file(big)
    assert err.value.problems == [f"{big}: {MAX_BYTES + 3} bytes; a description may have at most 8388608 (8 MiB); "
                                  "split the fleet into several platforms"]


def test_small_anchors_are_still_fine():
    data = load_yaml("probe: &p {path: /health, period_seconds: 5}\nother: *p\n")
    assert data["other"] == {"path": "/health", "period_seconds": 5}


def test_duplicate_keys_name_both_lines():
    text = "services:\n  - name: a\n    image: x:1\n    image: y:2\nservices: []\n"
    assert yaml_problems(text) == [
        "p.yaml: services: key 'services' is given twice (lines 1 and 5); keep one",
        "p.yaml: services[0].image: key 'image' is given twice (lines 3 and 4); keep one",
    ]


def test_deep_nesting_is_reported_not_raised():
    problems = yaml_problems("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert problems == ["p.yaml: nested too deeply to read"]


@pytest.mark.parametrize("key, value, allowed", [
    ("max_replicas", 100000000000000000000, "between 1 and 2147483647"),
    ("min_replicas", 2**31, "between 0 and 2147483647"),
    ("cpu_utilization", 101, "between 1 and 100"),
])
def test_counts_are_bounded_to_what_kubernetes_stores(description, key, value, allowed):
    description["services"][0]["autoscaling"][key] = value
    assert f"services[0].autoscaling.{key}: {value} is out of range; allowed: {allowed}" in problems_of(description)


def test_probe_seconds_and_ports_are_bounded(description):
    description["services"][0]["probes"]["startup"]["period_seconds"] = 2**31
    description["istio"] = {"gateway": {"ports": [{"name": "http2", "port": 80, "target_port": 65536}]}}
    assert problems_of(description) == [
        "istio.gateway.ports[0].target_port: 65536 is out of range; allowed: between 1 and 65535",
        "services[0].probes.startup.period_seconds: 2147483648 is out of range; allowed: between 1 and 2147483647",
    ]


def test_env_values_and_container_config_are_bounded(description):
    description["services"][0]["env"]["BIG"] = "x" * (10 * 1024 * 1024)
    description["services"][1]["args"] = ["y" * 30000] * 10
    assert problems_of(description) == [
        f"services[0].env.BIG: '{'x' * 76}... is longer than 32 KiB (32768 characters)",
        "services[1].versions[0]: args and env take 300010 bytes in this version's container; at most 262144 "
        "(256 KiB) fit comfortably in one Deployment",
    ]


@pytest.mark.parametrize("namespace, owner", [("kube-system", "Kubernetes"), ("kube-public", "Kubernetes"),
                                              ("kube-node-lease", "Kubernetes"), ("istio-system", "Istio"),
                                              ("flux-system", "Flux")])
def test_system_namespaces_are_reserved(description, namespace, owner):
    description["namespaces"][0]["name"] = namespace
    assert f"namespaces[0].name: {namespace!r} is reserved for {owner}" in problems_of(description)


@pytest.mark.parametrize("port", [15000, 15001, 15006, 15008, 15020, 15021, 15090])
def test_istio_proxy_ports_are_not_service_ports(description, port):
    description["services"][1]["ports"] = [{"name": "http-api", "port": port}]
    [problem] = problems_of(description)
    assert problem.startswith(f"services[1].ports[0].port: {port} is the Istio sidecar's ")
    assert problem.endswith("allowed: 1-65535 except 15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, "
                            "15053, 15090")


def test_duplicate_gateway_ports_are_rejected(description):
    description["istio"]["gateway"]["ports"] = [{"name": "http2", "port": 80, "target_port": 8080},
                                                {"name": "http", "port": 80, "target_port": 15090}]
    assert problems_of(description) == [
        "istio.gateway.ports[1].target_port: 15090 is the gateway proxy's Envoy Prometheus telemetry port; "
        "allowed: 1-65535 except 15000, 15001, 15004, 15006, 15008, 15009, 15020, 15053, 15090",
        "istio.gateway.ports[1].port: 80 is already used by ports[0]",
    ]


def test_http_probe_on_a_grpc_port_is_rejected(description):
    svc = description["services"][1]
    svc["ports"] = [{"name": "grpc-api", "port": 8080, "protocol": "grpc"}]
    svc["probes"] = {"startup": {"period_seconds": 5}, "readiness": {"type": "http", "path": "/health"},
                     "liveness": {"type": "grpc"}}
    assert problems_of(description) == [
        "services[1].probes.startup.type: 'http' (the default) finds no http port to probe (ports: grpc-api); "
        "set type or port",
        "services[1].probes.readiness.type: 'http' finds no http port to probe (ports: grpc-api); set type or port",
    ]
    # A probe naming a port of another protocol is refused too.
    svc["ports"].append({"name": "http-api", "port": 8000})
    svc["probes"] = {"readiness": {"type": "http", "port": "grpc-api"}, "liveness": {"type": "grpc", "port": "nope"}}
    assert problems_of(description) == [
        "services[1].probes.readiness.type: 'http' cannot probe the grpc port 'grpc-api' (8080); set type: grpc "
        "(or tcp) or name another port",
        "services[1].probes.liveness.port: 'nope' names no port; ports: grpc-api, http-api",
    ]
    svc["probes"] = {"readiness": {"type": "grpc"}, "liveness": {"type": "tcp", "path": "/health"}}
    assert problems_of(description) == [
        "services[1].probes.liveness.path: '/health' is only used by type: http; remove it for type: tcp"]


def test_allow_prune_names_an_existing_layer(description):
    description["allow_prune"] = ["prod/50-apps", "dev/layers/40-mesh", "prod/flux", "prod/50-app", "staging/50-apps"]
    assert problems_of(description) == [
        f"allow_prune[{i}]: {entry!r} names no layer; allowed: <env>/<folder> with env one of dev, prod and folder "
        "one of 00-namespaces, 05-gateway-api-crds, 10-istio, 10-istio-crds, 20-istio-control-plane, 30-istio-gateway, 35-keda, 35-keda-operator, 40-mesh, "
        "50-apps, flux, argocd, argocd/apps" for i, entry in ((3, "prod/50-app"), (4, "staging/50-apps"))]


@pytest.mark.parametrize("key, value, message", [
    ("dist_path", "../../etc", "is not a relative path inside the repository"),
    ("dist_path", "/abs/dist", "is not a relative path inside the repository"),
    ("dist_path", "out/./dist", "is not a relative path inside the repository"),
    ("branch", "", "is not a branch name"),
    ("branch", "feature..x", "is not a branch name"),
    ("repository_url", "not a url", "is not a Git URL"),
    ("repository_url", "git@github.com:org/repo.git", "is scp-like, which Flux's GitRepository rejects; write it "
                                                       "as 'ssh://git@github.com/org/repo.git'"),
])
def test_gitops_wiring_is_checked(description, key, value, message):
    description["gitops"][key] = value
    [problem] = problems_of(description)
    assert problem.startswith(f"gitops.{key}: {value!r} {message}")


def test_scp_like_url_is_fine_for_argo_cd_only(description):
    description["gitops"].update(engines=["argocd"], repository_url="git@github.com:org/repo.git")
    assert parse(description).gitops.repository_url == "git@github.com:org/repo.git"


def test_istio_version_must_have_pinned_charts(description):
    description["istio"]["version"] = "1.29.0"
    assert problems_of(description) == [
        "istio.version: '1.29.0' has no pinned charts and CRDs in this project; allowed: 1.30.3"]


def test_values_yaml_reads_as_non_strings_get_a_quote_hint(description):
    description["istio"]["version"] = 1.30
    description["kubernetes_version"] = 1.34
    description["namespaces"][0]["name"] = False  # `name: no`
    assert problems_of(description) == [
        "kubernetes_version: 1.34 is not a string; YAML read a number (1.30 becomes 1.3): quote it",
        "istio.version: 1.3 is not a string; YAML read a number (1.30 becomes 1.3): quote it",
        "namespaces[0].name: False is not a string; YAML reads unquoted yes/no/on/off/true/false as a boolean: "
        "quote it",
    ]


def test_rules_run_although_other_fields_fail(description):
    # A wrong port in the same service must not hide the weights, the namespace or the duplicate.
    svc = description["services"][1]
    svc.update(ports=[{"name": "http-api", "port": "x"}], namespace="nowhere", versions=[{"name": "a", "weight": 10}])
    description["services"][2]["name"] = "embeddings"
    assert problems_of(description) == [
        "services[1].ports[0].port: 'x' is not an integer",
        "services[1].versions: weights 10 = 10; they must sum to 100",
        "services[2].name: duplicate service 'embeddings' (also services[1])",
        "services[1].namespace: 'nowhere' is not declared; declared: ai-llm, ai-retrieval, ai-vision",
    ]


class Color(Enum):
    RED = "red"
    BLUE = "blue"


class Sample(Model):
    """Field kinds the former validator mishandled."""

    size: int | str = Field(0, description="A union: either arm accepted.")
    color: Annotated[Color, Strict(False)] = Field(Color.RED, description="An Enum read from its value.")


def test_unions_accept_either_arm_and_report_once():
    assert Sample.model_validate({"size": "a"}).size == "a"
    assert Sample.model_validate({"size": 3}).size == 3
    with pytest.raises(DescriptionError) as err:
        Sample.model_validate({"size": 1.5})
    assert err.value.problems == ["size: 1.5 is not an integer or a string"]


def test_enums_are_read_from_values_and_rejected_as_description_errors():
    assert Sample.model_validate({"color": "blue"}).color is Color.BLUE
    with pytest.raises(DescriptionError) as err:
        Sample.model_validate({"color": "green"})
    assert err.value.problems == ["color: 'green' is not allowed; expected one of 'red', 'blue'"]


def test_strings_are_never_coerced_to_numbers(description):
    description["services"][0]["autoscaling"]["max_replicas"] = "4"
    assert problems_of(description) == [
        "services[0].autoscaling.max_replicas: '4' is not an integer; write it without quotes"]


def test_environment_problems_are_named_by_the_service_as_written(description):
    overrides = description["environments"]["dev"]["services"]
    overrides["llm-chat"] = 5
    overrides["embeddings"]["name"] = "Bad_"
    assert problems_of(description) == [
        "environments.dev.services.llm-chat: 5 is not a mapping",
        "environments.dev.services.embeddings.name: 'Bad_' is not a DNS-1035 label (lower-case letters, digits and "
        "'-', starting with a letter and ending with an alphanumeric character, at most 40 characters)",
    ]


def test_keys_and_empty_values_get_hints(description):
    description["services"][0][7] = 1
    description["istio"]["version"] = None
    assert problems_of(description) == [
        "istio.version: None is not a string; the key has no value (YAML reads an empty value as null)",
        "services[0]: key 7 is not a string; quote it",
    ]


def test_allow_prune_is_checked_once_for_the_whole_synth(description):
    description["allow_prune"] = ["dev/50-apps", "prod/flux"]
    assert parse(description).allow_prune == ("dev/50-apps", "prod/flux")
    description["environments"]["dev"]["allow_prune"] = ["dev/50-apps"]
    assert problems_of(description) == [
        "environments.dev.allow_prune: applies to the whole synth; list '<env>/<folder>' entries in the top-level "
        "allow_prune"]
