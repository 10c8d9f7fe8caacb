"""examples/: each description synthesizes and passes the whole validation gate (schemas, rules, checkov).

The examples are what a platform team copies from; a change that breaks one breaks here. Targeted
assertions on what each example is about sit beside the gate run.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import REPO, docs_of, find, one, require_shared, run_synth
from inference_platform.gate import check_tree
from inference_platform.gate.policy import CHECKOV

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))


def synthesized(tmp_path: Path, name: str) -> tuple[Path, dict[str, str]]:
    dist = tmp_path / "dist"
    description = yaml.safe_load((REPO / "examples" / f"{name}.yaml").read_text())
    assert run_synth(description, dist) == 0
    files = {p.relative_to(dist).as_posix(): p.read_text() for p in dist.rglob("*.yaml")}
    return dist, files


def test_there_are_the_four_documented_examples():
    assert {p.stem for p in EXAMPLES} >= {"vllm-tensor-parallel-lora", "prefill-decode-nixl",
                                          "triton-model-repository", "cpu-embeddings-scale-to-zero"}


@pytest.mark.slow
@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_example_synthesizes_and_passes_the_gate(tmp_path, synth_env, example):
    if not CHECKOV.exists():
        require_shared(f"checkov not installed at {CHECKOV}; run `make setup`")
    dist, _ = synthesized(tmp_path, example)
    report = check_tree(dist, policy=True)
    assert [(f.object, f.path, f.rule, f.message) for f in report] == []


def test_prefill_decode_pair_bypasses_the_sidecar_for_nixl_only(tmp_path, synth_env):
    dist, files = synthesized(tmp_path, "prefill-decode-nixl")
    assert [(f.object, f.rule) for f in check_tree(dist)] == []
    for name, peer in (("llm-prefill", "llm-decode"), ("llm-decode", "llm-prefill")):
        docs = docs_of(files, f"default/layers/50-apps/{name}.yaml")
        pod = one(docs, "Deployment", f"{name}-v1")["spec"]["template"]
        annotations = pod["metadata"]["annotations"]
        assert annotations["traffic.sidecar.istio.io/excludeInboundPorts"] == "5600"
        assert annotations["traffic.sidecar.istio.io/excludeOutboundPorts"] == "5600"
        server = pod["spec"]["containers"][0]
        env = {e["name"]: e for e in server["env"]}
        assert env["VLLM_NIXL_SIDE_CHANNEL_HOST"]["valueFrom"] == {"fieldRef": {"fieldPath": "status.podIP"}}
        # Not in the Service, not admitted by the AuthorizationPolicy: only the NetworkPolicy, from the peer's pods.
        assert 5600 not in [p["port"] for p in one(docs, "Service", name)["spec"]["ports"]]
        admitted = [p for r in one(docs, "AuthorizationPolicy", name)["spec"]["rules"]
                    for t in r["to"] for p in t["operation"]["ports"]]
        assert "5600" not in admitted
        [rule] = [r for r in one(docs, "NetworkPolicy", name)["spec"]["ingress"]
                  if r["ports"] == [{"port": 5600, "protocol": "TCP"}]]
        assert rule["from"] == [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "llm-pd"}},
                                 "podSelector": {"matchLabels": {"app": peer}}}]


def test_decode_routing_sidecar_is_a_native_sidecar_that_takes_the_traffic(tmp_path, synth_env):
    _, files = synthesized(tmp_path, "prefill-decode-nixl")
    docs = docs_of(files, "default/layers/50-apps/llm-decode.yaml")
    spec = one(docs, "Deployment", "llm-decode-v1")["spec"]["template"]["spec"]
    [router] = spec["initContainers"]
    assert router["restartPolicy"] == "Always" and router["ports"][0]["containerPort"] == 8000
    assert router["securityContext"]["readOnlyRootFilesystem"] is True
    assert router["securityContext"]["capabilities"] == {"drop": ["ALL"]}
    [public] = [v for v in find(docs, "VirtualService") if v["spec"]["gateways"] != ["mesh"]]
    assert {d["destination"]["port"]["number"] for r in public["spec"]["http"] for d in r["route"]} == {8000}
    # vLLM's own port: probed, and scraped through the sidecar's metrics merging; callers reach the router.
    assert spec["containers"][0]["readinessProbe"]["httpGet"]["port"] == "http-vllm"
    policy = one(docs, "AuthorizationPolicy", "llm-decode")["spec"]["rules"]
    assert policy[0]["to"][0]["operation"]["ports"] == ["8000"]


def test_lora_adapters_are_fetched_by_an_init_container_into_the_cache(tmp_path, synth_env):
    _, files = synthesized(tmp_path, "vllm-tensor-parallel-lora")
    docs = docs_of(files, "default/layers/50-apps/llama-70b.yaml")
    spec = one(docs, "Deployment", "llama-70b-v1")["spec"]["template"]["spec"]
    [fetch] = spec["initContainers"]
    assert "restartPolicy" not in fetch and fetch["image"] == "vllm/vllm-openai:v0.11.0"
    assert fetch["volumeMounts"] == [{"mountPath": "/tmp", "name": "tmp"}, {"mountPath": "/cache", "name": "cache"}]
    assert {"name": "HF_TOKEN", "valueFrom": {"secretKeyRef": {"key": "token", "name": "hf-token"}}} in fetch["env"]
    assert spec["containers"][0]["resources"]["limits"]["nvidia.com/gpu"] == "4"
