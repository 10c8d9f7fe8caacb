"""Checks against a running cluster: CRDs, layers applied in order, workloads Available, Argo CD dry run.

Every apply is a server-side apply with ``fieldValidation=Strict`` (unknown fields are errors),
first as a dry run (``dryRun=All``: admission, schemas and CEL rules run, nothing is stored),
then for real. Failures carry the API server's own message.
"""
from __future__ import annotations

import os
from pathlib import Path

from e2e.kube import ApiError, Kube, WaitTimeout, condition, conditions, documents, ref

CRD = "CustomResourceDefinition"
FIRST_KINDS = ("Namespace", CRD)  # applied before the rest of a layer, as Flux and Argo CD do
AVAILABLE_TIMEOUT = float(os.environ.get("E2E_AVAILABLE_TIMEOUT", "180"))


class Refused(Exception):
    """The API server refused objects; one line per object with its message."""

    def __init__(self, stage: str, errors: list[str]):
        super().__init__(f"{stage}: " + " | ".join(errors))
        self.stage = stage
        self.errors = errors


def group_kind(doc: dict) -> tuple[str, str]:
    api = doc.get("apiVersion", "")
    return (api.split("/")[0] if "/" in api else "", doc.get("kind", ""))


def crd_index(crds_dir: str | Path) -> dict[tuple[str, str], dict]:
    """Every CRD in the pinned files (``PLATFORM_CRDS_DIR``, i.e. ../shared/crds), by (group, kind)."""
    index: dict[tuple[str, str], dict] = {}
    for path in sorted(Path(crds_dir).glob("*.yaml")):
        for doc in documents(path.read_text()):
            if doc.get("kind") == CRD:
                index[(doc["spec"]["group"], doc["spec"]["names"]["kind"])] = doc
    return index


def crds_needed(kube: Kube, docs: list[dict], provided: list[dict], index: dict) -> list[dict]:
    """CRDs for kinds the server does not serve yet and no layer installs itself."""
    from_layers = {(d["spec"]["group"], d["spec"]["names"]["kind"]) for d in provided if d.get("kind") == CRD}
    needed: dict[tuple[str, str], dict] = {}
    for doc in docs:
        gk = group_kind(doc)
        if not gk[0] or gk in from_layers or gk in needed:
            continue
        try:
            kube.resource(doc["apiVersion"], doc["kind"])
        except ApiError:
            if gk in index:
                needed[gk] = index[gk]
    return list(needed.values())


def install_crds(kube: Kube, crds: list[dict], timeout: float = 60) -> None:
    for crd in crds:
        kube.apply(crd)
    for crd in crds:
        name = crd["metadata"]["name"]
        kube.wait(f"CustomResourceDefinition/{name} Established",
                  lambda n=name: condition(kube.get("apiextensions.k8s.io/v1", CRD, n), "Established")
                  .get("status") == "True",
                  lambda n=name: conditions(kube.get("apiextensions.k8s.io/v1", CRD, n)), timeout)


def ensure_namespaces(kube: Kube, names: set[str]) -> None:
    """Namespaces an installation creates (flux-system, argocd), not the output's."""
    for name in sorted(names):
        kube.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})


def _each(kube: Kube, docs: list[dict], dry_run: bool) -> list[str]:
    errors = []
    for doc in docs:
        try:
            kube.apply(doc, dry_run=dry_run)
        except ApiError as err:
            errors.append(f"{ref(doc)}: {err}")
    return errors


def apply_layer(kube: Kube, docs: list[dict], dry_run_only: bool = False) -> None:
    """Dry-run then apply a layer's documents; Namespaces and CRDs first (and Established).

    Raises Refused("dry-run", ...) or Refused("apply", ...) with the API server's messages.
    """
    if dry_run_only:
        return dry_run_documents(kube, docs)
    first = [d for d in docs if d.get("kind") in FIRST_KINDS]
    rest = [d for d in docs if d.get("kind") not in FIRST_KINDS]
    for stage in (first, rest):
        if not stage:
            continue
        errors = _each(kube, stage, dry_run=True)
        if errors:
            raise Refused("dry-run", errors)
        errors = _each(kube, stage, dry_run=False)
        if errors:
            raise Refused("apply", errors)
        install_crds(kube, [d for d in stage if d.get("kind") == CRD])


def _available(dep: dict | None) -> bool:
    if not dep:
        return False
    spec, status = dep.get("spec") or {}, dep.get("status") or {}
    want = spec.get("replicas", 1)
    return (status.get("observedGeneration", 0) >= dep["metadata"].get("generation", 1)
            and condition(dep, "Available").get("status") == "True"
            and status.get("updatedReplicas", 0) == want and status.get("availableReplicas", 0) == want)


def explain_deployment(kube: Kube, dep: dict | None, name: str) -> str:
    """Why a Deployment is not Available: its conditions, replica counts and a pending pod's reason."""
    if not dep:
        return f"{name}: not found"
    status = dep.get("status") or {}
    text = (f"{ref(dep)}: replicas {status.get('replicas', 0)}, updated {status.get('updatedReplicas', 0)}, "
            f"available {status.get('availableReplicas', 0)}; {conditions(dep)}")
    labels = ",".join(f"{k}={v}" for k, v in (dep["spec"]["selector"].get("matchLabels") or {}).items())
    for pod in kube.list("v1", "Pod", dep["metadata"]["namespace"], labels):
        sched = condition(pod, "PodScheduled")
        if sched.get("status") == "False":
            return text + f"; pod {pod['metadata']['name']} unschedulable: {sched.get('message')}"
    return text


def wait_available(kube: Kube, docs: list[dict], timeout: float = AVAILABLE_TIMEOUT) -> str:
    """Wait until every Deployment in ``docs`` is Available with all replicas updated; "N/N Available"."""
    deps = [d for d in docs if d.get("kind") == "Deployment"]
    if not deps:
        return ""

    def pending() -> list[dict]:
        return [d for d in deps if not _available(kube.get_like(d))]

    kube.wait(f"{len(deps)} Deployments Available", lambda: not pending(),
              lambda: " | ".join(explain_deployment(kube, kube.get_like(d), ref(d)) for d in pending()),
              timeout, interval=1)
    return f"{len(deps)}/{len(deps)} Available"


def dry_run_documents(kube: Kube, docs: list[dict]) -> None:
    errors = _each(kube, docs, dry_run=True)
    if errors:
        raise Refused("dry-run", errors)


__all__ = ["Refused", "WaitTimeout", "apply_layer", "wait_available", "crd_index", "crds_needed",
           "install_crds", "ensure_namespaces", "dry_run_documents", "group_kind"]
