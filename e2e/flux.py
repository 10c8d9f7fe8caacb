"""The Flux path: real source-controller and kustomize-controller, out of cluster, on loopback.

A scratch git repository holds the environment's tree at the path its Kustomizations name and is
served over smart HTTP; ``flux/sync.yaml`` is applied with only the GitRepository URL rewritten
(and, in the repository copy, a HelmRepository URL pointed at a loopback copy of the offline
charts). Then every Kustomization must become Ready on that commit, health checks included.

helm-controller cannot be built here (the module proxy refuses it), so HelmReleases never
reconcile. For a layer holding HelmReleases the harness says so, and, so that the layers after it
(``dependsOn``) can still be checked by Flux, it marks each HelmRelease's status Ready with the
reason ``E2EStandIn``: the status a helm-controller would write. Istio's CRDs, which the
istio-base HelmRelease would install, are installed from the pinned CRD files beforehand.

Likewise no istiod runs, so no gateway reports on Gateways, routes and InferencePools; once Flux
has applied them, the harness writes the status istiod would (``Accepted``/``Programmed`` on the
Gateway, ``Accepted``/``ResolvedRefs`` per parent on routes and pools), and the Kustomizations'
``healthCheckExprs`` are evaluated by kustomize-controller on it.
"""
from __future__ import annotations

import datetime
import json
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from e2e.cluster import Cluster
from e2e.gitserve import ScratchRepo
from e2e.kube import Kube, condition, conditions, documents, ref
from e2e.procs import free_port

FLUX_NS = "flux-system"
HELM_RELEASE = ("helm.toolkit.fluxcd.io", "HelmRelease")
#: What a gateway controller (istiod) reports on: Gateways top-level, routes and InferencePools per parent.
GATEWAY_KINDS = {("gateway.networking.k8s.io", "Gateway"), ("gateway.networking.k8s.io", "HTTPRoute"),
                 ("gateway.networking.k8s.io", "GRPCRoute"), ("inference.networking.k8s.io", "InferencePool")}
#: The controller name Istio writes into route status.
GATEWAY_CONTROLLER = "istio.io/gateway-controller"
STAND_IN = "E2EStandIn"
LAYER_TIMEOUT = 240.0


@contextmanager
def controllers(c: Cluster, bins: dict[str, str]) -> Iterator[None]:
    """Start source-controller and kustomize-controller against the cluster (stopped with it)."""
    storage = c.workdir / "flux-storage"
    storage.mkdir()
    storage_addr = f"127.0.0.1:{free_port()}"
    env = {"KUBECONFIG": str(c.kubeconfig), "RUNTIME_NAMESPACE": FLUX_NS}
    # "0" turns controller-runtime's metrics and health servers off: nothing here scrapes them
    common = ["--enable-leader-election=false", "--log-level=info", "--events-addr=", "--metrics-addr=0",
              "--health-addr=0"]
    c.procs.start("source-controller", [
        bins["source-controller"], *common,
        f"--storage-path={storage}", f"--storage-addr={storage_addr}", f"--storage-adv-addr={storage_addr}",
        "--requeue-dependency=2s"], env=env)
    c.procs.start("kustomize-controller", [
        bins["kustomize-controller"], *common,
        "--requeue-dependency=2s", "--no-remote-bases=true"], env=env)
    try:
        yield
    finally:
        c.procs.stop("kustomize-controller")
        c.procs.stop("source-controller")


def dist_prefix(kustomizations: list[dict], env: str) -> str:
    """The repository folder holding the environments (``dist``), read from a Kustomization path."""
    path = kustomizations[0]["spec"]["path"].removeprefix("./")
    marker = f"/{env}/"
    if marker not in f"/{path}":
        raise ValueError(f"Kustomization {kustomizations[0]['metadata']['name']} path {path!r} does not name "
                         f"the environment {env!r}")
    return f"/{path}".split(marker)[0].strip("/")


def seed_repository(repo: ScratchRepo, env_root: Path, prefix: str, env: str, charts_url: str) -> list[str]:
    """Copy the environment's tree into the repository; point HelmRepositories at ``charts_url``.

    Returns the rewritten URLs (for the output). The rewrite replaces the URL text only.
    """
    target = repo.work / prefix / env if prefix else repo.work / env
    shutil.copytree(env_root, target)
    rewritten = []
    for path in sorted(target.rglob("*.yaml")):
        text = path.read_text()
        if "kind: HelmRepository" not in text:
            continue
        for doc in documents(text):
            if doc.get("kind") == "HelmRepository" and doc["spec"].get("url"):
                text = text.replace(f"url: {doc['spec']['url']}", f"url: {charts_url}")
                rewritten.append(f"{ref(doc)} {doc['spec']['url']} -> {charts_url}")
        path.write_text(text)
    return rewritten


def request_reconcile(kube: Kube, obj: dict) -> None:
    """What ``flux reconcile`` does: set the requestedAt annotation."""
    now = datetime.datetime.now(datetime.timezone.utc).isoformat()
    kube.merge_patch(obj, {"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": now}}})


def stand_in_helm_releases(kube: Kube, kustomization: dict | None) -> int:
    """Mark the HelmReleases this Kustomization applied Ready (no helm-controller here); count them."""
    count = 0
    for entry in ((kustomization or {}).get("status") or {}).get("inventory", {}).get("entries") or []:
        # inventory id: <namespace>_<name>_<group>_<kind>
        ns, name, group, kind = entry["id"].split("_")
        if (group, kind) != HELM_RELEASE:
            continue
        obj = kube.get(f"{group}/{entry['v']}", kind, name, ns)
        if not obj:
            continue
        count += 1
        if condition(obj, "Ready").get("reason") == STAND_IN:
            continue
        gen = obj["metadata"]["generation"]
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        kube.merge_patch(obj, {"status": {"observedGeneration": gen, "conditions": [{
            "type": "Ready", "status": "True", "reason": STAND_IN, "lastTransitionTime": now,
            "observedGeneration": gen,
            "message": "not reconciled: no helm-controller in make e2e; status set by the harness"}]}},
            subresource="status")
    return count


def _accepted(now: str, generation: int) -> list[dict]:
    return [{"type": kind, "status": "True", "reason": reason, "observedGeneration": generation,
             "lastTransitionTime": now, "message": f"{STAND_IN}: no istiod in make e2e; status set by the harness"}
            for kind, reason in (("Accepted", "Accepted"), ("ResolvedRefs", "ResolvedRefs"))]


def stand_in_gateway_status(kube: Kube, kustomization: dict | None) -> int:
    """Write the status istiod would write on the Gateway API objects this Kustomization applied (no istiod
    here), so that the Kustomization's healthCheckExprs evaluate real status; count the objects."""
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    objs = []
    for entry in ((kustomization or {}).get("status") or {}).get("inventory", {}).get("entries") or []:
        ns, name, group, kind = entry["id"].split("_")
        if (group, kind) in GATEWAY_KINDS:
            obj = kube.get(f"{group}/{entry['v']}", kind, name, ns or None)
            if obj:
                objs.append(obj)
    routes = [o for o in objs if o["kind"] in ("HTTPRoute", "GRPCRoute")]
    for obj in objs:
        status = obj.get("status") or {}
        if STAND_IN in json.dumps(status):
            continue
        gen = obj["metadata"]["generation"]
        if obj["kind"] == "Gateway":
            patch = {"conditions": [{**c, "type": t, "reason": t} for t, c in
                                    (("Accepted", _accepted(now, gen)[0]), ("Programmed", _accepted(now, gen)[0]))]}
        elif obj["kind"] == "InferencePool":
            # its parents: the Gateways of the routes that send traffic to it
            parents = [{"group": p.get("group", "gateway.networking.k8s.io"), "kind": p.get("kind", "Gateway"),
                        "name": p["name"], "namespace": p.get("namespace") or r["metadata"]["namespace"]}
                       for r in routes for rule in r["spec"].get("rules") or []
                       for b in rule.get("backendRefs") or [] if b.get("kind") == "InferencePool"
                       and b.get("name") == obj["metadata"]["name"] for p in r["spec"].get("parentRefs") or []]
            unique = [dict(t) for t in dict.fromkeys(tuple(sorted(p.items())) for p in parents)]
            patch = {"parents": [{"parentRef": p, "conditions": _accepted(now, gen)} for p in unique]}
        else:
            patch = {"parents": [{"parentRef": ref, "controllerName": GATEWAY_CONTROLLER,
                                  "conditions": _accepted(now, gen)} for ref in obj["spec"].get("parentRefs") or []]}
        kube.merge_patch(obj, {"status": patch}, subresource="status")
    return len(objs)


def kustomization_ready(kube: Kube, name: str, commit: str, helm_stand_in: bool,
                        attempts: list[str] | None = None) -> bool:
    """Ready at ``commit``; a failed attempt seen on the way (:func:`failed_attempt`) is added to ``attempts``."""
    ks = kube.get("kustomize.toolkit.fluxcd.io/v1", "Kustomization", name, FLUX_NS)
    failure = failed_attempt(ks)
    if attempts is not None and failure and failure not in attempts:
        attempts.append(failure)
    if helm_stand_in:
        stand_in_helm_releases(kube, ks)
    stand_in_gateway_status(kube, ks)
    ready = condition(ks, "Ready")
    return (ready.get("status") == "True" and commit in ((ks or {}).get("status") or {})
            .get("lastAppliedRevision", "") and ready.get("observedGeneration", 0) >= ks["metadata"]["generation"])


#: Ready=False reasons that mean "not there yet" rather than a failed attempt
WAITING_REASONS = ("Progressing", "ProgressingWithRetry", "DependencyNotReady", "")


def failed_attempt(ks: dict | None) -> str | None:
    """The message of the Kustomization's failed attempt (Ready=False for a reason other than
    waiting), which kustomize-controller retries after ``spec.retryInterval``; None otherwise."""
    ready = condition(ks, "Ready")
    if ready.get("status") == "False" and ready.get("reason", "") not in WAITING_REASONS:
        return f"{ready.get('reason')}: {ready.get('message', '')}"
    return None


def explain_kustomization(kube: Kube, name: str) -> str:
    ks = kube.get("kustomize.toolkit.fluxcd.io/v1", "Kustomization", name, FLUX_NS)
    revision = ((ks or {}).get("status") or {}).get("lastAttemptedRevision", "none")
    return f"Kustomization/{FLUX_NS}/{name} (last attempted revision {revision}): {conditions(ks)}"
