"""Gate rules over init containers, native sidecars and ports that bypass the sidecar.

Each case changes one object of the synthesized prefill/decode example (examples/prefill-decode-nixl.yaml:
a native routing sidecar, NIXL's port past the Istio sidecar on both services) and expects the rule's finding;
the unchanged tree passes every rule.
"""
from __future__ import annotations

from typing import Callable

import pytest
import yaml

from conftest import REPO, synth_files
from inference_platform.description import load_file
from inference_platform.gate import RULES, check_files

APPS = "default/layers/50-apps"
DECODE = f"{APPS}/llm-decode.yaml"


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return synth_files(load_file(REPO / "examples" / "prefill-decode-nixl.yaml"))


def changed(files: dict[str, str], path: str, change: Callable[[list[dict]], object]) -> dict[str, str]:
    docs = [d for d in yaml.safe_load_all(files[path]) if d]
    change(docs)
    return {**files, path: yaml.safe_dump_all(docs, sort_keys=False)}


def found(files: dict[str, str], rule: str) -> list[tuple[str, str, str]]:
    return [(f.object, f.path, f.message) for f in check_files(files, schema=False) if f.rule == rule]


def doc(docs: list[dict], kind: str) -> dict:
    return next(d for d in docs if d["kind"] == kind)


def pod(docs: list[dict]) -> dict:
    return doc(docs, "Deployment")["spec"]["template"]["spec"]


@pytest.mark.parametrize("rule", RULES)
def test_the_example_passes(files, rule):
    assert found(files, rule) == []


# --------------------------------------------------------------------------- bypass-port-fenced


def test_a_bypass_port_admitted_from_a_whole_namespace_is_refused(files):
    def widen(docs):
        doc(docs, "NetworkPolicy")["spec"]["ingress"][-1]["from"][0].pop("podSelector")
    [(obj, path, message)] = found(changed(files, DECODE, widen), "bypass-port-fenced")
    assert (obj, path) == ("NetworkPolicy llm-pd/llm-decode", "spec.ingress[2]")
    assert message.startswith("admits port(s) 5600, which bypass the sidecar of Deployment llm-pd/llm-decode-v1 "
                              "(no mTLS, no AuthorizationPolicy), from whole namespaces")


def test_a_bypass_port_without_a_network_policy_is_refused(files):
    def drop(docs):
        docs[:] = [d for d in docs if d["kind"] != "NetworkPolicy"]
    [(obj, path, message)] = found(changed(files, DECODE, drop), "bypass-port-fenced")
    assert (obj, path) == ("Deployment llm-pd/llm-decode-v1", "spec.template.metadata.annotations")
    assert message.startswith("ports 5600 bypass the sidecar (no mTLS, no AuthorizationPolicy) and no ingress "
                              "NetworkPolicy selects these pods")


# --------------------------------------------------------------------------- networkpolicy-matches-authorization


def test_an_authorization_policy_admitting_a_bypassed_port_is_refused(files):
    def admit(docs):
        doc(docs, "AuthorizationPolicy")["spec"]["rules"][0]["to"][0]["operation"]["ports"].append("5600")
    [(obj, path, message)] = found(changed(files, DECODE, admit), "networkpolicy-matches-authorization")
    assert (obj, path) == ("AuthorizationPolicy llm-pd/llm-decode", "spec.rules[0]")
    assert message.startswith("admits port 5600, which the selected pods' sidecar does not intercept")


def test_a_port_the_sidecar_still_intercepts_is_not_exempt(files):
    def keep_in_mesh(docs):
        annotations = doc(docs, "Deployment")["spec"]["template"]["metadata"]["annotations"]
        del annotations["traffic.sidecar.istio.io/excludeInboundPorts"]
    [(obj, _, message)] = found(changed(files, DECODE, keep_in_mesh), "networkpolicy-matches-authorization")
    assert obj == "NetworkPolicy llm-pd/llm-decode"
    assert message.startswith("admits 5600, which AuthorizationPolicy llm-pd/llm-decode admits to nobody")


# --------------------------------------------------------------------------- pod rules see the init containers


def test_ephemeral_storage_counts_native_sidecars(files):
    # The volumes may hold 81Gi (cache 80Gi + /tmp 1Gi); the sidecar's 1Gi limit is the pod's too.
    def shrink(docs):
        pod(docs)["containers"][0]["resources"]["limits"]["ephemeral-storage"] = "80Gi"
    assert found(changed(files, DECODE, shrink), "ephemeral-storage-fits") == []

    def shrink_more(docs):
        pod(docs)["containers"][0]["resources"]["limits"]["ephemeral-storage"] = "79Gi"
    [(_, path, message)] = found(changed(files, DECODE, shrink_more), "ephemeral-storage-fits")
    assert path == "spec.template.spec.volumes" and "ephemeral-storage limit is 80Gi" in message


def test_a_cache_variable_of_an_init_container_must_be_writable(files):
    def cache_on_root(docs):
        pod(docs)["initContainers"][0]["env"].append({"name": "HF_HOME", "value": "/root/.cache/huggingface"})
    [(_, path, message)] = found(changed(files, DECODE, cache_on_root), "cache-env-writable")
    assert path == "spec.template.spec.initContainers[0].env"
    assert message.startswith("HF_HOME=/root/.cache/huggingface is not on a writable mount (writable: /tmp)")


def test_credentials_and_images_of_init_containers_are_checked(files):
    def careless(docs):
        sidecar = pod(docs)["initContainers"][0]
        sidecar["image"] = "ghcr.io/llm-d/llm-d-routing-sidecar:latest"
        sidecar["env"].append({"name": "HF_TOKEN", "value": "plain"})
    broken = changed(files, DECODE, careless)
    assert [p for _, p, _ in found(broken, "image-unpinned")] == ["spec.template.spec.initContainers[0].image"]
    assert [p for _, p, _ in found(broken, "env-credential-literal")] == [
        "spec.template.spec.initContainers[0].env[1].value"]


def test_a_podmonitor_may_name_a_sidecars_port(files):
    def scrape_router(docs):
        monitor = doc(docs, "PodMonitor")
        monitor["spec"]["podMetricsEndpoints"][0]["port"] = "http-api"
    assert found(changed(files, DECODE, scrape_router), "podmonitor-selects-pods") == []
