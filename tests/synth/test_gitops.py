"""The synthesized GitOps tree: layer folders build, entry points reference them in order.

The default description is synthesized once per session (and once more in rendered Istio
mode) through ``main.main``, exactly as ``make synth`` does, into a temporary folder. Paths in
Flux and Argo CD objects are repository-relative (``./dist/<env>/...``); the ``dist`` prefix is
mapped onto that folder.
"""
from __future__ import annotations

import copy
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
import yaml

import main
from conftest import CRDS, ISTIO_CHARTS, REPO, require_shared, run_synth
from inference_platform.gate import CrdIndex, Document, check_schema, load_crds
from inference_platform.layout import layer_of_folder

CRD_FILES = (CRDS / "flux-2.9.yaml", CRDS / "argocd-3.5.1.yaml")
ENVIRONMENTS = ("dev", "prod")
GITOPS_GROUPS = ("toolkit.fluxcd.io", "argoproj.io")


# ---------------------------------------------------------------------- helpers


def kustomize() -> str:
    found = shutil.which("kustomize") or str(REPO / ".tools" / "bin" / "kustomize")
    assert Path(found).exists(), "kustomize is missing; run `make setup`"
    return found


def synthesize(description: dict, workdir: Path, *extra: str) -> int:
    """The synth entry point on ``description`` into ``workdir/dist``."""
    return run_synth(description, workdir / "dist", *extra)


def docs_in(path: Path) -> list[dict]:
    return copy.deepcopy(_parsed(str(path), path.stat().st_mtime_ns))


@cache
def _parsed(path: str, mtime_ns: int) -> list[dict]:
    # The rendered Istio layers are megabytes of YAML; parse each file once per session.
    return [d for d in yaml.load_all(Path(path).read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) if d]


def manifests(folder: Path) -> list[dict]:
    """The objects of one folder (not recursive), without its kustomization.yaml."""
    return [d for f in sorted(folder.glob("*.yaml")) if f.name != "kustomization.yaml" for d in docs_in(f)]


def all_objects(dist: Path) -> list[dict]:
    return [d for f in sorted(dist.rglob("*.yaml")) if f.name != "kustomization.yaml" for d in docs_in(f)]


def layer_folders(dist: Path, env: str) -> list[Path]:
    return sorted((dist / env / "layers").iterdir(), key=lambda p: (layer_of_folder(p.name).order, p.name))


def kustomized_folders(dist: Path) -> list[Path]:
    return sorted([*dist.glob("*/layers/*/"), *dist.glob("*/argocd/apps/")])


def resolve(dist: Path, repo_path: str) -> Path:
    """Map a repository-relative path (``./dist/dev/...`` or ``dist/dev/...``) into ``dist``."""
    parts = Path(repo_path.removeprefix("./")).parts
    assert parts[0] == "dist", f"{repo_path!r} does not start with the dist_path 'dist'"
    return dist.joinpath(*parts[1:])


def group_of(doc: dict) -> str:
    api = doc["apiVersion"]
    return api.rsplit("/", 1)[0] if "/" in api else ""


def is_custom_resource(doc: dict) -> bool:
    group = group_of(doc)
    return "." in group and not group.endswith(".k8s.io")


def flux_kustomizations(dist: Path, env: str) -> list[dict]:
    return [d for d in docs_in(dist / env / "flux" / "sync.yaml") if d["kind"] == "Kustomization"]


def argo_objects(dist: Path, env: str) -> list[dict]:
    return docs_in(dist / env / "argocd" / "apps" / "applications.yaml")


def layer_applications(dist: Path, env: str) -> list[dict]:
    """Applications that sync a folder of this repository (not a Helm chart)."""
    return [d for d in argo_objects(dist, env)
            if d["kind"] == "Application" and "chart" not in d["spec"]["source"]]


def chart_applications(dist: Path, env: str) -> list[dict]:
    return [d for d in argo_objects(dist, env)
            if d["kind"] == "Application" and "chart" in d["spec"]["source"]]


def sync_options(app: dict) -> list[str]:
    return app["spec"].get("syncPolicy", {}).get("syncOptions", [])


def wave(doc: dict) -> int:
    return int(doc["metadata"].get("annotations", {}).get("argocd.argoproj.io/sync-wave", "0"))


def order(folder: Path) -> int:
    return int(folder.name.split("-", 1)[0])


def is_flux_only(folder: Path) -> bool:
    objects = manifests(folder)
    return bool(objects) and all(group_of(d).endswith("toolkit.fluxcd.io") for d in objects)


@cache
def gitops_crds() -> CrdIndex:
    """The pinned CRDs, indexed by the validation gate (unknown fields are errors there)."""
    missing = [str(f) for f in CRD_FILES if not f.exists()]
    if missing:
        require_shared(f"CRD files missing: {', '.join(missing)} (set PLATFORM_CRDS_DIR, or run through `make test`)")
    return load_crds(CRDS)


def crd_problems(doc: dict) -> list[str]:
    """Every way ``doc`` breaks the openAPIV3Schema of the CRD version it names (the gate's check)."""
    return [str(f) for f in check_schema(Document("<test>", 0, doc), crds=gitops_crds())]


# ---------------------------------------------------------------------- synthesized trees


@pytest.fixture(scope="session")
def default_dist(tmp_path_factory) -> Path:
    """dist/ for platform.yaml as committed (controller-managed Istio, both engines)."""
    workdir = tmp_path_factory.mktemp("default")
    assert main.main(["--description", str(REPO / "platform.yaml"), "--dist", str(workdir / "dist")]) == 0
    return workdir / "dist"


@pytest.fixture(scope="session")
def rendered_dist(tmp_path_factory, default_description) -> Path:
    """dist/ for platform.yaml with Istio rendered into the layers (charts from ../shared when present)."""
    description = copy.deepcopy(default_description)
    description["istio"]["mode"] = "rendered"
    if ISTIO_CHARTS.is_dir():
        description["istio"]["chart_source"] = str(ISTIO_CHARTS)
    workdir = tmp_path_factory.mktemp("rendered")
    assert synthesize(description, workdir) == 0
    return workdir / "dist"


@pytest.fixture(params=["controller-managed", pytest.param("rendered", marks=pytest.mark.slow)])
def dist(request) -> Path:
    return request.getfixturevalue("default_dist" if request.param == "controller-managed" else "rendered_dist")


# ---------------------------------------------------------------------- layer folders


@pytest.mark.slow
def test_every_layer_folder_builds_with_kustomize(dist):
    folders = kustomized_folders(dist)
    assert {f.parent.parent.name for f in folders if f.parent.name == "layers"} == set(ENVIRONMENTS)
    for folder in folders:
        listed = yaml.safe_load((folder / "kustomization.yaml").read_text())["resources"]
        assert sorted(listed) == sorted(f.name for f in folder.glob("*.yaml") if f.name != "kustomization.yaml"), \
            f"{folder}: kustomization.yaml does not list exactly the folder's files"
        built = subprocess.run([kustomize(), "build", str(folder)], capture_output=True, text=True)
        assert built.returncode == 0, f"kustomize build {folder} failed:\n{built.stderr}"
        objects = [d for d in yaml.safe_load_all(built.stdout) if d]
        assert len(objects) == len(manifests(folder)), f"{folder}: kustomize built a different object count"


def test_layer_folders_are_never_empty(dist):
    for env in ENVIRONMENTS:
        for folder in layer_folders(dist, env):
            assert manifests(folder), f"{folder} holds no objects; a controller would prune the whole layer"


# ---------------------------------------------------------------------- Flux


def test_flux_paths_point_at_synthesized_folders(dist):
    for env in ENVIRONMENTS:
        for ks in flux_kustomizations(dist, env):
            assert ks["spec"]["path"].startswith("./"), ks["spec"]["path"]
            assert resolve(dist, ks["spec"]["path"]).is_dir(), f"{ks['metadata']['name']}: {ks['spec']['path']}"


def test_flux_applies_every_layer(dist):
    for env in ENVIRONMENTS:
        paths = {resolve(dist, ks["spec"]["path"]) for ks in flux_kustomizations(dist, env)}
        assert paths == set(layer_folders(dist, env))


def test_flux_depends_on_chain_follows_layer_order(dist):
    for env in ENVIRONMENTS:
        by_order = sorted(flux_kustomizations(dist, env), key=lambda ks: order(resolve(dist, ks["spec"]["path"])))
        assert "dependsOn" not in by_order[0]["spec"]
        for before, after in zip(by_order, by_order[1:]):
            assert after["spec"]["dependsOn"] == [{"name": before["metadata"]["name"]}], after["metadata"]["name"]


def test_flux_kustomizations_prune_wait_and_time_out(dist):
    for env in ENVIRONMENTS:
        sync = docs_in(dist / env / "flux" / "sync.yaml")
        [repo] = [d for d in sync if d["kind"] == "GitRepository"]
        assert repo["spec"]["ref"] == {"branch": "main"}
        assert re.fullmatch(r"\d+m", repo["spec"]["interval"])
        # The artifact holds this environment only, so another environment's commit never reconciles it.
        assert f"!/dist/{env}/" in repo["spec"]["ignore"].splitlines()
        for ks in flux_kustomizations(dist, env):
            spec = ks["spec"]
            assert spec["prune"] is True and spec["wait"] is True, ks["metadata"]["name"]
            assert re.fullmatch(r"\d+m", spec["timeout"]), ks["metadata"]["name"]
            assert spec["sourceRef"] == {"kind": "GitRepository", "name": repo["metadata"]["name"]}


# ---------------------------------------------------------------------- Argo CD


def test_argocd_paths_point_at_synthesized_folders(dist):
    for env in ENVIRONMENTS:
        [root] = docs_in(dist / env / "argocd" / "root-app.yaml")
        assert resolve(dist, root["spec"]["source"]["path"]) == dist / env / "argocd" / "apps"
        for app in layer_applications(dist, env):
            assert resolve(dist, app["spec"]["source"]["path"]).is_dir(), app["metadata"]["name"]


def test_argocd_applies_every_layer_except_flux_resources(dist):
    for env in ENVIRONMENTS:
        paths = {resolve(dist, app["spec"]["source"]["path"]) for app in layer_applications(dist, env)}
        assert paths == {f for f in layer_folders(dist, env) if not is_flux_only(f)}


def test_argocd_sync_waves_follow_layer_order(dist):
    for env in ENVIRONMENTS:
        apps = sorted(layer_applications(dist, env), key=lambda a: order(resolve(dist, a["spec"]["source"]["path"])))
        waves = [wave(a) for a in apps]
        assert waves == sorted(set(waves)), f"{env}: waves {waves} do not strictly increase with the layer order"
        [project] = [d for d in argo_objects(dist, env) if d["kind"] == "AppProject"]
        assert wave(project) < min(waves + [wave(a) for a in chart_applications(dist, env)])


def test_argocd_installs_istio_charts_between_namespaces_and_mesh(dist):
    for env in ENVIRONMENTS:
        layers = {resolve(dist, a["spec"]["source"]["path"]).name: wave(a) for a in layer_applications(dist, env)}
        for chart in chart_applications(dist, env):
            assert layers["00-namespaces"] < wave(chart) < layers["40-mesh"], chart["metadata"]["name"]


def test_argocd_application_destinations_are_admitted_by_the_project(dist):
    # Argo CD refuses an Application whose destination server + namespace its AppProject does not
    # list ("... and namespace '' do not match any of the allowed destinations"), namespace '' included.
    for env in ENVIRONMENTS:
        docs = argo_objects(dist, env)
        (project,) = [d for d in docs if d["kind"] == "AppProject"]
        allowed = {(d["server"], d["namespace"]) for d in project["spec"]["destinations"]}
        for app in [d for d in docs if d["kind"] == "Application"]:
            dest = app["spec"]["destination"]
            assert (dest["server"], dest.get("namespace", "")) in allowed, (env, app["metadata"]["name"], dest)


def test_argocd_applications_sync_automatically_with_prune_and_self_heal(dist):
    for env in ENVIRONMENTS:
        apps = [*docs_in(dist / env / "argocd" / "root-app.yaml"),
                *(d for d in argo_objects(dist, env) if d["kind"] == "Application")]
        for app in apps:
            automated = app["spec"]["syncPolicy"]["automated"]
            assert automated["prune"] is True and automated["selfHeal"] is True, app["metadata"]["name"]
            # Namespaces come from the 00-namespaces layer, prune-protected; never implicitly.
            assert "CreateNamespace=false" in sync_options(app), app["metadata"]["name"]


def test_custom_resource_layers_skip_dry_run_on_missing_resource(dist):
    for env in ENVIRONMENTS:
        for app in layer_applications(dist, env):
            folder = resolve(dist, app["spec"]["source"]["path"])
            if any(is_custom_resource(d) for d in manifests(folder)):
                assert "SkipDryRunOnMissingResource=true" in sync_options(app), folder.name


@pytest.mark.slow
def test_rendered_istio_layers_use_server_side_apply(rendered_dist):
    for env in ENVIRONMENTS:
        apps = {resolve(rendered_dist, a["spec"]["source"]["path"]).name: a
                for a in layer_applications(rendered_dist, env)}
        for layer in ("10-istio-crds", "20-istio-control-plane"):
            assert "ServerSideApply=true" in sync_options(apps[layer]), layer


@pytest.mark.slow
def test_rendered_istio_crds_come_before_their_custom_resources(rendered_dist):
    for env in ENVIRONMENTS:
        crds = [d for d in manifests(rendered_dist / env / "layers" / "10-istio-crds")]
        assert crds and {d["kind"] for d in crds} == {"CustomResourceDefinition"}


# ---------------------------------------------------------------------- objects


def test_namespaces_are_protected_from_pruning(dist):
    namespaces = [d for d in all_objects(dist) if d["kind"] == "Namespace"]
    assert namespaces
    for ns in namespaces:
        annotations = ns["metadata"].get("annotations", {})
        assert annotations.get("kustomize.toolkit.fluxcd.io/prune") == "disabled", ns["metadata"]["name"]
        assert annotations.get("argocd.argoproj.io/sync-options") == "Prune=confirm", ns["metadata"]["name"]


def test_autoscaled_deployments_leave_replicas_to_the_hpa(dist):
    objects = all_objects(dist)
    # HPAs, and KEDA ScaledObjects (which create their HPA in the cluster; kind defaults to Deployment)
    targets = {(d["metadata"].get("namespace"), d["spec"]["scaleTargetRef"]["name"])
               for d in objects if d["kind"] in ("HorizontalPodAutoscaler", "ScaledObject")
               and d["spec"]["scaleTargetRef"].get("kind", "Deployment") == "Deployment"}
    assert ("ai-llm", "llm-chat-v1") in targets
    for d in objects:
        if d["kind"] == "Deployment" and (d["metadata"].get("namespace"), d["metadata"]["name"]) in targets:
            # A GitOps controller would reset replicas to this value on every sync, fighting the HPA.
            assert "replicas" not in d["spec"], d["metadata"]["name"]


def test_gitops_resources_match_their_crd_schemas(dist):
    checked = 0
    for doc in all_objects(dist):
        if group_of(doc).endswith(GITOPS_GROUPS):
            problems = crd_problems(doc)
            assert not problems, f"{doc['kind']} {doc['metadata']['name']}:\n" + "\n".join(problems)
            checked += 1
    assert checked


def test_crd_schema_check_refuses_a_misspelt_field():
    ks = {"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
          "metadata": {"name": "x", "namespace": "flux-system"},
          "spec": {"interval": "10m", "path": "./x", "prune": True, "wiat": True,
                   "sourceRef": {"kind": "GitRepository", "name": "x"}}}
    assert any("wiat" in p for p in crd_problems(ks))


# ---------------------------------------------------------------------- entry points


def test_both_engines_have_entry_points_per_environment_by_default(default_dist):
    assert sorted(p.name for p in default_dist.iterdir()) == sorted(ENVIRONMENTS)
    for env in ENVIRONMENTS:
        for entry in ("flux/sync.yaml", "argocd/root-app.yaml", "argocd/apps/applications.yaml"):
            assert (default_dist / env / entry).is_file(), f"{env}/{entry}"


@pytest.mark.parametrize("engine, other", [("flux", "argocd"), ("argocd", "flux")])
def test_only_the_listed_engine_gets_entry_points(tmp_path, description, engine, other):
    description["gitops"]["engines"] = [engine]
    assert synthesize(description, tmp_path) == 0
    dist = tmp_path / "dist"
    for env in ENVIRONMENTS:
        assert (dist / env / engine).is_dir()
        assert not (dist / env / other).exists()
        if engine == "argocd":
            # Argo CD installs Istio's charts itself; a HelmRelease layer would only confuse it.
            assert not any(is_flux_only(f) for f in layer_folders(dist, env))
