"""Init containers, native sidecars, environment from the pod and ports that bypass the sidecar: what the
loader refuses, each with the path as written, the value and what is allowed."""
from __future__ import annotations

import copy

import pytest
import yaml

from conftest import REPO, problems_of
from inference_platform.description import parse


@pytest.fixture
def pd() -> dict:
    """The prefill/decode example: two services with bypass ports, a routing sidecar, Downward API env."""
    return copy.deepcopy(yaml.safe_load((REPO / "examples" / "prefill-decode-nixl.yaml").read_text()))


def prefill(d: dict) -> dict:
    return d["services"][0]


def decode(d: dict) -> dict:
    return d["services"][1]


def test_the_example_loads_with_every_form(pd):
    svc = parse(pd).services[1]
    assert svc.init_containers[0].sidecar and svc.init_containers[0].ports[0].name == "http-api"
    assert [p.port for p in svc.bypass_ports] == [5600]
    assert [p.port for p in svc.api_ports] == [8000]  # vLLM's 8200 serves metrics only; 5600 bypasses


@pytest.mark.parametrize("value, problem", [
    ({"field": "status.phase"}, "env.X.field: 'status.phase' is not allowed; expected one of 'metadata.name', "
                                "'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', "
                                "'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'"),
    ({"resource": "limits.gpu"}, "env.X.resource: 'limits.gpu' is not allowed; expected one of 'limits.cpu', "
                                 "'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', "
                                 "'requests.ephemeral-storage'"),
    ({"field": "status.podIP", "key": "k"}, "env.X.key: unknown key; allowed keys here: field"),
    ({"resource": "limits.cpu", "divisor": "a lot"}, "env.X.divisor: 'a lot' is not a Kubernetes quantity"),
    ({"resource": "limits.cpu", "container": "sidecar"}, "env.X.container: 'sidecar' names no container of the "
                                                         "pod; containers: server, routing-proxy"),
    ([1], "env.X: [1] is not a string or a mapping"),
])
def test_environment_from_the_pod_is_checked_in_its_own_terms(pd, value, problem):
    decode(pd)["env"] = {**decode(pd)["env"], "X": value}
    [found] = problems_of(pd)
    assert found.startswith(f"services[1].{problem}")


def test_an_init_containers_environment_is_checked_like_the_servers(pd):
    sidecar = decode(pd)["init_containers"][0]
    sidecar["env"] = {"HF_TOKEN": "not-in-a-secret", "N": {"secret": "s", "config_map": "c", "key": "k"}}
    assert problems_of(pd) == [
        "services[1].init_containers[0].env.HF_TOKEN: looks like a credential and is written in plain text; read it "
        "from a Secret: {secret: <name>, key: <key>}",
        "services[1].init_containers[0].env.N: give exactly one of secret and config_map"]


@pytest.mark.parametrize("change, problem", [
    (lambda c: c.update(name="server"), "init_containers[0].name: 'server' is the model server's container; "
                                        "choose another name"),
    (lambda c: c.update(image="ghcr.io/llm-d/llm-d-routing-sidecar:latest"),
     "init_containers[0].image: 'ghcr.io/llm-d/llm-d-routing-sidecar:latest' uses a moving tag; pin a version tag "
     "or an @sha256: digest"),
    (lambda c: c.update(sidecar=False), "init_containers[0].ports: an init container exits before the server "
                                        "starts, so nothing reaches its ports; declare ports on a sidecar "
                                        "(sidecar: true)"),
    (lambda c: c.update(run_as_user=1000), "init_containers[0].run_as_user: 1000 is in the range of host users "
                                           "(below 10000)"),
    (lambda c: c["ports"][0].update(port=8200), "init_containers[0].ports[0].port: 8200 is already used by "
                                                "ports[0]"),
    (lambda c: c["ports"][0].update(name="http-vllm"), "init_containers[0].ports[0].name: 'http-vllm' is already "
                                                       "used by ports[0]"),
    (lambda c: c.update(mounts=[{"volume": "tmp"}]), "init_containers[0].mounts[0]: /tmp (the pod's tmp volume) is "
                                                     "always mounted; remove this mount"),
    (lambda c: c.update(mounts=[{"volume": "cache", "path": "/a/../b"}]),
     "init_containers[0].mounts[0].path: '/a/../b' is not an absolute path"),
    (lambda c: c.update(resources={"memory": "1Ki"}), "init_containers[0].resources.memory: '1Ki' is"),
    (lambda c: c.update(restart_policy="Always"), "init_containers[0].restart_policy: unknown key"),
])
def test_init_containers_are_checked(pd, change, problem):
    change(decode(pd)["init_containers"][0])
    found = problems_of(pd)[0]  # (a container without ports may leave the route without a port, too)
    assert found.startswith(f"services[1].{problem}")


def test_a_second_container_of_the_same_name_is_refused(pd):
    decode(pd)["init_containers"].append({"name": "routing-proxy", "image": "busybox:1.36"})
    assert problems_of(pd) == ["services[1].init_containers[1].name: 'routing-proxy' is already the name of "
                               "init_containers[0]"]


@pytest.mark.parametrize("change, problem", [
    (lambda p: p.update(protocol="http", name="http-nixl"),
     "ports[1].mesh: bypass takes a http port out of the mesh: no mTLS, no AuthorizationPolicy, no routing; it is for "
     "non-HTTP data paths (KV transfer, NCCL): use protocol: tcp (and a tcp- name), or keep mesh: sidecar"),
    (lambda p: p.update(mesh="sidecar"), "ports[1].peers: only used with mesh: bypass"),
    (lambda p: p.update(mesh="direct"), "ports[1].mesh: 'direct' is not allowed; expected one of 'sidecar', 'bypass'"),
    (lambda p: p["peers"].append({"service": "llm-ghost"}),
     "ports[1].peers[1].service: 'llm-ghost' names no service; services: llm-prefill, llm-decode"),
    (lambda p: p["peers"][0].update(namespace="other"),
     "ports[1].peers[0]: llm-decode runs in namespace 'llm-pd', not 'other'"),
    (lambda p: p.update(service_port=15600),
     "ports[1].service_port: a bypass port is reached by pod IP and is not in the Service: remove service_port"),
])
def test_bypass_ports_are_checked(pd, change, problem):
    change(prefill(pd)["ports"][1])
    found = problems_of(pd)[0]
    assert found.startswith(f"services[0].{problem}")


def test_a_peer_must_send_past_its_own_sidecar_too(pd):
    decode(pd)["ports"].pop(1)
    assert problems_of(pd) == [
        "services[0].ports[1].peers[0]: llm-decode would connect to port 5600 through its own sidecar, which wraps "
        "the connection in mTLS (or, with REGISTRY_ONLY, drops it): declare port 5600 with mesh: bypass on "
        "llm-decode too, so its pods send to it past their sidecar"]


def test_the_metrics_port_cannot_bypass_the_sidecar(pd):
    decode(pd)["ports"][0].update(name="tcp-vllm", protocol="tcp", mesh="bypass")
    decode(pd)["scrape"] = {"port": "tcp-vllm"}
    assert "services[1].ports[0].mesh: the metrics port is scraped through the sidecar (Istio's metrics merging); " \
           "it cannot bypass it" in problems_of(pd)


def test_an_environment_override_is_reported_where_it_is_written(pd):
    pd["environments"] = {"prod": {"services": {"llm-decode": {"init_containers": [
        {"name": "routing-proxy", "image": "ghcr.io/llm-d/llm-d-routing-sidecar:v0.2.0", "sidecar": True,
         "run_as_user": 0, "ports": [{"name": "http-api", "port": 8000}]}]}}}}
    assert problems_of(pd) == ["environments.prod.services.llm-decode.init_containers[0].run_as_user: 0 is out of "
                               "range; allowed: between 1 and 2147483647"]


def test_a_sidecars_service_port_cannot_take_the_servers(pd):
    # One Service for the pod: the ports it publishes are distinct across the server and its sidecars.
    decode(pd)["init_containers"][0]["ports"][0]["service_port"] = 8200
    assert problems_of(pd) == ["services[1].init_containers[0].ports[0].service_port: 8200 is already the Service "
                               "port of ports[0]"]
