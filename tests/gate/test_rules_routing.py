"""Gateway API and InferencePool rules of the validation gate, on the objects the synth writes for the default
description's dev environment (gateway-api routing, llm-chat on two pools), each broken one way."""
from __future__ import annotations

import copy

import pytest
import yaml

from conftest import DIST
from inference_platform.gate import check_tree

FILES = ("10-istio/istio.yaml", "40-mesh/mesh.yaml", "50-apps/llm-chat.yaml", "50-apps/vision.yaml")


@pytest.fixture(scope="module")
def committed() -> dict[str, list[dict]]:
    return {rel: [d for d in yaml.safe_load_all((DIST / "dev" / "layers" / rel).read_text()) if d] for rel in FILES}


@pytest.fixture
def files(committed) -> dict[str, list[dict]]:
    return copy.deepcopy(committed)


def findings(root, files: dict[str, list[dict]], rule: str) -> list[tuple[str, str, str]]:
    from test_rules import write_tree
    return [(f.object, f.path, f.message) for f in check_tree(write_tree(root, files)) if f.rule == rule]


def doc(files, rel: str, kind: str, name: str) -> dict:
    return next(d for d in files[rel] if d["kind"] == kind and d["metadata"]["name"] == name)


def test_the_generated_routes_and_pools_pass(tmp_path, files):
    from test_rules import write_tree
    assert [f for f in check_tree(write_tree(tmp_path, files)) if f.rule.startswith(("route-", "inferencepool-"))] == []


def test_fails_when_a_route_names_a_listener_the_gateway_lacks(tmp_path, files):
    doc(files, "50-apps/vision.yaml", "HTTPRoute", "vision")["spec"]["parentRefs"][0]["sectionName"] = "https-nope"
    [(obj, path, message)] = findings(tmp_path, files, "route-parent-resolves")
    assert (obj, path) == ("HTTPRoute ai-vision/vision", "spec.parentRefs[0].sectionName")
    assert message.startswith("'https-nope' is not a listener of Gateway istio-ingress/istio-ingressgateway")


def test_fails_when_a_listener_does_not_admit_the_routes_namespace(tmp_path, files):
    gateway = doc(files, "40-mesh/mesh.yaml", "Gateway", "istio-ingressgateway")
    listener = next(ls for ls in gateway["spec"]["listeners"] if ls["name"] == "https-vision.ai.example.com")
    listener["allowedRoutes"]["namespaces"]["selector"]["matchLabels"]["kubernetes.io/metadata.name"] = "ai-llm"
    assert ("HTTPRoute ai-vision/vision", "spec.parentRefs[0]",
            "listener https-vision.ai.example.com of Gateway istio-ingress/istio-ingressgateway does not admit "
            "routes from namespace 'ai-vision' (allowedRoutes)") in findings(tmp_path, files, "route-parent-resolves")


def test_fails_when_a_mesh_route_names_a_port_the_service_lacks(tmp_path, files):
    doc(files, "50-apps/vision.yaml", "HTTPRoute", "vision-mesh")["spec"]["parentRefs"][0]["port"] = 9999
    assert ("HTTPRoute ai-vision/vision-mesh", "spec.parentRefs[0].port",
            "9999 is not a port of Service ai-vision/vision (8000, 8001, 8002)") in \
        findings(tmp_path, files, "route-parent-resolves")


def test_fails_when_a_backend_port_or_its_pods_are_missing(tmp_path, files):
    rules = doc(files, "50-apps/vision.yaml", "HTTPRoute", "vision")["spec"]["rules"]
    rules[0]["backendRefs"][0]["port"] = 9000
    # a route to a version without pods: its Service selects nothing
    doc(files, "50-apps/vision.yaml", "Service", "vision-v1")["spec"]["selector"]["version"] = "v9"
    found = findings(tmp_path, files, "route-backend-resolves")
    assert ("HTTPRoute ai-vision/vision", "spec.rules[0].backendRefs[0].port",
            "9000 is not a port of Service ai-vision/vision-v1 (8000, 8001, 8002); a Service backend needs its "
            "port") in found
    assert ("HTTPRoute ai-vision/vision", "spec.rules[1].backendRefs[0]",
            "Service ai-vision/vision-v1 selects no pods (no workload in the tree matches {'app': 'vision', "
            "'version': 'v9'}): its weight (100) is answered with 503") in found


def test_fails_when_a_backend_pool_is_missing(tmp_path, files):
    files["50-apps/llm-chat.yaml"] = [d for d in files["50-apps/llm-chat.yaml"]
                                      if not (d["kind"] == "InferencePool" and d["metadata"]["name"] == "llm-chat-v2")]
    assert ("HTTPRoute ai-llm/llm-chat", "spec.rules[0].backendRefs[1]",
            "InferencePool ai-llm/llm-chat-v2 does not exist") in findings(tmp_path, files, "route-backend-resolves")


def test_fails_when_two_routes_claim_a_host_and_path(tmp_path, files):
    copy_ = copy.deepcopy(doc(files, "50-apps/vision.yaml", "HTTPRoute", "vision"))
    copy_["metadata"]["name"] = "vision-again"
    files["50-apps/vision.yaml"].append(copy_)
    [(obj, _, message)] = findings(tmp_path, files, "route-unique")
    assert obj == "HTTPRoute ai-vision/vision-again"
    assert message.startswith("HTTPRoute ai-vision/vision already routes vision.ai.example.com")


def test_fails_when_a_listeners_tls_secret_comes_from_nowhere(tmp_path, files):
    files["40-mesh/mesh.yaml"] = [d for d in files["40-mesh/mesh.yaml"] if d["kind"] != "Certificate"]
    found = findings(tmp_path, files, "gateway-listener-tls")
    assert found and found[0][2] == ("Secret istio-ingress/ai-gateway-tls is neither in the tree, issued by a "
                                     "Certificate, nor declared external (inference-platform.io/external-credentials)")


def test_fails_when_a_pool_selects_two_versions_or_another_port(tmp_path, files):
    pool = doc(files, "50-apps/llm-chat.yaml", "InferencePool", "llm-chat-v1")
    del pool["spec"]["selector"]["matchLabels"]["version"]
    pool["spec"]["targetPorts"] = [{"number": 8080}]
    found = findings(tmp_path, files, "inferencepool-selects-version")
    assert ("InferencePool ai-llm/llm-chat-v1", "spec.selector",
            "selects the pods of several versions (v1, v2: Deployment llm-chat-v1, Deployment llm-chat-v2); a pool "
            "is one version's pods, a canary is a route across pools") in found
    assert ("InferencePool ai-llm/llm-chat-v1", "spec.targetPorts[0].number",
            "8080 is not a container port of Deployment ai-llm/llm-chat-v1 (8000)") in found


def test_fails_when_the_picker_lacks_its_rbac_protocol_or_tls_rule(tmp_path, files):
    apps = files["50-apps/llm-chat.yaml"]
    files["50-apps/llm-chat.yaml"] = [d for d in apps if not (d["metadata"]["name"] == "llm-chat-v1-epp" and
                                                               d["kind"] in ("Role", "DestinationRule"))]
    doc(files, "50-apps/llm-chat.yaml", "Service", "llm-chat-v2-epp")["spec"]["ports"][0]["appProtocol"] = "grpc"
    found = {(o, m.split(";")[0].split(":")[0]) for o, _, m in findings(tmp_path, files, "inferencepool-picker")}
    assert found == {
        ("InferencePool ai-llm/llm-chat-v1", "no DestinationRule for llm-chat-v1-epp.ai-llm.svc.cluster.local sets "
                                             "tls.mode SIMPLE"),
        ("InferencePool ai-llm/llm-chat-v1", "the picker Deployment ai-llm/llm-chat-v1-epp runs as ServiceAccount "
                                             "'llm-chat-v1-epp', which no Role grants get, list and watch on core/pods, "
                                             "inference.networking.k8s.io/inferencepools"),
        ("InferencePool ai-llm/llm-chat-v2", "port 9002 of Service ai-llm/llm-chat-v2-epp has appProtocol 'grpc'")}


def test_fails_when_istiod_lacks_the_inference_extension_flag(tmp_path, files):
    del doc(files, "10-istio/istio.yaml", "HelmRelease", "istiod")["spec"]["values"]["env"]
    [(obj, path, message)] = findings(tmp_path, files, "inferencepool-istiod-flag")
    assert (obj, path) == ("InferencePool ai-llm/llm-chat-v1", "spec")
    assert message.startswith("istiod is not configured with ENABLE_GATEWAY_API_INFERENCE_EXTENSION=true "
                              "(HelmRelease flux-system/istiod)")
