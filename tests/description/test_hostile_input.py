"""Hostile and careless descriptions, second round (issue 24): each class is refused by `make synth`.

Every case is run twice: through the loader (the exact sentence, the path as the user wrote it) and
through the synth's entry point (exit status 2, the path on stderr, no traceback, dist/ byte for byte
as it was). A case is a change to platform.yaml as data, or to its text (YAML spellings).
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Callable

import pytest
import yaml

import main
from inference_platform.description import DescriptionError, load_yaml, parse

from inference_platform.synth import preflight

from conftest import REPO, tree_hash

HF_TOKEN = "hf_" + "aB3dEfGhIjKlMnOpQrStUvWxYz012345"
GH_TOKEN = "ghp_" + "a1B2c3D4" * 4 + "e5F6"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl"


def edit(change: Callable[[dict], object]) -> Callable[[dict], dict]:
    def apply(data: dict) -> dict:
        data = copy.deepcopy(data)
        change(data)
        return data
    return apply


def svc(data: dict, name: str) -> dict:
    return next(s for s in data["services"] if s["name"] == name)


#: (id, change to the description as data, the problem's path as written, a part of its sentence)
CASES: list[tuple[str, Callable[[dict], dict], str, str]] = [
    # 1. credentials: userinfo in every URL field, token shapes in every string, credential names
    ("prometheus-url-userinfo", edit(lambda d: d["observability"]["prometheus"].update(
        url="http://admin:hunter2@prometheus-operated.monitoring.svc:9090")),
     "observability.prometheus.url", "holds a URL with a user name and password before '@'"),
    ("prometheus-url-token-user", edit(lambda d: d["observability"]["prometheus"].update(
        url="https://s3cr3t@prom.example.com/api")),
     "observability.prometheus.url", "TriggerAuthentication"),
    ("git-url-token", edit(lambda d: d["gitops"].update(
        repository_url=f"https://x-access-token:{GH_TOKEN}@github.com/example/ai-platform.git")),
     "gitops.repository_url", "secretRef"),
    ("git-url-password", edit(lambda d: d["gitops"].update(
        repository_url="https://bot:pa55word@git.example.com/example/ai-platform.git")),
     "gitops.repository_url", "holds a URL with a user name and password"),
    ("chart-repository-userinfo", edit(lambda d: d["istio"].update(
        chart_repository="https://user:pw@charts.example.com/istio")),
     "istio.chart_repository", "HelmRepository's spec.secretRef"),
    ("hf-token-in-args", edit(lambda d: svc(d, "llm-chat")["args"].extend(["--hf-token", HF_TOKEN])),
     "services[0].args[9]", "holds a Hugging Face token (hf_...)"),
    ("jwt-in-header-match", edit(lambda d: svc(d, "reranker")["traffic"]["matches"][1]["headers"].update(
        {"authorization": f"Bearer {JWT}"})),
     "services[2].traffic.matches[1].headers.authorization", "holds a JSON Web Token"),
    ("openai-key-in-version-env", edit(lambda d: svc(d, "llm-chat")["versions"][0]["env"].update(
        UPSTREAM="sk-proj-" + "Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8")),
     "services[0].versions[0].env.UPSTREAM", "holds an API key (sk-...)"),
    ("aws-key-id", edit(lambda d: svc(d, "vision")["env"].__setitem__("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
                        if "env" in svc(d, "vision") else svc(d, "vision").update(
                            env={"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE"})),
     "services[3].env.AWS_ACCESS_KEY_ID", "holds an AWS access key id"),
    ("private-key-in-env", edit(lambda d: svc(d, "llm-chat")["env"].update(
        TLS="-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----")),
     "services[0].env.TLS", "holds a private key"),
    ("token-in-label", edit(lambda d: d["namespaces"][0].update(labels={"owner": "ghs_" + "Zz9" * 12})),
     "namespaces[0].labels.owner", "holds a GitHub token"),
    ("client-secret-name", edit(lambda d: svc(d, "llm-chat")["env"].update(AZURE_CLIENT_SECRET="3xampleValue")),
     "services[0].env.AZURE_CLIENT_SECRET", "looks like a credential and is written in plain text"),
    ("credentials-name", edit(lambda d: svc(d, "llm-chat")["env"].update(GCP_CREDENTIALS='{"type": "x"}')),
     "services[0].env.GCP_CREDENTIALS", "looks like a credential"),
    ("api-key-name", edit(lambda d: svc(d, "llm-chat")["env"].update(OPENAI_API_KEY="not-a-real-shape")),
     "services[0].env.OPENAI_API_KEY", "looks like a credential"),
    ("token-in-prod-override", edit(lambda d: d["environments"]["prod"]["services"]["llm-chat"].update(
        args=["--model", "$(MODEL_ID)", f"--api-key={HF_TOKEN}"])),
     "environments.prod.services.llm-chat.args[2]", "holds a Hugging Face token"),
]

CASES += [
    # 3. labels the platform owns: injection, revision, dataplane mode, tracking and the names it derives
    ("injection-disabled-label", edit(lambda d: d["namespaces"][0].update(labels={"istio-injection": "disabled"})),
     "namespaces[0].labels.istio-injection", "is set by Istio's sidecar injection"),
    ("revision-label", edit(lambda d: d["namespaces"][1].update(labels={"istio.io/rev": "canary"})),
     "namespaces[1].labels.istio.io/rev", "is set by Istio"),
    ("dataplane-mode-label", edit(lambda d: d["namespaces"][2].update(labels={"istio.io/dataplane-mode": "ambient"})),
     "namespaces[2].labels.istio.io/dataplane-mode", "cannot set or override it"),
    ("waypoint-label", edit(lambda d: d["namespaces"][2].update(labels={"istio.io/use-waypoint": "none"})),
     "namespaces[2].labels.istio.io/use-waypoint", "is set by Istio"),
    ("sidecar-inject-label", edit(lambda d: d["namespaces"][0].update(labels={"sidecar.istio.io/inject": "false"})),
     "namespaces[0].labels.sidecar.istio.io/inject", "is set by Istio"),
    ("part-of-label", edit(lambda d: d["namespaces"][0].update(labels={"app.kubernetes.io/part-of": "other"})),
     "namespaces[0].labels.app.kubernetes.io/part-of", "is set by the platform"),
    ("flux-tracking-label", edit(lambda d: d["namespaces"][0].update(
        labels={"kustomize.toolkit.fluxcd.io/name": "x"})),
     "namespaces[0].labels.kustomize.toolkit.fluxcd.io/name", "is set by Flux"),
    ("injection-label-in-prod", edit(lambda d: d["environments"]["prod"].update(
        namespaces=[{"name": "ai-llm", "labels": {"istio-injection": "disabled"}}, {"name": "ai-retrieval"},
                    {"name": "ai-vision"}])),
     "environments.prod.namespaces[0].labels.istio-injection", "cannot set or override it"),
    ("monitor-label-app", edit(lambda d: d["observability"]["prometheus"].update(monitor_labels={"app": "x"})),
     "observability.prometheus.monitor_labels.app", "is set by the platform"),
    # 4. the platform's own namespaces are not app namespaces, and each component has its own
    ("keda-namespace-is-an-app-namespace", edit(lambda d: d.update(keda={"namespace": "ai-llm"})),
     "namespaces[0].name", "'ai-llm' is reserved for KEDA"),
    ("keda-in-istio-system", edit(lambda d: d.update(keda={"namespace": "istio-system"})),
     "keda.namespace", "is already Istio's namespace (istio.root_namespace)"),
    ("keda-in-flux-system", edit(lambda d: d.update(keda={"namespace": "flux-system"})),
     "keda.namespace", "is already Flux's namespace"),
    ("gateway-in-an-app-namespace", edit(lambda d: d["istio"]["gateway"].update(namespace="ai-vision")),
     "namespaces[2].name", "is reserved for the ingress gateway"),
    ("keda-in-kube-system", edit(lambda d: d.update(keda={"namespace": "kube-system"})),
     "keda.namespace", "is reserved for Kubernetes"),
    ("default-namespace", edit(lambda d: d["namespaces"].append({"name": "default"})),
     "namespaces[3].name", "'default' is reserved for Kubernetes"),
    # 9. an environment's override cannot rename
    ("rename-in-override", edit(lambda d: d["environments"]["prod"]["services"]["llm-chat"].update(name="chat")),
     "environments.prod.services.llm-chat.name", "an override cannot rename a service"),
    ("rename-platform-in-override", edit(lambda d: d["environments"]["dev"].update(name="other")),
     "environments.dev.name", "would rename the platform"),
]

CASES += [
    # 2. a path the user writes never widens an AuthorizationPolicy
    ("scrape-path-wildcard", edit(lambda d: svc(d, "llm-chat").update(scrape={"port": "http-api", "path": "/*"})),
     "services[0].scrape.path", "'/*' is not an exact path"),
    ("scrape-path-suffix-wildcard", edit(lambda d: svc(d, "embeddings").update(
        scrape={"port": "http-metrics", "path": "/metrics*"})),
     "services[1].scrape.path", "is not an exact path"),
    ("scrape-path-template", edit(lambda d: svc(d, "vision").update(
        scrape={"port": "http-metrics", "path": "/{**}"})),
     "services[3].scrape.path", "is not an exact path"),
    ("scrape-path-dot-segments", edit(lambda d: svc(d, "embeddings").update(
        scrape={"port": "http-metrics", "path": "/metrics/../v1/embeddings"})),
     "services[1].scrape.path", "is not an exact path"),
    ("scrape-path-api-on-shared-port", edit(lambda d: svc(d, "llm-chat").update(
        scrape={"port": "http-api", "path": "/v1/models"})),
     "services[0].scrape.path", "on a shared API port only the server's metrics path '/metrics' is allowed"),
    ("scrape-path-root-on-shared-port", edit(lambda d: svc(d, "llm-chat").update(
        scrape={"port": "http-api", "path": "/"})),
     "services[0].scrape.path", "would be admitted from every workload without mTLS"),
    ("scrape-path-in-prod-override", edit(lambda d: d["environments"]["prod"]["services"]["llm-chat"].update(
        scrape={"port": "http-api", "path": "/v1/chat/completions"})),
     "environments.prod.services.llm-chat.scrape.path", "only the server's metrics path"),
]
CASES += [
    # 5. PromQL is parsed, not trusted
    ("query-unbalanced", edit(lambda d: svc(d, "reranker")["autoscaling"]["signals"][0].update(
        query='sum(rate(rerank_queue_depth{queue="rerank"}[1m])')),
     "services[2].autoscaling.signals[0].query", "is not valid PromQL: unclosed left parenthesis (at character 4"),
    ("query-bad-matcher", edit(lambda d: svc(d, "reranker")["autoscaling"]["signals"][0].update(
        query="sum(rerank_queue_depth{queue=rerank})")),
     "services[2].autoscaling.signals[0].query", "unexpected identifier 'rerank' in label matching"),
    ("query-grouped", edit(lambda d: svc(d, "reranker")["autoscaling"]["signals"][0].update(
        query="sum by (pod) (rerank_queue_depth)")),
     "services[2].autoscaling.signals[0].query", "may return more than one series"),
    ("query-selector", edit(lambda d: svc(d, "reranker")["autoscaling"]["signals"][0].update(
        query='rerank_queue_depth{queue="rerank"}')),
     "services[2].autoscaling.signals[0].query", "may return more than one series"),
    ("query-scalar", edit(lambda d: svc(d, "reranker")["autoscaling"]["signals"][0].update(
        query="scalar(sum(rerank_queue_depth))")),
     "services[2].autoscaling.signals[0].query", "returns a scalar, not a series"),
    ("query-in-override", edit(lambda d: d["environments"]["dev"]["services"]["reranker"]["autoscaling"].update(
        signals=[{"signal": "prometheus", "query": "sum(rate(x[5q]))", "target": 3}])),
     "environments.dev.services.reranker.autoscaling.signals[0].query", "bad number or duration syntax: 5q"),
]

CASES += [
    # 8. TLS that can be reached: the Gateway's server ports are the gateway Service's
    ("tls-without-https-port", edit(lambda d: d["istio"]["gateway"].update(ports=[
        {"name": "status-port", "port": 15021, "target_port": 15021}, {"name": "http2", "port": 80, "target_port": 80}])),
     "istio.gateway.tls_credential_name", "exposes no port 443 (ports: 15021, 80), so nobody can reach it"),
    ("tls-https-on-another-port", edit(lambda d: d["istio"]["gateway"].update(ports=[
        {"name": "http2", "port": 80, "target_port": 8080}, {"name": "https", "port": 8443, "target_port": 8443}])),
     "istio.gateway.tls_credential_name", "exposes no port 443"),
    ("hosts-without-http-port", edit(lambda d: d["istio"]["gateway"].update(ports=[
        {"name": "https", "port": 443, "target_port": 443}])),
     "istio.gateway.ports", "exposes no port 80 (ports: 443), where the Gateway's HTTP server listens"),
    ("tls-port-dropped-in-prod", edit(lambda d: d["environments"]["prod"]["istio"]["gateway"].update(ports=[
        {"name": "http2", "port": 80, "target_port": 80}])),
     "environments.prod.istio.gateway.tls_credential_name", "exposes no port 443"),
]

CASES += [
    # 11. the synth refuses what the gate refuses when the cause is in the description
    ("hf-home-on-read-only-root", edit(lambda d: svc(d, "llm-chat")["env"].update(HF_HOME="/root/.cache/huggingface")),
     "services[0].env.HF_HOME", "HF_HOME=/root/.cache/huggingface is not on a writable mount (writable: /cache, /tmp"),
    ("cache-on-the-read-only-models", edit(lambda d: svc(d, "vision").update(env={"TORCH_HOME": "/models/torch"})),
     "services[3].env.TORCH_HOME", "TORCH_HOME=/models/torch is not on a writable mount"),
    ("relative-cache-in-a-version", edit(lambda d: svc(d, "llm-chat")["versions"][1]["env"].update(
        VLLM_CACHE_ROOT="cache/vllm")),
     "services[0].versions[1].env.VLLM_CACHE_ROOT", "is not an absolute path"),
    ("liveness-asks-readiness", edit(lambda d: svc(d, "embeddings")["probes"].update(
        liveness={"type": "http", "path": "/health", "period_seconds": 10, "failure_threshold": 3})),
     "services[1].probes.liveness", "liveness asks the readiness handler (GET :8080/health)"),
    ("low-uid", edit(lambda d: svc(d, "llm-chat").update(run_as_user=1000)),
     "services[0].run_as_user", "1000 is in the range of host users (below 10000)"),
    ("writable-root", edit(lambda d: svc(d, "embeddings").update(read_only_root_filesystem=False)),
     "services[1].read_only_root_filesystem", "checkov CKV_K8S_22"),
    ("hf-home-in-prod", edit(lambda d: d["environments"]["prod"]["services"]["llm-chat"].update(
        env={"HF_HOME": "/home/vllm/.cache"})),
     "environments.prod.services.llm-chat.env.HF_HOME", "is not on a writable mount"),
]

CASES += [
    # 7. what the API server (or Istio, Helm, Flux) refuses, the loader refuses
    ("duplicate-topology-spread", edit(lambda d: svc(d, "vision").update(
        topology_spread=[{"over": "zone"}, {"over": "host"}, {"over": "zone", "max_skew": 2}])),
     "services[3].topology_spread[2]", "the API server refuses two constraints with the same topology key"),
    ("host-label-over-63", edit(lambda d: svc(d, "llm-chat")["traffic"].update(hosts=["a" * 64 + ".example.com"])),
     "services[0].traffic.hosts[0]", "labels of at most 63 characters each"),
    ("egress-label-over-63", edit(lambda d: d["istio"].update(egress=["x" * 70 + ".hf.co"])),
     "istio.egress[0]", "is not a DNS host name"),
    ("milli-bytes-memory", edit(lambda d: svc(d, "embeddings")["resources"].update(memory="4096m")),
     "services[1].resources.memory", "is 4.096 bytes, not a whole number of bytes"),
    ("tiny-memory", edit(lambda d: svc(d, "embeddings")["resources"].update(memory="4096")),
     "services[1].resources.memory", "is too small; allowed: at least 16Mi"),
    ("fraction-of-a-byte-disk", edit(lambda d: svc(d, "llm-chat")["cache"].update(size="0.5")),
     "services[0].cache.size", "not a whole number of bytes"),
    ("milli-ephemeral-storage", edit(lambda d: svc(d, "llm-chat")["resources"].update(ephemeral_storage="2500m")),
     "services[0].resources.ephemeral_storage", "not a whole number of bytes"),
    ("zero-cpu", edit(lambda d: svc(d, "embeddings")["resources"].update(cpu="0")),
     "services[1].resources.cpu", "is too small; allowed: at least 1m"),
    ("istiod-memory-milli", edit(lambda d: d["istio"].update(istiod={"resources": {"memory": "2048m"}})),
     "istio.istiod.resources.memory", "not a whole number of bytes"),
    ("istiod-request-over-limit", edit(lambda d: d["istio"].update(istiod={"resources": {"cpu": "4", "cpu_limit": "2"}})),
     "istio.istiod.resources.cpu", "the API server refuses a request above its limit"),
    ("gateway-release-name-too-long", edit(lambda d: d["istio"]["gateway"].update(name="istio-" + "g" * 50)),
     "istio.gateway.name", "at most 53 characters, Helm's limit"),
    ("gateway-name-starts-with-a-digit", edit(lambda d: d["istio"]["gateway"].update(name="1-gateway")),
     "istio.gateway.name", "is not a Helm release and Service name"),
    ("revision-too-long", edit(lambda d: d["istio"].update(revision="r" * 50)),
     "istio.revision", "at most 46 characters"),
    ("platform-name-too-long", edit(lambda d: d.update(name="p" * 44)),
     "name", "at most 43 characters"),
    ("label-key-prefix-too-long", edit(lambda d: svc(d, "vision").update(node_selector={"a" * 254 + "/pool": "x"})),
     "services[3].node_selector", "is not a label key ([prefix/]name: a DNS subdomain prefix of at most 253"),
    ("header-value-line-break", edit(lambda d: svc(d, "reranker")["traffic"]["matches"][1]["headers"].update(
        {"x-tenant": "internal\r\nx-admin: true"})),
     "services[2].traffic.matches[1].headers.x-tenant", "is not an HTTP header value"),
]


#: 10. YAML 1.1 number traps, as text: (id, (old, new) in platform.yaml, the problem's path, a part of its sentence)
TEXT_CASES: list[tuple[str, tuple[str, str], str, str]] = [
    ("sexagesimal-timeout", ("      timeout_seconds: 600\n", "      timeout_seconds: 1:30\n"),
     "services[0].traffic.timeout_seconds", "1:30 is read by PyYAML as 90 (YAML 1.1 base 60"),
    ("sexagesimal-in-flow", ("per_try_timeout_seconds: 300}", "per_try_timeout_seconds: 5:00}"),
     "services[0].traffic.retries.per_try_timeout_seconds", "write 300"),
    ("octal-port", ("    server: vllm\n", "    server: vllm\n    ports: [{name: http-api, port: 017500}]\n"),
     "services[0].ports[0].port", "017500 is read by PyYAML as octal 8000 but as 17500"),
    ("octal-replicas", ("      max_replicas: 4\n", "      max_replicas: 010\n"),
     "services[0].autoscaling.max_replicas", "010 is read by PyYAML as octal 8 but as 10 by YAML 1.2"),
    ("underscore-number", ("    cache: {size: 60Gi}\n", "    cache: {size: 60Gi}\n    cold_start_seconds: 1_200\n"),
     "services[0].cold_start_seconds", "write 1200"),
    ("binary-number", ("failure_threshold: 90}", "failure_threshold: 0b1011010}"),
     "services[0].probes.startup.failure_threshold", "0b1011010 is read by PyYAML as 90"),
    ("sexagesimal-in-override", ("      llm-chat:\n        # The same queue", "      llm-chat:\n"
                                 "        cold_start_seconds: 2:00\n        # The same queue"),
     "environments.dev.services.llm-chat.cold_start_seconds", "write 120"),
]


def problems_of(data) -> list[str]:
    """What the synth refuses before it renders: the loader's problems, else the gate's pod rules (preflight)."""
    with pytest.raises(DescriptionError) as err:
        preflight.check(parse(data))
    return err.value.problems


@pytest.mark.parametrize("change, path, part", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_loader_refuses_with_the_path_as_written(description, change, path, part):
    problems = problems_of(change(description))
    assert any(p.startswith(f"{path}: ") and part in p for p in problems), problems


def test_the_gateway_may_share_istios_root_namespace(description):
    description["istio"]["gateway"]["namespace"] = "istio-system"
    parse(description)


def test_no_message_repeats_a_credential(description):
    for _, change, _, _ in CASES:
        text = "\n".join(problems_of(change(description)))
        for secret in (HF_TOKEN, GH_TOKEN, JWT, "hunter2", "pa55word", "AKIAIOSFODNN7EXAMPLE"):
            assert secret not in text


@pytest.mark.parametrize("value", [
    "vllm/vllm-openai@sha256:" + "a" * 64, "meta-llama/Llama-3.1-8B-Instruct", "sk-learn", "hf_transfer",
    "ssh://git@github.com/example/ai-platform.git", "https://huggingface.co/api/models", "task-classification",
    "--disable-log-requests", "ghp_short", "eyJ-not-a-token",
])
def test_legitimate_values_are_not_taken_for_credentials(description, value):
    svc(description, "llm-chat")["env"]["NOTE"] = value
    parse(description)


# --------------------------------------------------------------------------- through the synth


@pytest.fixture(scope="module")
def dist(synthesized_dist) -> Path:
    return synthesized_dist


@pytest.mark.parametrize("change, path, part", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_synth_exits_2_and_leaves_dist_as_it_was(tmp_path, dist, default_description, capsys, change, path, part):
    bad = tmp_path / "platform.yaml"
    bad.write_text(yaml.safe_dump(change(default_description), sort_keys=False))
    before = tree_hash(dist)
    assert main.main(["--description", str(bad), "--dist", str(dist), "--render-cache", "off"]) == 2
    err = capsys.readouterr().err
    assert f"  - {path}: " in err and part in err
    assert "Traceback" not in err
    assert tree_hash(dist) == before


# --------------------------------------------------------------------------- correct, not refused


def test_routing_follows_port_roles_not_list_order(default_description):
    # 6. TEI's metrics port listed before its API port: never routed, never admitted to callers.
    from conftest import find, synth_service
    data = copy.deepcopy(default_description)
    svc(data, "embeddings")["ports"] = [{"name": "http-metrics", "port": 9000}, {"name": "http-api", "port": 8080}]
    service = parse(data).services[1]
    assert [p.name for p in service.api_ports] == ["http-api"]
    docs = synth_service(service)
    [public] = [d for d in find(docs, "VirtualService") if d["spec"]["gateways"] != ["mesh"]]
    assert {r["destination"]["port"]["number"] for h in public["spec"]["http"] for r in h["route"]} == {8080}
    [mesh] = [d for d in find(docs, "VirtualService") if d["spec"]["gateways"] == ["mesh"]]
    assert {r["destination"]["port"]["number"] for h in mesh["spec"]["http"] for r in h["route"]} == {8080}
    [policy] = find(docs, "AuthorizationPolicy")
    callers, metrics = policy["spec"]["rules"]
    assert callers["to"] == [{"operation": {"ports": ["8080"]}}]
    assert metrics["to"] == [{"operation": {"methods": ["GET"], "paths": ["/metrics"], "ports": ["9000"]}}]


def test_metrics_on_the_api_port_stay_shared_whatever_the_order(default_description):
    data = copy.deepcopy(default_description)
    svc(data, "llm-chat")["ports"] = [{"name": "grpc-api", "port": 9001, "protocol": "grpc"},
                                      {"name": "http-api", "port": 8000}]
    service = parse(data).services[0]
    assert service.metrics_share_the_api_port
    assert [p.name for p in service.api_ports] == ["grpc-api", "http-api"]


# --------------------------------------------------------------------------- YAML 1.1 traps, as text


def text_of(change: tuple[str, str]) -> str:
    text = (REPO / "platform.yaml").read_text()
    assert change[0] in text, change[0]
    return text.replace(change[0], change[1], 1)


@pytest.mark.parametrize("change, path, part", [c[1:] for c in TEXT_CASES], ids=[c[0] for c in TEXT_CASES])
def test_yaml11_number_traps_are_refused_with_the_value_to_write(change, path, part):
    with pytest.raises(DescriptionError) as err:
        parse(load_yaml(text_of(change), "platform.yaml"))
    assert any(p.startswith(f"platform.yaml: {path}: ") and part in p for p in err.value.problems), err.value.problems


@pytest.mark.parametrize("change, path, part", [c[1:] for c in TEXT_CASES], ids=[c[0] for c in TEXT_CASES])
def test_the_synth_refuses_yaml11_traps(tmp_path, dist, capsys, change, path, part):
    bad = tmp_path / "platform.yaml"
    bad.write_text(text_of(change))
    before = tree_hash(dist)
    assert main.main(["--description", str(bad), "--dist", str(dist), "--render-cache", "off"]) == 2
    err = capsys.readouterr().err
    assert f": {path}: " in err and part in err and "Traceback" not in err
    assert tree_hash(dist) == before


def test_a_leading_zero_that_is_no_octal_says_what_to_write(description):
    svc(description, "llm-chat")["autoscaling"]["max_replicas"] = "08"  # what PyYAML makes of `max_replicas: 08`
    assert problems_of(description) == [
        "services[0].autoscaling.max_replicas: '08' is not an integer; YAML 1.1 reads a number with a leading zero "
        "that is no octal (a digit 8 or 9) as a string: write 8"]


def test_plain_numbers_and_hex_are_not_traps():
    assert load_yaml("a: 0\nb: 600\nc: 0x1F\nd: 1.5\ne: '1:30'\nf: 0.25\n") == {
        "a": 0, "b": 600, "c": 31, "d": 1.5, "e": "1:30", "f": 0.25}


# --------------------------------------------------------------------------- 12. messages say what is allowed


def test_an_open_lower_bound_is_said_as_such(description):
    svc(description, "llm-chat")["autoscaling"]["signals"][0]["target"] = 0
    svc(description, "embeddings")["autoscaling"]["signals"][0]["target"] = 2e9
    assert problems_of(description) == [
        "services[0].autoscaling.signals[0].target: 0 is out of range; allowed: greater than 0 and at most 1000000000",
        "services[1].autoscaling.signals[0].target: 2000000000.0 is out of range; allowed: greater than 0 and at most "
        "1000000000",
    ]
    svc(description, "llm-chat")["autoscaling"]["signals"][0].update(target=0.8, signal="kv_cache_utilization")
    svc(description, "embeddings")["autoscaling"]["signals"][0]["target"] = 40
    parse(description)  # 0.8 of the KV cache: any target above 0 is allowed


def test_the_reference_shows_the_bounds_as_numbers():
    import importlib.util
    spec = importlib.util.spec_from_file_location("reference", REPO / "tools" / "reference.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    table = tool.table()
    assert "| `services[].autoscaling.signals[].target` | number > 0, <= 1000000000 |" in table
    assert "None" not in table.split("| `services[].autoscaling.signals[].target` |", 1)[1].split("\n", 1)[0]
    assert "| `services[].autoscaling.signals[].activation_threshold` | number 0-1000000000 |" in table
