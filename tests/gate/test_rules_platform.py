"""Cross-object rules for what real controllers do with the output (issue 13): Argo CD's project
checks, mesh routes for every version, disk volumes within ephemeral storage, liveness apart from
readiness, TLS secrets that exist, namespaces created before use. One broken set per case, and a
set that passes."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from inference_platform.gate import check_tree

from test_rules import HOST, by_kind, minimal, namespaces

REPO_URL = "https://github.com/example/ai-platform.git"
SERVER = "https://kubernetes.default.svc"


def write_env(root: Path, files: dict[str, list[dict]], env: str = "dev") -> Path:
    """Write ``{env-relative path: [objects]}`` below ``root/<env>``, with a kustomization per folder."""
    for rel, docs in files.items():
        path = root / env / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump_all(docs, sort_keys=False))
    for folder in {(root / env / rel).parent for rel in files if rel.count("/") >= 1 and not rel.startswith("flux/")}:
        if folder.name == "argocd":
            continue  # root-app.yaml is applied by hand, not through a kustomization
        names = sorted(p.name for p in folder.glob("*.yaml") if p.name != "kustomization.yaml")
        (folder / "kustomization.yaml").write_text(yaml.safe_dump(
            {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "resources": names}))
    return root


def findings(root: Path, files: dict[str, list[dict]]) -> list[tuple[str, str, str, str]]:
    return [(f.object, f.path, f.rule, f.message) for f in check_tree(write_env(root, files))]


def rules_of(found: list[tuple[str, str, str, str]]) -> list[str]:
    return [rule for _, _, rule, _ in found]


# --------------------------------------------------------------------------- argocd-project-permissions


def project(**spec) -> dict:
    return {"apiVersion": "argoproj.io/v1alpha1", "kind": "AppProject",
            "metadata": {"name": "ai-platform", "namespace": "argocd"},
            "spec": {"sourceRepos": [REPO_URL],
                     "destinations": [{"server": SERVER, "namespace": "apps"}],
                     "clusterResourceWhitelist": [{"group": "", "kind": "Namespace"}], **spec}}


def application(name: str, source: dict, namespace: str | None = "apps", wave: int = 0, **spec) -> dict:
    destination = {"server": SERVER} | ({"namespace": namespace} if namespace is not None else {})
    return {"apiVersion": "argoproj.io/v1alpha1", "kind": "Application",
            "metadata": {"name": name, "namespace": "argocd",
                         "annotations": {"argocd.argoproj.io/sync-wave": str(wave)}},
            "spec": {"project": "ai-platform", "source": source, "destination": destination, **spec}}


def layer_source(folder: str) -> dict:
    return {"repoURL": REPO_URL, "path": f"dist/dev/layers/{folder}", "targetRevision": "main"}


def configmap(name: str = "settings", namespace: str = "apps") -> dict:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": namespace},
            "data": {"key": "value"}}


def argo_env(proj: dict | None = None, apps: list[dict] | None = None, extra: list[dict] = ()) -> dict[str, list[dict]]:
    apps = apps if apps is not None else [application("ns", layer_source("00-namespaces")),
                                          application("apps", layer_source("50-apps"), wave=50)]
    return {"layers/00-namespaces/namespaces.yaml": namespaces("apps"),
            "layers/50-apps/apps.yaml": [configmap(), *extra],
            "argocd/apps/applications.yaml": [proj or project(), *apps]}


def test_argocd_applications_within_their_project_pass(tmp_path):
    assert findings(tmp_path, argo_env()) == []


def test_argocd_refuses_a_destination_without_namespace(tmp_path):
    env = argo_env(apps=[application("ns", layer_source("00-namespaces"), namespace=None)])
    assert findings(tmp_path, env) == [(
        "Application argocd/ns", "spec.destination", "argocd-project-permissions",
        f"application destination server '{SERVER}' and namespace '' do not match any of the allowed destinations "
        "in project 'ai-platform'")]


def test_argocd_refuses_a_repository_outside_source_repos(tmp_path):
    source = layer_source("50-apps") | {"repoURL": "https://github.com/other/fork.git"}
    assert findings(tmp_path, argo_env(apps=[application("apps", source)])) == [(
        "Application argocd/apps", "spec.source.repoURL", "argocd-project-permissions",
        "application repo https://github.com/other/fork.git is not permitted in project 'ai-platform'")]


def test_argocd_refuses_a_cluster_scoped_kind_missing_from_the_whitelist(tmp_path):
    role = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "reader"},
            "rules": []}
    assert findings(tmp_path, argo_env(extra=[role])) == [(
        "Application argocd/apps", "spec.source.path", "argocd-project-permissions",
        "resource rbac.authorization.k8s.io:ClusterRole is not permitted in project ai-platform (ClusterRole reader "
        f"in {tmp_path}/dev/layers/50-apps/apps.yaml); the sync fails on it")]


def test_argocd_empty_cluster_whitelist_allows_no_cluster_scoped_kind(tmp_path):
    found = findings(tmp_path, argo_env(proj=project(clusterResourceWhitelist=[])))
    assert [(o, p, m.split(" (")[0]) for o, p, _, m in found] == [
        ("Application argocd/ns", "spec.source.path", "resource :Namespace is not permitted in project ai-platform")]


def test_argocd_refuses_an_object_in_a_namespace_outside_the_destinations(tmp_path):
    env = argo_env(extra=[configmap(namespace="other")])
    env["layers/00-namespaces/namespaces.yaml"] += namespaces("other")
    found = findings(tmp_path, env)
    assert [(o, p, m.split(" (")[0]) for o, p, _, m in found] == [
        ("Application argocd/apps", "spec.source.path", "namespace other is not permitted in project 'ai-platform'")]


def test_argocd_namespaced_blacklist_and_whitelist(tmp_path):
    found = findings(tmp_path, argo_env(proj=project(namespaceResourceBlacklist=[{"group": "", "kind": "Config*"}])))
    assert [m.split(" (")[0] for _, _, _, m in found] == ["resource :ConfigMap is not permitted in project ai-platform"]
    # An empty namespaced whitelist is not "no whitelist": it admits no namespaced kind.
    found = findings(tmp_path / "empty", argo_env(proj=project(namespaceResourceWhitelist=[])))
    assert [m.split(" (")[0] for _, _, _, m in found] == ["resource :ConfigMap is not permitted in project ai-platform"]


def test_argocd_reports_an_unknown_project(tmp_path):
    app = application("apps", layer_source("50-apps"))
    app["spec"]["project"] = "nope"
    assert findings(tmp_path, argo_env(apps=[app])) == [(
        "Application argocd/apps", "spec.project", "argocd-project-permissions",
        "Application referencing project nope which does not exist")]


@pytest.mark.parametrize("spec", [
    {"sourceRepos": ["https://github.com/example/*"]},
    {"sourceRepos": ["https://GitHub.com/example/ai-platform"]},  # normalized: host case, no .git
    {"destinations": [{"server": "*", "namespace": "ap*"}]},
    {"destinations": [{"name": "in-cluster", "server": SERVER, "namespace": "{apps,other}"}]},
    {"clusterResourceWhitelist": [{"group": "*", "kind": "*"}]},
])
def test_argocd_glob_patterns_admit_like_argo_cd(tmp_path, spec):
    assert findings(tmp_path, argo_env(proj=project(**spec))) == []


@pytest.mark.parametrize("spec, message", [
    ({"sourceRepos": ["https://github.com/*"]}, "application repo"),  # '*' stops at '/' in sourceRepos
    ({"sourceRepos": ["*", "!https://github.com/example/*"]}, "application repo"),
    ({"destinations": [{"server": SERVER, "namespace": "*"}, {"server": SERVER, "namespace": "!apps"}]},
     "application destination server"),
])
def test_argocd_glob_patterns_refuse_like_argo_cd(tmp_path, spec, message):
    found = findings(tmp_path, argo_env(proj=project(**spec)))
    assert set(rules_of(found)) == {"argocd-project-permissions"}
    assert any(m.startswith(message) for _, _, _, m in found), found


def test_argocd_resolves_the_in_cluster_name_to_its_server(tmp_path):
    apps = [application("ns", layer_source("00-namespaces"))]
    apps[0]["spec"]["destination"] = {"name": "in-cluster", "namespace": "apps"}
    assert findings(tmp_path, argo_env(apps=apps)) == []
    apps[0]["spec"]["destination"] = {"name": "elsewhere", "namespace": "apps"}
    assert [(p, m) for _, p, _, m in findings(tmp_path / "other", argo_env(apps=apps))] == [(
        "spec.destination", "application destination server '' and namespace 'apps' do not match any of the "
        "allowed destinations in project 'ai-platform'")]


def test_argocd_checks_only_repository_and_destination_of_a_helm_chart(tmp_path):
    chart = {"repoURL": "https://istio-release.storage.googleapis.com/charts", "chart": "base",
             "targetRevision": "1.30.3"}
    apps = [application("ns", layer_source("00-namespaces")), application("istio-base", chart, wave=10)]
    assert rules_of(findings(tmp_path, argo_env(apps=apps))) == ["argocd-project-permissions"]
    proj = project(sourceRepos=[REPO_URL, chart["repoURL"]])
    assert findings(tmp_path / "ok", argo_env(proj=proj, apps=apps)) == []


# --------------------------------------------------------------------------- virtualservice-mesh-routes


def two_versions() -> list[dict]:
    """minimal() with a v2 beside v1, split 50/50 at the ingress and for in-mesh callers."""
    docs = minimal()
    v2 = copy.deepcopy(by_kind(docs, "Deployment"))
    v2["metadata"]["name"] = "chat-v2"
    for labels in (v2["spec"]["selector"]["matchLabels"], v2["spec"]["template"]["metadata"]["labels"]):
        labels["version"] = "v2"
    docs.append(v2)
    by_kind(docs, "DestinationRule")["spec"]["subsets"].append({"name": "v2", "labels": {"version": "v2"}})
    split = [{"destination": {"host": HOST, "subset": v, "port": {"number": 8000}}, "weight": 50} for v in ("v1", "v2")]
    by_kind(docs, "VirtualService")["spec"]["http"][0]["route"] = copy.deepcopy(split)
    docs.append({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
                 "metadata": {"name": "chat-mesh", "namespace": "apps"},
                 "spec": {"hosts": ["chat"], "gateways": ["mesh"], "http": [{"route": split, "timeout": "30s"}]}})
    return docs


def apps_layer(docs: list[dict]) -> dict[str, list[dict]]:
    return {"layers/50-apps/apps.yaml": docs}


def test_versions_routed_at_the_ingress_and_in_the_mesh_pass(tmp_path):
    assert findings(tmp_path, apps_layer(two_versions())) == []


def test_a_mesh_virtualservice_without_gateways_counts(tmp_path):
    docs = two_versions()
    del docs[-1]["spec"]["gateways"]
    assert findings(tmp_path, apps_layer(docs)) == []


def test_fails_when_no_virtualservice_routes_in_mesh_callers_to_the_versions(tmp_path):
    docs = two_versions()[:-1]
    assert findings(tmp_path, apps_layer(docs)) == [(
        "DestinationRule apps/chat", "spec.subsets", "virtualservice-mesh-routes",
        f"Service apps/chat has versions v1, v2 but no VirtualService bound to the mesh (gateways: [mesh] or none) "
        f"routes host '{HOST}' to them; in-mesh callers reach every version round-robin, without the weights, "
        "timeouts and retries of the ingress route")]


def test_fails_when_a_route_to_a_versioned_service_names_no_subset(tmp_path):
    docs = two_versions()
    by_kind(docs, "VirtualService")["spec"]["http"][0]["route"] = [
        {"destination": {"host": HOST, "port": {"number": 8000}}}]
    assert findings(tmp_path, apps_layer(docs)) == [(
        "VirtualService apps/chat", "spec.http[0].route[0].destination", "virtualservice-mesh-routes",
        f"destination '{HOST}' names no subset although DestinationRule apps/chat defines versions v1, v2; this "
        "route spreads traffic round-robin over all of them, ignoring the version weights")]


def test_a_single_version_needs_no_mesh_route(tmp_path):
    assert findings(tmp_path, apps_layer(minimal())) == []


# --------------------------------------------------------------------------- ephemeral-storage-fits


def with_volumes(limit: str | None, volumes: list[dict]) -> list[dict]:
    docs = minimal()
    spec = by_kind(docs, "Deployment")["spec"]["template"]["spec"]
    if limit:
        spec["containers"][0]["resources"]["limits"] = {"ephemeral-storage": limit}
    spec["volumes"] = volumes
    return docs


CACHE = {"name": "cache", "emptyDir": {"sizeLimit": "60Gi"}}
TMP = {"name": "tmp", "emptyDir": {"sizeLimit": "1Gi"}}
SHM = {"name": "dshm", "emptyDir": {"medium": "Memory", "sizeLimit": "8Gi"}}


def test_fails_when_disk_volumes_exceed_the_ephemeral_storage_limit(tmp_path):
    assert findings(tmp_path, apps_layer(with_volumes("2Gi", [CACHE, TMP, SHM]))) == [(
        "Deployment apps/chat-v1", "spec.template.spec.volumes", "ephemeral-storage-fits",
        "disk-backed emptyDir volumes may hold 61Gi (cache 60Gi + tmp 1Gi) but the pod's ephemeral-storage limit is "
        "2Gi (the sum of its containers' limits); the kubelet counts emptyDir usage against that limit and evicts "
        "the pod before the volumes are full: raise the containers' ephemeral-storage limits or shrink the volumes "
        "(or use a PersistentVolumeClaim or generic ephemeral volume)")]


def test_fails_on_an_unbounded_disk_volume_in_a_limited_pod(tmp_path):
    assert findings(tmp_path, apps_layer(with_volumes("2Gi", [{"name": "cache", "emptyDir": {}}]))) == [(
        "Deployment apps/chat-v1", "spec.template.spec.volumes[0].emptyDir", "ephemeral-storage-fits",
        "emptyDir volume 'cache' is on the node's disk without a sizeLimit in a pod limited to 2Gi of ephemeral "
        "storage; set a sizeLimit that fits, so one volume cannot fill the limit and get the pod evicted")]


@pytest.mark.parametrize("limit, volumes", [
    ("62Gi", [CACHE, TMP, SHM]),                      # memory-backed volumes count against memory, not disk
    ("64000Mi", [CACHE, TMP]),
    (None, [CACHE, {"name": "scratch", "emptyDir": {}}]),  # no limit: nothing to be evicted against
])
def test_disk_volumes_within_the_limit_pass(tmp_path, limit, volumes):
    assert findings(tmp_path, apps_layer(with_volumes(limit, volumes))) == []


# --------------------------------------------------------------------------- liveness-distinct-from-readiness


def with_probes(liveness: dict, readiness: dict | None = None) -> list[dict]:
    docs = minimal()
    container = by_kind(docs, "Deployment")["spec"]["template"]["spec"]["containers"][0]
    container["ports"] = [{"name": "http", "containerPort": 8000}]
    container["readinessProbe"] = readiness or {"httpGet": {"path": "/health", "port": 8000}, "periodSeconds": 10,
                                                "timeoutSeconds": 2, "failureThreshold": 3}
    container["livenessProbe"] = liveness
    return docs


def test_fails_when_liveness_asks_the_readiness_handler_with_a_similar_budget(tmp_path):
    live = {"httpGet": {"path": "/health", "port": "http"}, "periodSeconds": 20, "timeoutSeconds": 5,
            "failureThreshold": 3}
    assert findings(tmp_path, apps_layer(with_probes(live))) == [(
        "Deployment apps/chat-v1", "spec.template.spec.containers[0].livenessProbe", "liveness-distinct-from-readiness",
        "liveness asks the readiness handler (GET :8000/health) with a budget of 20s x 3 = 60s and timeout 5s; "
        "readiness has 10s x 3 = 30s and timeout 2s, so a slow, overloaded pod is restarted instead of only taken "
        "out of rotation: probe a cheap liveness endpoint or the TCP port, or give liveness at least 90s "
        "(period x failureThreshold) and a timeout of at least 2s")]


def test_fails_when_liveness_on_the_same_handler_times_out_sooner(tmp_path):
    live = {"httpGet": {"path": "/health", "port": 8000}, "periodSeconds": 30, "failureThreshold": 5}
    assert rules_of(findings(tmp_path, apps_layer(with_probes(live)))) == ["liveness-distinct-from-readiness"]


def test_fails_when_grpc_liveness_asks_the_readiness_service(tmp_path):
    grpc = {"grpc": {"port": 9000}}
    assert rules_of(findings(tmp_path, apps_layer(with_probes(grpc, grpc)))) == ["liveness-distinct-from-readiness"]


@pytest.mark.parametrize("liveness", [
    {"tcpSocket": {"port": 8000}, "periodSeconds": 10},
    {"httpGet": {"path": "/ping", "port": 8000}},
    {"httpGet": {"path": "/health", "port": 8000}, "periodSeconds": 30, "failureThreshold": 3, "timeoutSeconds": 2},
])
def test_liveness_on_another_question_or_with_a_generous_budget_passes(tmp_path, liveness):
    assert findings(tmp_path, apps_layer(with_probes(liveness))) == []


# --------------------------------------------------------------------------- gateway-credential-exists


def with_tls(*extra: dict, annotations: dict | None = None) -> list[dict]:
    docs = minimal()
    gateway = by_kind(docs, "Gateway")
    gateway["spec"]["servers"].append({"port": {"number": 443, "name": "https", "protocol": "HTTPS"},
                                       "hosts": ["apps/chat.example.com"],
                                       "tls": {"mode": "SIMPLE", "credentialName": "chat-tls"}})
    if annotations:
        gateway["metadata"]["annotations"] = annotations
    return docs + list(extra)


def secret(namespace: str) -> dict:
    return {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "chat-tls", "namespace": namespace},
            "type": "kubernetes.io/tls", "data": {"tls.crt": "", "tls.key": ""}}


CERTIFICATE = {"apiVersion": "cert-manager.io/v1", "kind": "Certificate",
               "metadata": {"name": "chat", "namespace": "istio-ingress"},
               "spec": {"secretName": "chat-tls", "dnsNames": ["chat.example.com"],
                        "issuerRef": {"name": "letsencrypt", "kind": "ClusterIssuer", "group": "cert-manager.io"}}}


def test_fails_on_a_dangling_credential_name(tmp_path):
    assert findings(tmp_path, apps_layer(with_tls(secret("apps")))) == [(
        "Gateway istio-ingress/gw", "spec.servers[1].tls.credentialName", "gateway-credential-exists",
        "dangling credentialName 'chat-tls': no Secret istio-ingress/chat-tls and no cert-manager Certificate with "
        "spec.secretName 'chat-tls' in namespace 'istio-ingress' is in this environment, and the Gateway does not "
        "declare it external (annotation inference-platform.io/external-credentials: 'chat-tls'); the server cannot "
        "complete a TLS handshake until someone creates the Secret by hand")]


@pytest.mark.parametrize("extra, annotations", [
    ([secret("istio-ingress")], None),
    ([CERTIFICATE], None),
    ([], {"inference-platform.io/external-credentials": "other-tls, chat-tls"}),
])
def test_a_credential_from_the_tree_or_declared_external_passes(tmp_path, extra, annotations):
    assert findings(tmp_path, apps_layer(with_tls(*extra, annotations=annotations))) == []


# --------------------------------------------------------------------------- namespace-created


def test_fails_when_an_object_lives_in_a_namespace_nothing_creates(tmp_path):
    assert findings(tmp_path, apps_layer(minimal() + [configmap(namespace="ghost")])) == [(
        "ConfigMap ghost/settings", "metadata.namespace", "namespace-created",
        "lives in namespace 'ghost', which no Namespace object in this environment creates; applying it fails with "
        "'namespaces \"ghost\" not found'")]


def test_fails_when_the_namespace_comes_only_in_a_later_layer(tmp_path):
    files = {"layers/50-apps/apps.yaml": minimal() + [configmap(namespace="late")],
             "layers/60-late/namespaces.yaml": namespaces("late")}
    assert findings(tmp_path, files) == [(
        "ConfigMap late/settings", "metadata.namespace", "namespace-created",
        "lives in namespace 'late', which only layers/60-late creates, applied after this (order 60 > 50); the "
        "first sync fails with 'namespaces \"late\" not found'")]


def test_fails_when_an_entry_point_object_leaves_its_engine_namespace(tmp_path):
    env = argo_env()
    env["argocd/apps/applications.yaml"][1]["metadata"]["namespace"] = "argo-cd"
    found = [f for f in findings(tmp_path, env) if f[2] == "namespace-created"]
    assert found == [(
        "Application argo-cd/ns", "metadata.namespace", "namespace-created",
        "entry-point object in namespace 'argo-cd' while the rest of argocd's entry points live in 'argocd' (the "
        "namespace its install creates); nothing creates 'argo-cd' before the entry point is applied")]


def test_fails_when_an_application_deploys_before_its_namespace_exists(tmp_path):
    env = argo_env()
    env["layers/00-namespaces/namespaces.yaml"] = []
    env["layers/40-mesh/namespaces.yaml"] = namespaces("apps")
    found = [(o, p, m) for o, p, r, m in findings(tmp_path, env) if r == "namespace-created"]
    assert ("Application argocd/ns", "spec.destination.namespace",
            "deploys into namespace 'apps', which only layers/40-mesh creates, applied after this (order 40 > 0); "
            "the first sync fails with 'namespaces \"apps\" not found'") in found


def test_fails_when_a_helm_release_targets_a_namespace_nothing_creates(tmp_path):
    release = {"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
               "metadata": {"name": "istiod", "namespace": "flux-system"},
               "spec": {"interval": "10m", "targetNamespace": "istio-system",
                        "chart": {"spec": {"chart": "istiod", "sourceRef": {"kind": "HelmRepository", "name": "istio"}}}}}
    sync = {"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
            "metadata": {"name": "ai-platform", "namespace": "flux-system"},
            "spec": {"interval": "10m", "url": REPO_URL, "ref": {"branch": "main"}}}
    files = {"flux/sync.yaml": [sync], "layers/10-istio/istio.yaml": [release]}
    assert findings(tmp_path, files) == [(
        "HelmRelease flux-system/istiod", "spec.targetNamespace", "namespace-created",
        "deploys into namespace 'istio-system', which no Namespace object in this environment creates; applying it "
        "fails with 'namespaces \"istio-system\" not found'")]
