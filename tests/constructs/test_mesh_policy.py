"""MeshPolicy: mesh-wide mTLS, the ingress Gateway and where its TLS Secret comes from."""
from __future__ import annotations

import pytest

from constructs.mesh_policy import MeshPolicy
from inference_platform.description import DescriptionError, Istio, Prometheus, parse

from conftest import docs_of, find, synth_construct, synth_files

HOSTS = [("ai-llm", "chat.ai.example.com"), ("ai-retrieval", "embed.ai.example.com")]


def mesh(**gateway) -> list[dict]:
    istio = Istio.model_validate({"gateway": gateway})
    return synth_construct(lambda c: MeshPolicy(c, "Mesh", istio=istio, gateway_name="ai-gateway", hosts=HOSTS))


def test_peer_authentication_is_strict_in_the_root_namespace():
    (pa,) = find(mesh(), "PeerAuthentication")
    assert pa["metadata"]["namespace"] == "istio-system" and pa["spec"]["mtls"]["mode"] == "STRICT"


def test_gateway_admits_each_host_only_from_its_services_namespace():
    (gw,) = find(mesh(), "Gateway")
    assert gw["spec"]["servers"][0]["hosts"] == ["ai-llm/chat.ai.example.com", "ai-retrieval/embed.ai.example.com"]


def test_an_issuer_gets_a_cert_manager_certificate_for_every_host():
    docs = mesh(tls_credential_name="ai-tls", tls_issuer="letsencrypt")
    (cert,) = find(docs, "Certificate")
    assert cert["apiVersion"] == "cert-manager.io/v1"
    assert cert["metadata"]["namespace"] == "istio-ingress"
    assert cert["spec"]["secretName"] == "ai-tls"
    assert cert["spec"]["dnsNames"] == ["chat.ai.example.com", "embed.ai.example.com"]
    assert cert["spec"]["issuerRef"] == {"name": "letsencrypt", "kind": "ClusterIssuer", "group": "cert-manager.io"}
    (gw,) = find(docs, "Gateway")
    assert "annotations" not in gw["metadata"]


def test_a_credential_without_issuer_is_declared_external_on_the_gateway():
    docs = mesh(tls_credential_name="ai-tls")
    assert find(docs, "Certificate") == []
    (gw,) = find(docs, "Gateway")
    assert gw["metadata"]["annotations"] == {"inference-platform.io/external-credentials": "ai-tls"}


def test_an_issuer_without_a_credential_is_rejected():
    with pytest.raises(DescriptionError, match="istio.gateway.tls_issuer: 'letsencrypt' has no Secret to fill"):
        parse({"istio": {"gateway": {"tls_issuer": "letsencrypt"}}})


def test_no_gateway_pod_monitor_unless_asked():
    assert not find(mesh(), "PodMonitor")


def test_gateway_pod_monitor_scrapes_the_gateway_envoy_stats_with_the_prometheus_labels():
    istio = Istio.model_validate({"gateway": {"name": "istio-edge", "namespace": "edge"}})
    docs = synth_construct(lambda c: MeshPolicy(
        c, "Mesh", istio=istio, gateway_name="ai-gateway", hosts=HOSTS, scrape_gateway=True,
        prometheus=Prometheus(monitor_labels={"release": "kube-prometheus-stack"})))
    (pm,) = find(docs, "PodMonitor")
    assert pm["metadata"]["name"] == "istio-edge-envoy" and pm["metadata"]["namespace"] == "edge"
    assert pm["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    # The gateway chart labels its pods istio: <name without istio-> (the Gateway's selector too).
    assert pm["spec"]["selector"] == {"matchLabels": {"istio": "edge"}}
    assert pm["spec"]["podMetricsEndpoints"] == [
        {"interval": "15s", "path": "/stats/prometheus", "port": "http-envoy-prom"}]


def test_the_platform_scrapes_its_gateway_once_per_environment_when_a_service_scales_on_it(description):
    # Two services on gateway_request_rate, one PodMonitor per environment; platform.yaml uses none.
    for svc in description["services"][1:3]:
        svc["autoscaling"]["signals"] = [{"signal": "gateway_request_rate", "target": 40}]
    files = synth_files(parse(description))
    for env in ("dev", "prod"):
        monitors = find(docs_of(files, f"{env}/layers/40-mesh/mesh.yaml"), "PodMonitor")
        assert [(m["metadata"]["namespace"], m["metadata"]["name"]) for m in monitors] == [
            ("istio-ingress", "istio-ingressgateway-envoy")]
