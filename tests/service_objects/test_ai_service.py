"""ai_service: every object of one service (snapshot and names), its Service and its labels."""
from __future__ import annotations

import pytest

from conftest import PRINCIPAL, find
from inference_platform.service_objects.ai_service import ServiceInputs


def test_llm_chat_matches_snapshot(llm, snapshot):
    assert llm == snapshot


def test_embeddings_matches_snapshot(embeddings, snapshot):
    assert embeddings == snapshot


def test_names_come_from_the_service_not_construct_paths(llm):
    names = sorted({(d["kind"], d["metadata"]["name"]) for d in llm})
    assert names == sorted([
        ("AuthorizationPolicy", "llm-chat"), ("DestinationRule", "llm-chat"),
        ("Deployment", "llm-chat-v1"), ("Deployment", "llm-chat-v2"),
        ("NetworkPolicy", "llm-chat"), ("PeerAuthentication", "llm-chat"),
        ("PodDisruptionBudget", "llm-chat-v1"), ("PodDisruptionBudget", "llm-chat-v2"),
        ("PodMonitor", "llm-chat-v1"), ("PodMonitor", "llm-chat-v2"),
        ("ScaledObject", "llm-chat-v1"), ("ScaledObject", "llm-chat-v2"),
        ("Service", "llm-chat"), ("ServiceAccount", "llm-chat"), ("VirtualService", "llm-chat"),
        ("VirtualService", "llm-chat-mesh")])
    assert all(d["metadata"]["namespace"] == "ai-llm" for d in llm)


def test_service_port_is_named_for_istio_protocol_selection(llm):
    (svc,) = find(llm, "Service")
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
    # Callers' and the gateway's namespaces on the API port; the Prometheus' namespace on the metrics port
    # (shared with the API on vLLM) and the merged telemetry port its PodMonitor scrapes; nothing else.
    (policy,) = find(llm, "NetworkPolicy")
    assert policy["spec"]["podSelector"] == {"matchLabels": {"app": "llm-chat"}}
    assert policy["spec"]["policyTypes"] == ["Ingress"]
    api, scrape = policy["spec"]["ingress"]
    assert api == {"from": [
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "istio-ingress"}},
         "podSelector": {"matchLabels": {"istio": "ingressgateway"}}},
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ai-apps"}}}],
        "ports": [{"port": 8000, "protocol": "TCP"}]}
    assert scrape == {"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}],
                      "ports": [{"port": 8000, "protocol": "TCP"}, {"port": 15020, "protocol": "TCP"}]}
