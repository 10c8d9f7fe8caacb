"""Policy step of the gate: checkov with zero failures, skips only from tools/checkov-skips.yaml."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from conftest import DIST, require_shared
from inference_platform.gate import check_tree
from inference_platform.gate import policy
from inference_platform.gate.model import Finding
from inference_platform.gate.policy import CHECKOV, GRAPH_CHECKS, Skip, load_skips, plan, run_checkov


@pytest.fixture(autouse=True)
def checkov_installed() -> None:
    if not CHECKOV.exists():
        require_shared(f"checkov not installed at {CHECKOV}; run `make setup`")


def privileged_deployment() -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "bad", "namespace": "apps"},
            "spec": {"selector": {"matchLabels": {"app": "bad"}},
                     "template": {"metadata": {"labels": {"app": "bad"}},
                                  "spec": {"containers": [{"name": "server", "image": "vllm/vllm-openai:v0.11.0",
                                                           "securityContext": {"privileged": True}}]}}}}


def write(root: Path, rel: str, docs: list[dict]) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump_all(docs, sort_keys=False))
    return path


@pytest.mark.slow
def test_fails_on_a_privileged_deployment(tmp_path):
    write(tmp_path, "dev/layers/50-apps/bad.yaml", [privileged_deployment()])
    found = run_checkov(tmp_path)
    privileged = [f for f in found if f.rule == "checkov:CKV_K8S_16"]
    assert [(f.file, f.object, f.message) for f in privileged] == [(
        f"{tmp_path.as_posix()}/dev/layers/50-apps/bad.yaml", "Deployment apps/bad",
        "Container should not be privileged")]


@pytest.mark.slow
def test_committed_dist_passes_the_whole_gate():
    report = check_tree(DIST, policy=True)
    assert [str(f) for f in report] == []
    assert report.documents > 0


def test_every_skip_names_a_checkov_check_and_gives_a_reason():
    skips = load_skips()
    assert skips, "tools/checkov-skips.yaml lists no skips"
    for skip in skips:
        assert skip.check.startswith(("CKV_K8S_", "CKV2_K8S_")), skip
        assert len(skip.reason.split()) >= 8, f"{skip.check}: give a full reason"
    assert len({(s.check, s.files) for s in skips}) == len(skips), "a check is skipped twice"


def test_rejects_a_skip_without_reason(tmp_path):
    bad = tmp_path / "skips.yaml"
    bad.write_text("skips:\n  - check: CKV_K8S_16\n")
    with pytest.raises(ValueError, match=r"skips\[0\] needs 'check' and 'reason'"):
        load_skips(bad)


@pytest.mark.slow
def test_a_scoped_skip_covers_only_its_files(tmp_path):
    write(tmp_path, "dev/layers/30-istio-gateway/gateway.yaml", [privileged_deployment()])
    write(tmp_path, "dev/layers/50-apps/bad.yaml", [privileged_deployment() | {
        "metadata": {"name": "bad", "namespace": "apps2"}}])
    skips = [Skip("CKV_K8S_16", "test", files=("*/layers/30-istio-gateway/*",))]
    files = {f.file.rsplit("/", 1)[-1] for f in run_checkov(tmp_path, skips=skips) if f.rule == "checkov:CKV_K8S_16"}
    assert files == {"bad.yaml"}


def test_dist_carries_no_inline_checkov_skips():
    # Skips belong in tools/checkov-skips.yaml with a reason, not in annotations or comments.
    inline = [p for p in DIST.rglob("*.yaml") if "checkov.io/skip" in (text := p.read_text()) or "checkov:skip" in text]
    assert inline == []


def test_flux_bootstrap_folder_is_left_to_flux(tmp_path):
    from inference_platform.layout import PRESERVED
    from inference_platform.synth.write import PRESERVED as SYNTH_PRESERVED

    assert PRESERVED == SYNTH_PRESERVED
    write(tmp_path, "dev/flux/flux-system/gotk-components.yaml", [privileged_deployment()])
    assert list(check_tree(tmp_path, policy=True)) == []


# ---------------------------------------------------------------- batched, parallel scans


def secret_reader_role() -> dict:
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "secret-reader"},
            "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list", "watch"]}]}


def secret_reader_binding() -> dict:
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "read-secrets"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "secret-reader"},
            "subjects": [{"kind": "ServiceAccount", "name": "chat", "namespace": "apps"}]}


@pytest.mark.slow
def test_a_fault_planted_in_one_file_among_many_is_found_whatever_the_number_of_workers(tmp_path):
    import shutil

    shutil.copytree(DIST, tmp_path / "dist")
    target = sorted((tmp_path / "dist").glob("prod/layers/50-apps/*.yaml"))[-2]
    target.write_text(target.read_text() + yaml.safe_dump(privileged_deployment(), explicit_start=True))
    parallel = run_checkov(tmp_path / "dist", jobs=2, worker_bytes=1)
    assert {(f.file, f.object, f.rule) for f in parallel if f.rule == "checkov:CKV_K8S_16"} == {
        (target.as_posix(), "Deployment apps/bad", "checkov:CKV_K8S_16")}
    assert parallel == run_checkov(tmp_path / "dist", jobs=1)


@pytest.mark.slow
def test_graph_checks_see_roles_and_bindings_from_different_files_and_layers(tmp_path):
    write(tmp_path, "prod/layers/50-apps/a-role.yaml", [secret_reader_role()])
    for i in range(3):  # filler between them, scanned file by file
        write(tmp_path, f"prod/layers/50-apps/filler-{i}.yaml", [{"apiVersion": "v1", "kind": "ServiceAccount",
                                                                    "metadata": {"name": f"sa-{i}", "namespace": "apps"}}])
    write(tmp_path, "prod/layers/40-mesh/binding.yaml", [secret_reader_binding()])
    found = run_checkov(tmp_path, jobs=2, worker_bytes=1)
    assert [(f.file.rsplit("/", 1)[-1], f.object, f.rule) for f in found if f.rule.startswith("checkov:CKV2")] == [
        ("binding.yaml", "ClusterRoleBinding default/read-secrets", "checkov:CKV2_K8S_5")]


def test_files_with_graph_connected_kinds_are_scanned_together_and_the_rest_shared_by_size(tmp_path):
    write(tmp_path, "a.yaml", [secret_reader_role()])
    write(tmp_path, "b.yaml", [privileged_deployment()])
    write(tmp_path, "c.yaml", [privileged_deployment(), privileged_deployment()])
    write(tmp_path, "d.yaml", [secret_reader_binding()])
    files, rbac = ["a.yaml", "b.yaml", "c.yaml", "d.yaml"], set(GRAPH_CHECKS["CKV2_K8S_5"])
    assert plan(tmp_path, files, rbac, jobs=2, worker_bytes=1) == [(["a.yaml", "d.yaml"], ["b.yaml"]), ([], ["c.yaml"])]
    assert plan(tmp_path, files, rbac, jobs=2) == [(["a.yaml", "d.yaml"], ["b.yaml", "c.yaml"])]  # too small for two
    assert plan(tmp_path, files, set(), jobs=1) == [([], files)]


# ---------------------------------------------------------------- no check lost: planted faults, one per family

RBAC = "rbac.authorization.k8s.io/v1"


def pod_spec(image: str, **extra) -> dict:
    """A pod spec wrong in every way a resource check looks at."""
    container = {"name": "server", "image": image, "imagePullPolicy": "IfNotPresent",
                 "securityContext": {"privileged": True, "allowPrivilegeEscalation": True, "runAsUser": 0,
                                     "capabilities": {"add": ["NET_RAW", "SYS_ADMIN"]}},
                 "ports": [{"containerPort": 8080, "hostPort": 8080}],
                 "env": [{"name": "HF_TOKEN", "valueFrom": {"secretKeyRef": {"name": "hub", "key": "token"}}}],
                 "volumeMounts": [{"name": "docker", "mountPath": "/var/run/docker.sock"}]}
    return {"hostPID": True, "hostIPC": True, "hostNetwork": True, "containers": [container],
            "volumes": [{"name": "docker", "hostPath": {"path": "/var/run/docker.sock"}}], **extra}


def workload(kind: str, name: str, image: str, namespace: str = "default", env: list | None = None) -> dict:
    meta = {"name": name, "namespace": namespace}
    template = {"metadata": {"labels": {"app": name}}, "spec": pod_spec(image)}
    if env is not None:
        template["spec"]["containers"][0]["env"] = env
    if kind == "CronJob":
        spec = {"schedule": "* * * * *", "jobTemplate": {"spec": {"template": template}}}
    else:
        spec = {"selector": {"matchLabels": {"app": name}}, "template": template}
    return {"apiVersion": "batch/v1" if kind == "CronJob" else "apps/v1", "kind": kind, "metadata": meta, "spec": spec}


def control_plane_pod(command: list[str]) -> dict:
    """A static pod of a control-plane binary with insecure flags (the CIS argument checks)."""
    name = command[0]
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "kube-system"},
            "spec": {"containers": [{"name": name, "image": f"registry.k8s.io/{name}:v1.34.4", "command": command}]}}


def cluster_role(name: str, rules: list[dict], kind: str = "ClusterRole", namespace: str | None = None) -> dict:
    meta = {"name": name} | ({"namespace": namespace} if namespace else {})
    return {"apiVersion": RBAC, "kind": kind, "metadata": meta, "rules": rules}


def binding(name: str, role: str, kind: str = "ClusterRoleBinding", role_kind: str = "ClusterRole",
            subject: str = "chat", namespace: str | None = None) -> dict:
    meta = {"name": name} | ({"namespace": namespace} if namespace else {})
    return {"apiVersion": RBAC, "kind": kind, "metadata": meta,
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role},
            "subjects": [{"kind": "ServiceAccount", "name": subject, "namespace": "apps"}]}


def plant(root: Path) -> None:
    """Write the faults below ``root``, spread over files and layers (graph objects far apart)."""
    def write(rel: str, docs: list[dict]) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump_all(docs, sort_keys=False))

    apps = "prod/layers/50-apps"
    write(f"{apps}/planted-workloads.yaml", [workload(kind, f"bad-{kind.lower()}", "vllm/vllm-openai:latest")
                                             for kind in ("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob")])
    write(f"{apps}/planted-images.yaml", [
        workload("Deployment", "dashboard", "kubernetesui/dashboard:v2.7.0"),
        workload("Deployment", "tiller-deploy", "gcr.io/kubernetes-helm/tiller:v2.16.0"),
        workload("Deployment", "git-sync", "registry.k8s.io/git-sync/git-sync:v4.2.1", env=[{"name": "GITSYNC_GIT", "value": "sh"}]),
        workload("Deployment", "untagged", "vllm/vllm-openai")])
    write(f"{apps}/planted-control-plane.yaml", [
        control_plane_pod(["kube-apiserver", "--anonymous-auth=true", "--authorization-mode=AlwaysAllow",
                           "--profiling=true", "--insecure-port=1", "--enable-admission-plugins=AlwaysAdmit"]),
        control_plane_pod(["kube-controller-manager", "--profiling=true", "--bind-address=0.0.0.0"]),
        control_plane_pod(["kube-scheduler", "--profiling=true", "--bind-address=0.0.0.0"]),
        control_plane_pod(["etcd", "--auto-tls=true", "--client-cert-auth=false"]),
        control_plane_pod(["kubelet", "--anonymous-auth=true", "--read-only-port=10255", "--rotate-certificates=false"])])
    write(f"{apps}/planted-accounts.yaml", [
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": "apps"},
         "automountServiceAccountToken": True},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "tiller-deploy", "namespace": "default"},
         "spec": {"selector": {"app": "helm", "name": "tiller"}, "ports": [{"port": 44134}]}},
        binding("default-reads", "view", kind="RoleBinding", subject="default", namespace="apps")])
    write(f"{apps}/planted-ingress.yaml", [
        {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "snippets", "namespace": "apps", "annotations": {
            "nginx.ingress.kubernetes.io/server-snippet": "location /x { alias /etc/; content_by_lua_block { ngx.say(1) } }"}},
         "spec": {"rules": [{"host": "x.example.com"}]}}])
    # Roles in one layer and file, their bindings in another: the graph checks must still connect them.
    write("prod/layers/00-namespaces/planted-roles.yaml", [
        cluster_role("wildcards", [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]),
        cluster_role("webhooks", [{"apiGroups": ["admissionregistration.k8s.io"],
                                   "resources": ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"],
                                   "verbs": ["create", "update", "patch"]}]),
        cluster_role("approver", [{"apiGroups": ["certificates.k8s.io"], "resources": ["certificatesigningrequests/approval"],
                                   "verbs": ["update"]},
                                  {"apiGroups": ["certificates.k8s.io"], "resources": ["signers"], "verbs": ["approve"]}]),
        cluster_role("binder", [{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["rolebindings", "roles"],
                                 "verbs": ["bind", "escalate"]}]),
        cluster_role("impersonator", [{"apiGroups": [""], "resources": ["users", "groups", "serviceaccounts"], "verbs": ["impersonate"]}]),
        cluster_role("status-writer", [{"apiGroups": [""], "resources": ["services/status"], "verbs": ["patch", "update"]}]),
        cluster_role("exec", [{"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["create"]}]),
        cluster_role("secret-reader", [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list", "watch"]}]),
        cluster_role("ns-secret-reader", [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]}],
                     kind="Role", namespace="apps")])
    # Outside 50-apps, where CKV_K8S_35's scoped skip does not reach.
    write("dev/layers/35-keda/planted-secret-env.yaml", [workload("Deployment", "secret-env", "vllm/vllm-openai:v0.11.0", "apps")])
    write("dev/layers/40-mesh/planted-bindings.yaml", [
        binding(f"bind-{role}", role) for role in
        ("impersonator", "status-writer", "exec", "secret-reader", "binder")] + [
        binding("bind-ns-secret-reader", "ns-secret-reader", kind="RoleBinding", role_kind="Role", namespace="apps")])


#: What the planted faults must trip: every enabled checkov check family that applies to kinds
#: the platform renders (pod and container security, resources, probes, images, namespaces,
#: service accounts, control-plane flags, RBAC, ingress snippets, and the RBAC graph checks).
#: Not here: PodSecurityPolicy and AdmissionConfiguration (kinds Kubernetes no longer serves)
#: and the skips of tools/checkov-skips.yaml (CKV_K8S_15, CKV_K8S_43, CKV2_K8S_6).
PLANTED_CHECKS = {f"CKV_K8S_{n}" for n in (
    8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 22, 23, 25, 26, 27, 28, 29, 30, 31, 33, 34, 35, 37, 38, 39, 40,
    41, 42, 44, 45, 49, 68, 72, 73, 74, 75, 77, 79, 80, 81, 82, 83, 84, 85, 88, 90, 91, 92, 93, 94, 96, 99, 100, 102,
    104, 106, 107, 108, 113, 114, 115, 116, 117, 118, 119, 138, 140, 141, 144, 145, 148, 149, 152, 153, 154, 155, 156,
    157, 158, 159)} | {f"CKV2_K8S_{n}" for n in (1, 2, 3, 4, 5)}


def whole_tree_cli_run(root: Path, skips: list[Skip]) -> list[Finding]:
    """The reference: one ``checkov -f ...`` run over every file (graph and all), as the gate ran it
    before it scanned file by file."""
    import subprocess

    everywhere = sorted({s.check for s in skips if not s.files})
    cmd = [str(CHECKOV), "--framework", "kubernetes", "-o", "json", "--quiet", "--compact", "--skip-download",
           "--skip-results-upload", "--skip-check", ",".join(everywhere)]
    for rel in policy._manifests(root):
        cmd += ["-f", rel]
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"}
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, env=env, check=False)
    return policy.findings_of(root, [(json.loads(proc.stdout), "")], [s for s in skips if s.files])


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    """The committed apps layer plus the planted faults."""
    root = tmp_path_factory.mktemp("planted")
    if DIST.is_dir():
        import shutil

        shutil.copytree(DIST / "prod/layers/50-apps", root / "prod/layers/50-apps")
    plant(root)
    return root


@pytest.mark.slow
def test_every_planted_check_family_fires(planted):
    found = {f.rule.removeprefix("checkov:") for f in run_checkov(planted, jobs=2, worker_bytes=1)}
    assert PLANTED_CHECKS - found == set()
    assert found & {"CKV_K8S_15", "CKV_K8S_43", "CKV2_K8S_6"} == set()  # skipped everywhere


@pytest.mark.slow
def test_findings_equal_one_whole_tree_checkov_run(planted):
    skips = load_skips()
    reference = whole_tree_cli_run(planted, skips)
    assert {f.rule.removeprefix("checkov:") for f in reference} >= PLANTED_CHECKS
    assert run_checkov(planted, skips=skips, jobs=2, worker_bytes=1) == reference


@pytest.mark.slow
def test_the_scoped_skip_of_secret_env_vars_covers_only_the_apps_layer(planted):
    files = {f.file.rsplit("/layers/", 1)[-1] for f in run_checkov(planted, jobs=1) if f.rule == "checkov:CKV_K8S_35"}
    assert files == {"35-keda/planted-secret-env.yaml"}


# ---------------------------------------------------------------- per-file results cache


def scanned_files(monkeypatch) -> list[str]:
    """Records which files the checkov workers are asked to scan."""
    asked: list[str] = []
    scan = policy._scan

    def recording(folder, graph_files, files, everywhere, python):
        asked.extend(graph_files + files)
        return scan(folder, graph_files, files, everywhere, python)

    monkeypatch.setattr(policy, "_scan", recording)
    return asked


@pytest.mark.slow
def test_cached_results_equal_a_fresh_scan_and_only_changed_files_are_scanned_again(planted, tmp_path, monkeypatch):
    import shutil

    tree, cache = tmp_path / "tree", tmp_path / "cache"
    shutil.copytree(planted, tree)
    fresh = run_checkov(tree, jobs=2, worker_bytes=1)
    assert run_checkov(tree, jobs=2, worker_bytes=1, cache=cache) == fresh  # cold: fills the cache
    asked = scanned_files(monkeypatch)
    assert run_checkov(tree, jobs=2, worker_bytes=1, cache=cache) == fresh
    graph_files = {"prod/layers/00-namespaces/planted-roles.yaml", "dev/layers/40-mesh/planted-bindings.yaml",
                   "prod/layers/50-apps/planted-accounts.yaml",
                   "prod/layers/50-apps/llm-chat.yaml"}  # RBAC kinds (llm-chat: its pickers' Roles): always
    # scanned together, never cached
    assert set(asked) == graph_files
    target = tree / "prod/layers/50-apps/planted-ingress.yaml"
    target.write_text(target.read_text() + yaml.safe_dump(privileged_deployment(), explicit_start=True))
    asked.clear()
    changed = run_checkov(tree, jobs=2, worker_bytes=1, cache=cache)
    assert set(asked) == graph_files | {"prod/layers/50-apps/planted-ingress.yaml"}
    assert changed == run_checkov(tree, jobs=1)
    assert ("Deployment apps/bad", "checkov:CKV_K8S_16") in {(f.object, f.rule) for f in changed if f.file == target.as_posix()}


@pytest.mark.slow
def test_a_corrupt_or_foreign_cache_entry_is_ignored_and_replaced(planted, tmp_path):
    cache = tmp_path / "cache"
    fresh = run_checkov(planted, jobs=1, cache=cache)
    pack = cache / "pack"
    raw, entries = pack.read_bytes(), []  # [key, seal, payload], as gate/cache.py writes them
    while raw:
        head, _, raw = raw.partition(b"\n")
        key, seal, length = head.split(b" ")
        entries.append([key, seal, raw[:int(length)]])
        raw = raw[int(length):]
    found = [e for e in entries if json.loads(e[2])]
    assert len(found) >= 4  # files with findings
    found[0][2] = b"[]".ljust(len(found[0][2]))  # results edited, checksum left
    found[1][0], found[2][0] = found[2][0], found[1][0]  # two files' entries swapped
    found[3][2] = found[3][2][:-1] + b" "  # one byte changed
    pack.write_bytes(b"".join(b"%s %s %d\n%s" % (k, s, len(p), p) for k, s, p in entries))
    assert run_checkov(planted, jobs=1, cache=cache) == fresh
    assert run_checkov(planted, jobs=1, cache=cache) == fresh  # the replaced entries are valid
    pack.write_bytes(pack.read_bytes()[:len(pack.read_bytes()) // 2])  # truncated
    assert run_checkov(planted, jobs=1, cache=cache) == fresh


@pytest.mark.slow
def test_a_cache_folder_that_cannot_be_written_costs_speed_not_findings(planted, tmp_path):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder would be")
    assert run_checkov(planted, jobs=1, cache=blocked) == run_checkov(planted, jobs=1)


@pytest.mark.slow
def test_the_gates_marked_parse_reads_what_checkovs_own_parser_reads():
    # checkov is given the documents the gate parsed (libyaml, line marks added as checkov adds
    # them): every document, value and line mark must equal checkov's pure-Python parse.
    import pickle
    import subprocess

    from inference_platform.gate.model import load_marked

    files = [rel for rel in policy._manifests(DIST) if rel.endswith(".yaml")]
    given = pickle.dumps({rel: load_marked((DIST / rel).read_text(encoding="utf-8")) for rel in files})
    script = (
        "import pickle, sys, yaml\n"
        "from checkov.kubernetes.parser import k8_yaml\n"
        "given = pickle.load(sys.stdin.buffer)\n"
        "differ = [p for p, docs in given.items()\n"
        "          if list(yaml.load_all(open(p).read(), Loader=k8_yaml.SafeLineLoader)) != docs]\n"
        "print(len(given), differ)\n")
    proc = subprocess.run([str(CHECKOV.with_name("python")), "-I", "-c", script], input=given, cwd=DIST,
                          capture_output=True, check=True)
    assert proc.stdout.decode().split(None, 1) == [str(len(files)), "[]\n"]
    marks = [(d["__startline__"], d["__endline__"]) for docs in pickle.loads(given).values() for d in docs if d]
    assert marks and all(0 < start < end for start, end in marks)


@pytest.mark.slow
def test_a_scan_fed_the_gates_documents_equals_checkovs_own_parse(planted, monkeypatch):
    # Files never fed are parsed by checkov itself; fed or not, the findings are the same.
    fed = run_checkov(planted, jobs=2, worker_bytes=1)
    monkeypatch.setattr(policy, "load_marked", lambda text: (_ for _ in ()).throw(yaml.YAMLError("not fed")))
    assert run_checkov(planted, jobs=2, worker_bytes=1) == fed


@pytest.mark.slow
def test_the_gate_feeds_checkov_its_own_parse_and_finds_what_a_standalone_scan_finds(planted, monkeypatch):
    fed: list[str] = []
    feed = policy.PolicyScan.feed
    monkeypatch.setattr(policy.PolicyScan, "feed", lambda self, rel, docs: (fed.append(rel), feed(self, rel, docs)))
    report = check_tree(planted, schema=False, rules=False, policy=True)
    manifests = [rel for rel in policy._manifests(planted) if rel.endswith(".yaml")]
    assert sorted(fed) == [rel for rel in manifests if not rel.endswith("/kustomization.yaml")]
    assert [f for f in report if f.rule.startswith("checkov")] == run_checkov(planted)


def test_every_graph_check_of_the_pinned_checkov_is_known():
    # A checkov upgrade that adds a graph check must say which kinds it connects, or the
    # file-by-file scan would run it without the objects it connects.
    found = {json.loads(p.read_text())["metadata"]["id"]
             for p in CHECKOV.parents[1].glob("lib/python*/site-packages/checkov/kubernetes/checks/graph_checks/*.json")}
    assert found == set(GRAPH_CHECKS)


@pytest.mark.slow
def test_the_cli_keeps_its_per_file_results_in_the_cache_folder_it_is_given(planted, tmp_path, capsys):
    from inference_platform.gate.__main__ import main

    assert main([str(planted / "prod"), "--cache", str(tmp_path / "cache")]) == 1  # the planted faults
    assert "CKV_K8S_16" in capsys.readouterr().out
    assert [p.name for p in sorted((tmp_path / "cache").iterdir())] == ["checkov", "crds", "documents"]
    assert all((tmp_path / "cache" / name / "pack").stat().st_size for name in ("checkov", "crds", "documents"))
    assert main([str(planted / "prod"), "--no-cache", "--cache", str(tmp_path / "unused")]) == 1
    assert not (tmp_path / "unused").exists()
