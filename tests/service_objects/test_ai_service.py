"""ai_service: every object of one service (snapshot and names), its Service and its labels."""
from __future__ import annotations

import pytest
import yaml

from conftest import PRINCIPAL, REPO, find, service_inputs
from inference_platform.service_objects.ai_service import ServiceInputs, ai_service


def test_llm_chat_matches_snapshot(llm, snapshot):
    assert llm == snapshot


def test_embeddings_matches_snapshot(embeddings, snapshot):
    assert embeddings == snapshot


def test_names_come_from_the_service_not_construct_paths(llm):
    names = sorted({(d["kind"], d["metadata"]["name"]) for d in llm})
    picker = [(kind, f"llm-chat-{v}-epp") for v in ("v1", "v2")
              for kind in ("ConfigMap", "Deployment", "DestinationRule", "NetworkPolicy", "Role", "RoleBinding",
                           "Service", "ServiceAccount", "ServiceMonitor")]
    # llm-chat has InferencePools (one per version, each with its endpoint picker): its public route is an
    # HTTPRoute on the Gateway API Gateway beside the classic ingress; in-mesh callers keep the VirtualService.
    assert names == sorted([
        ("AuthorizationPolicy", "llm-chat"), ("DestinationRule", "llm-chat"),
        ("Deployment", "llm-chat-v1"), ("Deployment", "llm-chat-v2"),
        ("HTTPRoute", "llm-chat"), ("InferencePool", "llm-chat-v1"), ("InferencePool", "llm-chat-v2"),
        ("NetworkPolicy", "llm-chat"), ("PeerAuthentication", "llm-chat"),
        ("PodDisruptionBudget", "llm-chat-v1"), ("PodDisruptionBudget", "llm-chat-v2"),
        ("PodMonitor", "llm-chat-v1"), ("PodMonitor", "llm-chat-v2"),
        ("ScaledObject", "llm-chat-v1"), ("ScaledObject", "llm-chat-v2"),
        ("Service", "llm-chat"), ("ServiceAccount", "llm-chat"), ("VirtualService", "llm-chat-mesh"), *picker])
    assert all(d["metadata"]["namespace"] == "ai-llm" for d in llm)


def test_service_port_is_named_for_istio_protocol_selection(llm):
    (svc,) = [s for s in find(llm, "Service") if s["metadata"]["name"] == "llm-chat"]
    assert svc["spec"]["ports"] == [{"appProtocol": "http", "name": "http-api", "port": 8000,
                                     "protocol": "TCP", "targetPort": "http-api"}]
    assert svc["spec"]["selector"] == {"app": "llm-chat"}


def test_every_object_carries_the_platform_labels_once_set_on_the_chart(llm):
    for doc in llm:
        labels = doc["metadata"]["labels"]
        assert labels["app.kubernetes.io/part-of"] == "ai-platform"
        assert labels["app.kubernetes.io/managed-by"] == "cdk8s"
    for deploy in find(llm, "Deployment"):
        assert deploy["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/part-of"] == "ai-platform"


def test_a_service_with_public_hosts_needs_the_gateway(platform):
    with pytest.raises(ValueError, match="Service 'llm-chat': 'gateway' \\(None\\) is required for a service with "
                                         "public hosts \\['chat.ai.example.com'\\]"):
        ServiceInputs(service=platform.services[0], gateway=None, ingress_principal=PRINCIPAL)


def test_the_network_policy_admits_what_the_authorization_policy_admits(llm):
    # Callers' namespaces and the pods of the Gateway API Gateway its HTTPRoute binds to (llm-chat has
    # InferencePools) on the API port; the Prometheus' namespace on the metrics port (shared with the API on
    # vLLM) and the merged telemetry port its PodMonitor scrapes; the endpoint pickers' pods (no sidecar, same
    # namespace) on the metrics port they read the queues from; nothing else.
    (policy,) = [p for p in find(llm, "NetworkPolicy") if p["metadata"]["name"] == "llm-chat"]
    assert policy["spec"]["podSelector"] == {"matchLabels": {"app": "llm-chat"}}
    assert policy["spec"]["policyTypes"] == ["Ingress"]
    api, scrape, pickers = policy["spec"]["ingress"]
    assert api == {"from": [
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "istio-ingress"}},
         "podSelector": {"matchLabels": {"gateway.networking.k8s.io/gateway-name": "istio-ingressgateway-inference"}}},
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ai-apps"}}}],
        "ports": [{"port": 8000, "protocol": "TCP"}]}
    assert scrape == {"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}],
                      "ports": [{"port": 8000, "protocol": "TCP"}, {"port": 15020, "protocol": "TCP"}]}
    assert pickers == {"from": [{"podSelector": {"matchLabels": {"app": "llm-chat-v1-epp"}}},
                                {"podSelector": {"matchLabels": {"app": "llm-chat-v2-epp"}}}],
                       "ports": [{"port": 8000, "protocol": "TCP"}]}


def test_the_test_inputs_are_the_synths(platform):
    # service_inputs (conftest) stands for the synth's apps layer: for every service of every environment, its
    # objects are those of the committed dist/ (both routing modes: dev runs on the Gateway API).
    for env_name in ("dev", "prod"):
        env = platform.environment(env_name)
        for svc in env.services:
            path = REPO / "dist" / env_name / "layers" / "50-apps" / f"{svc.name}.yaml"
            written = sorted((d for d in yaml.safe_load_all(path.read_text()) if d), key=_key)
            built = sorted(ai_service(service_inputs(svc, env.istio)), key=_key)
            assert [_key(d) for d in built] == [_key(d) for d in written], path
            assert built == written, path


def _key(doc: dict) -> tuple[str, str]:
    return doc["kind"], doc["metadata"]["name"]
