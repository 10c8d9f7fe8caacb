"""Gateway API routing and InferencePools as the synth writes them for the default description:
dev runs istio.routing gateway-api, prod the VirtualService path with llm-chat's pools on a Gateway API
Gateway beside the classic ingress."""
from __future__ import annotations

import pytest
import yaml

from conftest import docs_of, find, one
from inference_platform.catalog import picker


@pytest.fixture(scope="module")
def files(default_files) -> dict[str, str]:
    return default_files


def test_gateway_api_mode_routes_each_service_by_weight_across_a_service_per_version(files):
    docs = docs_of(files, "dev/layers/50-apps/reranker.yaml")
    assert not find(docs, "VirtualService")
    route = one(docs, "HTTPRoute", "reranker")
    assert route["spec"]["hostnames"] == ["rerank.dev.ai.example.com"]
    assert route["spec"]["parentRefs"] == [{"group": "gateway.networking.k8s.io", "kind": "Gateway",
                                            "name": "istio-ingressgateway", "namespace": "istio-ingress",
                                            "sectionName": "https-rerank.dev.ai.example.com"}]
    [rule] = route["spec"]["rules"]
    assert rule["backendRefs"] == [{"kind": "Service", "name": "reranker-v1", "port": 8080, "weight": 100}]
    assert rule["timeouts"] == {"backendRequest": "15s", "request": "300s"}
    assert one(docs, "Service", "reranker-v1")["spec"]["selector"] == {"app": "reranker", "version": "v1"}
    policy = one(docs, "DestinationRule", "reranker-v1")["spec"]
    assert policy["host"] == "reranker-v1.ai-retrieval.svc.cluster.local"
    assert policy["trafficPolicy"]["loadBalancer"] == {"simple": "LEAST_REQUEST"}


def test_in_mesh_callers_get_gamma_routes_per_port_with_the_same_split(files):
    docs = docs_of(files, "dev/layers/50-apps/vision.yaml")
    http, grpc = one(docs, "HTTPRoute", "vision-mesh"), one(docs, "GRPCRoute", "vision-mesh-grpc-api")
    assert http["spec"]["parentRefs"] == [{"group": "", "kind": "Service", "name": "vision", "port": 8000}]
    assert grpc["spec"]["parentRefs"] == [{"group": "", "kind": "Service", "name": "vision", "port": 8001}]
    assert grpc["spec"]["rules"][0]["backendRefs"] == [{"kind": "Service", "name": "vision-v1", "port": 8001,
                                                        "weight": 100}]
    # at the ingress one HTTPRoute carries gRPC by content-type (a GRPCRoute would conflict on the hostname)
    first = one(docs, "HTTPRoute", "vision")["spec"]["rules"][0]
    assert first["matches"] == [{"headers": [{"name": "content-type", "type": "RegularExpression",
                                              "value": "application/grpc.*"}]}]


def test_gateway_api_gateway_is_sized_like_the_chart_and_admits_each_host_from_its_namespace(files):
    mesh = docs_of(files, "dev/layers/40-mesh/mesh.yaml")
    gateway = one(mesh, "Gateway", "istio-ingressgateway")
    assert gateway["apiVersion"] == "gateway.networking.k8s.io/v1"
    assert gateway["spec"]["gatewayClassName"] == "istio"
    listener = next(ls for ls in gateway["spec"]["listeners"] if ls["name"] == "https-chat.dev.ai.example.com")
    assert listener["allowedRoutes"]["namespaces"] == {
        "from": "Selector", "selector": {"matchLabels": {"kubernetes.io/metadata.name": "ai-llm"}}}
    assert listener["tls"]["certificateRefs"] == [{"group": "", "kind": "Secret", "name": "ai-gateway-tls"}]
    options = one(mesh, "ConfigMap", gateway["spec"]["infrastructure"]["parametersRef"]["name"])
    hpa = yaml.safe_load(options["data"]["horizontalPodAutoscaler"])
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (1, 2)
    assert yaml.safe_load(options["data"]["podDisruptionBudget"])["spec"]["maxUnavailable"] == 1
    assert one(mesh, "HTTPRoute", "istio-ingressgateway-https-redirect")["spec"]["rules"][0]["filters"][0][
        "requestRedirect"] == {"scheme": "https", "statusCode": 301}
    # no gateway chart in this mode; the mesh retries as the description's defaults
    istio = docs_of(files, "dev/layers/10-istio/istio.yaml")
    assert [d["metadata"]["name"] for d in find(istio, "HelmRelease")] == ["istio-base", "istiod"]
    istiod = one(istio, "HelmRelease", "istiod")["spec"]["values"]
    assert istiod["meshConfig"]["defaultHttpRetryPolicy"] == {
        "attempts": 2, "retryOn": "connect-failure,refused-stream,reset-before-request"}


def test_authorization_admits_the_gateway_api_gateways_identity(files):
    policy = one(docs_of(files, "dev/layers/50-apps/embeddings.yaml"), "AuthorizationPolicy", "embeddings")
    assert "cluster.local/ns/istio-ingress/sa/istio-ingressgateway-istio" in \
        policy["spec"]["rules"][0]["from"][0]["source"]["principals"]


def test_llm_chat_canary_runs_across_two_pools_each_with_its_picker(files):
    docs = docs_of(files, "prod/layers/50-apps/llm-chat.yaml")
    route = one(docs, "HTTPRoute", "llm-chat")
    assert route["spec"]["parentRefs"][0]["name"] == "istio-ingressgateway-inference"
    assert route["spec"]["rules"][0]["backendRefs"] == [
        {"group": "inference.networking.k8s.io", "kind": "InferencePool", "name": "llm-chat-v1", "weight": 90},
        {"group": "inference.networking.k8s.io", "kind": "InferencePool", "name": "llm-chat-v2", "weight": 10}]
    pool = one(docs, "InferencePool", "llm-chat-v1")["spec"]
    assert pool["selector"] == {"matchLabels": {"app": "llm-chat", "version": "v1"}}
    assert pool["targetPorts"] == [{"number": 8000}]
    assert pool["endpointPickerRef"] == {"group": "", "kind": "Service", "name": "llm-chat-v1-epp",
                                         "port": {"number": 9002}, "failureMode": "FailOpen"}
    service = one(docs, "Service", "llm-chat-v1-epp")["spec"]["ports"]
    assert [(p["port"], p["appProtocol"]) for p in service] == [(9002, "http2"), (9003, "grpc"), (9090, "http")]
    role = one(docs, "Role", "llm-chat-v1-epp")
    assert role["rules"] == [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]},
                             {"apiGroups": ["inference.networking.k8s.io"], "resources": ["inferencepools"],
                              "verbs": ["get", "list", "watch"]}]
    tls = one(docs, "DestinationRule", "llm-chat-v1-epp")["spec"]
    assert tls == {"host": "llm-chat-v1-epp.ai-llm.svc.cluster.local",
                   "trafficPolicy": {"tls": {"insecureSkipVerify": True, "mode": "SIMPLE"}}}
    pod = one(docs, "Deployment", "llm-chat-v1-epp")["spec"]["template"]
    assert pod["metadata"]["annotations"] == {"sidecar.istio.io/inject": "false"}
    assert pod["spec"]["containers"][0]["image"] == picker.IMAGE
    # the engine label on the model pods, and the picker's engine entry, from the vLLM preset's metrics
    model = one(docs, "Deployment", "llm-chat-v1")["spec"]["template"]["metadata"]["labels"]
    assert model[picker.ENGINE_LABEL] == "vllm"
    config = yaml.safe_load(one(docs, "ConfigMap", "llm-chat-v1-epp")["data"][picker.CONFIG_FILE])
    extractor = next(p for p in config["plugins"] if p["type"] == "core-metrics-extractor")["parameters"]
    assert extractor["engineConfigs"] == [{"name": "vllm", "queuedRequestsSpec": "vllm:num_requests_waiting",
                                           "runningRequestsSpec": "vllm:num_requests_running",
                                           "kvUsageSpec": "vllm:kv_cache_usage_perc"}]
    # in-mesh callers keep the VirtualService path on the classic platform; no public VirtualService
    assert [d["metadata"]["name"] for d in find(docs, "VirtualService")] == ["llm-chat-mesh"]


def test_istiod_runs_with_the_inference_extension_in_every_install_mode(files):
    flux = one(docs_of(files, "prod/layers/10-istio/istio.yaml"), "HelmRelease", "istiod")
    assert flux["spec"]["values"]["env"] == {"ENABLE_GATEWAY_API_INFERENCE_EXTENSION": "true"}
    argo = next(d for d in docs_of(files, "prod/argocd/apps/") if d["kind"] == "Application"
                and d["spec"].get("source", {}).get("chart") == "istiod")
    assert argo["spec"]["source"]["helm"]["valuesObject"]["env"] == {"ENABLE_GATEWAY_API_INFERENCE_EXTENSION": "true"}


def test_picker_signal_reads_the_versions_pool(files):
    so = one(docs_of(files, "dev/layers/50-apps/llm-chat.yaml"), "ScaledObject", "llm-chat-v2")
    [trigger] = so["spec"]["triggers"]
    assert trigger["name"] == "picker_queue_depth"
    assert trigger["metadata"]["query"] == (
        'max(inference_pool_average_queue_size{namespace="ai-llm", name="llm-chat-v2"}) * '
        'max(inference_pool_ready_pods{namespace="ai-llm", name="llm-chat-v2"})')


def test_flux_checks_gateway_api_health_by_status_parents(files):
    sync = docs_of(files, "dev/flux/sync.yaml")
    apps = one(sync, "Kustomization", "ai-platform-apps")
    kinds = {(c["apiVersion"], c["kind"]) for c in apps["spec"]["healthCheckExprs"]}
    assert ("inference.networking.k8s.io/v1", "InferencePool") in kinds
    assert all("status.?parents" in c["current"] for c in apps["spec"]["healthCheckExprs"] if c["kind"] != "Gateway")
    assert "healthCheckExprs" not in one(sync, "Kustomization", "ai-platform-keda")["spec"]
