"""Cross-object rules of the validation gate: one deliberately broken object set per rule."""
from __future__ import annotations


import copy
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from inference_platform.gate import RULES, check_tree
from inference_platform.gate.__main__ import main as gate_main

from conftest import ISTIO_CHARTS, require_shared

HOST = "chat.apps.svc.cluster.local"


def write_tree(root: Path, files: dict[str, list[dict]], env: str = "dev") -> Path:
    """Write ``{layer/file.yaml: [objects]}`` below ``root/<env>/layers`` with kustomizations."""
    for rel, docs in files.items():
        path = root / env / "layers" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump_all(docs, sort_keys=False))
    for folder in {(root / env / "layers" / rel).parent for rel in files}:
        names = sorted(p.name for p in folder.glob("*.yaml") if p.name != "kustomization.yaml")
        (folder / "kustomization.yaml").write_text(yaml.safe_dump(
            {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "resources": names}))
    return root


def problems(root: Path, docs: list[dict] | dict[str, list[dict]]) -> list[tuple[str, str, str, str]]:
    """(object, field path, rule, message) of every finding (schemas and rules) for the objects."""
    files = docs if isinstance(docs, dict) else {"50-apps/apps.yaml": docs}
    return [(f.object, f.path, f.rule, f.message) for f in check_tree(write_tree(root, files))]


def minimal() -> list[dict]:
    """A valid set: Gateway, Service, Deployment + HPA + PDB, DestinationRule, VirtualService."""
    labels = {"app": "chat", "version": "v1"}
    meta = {"name": "chat", "namespace": "apps"}
    return [
        {"apiVersion": "networking.istio.io/v1", "kind": "Gateway",
         "metadata": {"name": "gw", "namespace": "istio-ingress"},
         "spec": {"selector": {"istio": "ingressgateway"},
                  "servers": [{"port": {"number": 80, "name": "http", "protocol": "HTTP"},
                               "hosts": ["apps/chat.example.com"]}]}},
        {"apiVersion": "v1", "kind": "Service", "metadata": dict(meta),
         "spec": {"selector": {"app": "chat"}, "ports": [{"name": "http-api", "port": 8000, "targetPort": 8000}]}},
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "chat-v1", "namespace": "apps"},
         "spec": {"selector": {"matchLabels": dict(labels)},
                  "template": {"metadata": {"labels": dict(labels)},
                               "spec": {"containers": [{"name": "server", "image": "vllm/vllm-openai:v0.11.0",
                                                        "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}]}}}},
        {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
         "metadata": {"name": "chat-v1", "namespace": "apps"},
         "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "chat-v1"},
                  "minReplicas": 2, "maxReplicas": 4,
                  "metrics": [{"type": "Resource", "resource": {
                      "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}}]}},
        {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "chat-v1", "namespace": "apps"},
         "spec": {"minAvailable": 1, "selector": {"matchLabels": dict(labels)}}},
        {"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": dict(meta),
         "spec": {"host": HOST, "subsets": [{"name": "v1", "labels": {"version": "v1"}}]}},
        {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": dict(meta),
         "spec": {"hosts": ["chat.example.com"], "gateways": ["istio-ingress/gw"],
                  "http": [{"route": [{"destination": {"host": HOST, "subset": "v1", "port": {"number": 8000}},
                                       "weight": 100}],
                            "timeout": "30s", "retries": {"attempts": 2, "perTryTimeout": "10s"}}]}},
        # Last, so the documents above keep their numbers: the namespaces everything lives in.
        *namespaces("apps", "istio-ingress"),
    ]


def namespaces(*names: str) -> list[dict]:
    return [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}} for name in names]


def by_kind(docs: list[dict], kind: str) -> dict:
    return next(d for d in docs if d["kind"] == kind)


@pytest.fixture
def docs() -> list[dict]:
    return minimal()


def test_valid_minimal_set_passes(tmp_path, docs):
    assert problems(tmp_path, docs) == []


def test_every_rule_has_a_test_here():
    source = "".join(p.read_text() for p in Path(__file__).parent.glob("test_rules*.py"))
    assert [rule for rule in RULES if f'"{rule}"' not in source] == []


# --------------------------------------------------------------------------- VirtualService


def test_fails_when_destination_host_has_no_service(tmp_path, docs):
    by_kind(docs, "VirtualService")["spec"]["http"][0]["route"][0]["destination"]["host"] = "chat.apps"
    assert ("VirtualService apps/chat", "spec.http[0].route[0].destination.host", "virtualservice-destination-host",
            "destination host 'chat.apps' matches no Service or ServiceEntry (resolved as 'chat.apps')"
            ) in problems(tmp_path, docs)


def test_short_destination_host_resolves_in_the_virtualservice_namespace(tmp_path, docs):
    by_kind(docs, "VirtualService")["spec"]["http"][0]["route"][0]["destination"]["host"] = "chat"
    assert problems(tmp_path, docs) == []


def test_destination_host_may_be_a_service_entry(tmp_path, docs):
    by_kind(docs, "VirtualService")["spec"]["http"][0]["route"][0]["destination"] = {"host": "api.openai.com"}
    docs.append({"apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry",
                 "metadata": {"name": "openai", "namespace": "apps"},
                 "spec": {"hosts": ["*.openai.com"], "ports": [{"number": 443, "name": "tls", "protocol": "TLS"}],
                          "resolution": "DNS"}})
    assert problems(tmp_path, docs) == []


def test_fails_when_destination_port_is_not_exposed(tmp_path, docs):
    by_kind(docs, "VirtualService")["spec"]["http"][0]["route"][0]["destination"]["port"]["number"] = 8080
    assert problems(tmp_path, docs) == [(
        "VirtualService apps/chat", "spec.http[0].route[0].destination.port.number", "virtualservice-destination-port",
        "port 8080 is not a port of Service apps/chat; it exposes: 8000")]


def test_fails_when_destination_omits_the_port_of_a_multi_port_service(tmp_path, docs):
    by_kind(docs, "Service")["spec"]["ports"].append({"name": "grpc", "port": 9000})
    del by_kind(docs, "VirtualService")["spec"]["http"][0]["route"][0]["destination"]["port"]
    assert problems(tmp_path, docs) == [(
        "VirtualService apps/chat", "spec.http[0].route[0].destination.port", "virtualservice-destination-port",
        "Service apps/chat exposes several ports (8000, 9000); set destination.port.number")]


def test_fails_when_subset_is_not_defined(tmp_path, docs):
    by_kind(docs, "VirtualService")["spec"]["http"][0]["route"][0]["destination"]["subset"] = "v2"
    assert problems(tmp_path, docs) == [(
        "VirtualService apps/chat", "spec.http[0].route[0].destination.subset", "virtualservice-destination-subset",
        f"subset 'v2' is not defined by a DestinationRule for '{HOST}'; defined: v1")]


def test_fails_when_subset_labels_match_no_deployment(tmp_path, docs):
    by_kind(docs, "DestinationRule")["spec"]["subsets"][0]["labels"] = {"version": "v9"}
    assert problems(tmp_path, docs) == [(
        "DestinationRule apps/chat", "spec.subsets[0].labels", "destinationrule-subset-labels",
        "subset 'v1' selects no pods: no workload in namespace 'apps' has pod labels app=chat, version=v9")]


def test_fails_when_gateway_does_not_exist(tmp_path, docs):
    by_kind(docs, "VirtualService")["spec"]["gateways"] = ["istio-ingress/other"]
    assert problems(tmp_path, docs) == [(
        "VirtualService apps/chat", "spec.gateways[0]", "virtualservice-gateway-missing",
        "gateway 'istio-ingress/other' does not exist (looked for Gateway istio-ingress/other)")]


def test_fails_when_gateway_admits_the_host_only_for_another_namespace(tmp_path, docs):
    by_kind(docs, "Gateway")["spec"]["servers"][0]["hosts"] = ["other/chat.example.com", "apps/embed.example.com"]
    assert problems(tmp_path, docs) == [(
        "VirtualService apps/chat", "spec.hosts[0]", "virtualservice-gateway-hosts",
        "host 'chat.example.com' is not admitted by Gateway istio-ingress/gw "
        "(server hosts: other/chat.example.com, apps/embed.example.com)")]


@pytest.mark.parametrize("entry", ["*/chat.example.com", "apps/*.example.com", "*.example.com", "*/*"])
def test_gateway_wildcards_admit_the_host(tmp_path, docs, entry):
    by_kind(docs, "Gateway")["spec"]["servers"][0]["hosts"] = [entry]
    assert problems(tmp_path, docs) == []


def test_fails_when_weights_do_not_sum_to_100(tmp_path, docs):
    route = by_kind(docs, "VirtualService")["spec"]["http"][0]["route"]
    route[0]["weight"] = 90
    route.append(copy.deepcopy(route[0]) | {"weight": 20})
    assert problems(tmp_path, docs) == [(
        "VirtualService apps/chat", "spec.http[0].route", "virtualservice-route-weights",
        "weights 90 + 20 = 110; they must sum to 100")]


def test_fails_when_retries_exceed_the_route_timeout(tmp_path, docs):
    by_kind(docs, "VirtualService")["spec"]["http"][0]["retries"] = {"attempts": 3, "perTryTimeout": "15s"}
    assert problems(tmp_path, docs) == [(
        "VirtualService apps/chat", "spec.http[0].retries", "virtualservice-retry-budget",
        "attempts x perTryTimeout (3 x 15s = 45s) exceeds the route timeout (30s)")]


def test_retry_budget_reads_go_durations(tmp_path, docs):
    http = by_kind(docs, "VirtualService")["spec"]["http"][0]
    http["timeout"], http["retries"] = "1m", {"attempts": 4, "perTryTimeout": "15000ms"}
    assert problems(tmp_path, docs) == []


@pytest.mark.parametrize("path", ["/v1/*", "/v1/{**}", "/v1/.*", "/v1/%2e%2e/admin", "/v1/../metrics", "//v1",
                                  "/v1?x=1", "v1"])
def test_fails_when_a_route_path_cannot_match_literally(tmp_path, docs, path):
    by_kind(docs, "VirtualService")["spec"]["http"][0]["match"] = [{"uri": {"prefix": path}}]
    assert [(o, p, r) for o, p, r, _ in problems(tmp_path, docs)] == [
        ("VirtualService apps/chat", "spec.http[0].match[0].uri.prefix", "virtualservice-uri-literal")]


@pytest.mark.parametrize("path", ["/", "/v1/", "/v1/chat:stream", "/V1/models"])
def test_literal_route_paths_pass(tmp_path, docs, path):
    by_kind(docs, "VirtualService")["spec"]["http"][0]["match"] = [{"uri": {"exact": path}}]
    assert problems(tmp_path, docs) == []


# --------------------------------------------------------------------------- DestinationRule


def test_fails_when_two_destination_rules_configure_one_host(tmp_path, docs):
    extra = copy.deepcopy(by_kind(docs, "DestinationRule"))
    extra["metadata"]["name"], extra["spec"]["host"] = "chat-extra", "chat"
    assert problems(tmp_path, {"50-apps/apps.yaml": docs, "50-apps/extra.yaml": [extra]}) == [(
        "DestinationRule apps/chat-extra", "spec.host", "destinationrule-host-conflict",
        f"host '{HOST}' is also configured by DestinationRule apps/chat "
        f"({tmp_path}/dev/layers/50-apps/apps.yaml); use one DestinationRule per host")]


# --------------------------------------------------------------------------- Service


def test_fails_when_port_name_selects_no_istio_protocol(tmp_path, docs):
    by_kind(docs, "Service")["spec"]["ports"][0]["name"] = "api"
    assert problems(tmp_path, docs) == [(
        "Service apps/chat", "spec.ports[0].name", "service-port-protocol",
        "port name 'api' does not select an Istio protocol (<protocol>[-<suffix>], protocol one of http, http2, "
        "https, grpc, grpc-web, mongo, mysql, redis, tcp, tls, udp) and appProtocol is not set")]


@pytest.mark.parametrize("port", [{"name": "api", "appProtocol": "http"}, {"name": "grpc-web"},
                                  {"name": "http2-api"}])
def test_port_name_or_app_protocol_selects_the_protocol(tmp_path, docs, port):
    by_kind(docs, "Service")["spec"]["ports"][0].update(port)
    assert problems(tmp_path, docs) == []


# --------------------------------------------------------------------------- autoscaling


def test_fails_when_hpa_target_does_not_exist(tmp_path, docs):
    by_kind(docs, "HorizontalPodAutoscaler")["spec"]["scaleTargetRef"]["name"] = "chat-v2"
    assert problems(tmp_path, docs) == [(
        "HorizontalPodAutoscaler apps/chat-v1", "spec.scaleTargetRef", "hpa-target-missing",
        "scale target Deployment 'chat-v2' (apps/v1) does not exist in namespace 'apps'")]


def test_fails_when_hpa_target_requests_no_cpu(tmp_path, docs):
    del by_kind(docs, "Deployment")["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]["cpu"]
    assert problems(tmp_path, docs) == [(
        "HorizontalPodAutoscaler apps/chat-v1", "spec.metrics[0]", "hpa-resource-requests",
        "container 'server' of Deployment apps/chat-v1 requests no cpu, so cpu utilization cannot be computed")]


def test_fails_when_hpa_target_sets_replicas(tmp_path, docs):
    by_kind(docs, "Deployment")["spec"]["replicas"] = 3
    assert problems(tmp_path, docs) == [(
        "Deployment apps/chat-v1", "spec.replicas", "hpa-target-replicas",
        "sets replicas (3) although HorizontalPodAutoscaler apps/chat-v1 scales it; omit spec.replicas so a "
        "re-apply does not fight the autoscaler")]


@pytest.mark.parametrize("budget, path, message", [
    ({"minAvailable": 2}, "spec.minAvailable",
     "minAvailable 2 is not below minReplicas (2) of HorizontalPodAutoscaler apps/chat-v1, so no pod can be "
     "evicted while it runs at its minimum"),
    ({"minAvailable": "100%"}, "spec.minAvailable",
     "minAvailable 100% is not below minReplicas (2) of HorizontalPodAutoscaler apps/chat-v1, so no pod can be "
     "evicted while it runs at its minimum"),
    ({"maxUnavailable": 0}, "spec.maxUnavailable",
     "maxUnavailable 0 lets no pod of HorizontalPodAutoscaler apps/chat-v1's target be evicted"),
])
def test_fails_when_pdb_blocks_eviction_at_the_hpa_minimum(tmp_path, docs, budget, path, message):
    pdb = by_kind(docs, "PodDisruptionBudget")
    del pdb["spec"]["minAvailable"]
    pdb["spec"].update(budget)
    assert problems(tmp_path, docs) == [("PodDisruptionBudget apps/chat-v1", path, "pdb-blocks-hpa-minimum", message)]


def test_pdb_selecting_other_pods_is_not_compared(tmp_path, docs):
    by_kind(docs, "PodDisruptionBudget")["spec"] = {"minAvailable": 5, "selector": {"matchLabels": {"app": "other"}}}
    assert problems(tmp_path, docs) == []


# --------------------------------------------------------------------------- images, identity


@pytest.mark.parametrize("image, message", [
    ("vllm/vllm-openai", "image 'vllm/vllm-openai' is not pinned; add a version tag or an @sha256: digest"),
    ("vllm/vllm-openai:latest",
     "image 'vllm/vllm-openai:latest' uses a moving tag; pin a version tag or an @sha256: digest"),
    ("localhost:5000/vllm", "image 'localhost:5000/vllm' is not pinned; add a version tag or an @sha256: digest"),
])
def test_fails_when_image_is_not_pinned(tmp_path, docs, image, message):
    by_kind(docs, "Deployment")["spec"]["template"]["spec"]["containers"][0]["image"] = image
    assert problems(tmp_path, docs) == [
        ("Deployment apps/chat-v1", "spec.template.spec.containers[0].image", "image-unpinned", message)]


def test_digest_pins_an_image(tmp_path, docs):
    by_kind(docs, "Deployment")["spec"]["template"]["spec"]["containers"][0]["image"] = "vllm/vllm-openai@sha256:" + "a" * 64
    assert problems(tmp_path, docs) == []


def test_fails_on_a_duplicate_object_in_another_layer(tmp_path, docs):
    found = problems(tmp_path, {"50-apps/apps.yaml": docs, "60-more/more.yaml": [by_kind(docs, "Service")]})
    assert found == [("Service apps/chat", "metadata.name", "duplicate-object",
                      f"also defined in {tmp_path}/dev/layers/50-apps/apps.yaml (document 2); an object may "
                      "appear once per environment")]


def test_same_object_in_two_environments_is_not_a_duplicate(tmp_path, docs):
    write_tree(tmp_path, {"50-apps/apps.yaml": docs}, env="dev")
    write_tree(tmp_path, {"50-apps/apps.yaml": docs}, env="prod")
    assert list(check_tree(tmp_path)) == []


def test_reports_every_error_not_just_the_first(tmp_path, docs):
    by_kind(docs, "Deployment")["spec"]["replicas"] = 3
    by_kind(docs, "Service")["spec"]["ports"][0]["name"] = "api"
    by_kind(docs, "VirtualService")["spec"]["http"][0]["route"][0]["weight"] = 50
    assert sorted(rule for _, _, rule, _ in problems(tmp_path, docs)) == [
        "hpa-target-replicas", "service-port-protocol", "virtualservice-route-weights"]


# --------------------------------------------------------------------------- kustomization, CLI, Istio charts


def test_fails_when_kustomization_misses_a_file_or_lists_a_missing_one(tmp_path, docs):
    write_tree(tmp_path, {"50-apps/apps.yaml": docs})
    (tmp_path / "dev/layers/50-apps/kustomization.yaml").write_text(yaml.safe_dump(
        {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "resources": ["gone.yaml"]}))
    assert [(f.path, f.rule, f.message) for f in check_tree(tmp_path)] == [
        ("resources", "kustomization",
         "'apps.yaml' is in the folder but not listed, so kustomize (and Flux or Argo CD) would not apply it"),
        ("resources[0]", "kustomization", "'gone.yaml' does not exist")]


def test_cli_prints_findings_with_file_object_path_and_rule_and_exits_1(tmp_path, docs, capsys):
    by_kind(docs, "Deployment")["spec"]["replicas"] = 3
    write_tree(tmp_path, {"50-apps/apps.yaml": docs})
    assert gate_main([str(tmp_path), "--no-policy"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (f"{tmp_path}/dev/layers/50-apps/apps.yaml: Deployment apps/chat-v1 spec.replicas: "
                        "[hpa-target-replicas] sets replicas (3) although HorizontalPodAutoscaler apps/chat-v1 "
                        "scales it; omit spec.replicas so a re-apply does not fight the autoscaler")
    assert lines[1].startswith("validation gate failed: 2 files, 9 documents, 1 error ")


def test_cli_prints_a_one_line_summary_on_success(tmp_path, docs, capsys):
    write_tree(tmp_path, {"50-apps/apps.yaml": docs})
    assert gate_main([str(tmp_path), "--no-policy", "--kubernetes-version", "1.32"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("validation gate passed: 2 files, 9 documents, 0 errors ")


@pytest.mark.slow
def test_istio_rendered_charts_pass_schemas_and_rules(tmp_path):
    if not shutil.which("helm") or not ISTIO_CHARTS.is_dir():
        require_shared(f"needs helm and the Istio charts in {ISTIO_CHARTS}")
    def template(release: str, chart: str, namespace: str, *values: str) -> list[dict]:
        out = subprocess.run(["helm", "template", release, str(ISTIO_CHARTS / f"{chart}-1.30.3.tgz"), "-n", namespace,
                              *values], check=True, capture_output=True, text=True).stdout
        return [d for d in yaml.safe_load_all(out) if d]

    files = {"00-namespaces/namespaces.yaml": namespaces("istio-system", "istio-ingress"),
             "10-istio-crds/crds.yaml": template("istio-base", "base", "istio-system"),
             "20-istio-control-plane/istiod.yaml": template("istiod", "istiod", "istio-system"),
             "30-istio-gateway/gateway.yaml": template("istio-ingressgateway", "gateway", "istio-ingress")}
    assert problems(tmp_path, files) == []


def test_cli_exits_2_when_the_folder_is_missing(tmp_path, capsys):
    assert gate_main([str(tmp_path / "dist"), "--no-policy"]) == 2
    assert "does not exist; run `make synth` first" in capsys.readouterr().err


def test_label_lookups_find_exactly_what_trying_every_object_finds():
    # Index.selected / Index.selecting file objects under label pairs so that a selector per
    # service stays linear; they must answer as selector_matches over every object does.
    import itertools

    from inference_platform.gate.model import Document
    from inference_platform.gate.rules.base import Index, WORKLOADS, pod_template, selector_matches, template_labels

    label_sets = [{}, {"app": "a"}, {"app": "a", "version": "v1"}, {"app": "b", "version": "v1"}, {"app": 1},
                  {"app": True}, {"app": ["a"]}, {"tier": "x"}]
    selectors = [None, {}, {"matchLabels": {}}, {"matchLabels": {"app": "a"}}, {"matchLabels": {"version": "v1", "app": "b"}},
                 {"matchLabels": {"app": 1}}, {"matchLabels": {"app": ["a"]}}, {"matchLabels": {"app": "zzz"}},
                 {"matchExpressions": [{"key": "app", "operator": "In", "values": ["a", "b"]}]},
                 {"matchLabels": {"app": "a"}, "matchExpressions": [{"key": "version", "operator": "DoesNotExist"}]}]
    docs = []
    for i, (labels, namespace) in enumerate(itertools.product(label_sets, ["apps", "other"])):
        template = {"metadata": {"labels": labels}, "spec": {"containers": []}}
        docs.append(Document("f.yaml", i, {"apiVersion": "apps/v1", "kind": "Deployment",
                                           "metadata": {"name": f"w{i}", "namespace": namespace},
                                           "spec": {"template": template}}))
    for i, (selector, namespace) in enumerate(itertools.product(selectors, ["apps", "other"])):
        docs.append(Document("m.yaml", i, {"apiVersion": "monitoring.coreos.com/v1", "kind": "PodMonitor",
                                           "metadata": {"name": f"m{i}", "namespace": namespace},
                                           "spec": {} if selector is None else {"selector": selector}}))
    index = Index(docs)
    workloads = [d for d in docs if d.kind in WORKLOADS]
    monitors = [d for d in docs if d.kind == "PodMonitor"]
    for namespace in ("apps", "other", "none"):
        for selector in selectors:
            expected = [d for d in workloads if d.namespace == namespace
                        and selector_matches(selector, template_labels(pod_template(d)[0]))]
            assert [d for d, _, _ in index.selected(namespace, selector)] == expected, (namespace, selector)
        for labels in label_sets:
            expected = [m for m in monitors if m.namespace == namespace and selector_matches(m.spec.get("selector"), labels)]
            assert index.selecting("PodMonitor", "monitoring.coreos.com", namespace, labels) == expected, (namespace, labels)


def test_host_lookups_find_exactly_what_comparing_every_pattern_finds():
    # HostTable files patterns by host and by wildcard suffix so that a Gateway admitting every
    # service's host stays linear; it must answer as host_matches over every pattern does.
    from inference_platform.gate.rules.base import HostTable, host_matches

    hosts = ["*", "*.example.com", "*.com", "*.", "a.example.com", "b.a.example.com", "example.com", "a.other.org",
             "chat", "chat.apps.svc.cluster.local", "*chat", "", "a.", "*.apps.svc.cluster.local"]
    table = HostTable()
    for i, pattern in enumerate(hosts):
        table.add(pattern, i)
    for host in hosts + ["x.example.com", "com", ".example.com", "unknown"]:
        assert sorted(table.matching(host)) == [i for i, p in enumerate(hosts) if host_matches(p, host)], host
