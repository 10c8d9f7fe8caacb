"""Flux behaviour on changes committed to the scratch repository: prune, and a broken object.

- prune: remove one service's file from the apps layer -> Flux deletes exactly that service's
  objects, every other object of every layer stays.
- broken object: commit an object the API server refuses -> the Kustomization reports the
  failure (with the server's message) and the objects already running stay, still Available.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from e2e import flux
from e2e.checks import wait_available
from e2e.cluster import Cluster
from e2e.gitserve import ScratchRepo
from e2e.kube import ApiError, WaitTimeout, condition, ref
from e2e.report import Report, Table
from e2e.variants import Variant, read_documents
from inference_platform import layout

#: A new commit re-reconciles every layer's Kustomization in dependsOn order before the apps
#: layer's; on a busy 2-core machine the chain took over 120 s, so the scenarios wait as long as
#: one layer may take on the first sync.
TIMEOUT = flux.LAYER_TIMEOUT


def _repo_layer(repo: ScratchRepo, variant: Variant, layers_prefix: str) -> Path:
    return repo.work / layers_prefix / layout.layer_unit(variant.env, layout.APPS)


def _prefix(variant: Variant, by_folder: dict[str, str], c: Cluster) -> str:
    ks = c.kube.get("kustomize.toolkit.fluxcd.io/v1", "Kustomization", by_folder[layout.APPS.folder], flux.FLUX_NS)
    return flux.dist_prefix([ks], variant.env)


def _edit_kustomization(folder: Path, remove: str | None = None, add: str | None = None) -> None:
    path = folder / "kustomization.yaml"
    data = yaml.safe_load(path.read_text())
    resources = [r for r in data.get("resources", []) if r != remove]
    if add:
        resources.append(add)
    data["resources"] = resources
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def _others(layers: dict[str, list[dict]], removed: set[str]) -> list[dict]:
    return [d for docs in layers.values() for d in docs if ref(d) not in removed]


def _commit_and_reconcile(c: Cluster, repo: ScratchRepo, source: dict, message: str) -> str:
    commit = repo.commit(message)
    flux.request_reconcile(c.kube, source)
    return commit


def prune_one_service(report: Report, table: Table, c: Cluster, variant: Variant, repo: ScratchRepo,
                      source: dict, layers: dict[str, list[dict]], by_folder: dict[str, str]) -> None:
    folder = _repo_layer(repo, variant, _prefix(variant, by_folder, c))
    files = sorted(p for p in folder.glob("*.yaml") if p.name != "kustomization.yaml")
    victim = files[-1]
    row = f"prune: remove {victim.stem}"
    removed_docs = read_documents(victim)
    removed = {ref(d) for d in removed_docs}
    others = _others(layers, removed)
    name = by_folder[layout.APPS.folder]
    try:
        victim.unlink()
        _edit_kustomization(folder, remove=victim.name)
        commit = _commit_and_reconcile(c, repo, source, f"remove service {victim.stem}")
        c.kube.wait(f"Kustomization {name} Ready at {commit[:8]}",
                    lambda: flux.kustomization_ready(c.kube, name, commit, False),
                    lambda: flux.explain_kustomization(c.kube, name), TIMEOUT, interval=1)
        c.kube.wait(f"{len(removed)} objects of {victim.stem} pruned",
                    lambda: all(c.kube.get_like(d) is None for d in removed_docs),
                    lambda: "still present: " + ", ".join(ref(d) for d in removed_docs if c.kube.get_like(d)),
                    TIMEOUT)
        missing = [ref(d) for d in others if c.kube.get_like(d) is None]
        if missing:
            report.fail(table, row, "Flux", f"pruned objects that were not removed: {', '.join(missing)}")
        else:
            report.ok(table, row, "Flux", f"{len(removed)} pruned, {len(others)} kept")
    except (WaitTimeout, ApiError) as err:
        report.fail(table, row, "Flux", str(err))
    # the layers as they are now, for the next scenario
    for key in layers:
        layers[key] = [d for d in layers[key] if ref(d) not in removed]


def broken_object(report: Report, table: Table, c: Cluster, variant: Variant, repo: ScratchRepo,
                  source: dict, layers: dict[str, list[dict]], by_folder: dict[str, str]) -> None:
    """Commit an HPA with minReplicas > maxReplicas: the API server refuses it, Flux reports it."""
    folder = _repo_layer(repo, variant, _prefix(variant, by_folder, c))
    apps = layers[layout.APPS.folder]
    namespace = next(d["metadata"]["namespace"] for d in apps if d.get("metadata", {}).get("namespace"))
    target = next(d for d in apps if d["kind"] == "Deployment")
    broken = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
              "metadata": {"name": "e2e-broken", "namespace": namespace},
              "spec": {"minReplicas": 3, "maxReplicas": 1,
                       "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment",
                                          "name": target["metadata"]["name"]}}}
    (folder / "e2e-broken.yaml").write_text(yaml.safe_dump(broken, sort_keys=False))
    _edit_kustomization(folder, add="e2e-broken.yaml")
    row = "broken object: HPA min > max"
    name = by_folder[layout.APPS.folder]
    running = _others(layers, set())
    try:
        commit = _commit_and_reconcile(c, repo, source, "add a broken HPA")

        def failed() -> dict | None:
            ks = c.kube.get("kustomize.toolkit.fluxcd.io/v1", "Kustomization", name, flux.FLUX_NS)
            ready = condition(ks, "Ready")
            attempted = ((ks or {}).get("status") or {}).get("lastAttemptedRevision", "")
            return ready if commit in attempted and ready.get("status") == "False" else None

        ready = c.kube.wait(f"Kustomization {name} reports the failure at {commit[:8]}", failed,
                            lambda: flux.explain_kustomization(c.kube, name), TIMEOUT, interval=1)
        if "maxReplicas" not in ready.get("message", ""):
            report.fail(table, row, "Flux", f"failure without the API server's message: {ready.get('message')}")
            return
        missing = [ref(d) for d in running if c.kube.get_like(d) is None]
        if missing:
            report.fail(table, row, "Flux", f"running objects removed after a failed apply: {', '.join(missing)}")
            return
        wait_available(c.kube, running, 30)
        message = ready["message"].replace("\n", " ")
        report.ok(table, row, "Flux", f"Ready=False, {len(running)} objects kept")
        table.notes.append(f"broken object: Flux reported: {message[:300]}")
    except (WaitTimeout, ApiError) as err:
        report.fail(table, row, "Flux", str(err))
