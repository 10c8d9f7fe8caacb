"""service_traffic: DestinationRule subsets and policy, the VirtualService's canary split and retries (llm-chat
without its InferencePools: ``llm_classic``)."""
from __future__ import annotations

from conftest import find, GATEWAY, synth_service


def test_destination_rule_has_a_subset_per_version_and_least_request(llm_classic):
    (dr,) = find(llm_classic, "DestinationRule")
    spec = dr["spec"]
    assert spec["host"] == "llm-chat.ai-llm.svc.cluster.local"
    assert spec["subsets"] == [{"name": "v1", "labels": {"version": "v1"}}, {"name": "v2", "labels": {"version": "v2"}}]
    assert spec["trafficPolicy"]["loadBalancer"] == {"simple": "LEAST_REQUEST"}
    assert spec["trafficPolicy"]["connectionPool"]["http"]["http2MaxRequests"] == 256
    assert spec["trafficPolicy"]["outlierDetection"]["consecutive5xxErrors"] == 5


def test_virtual_service_splits_canary_on_the_gateway_with_safe_retries(llm_classic):
    vs = find(llm_classic, "VirtualService", "llm-chat")[0]
    spec = vs["spec"]
    assert spec["gateways"] == [GATEWAY] and spec["hosts"] == ["chat.ai.example.com"]
    (route,) = spec["http"]
    assert [(r["destination"]["subset"], r["weight"]) for r in route["route"]] == [("v1", 90), ("v2", 10)]
    assert route["timeout"] == "600s"
    assert route["retries"] == {"attempts": 2, "perTryTimeout": "300s",
                                "retryOn": "connect-failure,refused-stream,reset-before-request"}
    assert route["match"] == [{"uri": {"prefix": "/v1/"}}]


def test_destination_rule_keeps_pool_and_outlier_settings_without_public_hosts(platform):
    internal = platform.services[1].model_copy(update={"traffic": None})
    docs = synth_service(internal)
    assert [vs["metadata"]["name"] for vs in find(docs, "VirtualService")] == ["embeddings-mesh"]
    (dr,) = find(docs, "DestinationRule")
    policy = dr["spec"]["trafficPolicy"]
    assert policy["loadBalancer"] == {"simple": "LEAST_REQUEST"}
    assert policy["connectionPool"]["tcp"] == {"maxConnections": 1024}
    assert policy["outlierDetection"]["consecutive5xxErrors"] == 5


def test_in_mesh_callers_get_the_canary_split_timeout_and_retries(llm_classic):
    (mesh,) = [d for d in find(llm_classic, "VirtualService") if d["spec"]["gateways"] == ["mesh"]]
    assert mesh["metadata"]["name"] == "llm-chat-mesh"
    assert mesh["spec"]["hosts"] == ["llm-chat.ai-llm.svc.cluster.local"]
    (route,) = mesh["spec"]["http"]
    assert "match" not in route  # every path of the cluster host; public matches stay at the ingress
    assert [(r["destination"]["subset"], r["weight"]) for r in route["route"]] == [("v1", 90), ("v2", 10)]
    assert route["timeout"] == "600s" and route["retries"]["attempts"] == 2


def test_public_hosts_stay_on_the_ingress_gateway_only(llm_classic):
    (public,) = find(llm_classic, "VirtualService", "llm-chat")
    assert public["spec"]["gateways"] == [GATEWAY]
    assert "mesh" not in public["spec"]["gateways"]
