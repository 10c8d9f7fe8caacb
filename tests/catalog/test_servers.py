"""Model servers as first-class citizens: presets, named ports, secrets, placement, caches, egress, environments."""
from __future__ import annotations

import copy

import pytest

from conftest import find, problems_of, synth_files, synth_service
from inference_platform.catalog.servers import PRESETS
from inference_platform.description import parse


@pytest.fixture(scope="module")
def vision(platform) -> list[dict]:
    return synth_service(next(s for s in platform.services if s.name == "vision"))


def test_every_preset_points_home_and_caches_below_the_cache_volume():
    for preset in PRESETS.values():
        env = preset.cache_environment("/cache")
        assert env["HOME"] == "/cache/home" and all(v.startswith("/cache/") for v in env.values()), preset.name
        assert preset.ports[0].name.startswith(preset.ports[0].protocol + "-")
        assert preset.metrics_port in (None, *(p.name for p in preset.ports))


def test_triton_gets_three_named_ports_and_appprotocols(vision):
    (svc,) = find(vision, "Service")
    assert [(p["name"], p["port"], p["appProtocol"], p["targetPort"]) for p in svc["spec"]["ports"]] == [
        ("http-api", 8000, "http", "http-api"), ("grpc-api", 8001, "grpc", "grpc-api"),
        ("http-metrics", 8002, "http", "http-metrics")]


def test_ingress_routes_grpc_by_content_type_and_never_the_metrics_port(vision):
    vs = find(vision, "VirtualService", "vision")[0]["spec"]["http"]
    assert [r["name"] for r in vs] == ["vision-grpc", "vision"]
    assert vs[0]["match"] == [{"headers": {"content-type": {"prefix": "application/grpc"}}}]
    assert {r["route"][0]["destination"]["port"]["number"] for r in vs} == {8000, 8001}
    mesh = find(vision, "VirtualService", "vision-mesh")[0]["spec"]["http"]
    assert [(r["match"], r["route"][0]["destination"]["port"]["number"]) for r in mesh] == [
        ([{"port": 8000}], 8000), ([{"port": 8001}], 8001)]


def test_callers_get_the_api_ports_and_prometheus_only_get_metrics(vision):
    (ap,) = find(vision, "AuthorizationPolicy")
    callers, scrape = ap["spec"]["rules"]
    assert callers["to"] == [{"operation": {"ports": ["8000", "8001"]}}]
    assert "from" not in scrape
    assert scrape["to"] == [{"operation": {"ports": ["8002"], "methods": ["GET"], "paths": ["/metrics"]}}]
    (pa,) = find(vision, "PeerAuthentication")
    assert pa["spec"]["portLevelMtls"] == {"8002": {"mode": "PERMISSIVE"}}


def test_gpu_placement_pvc_cache_and_grpc_probe(vision):
    pod = find(vision, "Deployment")[0]["spec"]["template"]["spec"]
    assert pod["nodeSelector"] == {"node-pool": "gpu-a100"} and pod["runtimeClassName"] == "nvidia"
    assert pod["affinity"]["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"][0]["weight"] == 100
    assert {"key": "node-pool", "operator": "Equal", "value": "gpu-a100", "effect": "NoSchedule"} in pod["tolerations"]
    assert pod["topologySpreadConstraints"][0]["topologyKey"] == "topology.kubernetes.io/zone"
    models = next(v for v in pod["volumes"] if v["name"] == "models")
    assert models["persistentVolumeClaim"] == {"claimName": "triton-models", "readOnly": True}
    container = pod["containers"][0]
    assert {"mountPath": "/models", "name": "models", "readOnly": True} in container["volumeMounts"]
    assert container["livenessProbe"]["grpc"] == {"port": 8001}
    assert container["readinessProbe"]["httpGet"] == {"path": "/v2/health/ready", "port": "http-api"}


def test_hf_token_comes_from_a_secret(platform):
    pod = find(synth_service(platform.services[0]), "Deployment")[0]["spec"]["template"]["spec"]
    env = {e["name"]: e for e in pod["containers"][0]["env"]}
    assert env["HF_TOKEN"] == {"name": "HF_TOKEN", "valueFrom": {"secretKeyRef": {"name": "hf-token", "key": "token"}}}
    assert env["VLLM_CACHE_ROOT"]["value"] == "/cache/vllm"


def test_tei_listens_where_the_service_points(platform):
    pod = find(synth_service(platform.services[1]), "Deployment")[0]["spec"]["template"]["spec"]
    env = {e["name"]: e.get("value") for e in pod["containers"][0]["env"]}
    assert (env["PORT"], env["PROMETHEUS_PORT"], env["HUGGINGFACE_HUB_CACHE"]) == ("8080", "9000", "/cache/hf/hub")


def test_egress_becomes_service_entries_in_the_mesh_layer(platform):
    files = synth_files(platform)
    text = files["prod/layers/40-mesh/egress.yaml"]
    assert "huggingface.co" in text and "resolution: NONE" in text and "'*.hf.co'" in text


def test_credential_literal_is_rejected_with_its_path(description):
    description["services"][0]["env"]["HF_TOKEN"] = "hf_abc"
    description["services"][0]["versions"][0]["env"]["DB_PASSWORD"] = "x"
    assert problems_of(description) == [
        "services[0].env.HF_TOKEN: looks like a credential and is written in plain text; read it from a Secret: "
        "{secret: <name>, key: <key>}",
        "services[0].versions[0].env.DB_PASSWORD: looks like a credential and is written in plain text; read it "
        "from a Secret: {secret: <name>, key: <key>}"]


def test_env_source_needs_exactly_one_object(description):
    description["services"][0]["env"]["HF_TOKEN"] = {"secret": "a", "config_map": "b", "key": "k"}
    assert problems_of(description) == ["services[0].env.HF_TOKEN: give exactly one of secret and config_map"]


def test_registry_only_names_the_missing_download_host(description):
    description["istio"]["egress"] = ["huggingface.co"]
    assert problems_of(description) == [
        "environments.prod.services.llm-chat.egress: llm-chat (vllm) downloads weights from 'cdn-lfs.huggingface.co', "
        "which istio.mesh.outbound_traffic_policy REGISTRY_ONLY blocks; add 'cdn-lfs.huggingface.co' to istio.egress "
        "or to this service's egress (or serve the weights from cache.type: pvc)",
        ] + problems_of_rest(description)


def problems_of_rest(description) -> list[str]:
    out = []
    for svc in ("llm-chat", "embeddings", "reranker"):
        for host in ("cdn-lfs.huggingface.co", "*.hf.co"):
            out.append(f"environments.prod.services.{svc}.egress: {svc} ({'vllm' if svc == 'llm-chat' else 'tei'}) "
                       f"downloads weights from {host!r}, which istio.mesh.outbound_traffic_policy REGISTRY_ONLY "
                       f"blocks; add {host!r} to istio.egress or to this service's egress (or serve the weights "
                       "from cache.type: pvc)")
    return out[1:]


def test_cache_fields_follow_the_type(description):
    description["services"][3]["cache"] = {"type": "pvc", "storage_class": "fast"}
    assert problems_of(description) == [
        "services[3].cache.claim_name: required for type: pvc (the claim holding the weights)",
        "services[3].cache.storage_class: 'fast' is only used by type: ephemeral"]


def test_ephemeral_cache_is_a_generic_ephemeral_volume(platform):
    svc = platform.services[1].model_copy(update={"cache": platform.services[1].cache.model_copy(
        update={"type": "ephemeral", "storage_class": "fast-ssd"})})
    pod = find(synth_service(svc), "Deployment")[0]["spec"]["template"]["spec"]
    cache = next(v for v in pod["volumes"] if v["name"] == "cache")
    assert cache["ephemeral"]["volumeClaimTemplate"]["spec"]["storageClassName"] == "fast-ssd"
    assert pod["containers"][0]["resources"]["limits"]["ephemeral-storage"] == "2Gi"  # 1Gi own + 1Gi /tmp


def test_port_names_carry_their_protocol(description):
    description["services"][1]["ports"] = [{"name": "api", "port": 8080}, {"name": "http-api", "port": 8080}]
    assert problems_of(description) == [
        "services[1].ports[0].name: 'api' does not start with its protocol; Istio picks the protocol from the name: "
        "write 'http-api' (or set protocol)",
        "services[1].ports[1].port: 8080 is already used by ports[0]"]


def test_environment_drops_and_adds_services(description):
    dev = description["environments"]["dev"]["services"]
    dev["vision"] = None
    dev["scratch"] = {"namespace": "ai-llm", "image": "vllm/vllm-openai:v0.11.0", "server": "vllm"}
    dev_platform = parse(description).environment("dev")
    assert [s.name for s in dev_platform.services] == ["llm-chat", "embeddings", "reranker", "scratch"]
    bad = copy.deepcopy(description)
    bad["environments"]["dev"]["services"]["nope"] = None
    bad["environments"]["dev"]["services"]["scratch"]["resources"] = {"gpu": 99}
    assert problems_of(bad) == [
        "environments.dev.services.nope: cannot drop an unknown service; known: llm-chat, embeddings, reranker, vision, "
        "scratch"]
    del bad["environments"]["dev"]["services"]["nope"]
    assert problems_of(bad) == [
        "environments.dev.services.scratch.resources.gpu: 99 is out of range; allowed: between 0 and 16"]
