"""One environment in one Istio mode: the direct path, the Argo CD dry run and the Flux path."""
from __future__ import annotations

import time
from contextlib import ExitStack
from pathlib import Path

from e2e import flux, preconditions
from e2e.checks import (Refused, apply_layer, crds_needed, dry_run_documents, ensure_namespaces,
                        group_kind, install_crds, wait_available)
from e2e.cluster import DEFAULT_NODES, cluster
from e2e.gitserve import LoopbackServer, ScratchRepo
from e2e.kube import ApiError, WaitTimeout, conditions, ref
from e2e.report import SKIP, Report, Table
from e2e.scenarios import broken_object, prune_one_service
from e2e.variants import Variant, build_folder, read_documents
from inference_platform import layout

COLUMNS = ("dry-run", "applied", "workloads", "Flux")
NO_HELM = "not checkable here (no helm-controller)"
NO_ARGO = "not checkable here (Argo CD cannot run here)"


def _layer_docs(variant: Variant) -> dict[str, list[dict]]:
    return {layer.folder: build_folder(variant.layer_dir(layer)) for layer in variant.layers()}


def _argocd_docs(variant: Variant) -> list[dict]:
    docs: list[dict] = []
    for folder in layout.ENTRY_FOLDERS[layout.ARGOCD]:
        path = variant.root / folder
        if (path / "kustomization.yaml").exists():
            docs += build_folder(path)
        else:
            for f in sorted(path.glob("*.yaml")):
                docs += read_documents(f)
    return docs


def _sync_docs(variant: Variant) -> list[dict]:
    return [d for f in sorted((variant.root / layout.ENTRY_FOLDERS[layout.FLUX][0]).glob("*.yaml"))
            for d in read_documents(f)]


def _needs_helm(docs: list[dict]) -> bool:
    return any(group_kind(d) == flux.HELM_RELEASE for d in docs)


def _provide(table: Table, kube, docs: list[dict], note: bool = True) -> None:
    """What the pods assume the cluster has (e2e/preconditions.py): node pools, RuntimeClasses, claims."""
    made = preconditions.provide(kube, docs)
    pools = sorted({dict(s.labels).__repr__() for s in preconditions.node_pools(docs)})
    if note and (made or pools):
        table.notes.append("provided as a GPU cluster would: " + ", ".join(made + [f"node pool {p} (3 zones)"
                                                                                 for p in pools]))


def check_direct(report: Report, table: Table, variant: Variant, bins: dict, index: dict) -> None:
    """Each layer in order: server-side dry run, apply, Deployments Available; then Argo CD's dry run."""
    layers = _layer_docs(variant)
    every = [d for docs in layers.values() for d in docs]
    argo = _argocd_docs(variant) if layout.ARGOCD in variant.engines else []
    with cluster(bins, nodes=DEFAULT_NODES + preconditions.node_pools(every)) as c:
        install_crds(c.kube, crds_needed(c.kube, every + argo + _sync_docs(variant), every, index))
        _provide(table, c.kube, every)
        ensure_namespaces(c.kube, {flux.FLUX_NS} | {d["metadata"]["namespace"] for d in argo})
        failed = None
        for folder, docs in layers.items():
            if failed:
                table.set(folder, "dry-run", SKIP)
                continue
            try:
                apply_layer(c.kube, docs)
                report.ok(table, folder, "dry-run")
                report.ok(table, folder, "applied")
                workloads = wait_available(c.kube, docs)
                if workloads:
                    report.ok(table, folder, "workloads", workloads)
            except Refused as err:
                if err.stage == "apply":
                    report.ok(table, folder, "dry-run")
                report.fail(table, folder, "dry-run" if err.stage == "dry-run" else "applied", str(err))
                failed = folder
            except (WaitTimeout, ApiError) as err:
                report.fail(table, folder, "workloads", str(err))
                failed = folder
            if _needs_helm(docs):
                table.notes.append(f"{folder}: HelmReleases admitted by the API server; installing them is "
                                   f"{NO_HELM}")
        if argo:
            row = f"argocd ({len(argo)} objects)"
            try:
                dry_run_documents(c.kube, argo)
                report.ok(table, row, "dry-run")
            except Refused as err:
                report.fail(table, row, "dry-run", str(err))
            table.set(row, "Flux", NO_ARGO)


def check_flux(report: Report, table: Table, variant: Variant, bins: dict, index: dict, charts: Path | None,
               scenarios: bool) -> None:
    """The Flux path from a scratch git repository, then (``scenarios``) prune and failure behaviour."""
    sync = _sync_docs(variant)
    kustomizations = [d for d in sync if d["kind"] == "Kustomization"]
    sources = [d for d in sync if d["kind"] == "GitRepository"]
    layers = _layer_docs(variant)
    every = [d for docs in layers.values() for d in docs]
    by_folder = {}
    for ks in kustomizations:
        folder = ks["spec"]["path"].rstrip("/").rsplit("/", 1)[-1]
        if layout.layer_of_folder(folder):
            by_folder[folder] = ks["metadata"]["name"]
    with ExitStack() as stack:
        c = stack.enter_context(cluster(bins, nodes=DEFAULT_NODES + preconditions.node_pools(every)))
        flux_crds = [crd for (group, _), crd in index.items() if group.endswith("toolkit.fluxcd.io")]
        install_crds(c.kube, flux_crds)
        install_crds(c.kube, crds_needed(c.kube, every, every, index))
        ensure_namespaces(c.kube, {flux.FLUX_NS})
        _provide(table, c.kube, every, note=False)
        stack.enter_context(flux.controllers(c, bins))
        repo = ScratchRepo(c.workdir / "git")
        server = stack.enter_context(LoopbackServer(repo.bare.parent, charts))
        prefix = flux.dist_prefix(kustomizations, variant.env)
        for line in flux.seed_repository(repo, variant.root, prefix, variant.env, server.charts_url):
            table.notes.append(f"repository copy: {line}")
        commit = repo.commit(f"{variant.env}: {variant.mode}")
        for src in sources:
            src["spec"]["url"] = server.git_url(repo.name)
        row = "flux/sync.yaml"
        try:
            dry_run_documents(c.kube, sync)
            report.ok(table, row, "dry-run")
            for doc in sync:
                c.kube.apply(doc)
            report.ok(table, row, "applied")
            src = sources[0]
            c.kube.wait(f"{ref(src)} Ready at {commit[:8]}",
                        lambda: commit in (((c.kube.get_like(src) or {}).get("status") or {})
                        .get("artifact") or {}).get("revision", ""),
                        lambda: conditions(c.kube.get_like(src)), 60)
            report.ok(table, row, "Flux", f"GitRepository Ready ({commit[:8]})")
        except (Refused, WaitTimeout, ApiError) as err:
            report.fail(table, row, "Flux", str(err))
            return
        failed = None
        for folder, docs in layers.items():
            name = by_folder.get(folder)
            if not name:
                table.set(folder, "Flux", "no Kustomization (not a Flux layer)")
                continue
            if failed:
                table.set(folder, "Flux", SKIP)
                continue
            helm = _needs_helm(docs)
            start = time.monotonic()
            attempts: list[str] = []  # failed attempts Flux retried (after spec.retryInterval), for the notes
            try:
                c.kube.wait(f"Kustomization {name} Ready",
                            lambda: flux.kustomization_ready(c.kube, name, commit, helm, attempts),
                            lambda: flux.explain_kustomization(c.kube, name), flux.LAYER_TIMEOUT, interval=1)
                took = f"{time.monotonic() - start:.0f} s"
                if attempts:
                    table.notes.append(f"{folder}: Ready after Flux retried a failed attempt: "
                                       + " | ".join(a[:300] for a in attempts))
                if helm:
                    report.ok(table, folder, "Flux", f"applied; HelmReleases {NO_HELM}")
                    table.notes.append(f"{folder}: Flux applied it and health-checked its HelmRepository "
                                       f"(loopback charts); HelmRelease status set Ready by the harness "
                                       f"({flux.STAND_IN}) so later layers could be checked")
                else:
                    report.ok(table, folder, "Flux", f"Ready ({took})")
            except (WaitTimeout, ApiError) as err:
                report.fail(table, folder, "Flux", str(err))
                failed = folder
        if scenarios and not failed:
            prune_one_service(report, table, c, variant, repo, sources[0], layers, by_folder)
            broken_object(report, table, c, variant, repo, sources[0], layers, by_folder)


def check_variant(report: Report, variant: Variant, bins: dict, index: dict, charts: Path | None,
                  scenarios: bool) -> Table:
    table = report.table(variant.label, COLUMNS)
    for layer in variant.layers():
        table.set(layer.folder, "dry-run", "-")
    paths = [("direct", lambda: check_direct(report, table, variant, bins, index))]
    if layout.FLUX in variant.engines:
        paths.append(("Flux", lambda: check_flux(report, table, variant, bins, index, charts, scenarios)))
    for name, check in paths:
        try:
            check()
        except (WaitTimeout, ApiError, Refused, RuntimeError, OSError) as err:
            # the cluster or a controller did not come up: one failure, with its message, not a traceback
            report.fail(table, f"{name} path", "applied", f"{type(err).__name__}: {err}")
    return table
