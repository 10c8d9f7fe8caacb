"""A GPU rollout on a full pool: the generated Deployment replaces its pods with no GPU to spare.

A GPU cluster's pool is normally full. The scenario takes a GPU service's Deployment from the
committed ``dist/`` (``vision-v1`` in prod: 2 GPUs per pod, its node pool's labels, taint and
RuntimeClass, its model claim) and from the first example (``llama-70b-v1`` of
examples/vllm-tensor-parallel-lora.yaml: 4 GPUs per pod, an adapter-fetching init container), runs ``REPLICAS`` of it (standing in for its autoscaler) on a pool
of kwok nodes holding exactly ``REPLICAS`` x its GPUs (placement as e2e/preconditions.py reads it),
changes the image and waits: the real Deployment controller of kube-controller-manager and the
real scheduler must complete the rollout (the default ``maxSurge: 0, maxUnavailable: 1``).

Then the counter-check: the same Deployment with ``maxSurge: 1, maxUnavailable: 0`` (what the
loader and the gate's ``rollout-fits-gpus`` refuse) and another image change: the surge pod stays
Pending for want of GPUs and the rollout does not complete, which is why the default exists.
"""
from __future__ import annotations

import copy
import time

from e2e import preconditions
from e2e.checks import Refused, apply_layer, wait_available
from e2e.cluster import CONTROL_PLANE, DEFAULT_NODES, NodeShape, binaries, cluster
from e2e.kube import ApiError, WaitTimeout, condition
from e2e.procs import pause
from e2e.report import Report, Table
from e2e.variants import REPO, build_folder
from inference_platform import layout
from inference_platform.contract import GPU_RESOURCE
from inference_platform.pod_limits import pod_accelerators

#: (environment, Deployment) of the committed dist/ the scenario rolls out.
ENV, DEPLOYMENT = "prod", "vision-v1"
REPLICAS = 2
ROLLOUT_TIMEOUT = 180.0
#: How long the counter-check watches a surge rollout not completing.
STUCK_SECONDS = 25.0
TITLE = "GPU rollout · a full pool, the real Deployment controller and scheduler"
COLUMNS = ("result",)


def _pool(spec: dict, gpus_per_pod: int) -> tuple[NodeShape, ...]:
    """``REPLICAS`` nodes of the pod's pool, each with the GPUs of one pod: no GPU to spare."""
    labels, taints = preconditions.placement(spec)
    return tuple(NodeShape(f"full-gpu-{i}", f"zone-{'abc'[i % 3]}", "64", "512Gi", gpus=gpus_per_pod,
                           labels=tuple(sorted(labels.items())), taints=taints) for i in range(REPLICAS))


def _pods(kube, dep: dict) -> list[dict]:
    labels = ",".join(f"{k}={v}" for k, v in dep["spec"]["selector"]["matchLabels"].items())
    return [p for p in kube.list("v1", "Pod", dep["metadata"]["namespace"], labels)
            if not p["metadata"].get("deletionTimestamp")]


def _complete(kube, dep: dict, image: str) -> bool:
    live = kube.get_like(dep) or {}
    status = live.get("status") or {}
    pods = _pods(kube, dep)
    return (status.get("observedGeneration", 0) >= live["metadata"].get("generation", 1)
            and status.get("updatedReplicas") == REPLICAS == status.get("readyReplicas")
            and status.get("replicas") == REPLICAS and len(pods) == REPLICAS
            and all(p["spec"]["containers"][0]["image"] == image for p in pods))


def _with_image(dep: dict, image: str) -> dict:
    out = copy.deepcopy(dep)
    out["spec"]["template"]["spec"]["containers"][0]["image"] = image
    return out


def _roll(kube, dep: dict, image: str, timeout: float) -> tuple[float, int, int]:
    """Apply ``dep`` with ``image``; (seconds to complete, most pods at once, most Pending) while it rolls."""
    kube.apply(_with_image(dep, image))
    start, most, pending = time.monotonic(), 0, 0
    while time.monotonic() - start < timeout:
        pods = _pods(kube, dep)
        most = max(most, len(pods))
        pending = max(pending, sum(1 for p in pods if condition(p, "PodScheduled").get("status") == "False"))
        if _complete(kube, dep, image):
            return time.monotonic() - start, most, pending
        pause(0.5)
    raise WaitTimeout(f"rollout to {image}: not complete after {timeout:.0f} s; {_explain(kube, dep)}")


def _explain(kube, dep: dict) -> str:
    status = (kube.get_like(dep) or {}).get("status") or {}
    parts = [f"replicas {status.get('replicas', 0)}, updated {status.get('updatedReplicas', 0)}, "
             f"ready {status.get('readyReplicas', 0)}"]
    for pod in _pods(kube, dep):
        sched = condition(pod, "PodScheduled")
        if sched.get("status") == "False":
            parts.append(f"pod {pod['metadata']['name']} Pending: {sched.get('message')}")
    return "; ".join(parts)


def check_rollout(report: Report, dist=REPO / "dist", env: str = ENV, deployment: str | None = DEPLOYMENT,
                  source: str = "dist/") -> Table:
    """Run the scenario on Deployment ``deployment`` (None: the first with GPUs) of environment ``env`` in ``dist``
    (``source`` names it in the table's title); its checks into ``report``."""
    table = report.table(f"{TITLE} · {source}", COLUMNS)
    try:
        bins = binaries(CONTROL_PLANE)
        apps = build_folder(dist / layout.layer_unit(env, layout.APPS))
        dep = copy.deepcopy(next(d for d in apps if d["kind"] == "Deployment" and (
            d["metadata"]["name"] == deployment if deployment is not None
            else pod_accelerators(d["spec"]["template"]["spec"]))))
        deployment = dep["metadata"]["name"]
        namespace = dep["metadata"]["namespace"]
        account = dep["spec"]["template"]["spec"]["serviceAccountName"]
        objects = [d for d in build_folder(dist / layout.layer_unit(env, layout.NAMESPACES))
                   if d["metadata"]["name"] == namespace]
        objects += [d for d in apps if d["kind"] == "ServiceAccount" and d["metadata"]["name"] == account]
        spec = dep["spec"]["template"]["spec"]
        (gpus,) = pod_accelerators(spec).values()
        strategy = dep["spec"]["strategy"]
        dep["spec"]["replicas"] = REPLICAS  # what its autoscaler would hold
        pool = _pool(spec, gpus)
        image = spec["containers"][0]["image"]
        new_image, surge_image = f"{image}-rollout", f"{image}-surge"
        cpu_nodes = tuple(n for n in DEFAULT_NODES if not n.gpus)
        with cluster(bins, nodes=cpu_nodes + pool) as c:
            made = preconditions.provide(c.kube, [dep])
            apply_layer(c.kube, objects + [dep])
            wait_available(c.kube, [dep])
            report.ok(table, "full pool", "result",
                      f"{REPLICAS} x {deployment} ({gpus} GPUs each) Available on {len(pool)} nodes with {gpus} "
                      f"GPUs each: {REPLICAS * gpus} of {REPLICAS * gpus} GPUs in use; also provided: "
                      f"{', '.join(made) or 'nothing'}")
            seconds, most, pending = _roll(c.kube, dep, new_image, ROLLOUT_TIMEOUT)
            rolling = strategy.get("rollingUpdate") or {}
            report.ok(table, "image change rolls out", "result",
                      f"strategy {strategy['type']} maxSurge {rolling.get('maxSurge')} maxUnavailable "
                      f"{rolling.get('maxUnavailable')} (generated): every pod on {new_image} in {seconds:.0f} s, at "
                      f"most {most} pods at once, {pending} Pending")
            surge = copy.deepcopy(dep)
            surge["spec"]["strategy"] = {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}
            apply_layer(c.kube, [_with_image(surge, new_image)])
            try:
                _roll(c.kube, surge, surge_image, STUCK_SECONDS)
                report.fail(table, "a surge rollout does not complete", "result",
                            "maxSurge 1 completed on a pool without free GPUs: the scenario's pool is not full")
            except WaitTimeout:
                stuck = _explain(c.kube, surge)
                if f"Insufficient {GPU_RESOURCE}" in stuck:
                    report.ok(table, "a surge rollout does not complete", "result",
                              f"maxSurge 1 / maxUnavailable 0 (refused by the loader and rollout-fits-gpus) still "
                              f"not complete after {STUCK_SECONDS:.0f} s: {stuck}")
                else:
                    report.fail(table, "a surge rollout does not complete", "result",
                                f"stuck, but not for want of GPUs: {stuck}")
    except (WaitTimeout, ApiError, Refused, RuntimeError, OSError, ValueError, StopIteration, FileNotFoundError) as err:
        report.fail(table, "scenario", "result", f"{type(err).__name__}: {err}")
    return table

