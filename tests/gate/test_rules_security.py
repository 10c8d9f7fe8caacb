"""Gate rules that keep a later change from opening the mesh (issue 24): injection as configured,
open AuthorizationPolicy rules no broader than one metrics path, NetworkPolicies that agree with
the AuthorizationPolicies, Gateway ports the gateway Service exposes, PromQL that KEDA can use.

Each case changes one object of the synthesized default platform (prod) and expects the rule's
finding; the unchanged tree passes.
"""
from __future__ import annotations

from typing import Callable

import pytest
import yaml

from inference_platform.gate import check_files

from conftest import without_gateway_api_crds

ENV = "prod"
APPS = f"{ENV}/layers/50-apps"
NAMESPACES = f"{ENV}/layers/00-namespaces/namespaces.yaml"


@pytest.fixture(scope="module")
def files(default_files) -> dict[str, str]:
    return without_gateway_api_crds(default_files, ENV)


def changed(files: dict[str, str], path: str, change: Callable[[list[dict]], object]) -> dict[str, str]:
    docs = [d for d in yaml.safe_load_all(files[path]) if d]
    change(docs)
    return {**files, path: yaml.safe_dump_all(docs, sort_keys=False)}


def found(files: dict[str, str], rule: str) -> list[tuple[str, str, str]]:
    return [(f.object, f.path, f.message) for f in check_files(files, schema=False) if f.rule == rule]


def doc(docs: list[dict], kind: str, name: str | None = None) -> dict:
    return next(d for d in docs if d["kind"] == kind and (name is None or d["metadata"]["name"] == name))


RULES = ("namespace-injection", "authorization-open-rule", "scaledobject-query-valid", "gateway-port-exposed",
         "topology-spread-unique", "networkpolicy-matches-authorization")


@pytest.fixture(scope="module")
def whole(default_files) -> list[tuple[str, str, str, str]]:
    """What the gate finds in the whole prod tree (the Gateway API CRDs included)."""
    return [(f.rule, f.object, f.path, f.message)
            for f in check_files({k: v for k, v in default_files.items() if k.startswith(f"{ENV}/")}, schema=False)]


@pytest.mark.parametrize("rule", RULES)
def test_the_default_platform_passes(whole, rule):
    assert [f for f in whole if f[0] == rule] == []


# --------------------------------------------------------------------------- namespace-injection


@pytest.mark.parametrize("labels, problem", [
    ({"istio-injection": "disabled"}, "istio-injection=disabled turns injection off"),
    ({"istio-injection": "enabled", "istio.io/rev": "canary"}, "both istio-injection and istio.io/rev=canary"),
    ({"istio.io/rev": "canary"}, "labelled for no revision this tree installs (expected istio-injection=enabled)"),
    ({}, "labelled for no revision this tree installs"),
])
def test_a_model_server_namespace_without_the_configured_injection_is_refused(files, labels, problem):
    def relabel(docs):
        ns = doc(docs, "Namespace", "ai-llm")
        ns["metadata"]["labels"] = {k: v for k, v in ns["metadata"]["labels"].items()
                                    if k not in ("istio-injection", "istio.io/rev")} | labels
    [(obj, path, message)] = found(changed(files, NAMESPACES, relabel), "namespace-injection")
    assert (obj, path) == ("Namespace ai-llm", "metadata.labels")
    assert message.startswith("namespace 'ai-llm' runs model servers (llm-chat-v1 and 1 more) but is not injected")
    assert problem in message


def test_a_pod_opting_out_of_the_sidecar_is_refused(files):
    def opt_out(docs):
        doc(docs, "Deployment")["spec"]["template"]["metadata"]["labels"]["sidecar.istio.io/inject"] = "false"
    [(obj, path, message)] = found(changed(files, f"{APPS}/vision.yaml", opt_out), "namespace-injection")
    assert (obj, path) == ("Deployment ai-vision/vision-v1", "spec.template.metadata.labels.sidecar.istio.io/inject")
    assert "no mTLS, no AuthorizationPolicy" in message


@pytest.mark.parametrize("field, key, value, why", [
    ("annotations", "sidecar.istio.io/inject", "false", "keeps the sidecar out of"),
    ("labels", "istio.io/rev", "canary", "asks for a revision no istiod of this tree serves"),
    ("annotations", "traffic.sidecar.istio.io/includeInboundPorts", "8001", "lets callers of every other port past"),
    ("annotations", "sidecar.istio.io/interceptionMode", "NONE", "lets callers past the sidecar"),
])
def test_a_pod_bypassing_the_sidecar_by_another_key_is_refused(files, field, key, value, why):
    # Issue 24 round 2: the older annotation, a pod revision, and the capture annotations open the pods as well.
    def bypass(docs):
        doc(docs, "Deployment")["spec"]["template"]["metadata"].setdefault(field, {})[key] = value
    [(obj, path, message)] = found(changed(files, f"{APPS}/vision.yaml", bypass), "namespace-injection")
    assert (obj, path) == ("Deployment ai-vision/vision-v1", f"spec.template.metadata.{field}.{key}")
    assert why in message and "no mTLS, no AuthorizationPolicy" in message


def test_an_excluded_inbound_port_is_left_to_the_bypass_fence(files):
    # Excluding a port from capture is how a bypass port (ports[].mesh: bypass) is written: namespace-injection
    # leaves it to bypass-port-fenced, which refuses it here (vision's NetworkPolicy admits whole namespaces).
    def exclude(docs):
        doc(docs, "Deployment")["spec"]["template"]["metadata"].setdefault("annotations", {})[
            "traffic.sidecar.istio.io/excludeInboundPorts"] = "8000"
    tree = changed(files, f"{APPS}/vision.yaml", exclude)
    assert found(tree, "namespace-injection") == []
    assert [obj for obj, _, _ in found(tree, "bypass-port-fenced")] == ["NetworkPolicy ai-vision/vision"]


@pytest.mark.parametrize("field, key, value", [
    ("labels", "istio.io/rev", "default"), ("annotations", "traffic.sidecar.istio.io/includeInboundPorts", "*"),
    ("annotations", "traffic.sidecar.istio.io/excludeInboundPorts", ""), ("labels", "sidecar.istio.io/inject", "true"),
])
def test_pod_keys_that_keep_the_sidecar_pass(files, field, key, value):
    def keep(docs):
        doc(docs, "Deployment")["spec"]["template"]["metadata"].setdefault(field, {})[key] = value
    assert found(changed(files, f"{APPS}/vision.yaml", keep), "namespace-injection") == []


# --------------------------------------------------------------------------- authorization-open-rule


def _open_rule(docs: list[dict]) -> dict:
    return doc(docs, "AuthorizationPolicy")["spec"]["rules"][1]


@pytest.mark.parametrize("operation, problem", [
    ({"paths": ["/*"]}, "it admits '/*', not one exact path"),
    ({"paths": ["/metrics*"]}, "not one exact path"),
    ({"paths": ["/{**}"]}, "not one exact path"),
    ({"paths": ["/metrics", "/v1/models"]}, "not one exact path"),
    ({"paths": None}, "it admits every path, not one exact path"),
    ({"methods": ["GET", "POST"]}, "it admits methods GET, POST"),
    ({"ports": ["8000", "9000"]}, "it admits ports 8000, 9000"),
    ({"paths": ["/v1/models"]}, "GET /v1/models on port 8000 is not where the selected pods serve metrics"),
    ({"notPaths": ["/metrics"]}, "admits by exclusion"),
])
def test_an_open_rule_broader_than_the_metrics_path_is_refused(files, operation, problem):
    def widen(docs):
        op = _open_rule(docs)["to"][0]["operation"]
        op.update({k: v for k, v in operation.items() if v is not None})
        for k in [k for k, v in operation.items() if v is None]:
            del op[k]
    [(obj, path, message)] = found(changed(files, f"{APPS}/llm-chat.yaml", widen), "authorization-open-rule")
    assert (obj, path) == ("AuthorizationPolicy ai-llm/llm-chat", "spec.rules[1]")
    assert message.startswith("this rule names no principal") and problem in message


@pytest.mark.parametrize("source", [None, {"ipBlocks": ["10.0.0.0/8"]}, {"principals": ["*"]},
                                    {"notPrincipals": ["cluster.local/ns/x/sa/y"]}])
def test_an_identity_free_api_rule_is_refused(files, source):
    def open_api(docs):
        api = doc(docs, "AuthorizationPolicy")["spec"]["rules"][0]
        if source is None:
            del api["from"]
        else:
            api["from"] = [{"source": source}]
    [(_, path, message)] = found(changed(files, f"{APPS}/embeddings.yaml", open_api), "authorization-open-rule")
    assert path == "spec.rules[0]" and "it admits ports 8080, not one exact path" not in message
    assert "not one exact path" in message


# --------------------------------------------------------------------------- scaledobject-query-valid


@pytest.mark.parametrize("query, metric_type, problem", [
    ("sum(rate(x[1m])", None, "is not valid PromQL: unclosed left parenthesis (at character 4"),
    ("sum by (pod) (rerank_queue_depth)", None, "may return more than one series"),
    ("sum by (pod) (rerank_queue_depth)", "AverageValue", "may return more than one series"),
    ("", None, "a prometheus trigger needs a query"),
])
def test_a_trigger_query_keda_cannot_use_is_refused(files, query, metric_type, problem):
    def rewrite(docs):
        trigger = doc(docs, "ScaledObject")["spec"]["triggers"][0]
        trigger["metadata"]["query"] = query
        if metric_type:
            trigger["metricType"] = metric_type
    [(obj, path, message)] = found(changed(files, f"{APPS}/reranker.yaml", rewrite), "scaledobject-query-valid")
    assert (obj, path) == ("ScaledObject ai-retrieval/reranker-v1", "spec.triggers[0].metadata.query")
    assert problem in message


def test_a_value_trigger_needs_one_series_too(files):
    # KEDA's Prometheus scaler refuses a result of several series whatever the metricType.
    def value(docs):
        trigger = doc(docs, "ScaledObject")["spec"]["triggers"][0]
        trigger.update(metricType="Value")
        trigger["metadata"]["query"] = "sum by (pod) (rerank_queue_depth)"
    [(_, _, message)] = found(changed(files, f"{APPS}/reranker.yaml", value), "scaledobject-query-valid")
    assert "may return more than one series" in message


# --------------------------------------------------------------------------- gateway-port-exposed


def test_a_gateway_server_port_the_gateway_service_lacks_is_refused(files):
    def drop_https(docs):
        release = next(d for d in docs if d["kind"] == "HelmRelease" and d["spec"]["chart"]["spec"]["chart"] == "gateway")
        release["spec"]["values"]["service"]["ports"] = [
            p for p in release["spec"]["values"]["service"]["ports"] if p["port"] != 443]
    [(obj, path, message)] = found(changed(files, f"{ENV}/layers/10-istio/istio.yaml", drop_https),
                                   "gateway-port-exposed")
    assert (obj, path) == ("Gateway istio-ingress/ai-platform-gateway", "spec.servers[1].port.number")
    assert message == ("port 443 is not a port of the gateway Service istio-ingress/istio-ingressgateway (ports: 15021, "
                       "80); this server's listener cannot be reached; the HTTP server redirects every request "
                       "to it")


def test_the_gateway_port_rule_reads_argo_cd_releases_too(files):
    def drop_https(docs):
        app = next(d for d in docs if d["kind"] == "Application" and d["spec"].get("source", {}).get("chart") == "gateway")
        ports = app["spec"]["source"]["helm"]["valuesObject"]["service"]["ports"]
        app["spec"]["source"]["helm"]["valuesObject"]["service"]["ports"] = [p for p in ports if p["port"] != 443]
    without_flux = {k: v for k, v in files.items() if "/10-istio/" not in k and "/flux/" not in k}
    [(_, path, _)] = found(changed(without_flux, f"{ENV}/argocd/apps/applications.yaml", drop_https),
                           "gateway-port-exposed")
    assert path == "spec.servers[1].port.number"


# --------------------------------------------------------------------------- topology-spread-unique


def test_a_duplicate_topology_spread_is_refused(files):
    def duplicate(docs):
        spec = doc(docs, "Deployment")["spec"]["template"]["spec"]
        spec["topologySpreadConstraints"].append(dict(spec["topologySpreadConstraints"][0], maxSkew=2))
    [(obj, path, message)] = found(changed(files, f"{APPS}/vision.yaml", duplicate), "topology-spread-unique")
    assert (obj, path) == ("Deployment ai-vision/vision-v1", "spec.template.spec.topologySpreadConstraints[1]")
    assert message.endswith("the API server refuses the pod template (Duplicate value)")


# --------------------------------------------------------------------------- networkpolicy-matches-authorization


def test_a_model_server_without_a_network_policy_is_refused(files):
    def drop(docs):
        docs[:] = [d for d in docs if d["kind"] != "NetworkPolicy"]
    found_ = found(changed(files, f"{APPS}/embeddings.yaml", drop), "networkpolicy-matches-authorization")
    assert [(obj, path) for obj, path, _ in found_] == [
        ("Deployment ai-retrieval/embeddings-v1", "spec.template.metadata.labels")]
    assert "no NetworkPolicy selects this model server's pods" in found_[0][2]


@pytest.mark.parametrize("change, where, problem", [
    (lambda np, ap: np["spec"]["ingress"][0]["from"].pop(1), "AuthorizationPolicy ai-retrieval/embeddings",
     "admits namespace 'ai-apps' on port 8080, but no NetworkPolicy selecting these pods does"),
    (lambda np, ap: np["spec"]["ingress"][0]["from"].append(
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "other"}}}),
     "NetworkPolicy ai-retrieval/embeddings", "admits other on port 8080, which AuthorizationPolicy"),
    (lambda np, ap: np["spec"]["ingress"][0]["ports"].append({"port": 9999, "protocol": "TCP"}),
     "NetworkPolicy ai-retrieval/embeddings", "admits 9999, which AuthorizationPolicy ai-retrieval/embeddings admits "
                                              "to nobody"),
    (lambda np, ap: np["spec"]["ingress"][1].update(ports=[{"port": 15020, "protocol": "TCP"}]),
     "AuthorizationPolicy ai-retrieval/embeddings", "admits port 9000 from any source, but no NetworkPolicy"),
    (lambda np, ap: np["spec"]["ingress"][0].pop("ports"),
     "NetworkPolicy ai-retrieval/embeddings", "admits every port, which AuthorizationPolicy"),
    (lambda np, ap: ap["spec"]["rules"][0]["from"][0]["source"]["principals"].append(
        "cluster.local/ns/intruders/sa/x"),
     "AuthorizationPolicy ai-retrieval/embeddings", "admits namespace 'intruders' on port 8080"),
])
def test_a_network_policy_that_disagrees_with_the_authorization_policy_is_refused(files, change, where, problem):
    def apply(docs):
        change(doc(docs, "NetworkPolicy"), doc(docs, "AuthorizationPolicy"))
    messages = [(obj, message) for obj, _, message in
                found(changed(files, f"{APPS}/embeddings.yaml", apply), "networkpolicy-matches-authorization")]
    assert any(obj == where and problem in message for obj, message in messages), messages
