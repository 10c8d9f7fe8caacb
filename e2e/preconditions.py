"""What the output assumes a GPU cluster already has, read from the documents, provided by the harness.

A description may place a service on a node pool (``node_selector``, required node affinity,
tolerations of the pool's taint), run it with a RuntimeClass (``runtime_class_name``) or a
PriorityClass, and mount a claim the platform team pre-provisioned (``cache: pvc``). None of
these are the platform's objects: a real cluster has them before the first sync. The e2e
cluster gets exactly what the pod templates in ``dist/`` name, nothing from a list kept here:

- **node pools**: one fake node per zone for each distinct placement a pod template requires
  (its ``nodeSelector`` labels, the first value of each required ``In``/``Exists`` affinity
  expression, GPUs when it requests them, and a taint for each ``Equal`` toleration with a
  value, like a dedicated pool);
- **RuntimeClasses and PriorityClasses** named by pods and not defined by the output;
- **claims**: each ``persistentVolumeClaim`` a pod mounts that the output does not define gets a
  PersistentVolume pre-bound to a claim of that name, with the access mode the pod needs
  (ReadOnlyMany when mounted read-only).

The scheduler and the PV controller then do their real work: a pod whose placement no node
satisfies, or whose claim does not bind, stays Pending and the workload check fails.
"""
from __future__ import annotations

from e2e.cluster import BASE_LABELS, NodeShape
from e2e.kube import Kube, conditions
from inference_platform.contract import GPU_RESOURCE

ZONES = ("a", "b", "c")
_PODS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}


def _pod_specs(docs: list[dict]) -> list[tuple[dict, dict]]:
    """(object, pod spec) for every workload's pod template in ``docs``."""
    out = []
    for doc in docs:
        if doc.get("kind") in _PODS:
            spec = (((doc.get("spec") or {}).get("template") or {}).get("spec")) or {}
            out.append((doc, spec))
    return out


def _gpus(spec: dict) -> int:
    total = 0
    for c in spec.get("containers") or []:
        res = c.get("resources") or {}
        total += int((res.get("limits") or {}).get(GPU_RESOURCE) or (res.get("requests") or {}).get(GPU_RESOURCE) or 0)
    return total


def _required_labels(spec: dict) -> dict[str, str]:
    labels = dict(spec.get("nodeSelector") or {})
    terms = ((((spec.get("affinity") or {}).get("nodeAffinity") or {})
              .get("requiredDuringSchedulingIgnoredDuringExecution") or {}).get("nodeSelectorTerms") or [])
    if terms:  # terms are ORed: satisfying the first one is enough
        for expr in terms[0].get("matchExpressions") or []:
            if expr.get("operator") == "In" and expr.get("values"):
                labels[expr["key"]] = expr["values"][0]
            elif expr.get("operator") == "Exists":
                labels.setdefault(expr["key"], "true")
    return labels


def _pool_taints(spec: dict) -> tuple[tuple[str, str, str], ...]:
    return tuple(sorted((t["key"], t["value"], t.get("effect") or "NoSchedule")
                        for t in spec.get("tolerations") or []
                        if t.get("operator") == "Equal" and t.get("value") and t.get("key") != GPU_RESOURCE))


def placement(spec: dict) -> tuple[dict[str, str], tuple[tuple[str, str, str], ...]]:
    """(node labels, pool taints) a node needs to take pods of ``spec`` (what :func:`node_pools` gives a pool)."""
    return _required_labels(spec), _pool_taints(spec)


def node_pools(docs: list[dict]) -> tuple[NodeShape, ...]:
    """Fake nodes, one per zone, for each distinct placement the pod templates require."""
    pools: dict[tuple, int] = {}
    for _, spec in _pod_specs(docs):
        labels, taints = _required_labels(spec), _pool_taints(spec)
        if not taints and labels.items() <= BASE_LABELS.items():
            continue  # every default node serves it (e.g. Istio's kubernetes.io/os: linux)
        key = (tuple(sorted(labels.items())), taints)
        pools[key] = max(pools.get(key, 0), _gpus(spec))
    shapes = []
    for i, ((labels, taints), gpus) in enumerate(sorted(pools.items())):
        for z in ZONES:
            shapes.append(NodeShape(f"pool{i}-{z}", f"zone-{z}", "64", "512Gi", gpus=8 if gpus else 0,
                                    labels=labels, taints=taints))
    return tuple(shapes)


def _defined(docs: list[dict], kind: str) -> set[tuple[str, str]]:
    return {((d.get("metadata") or {}).get("namespace") or "", d["metadata"]["name"])
            for d in docs if d.get("kind") == kind}


def cluster_objects(docs: list[dict]) -> list[dict]:
    """RuntimeClasses, PriorityClasses, PersistentVolumes and claims the pods name but the output lacks."""
    runtime = _defined(docs, "RuntimeClass")
    priority = _defined(docs, "PriorityClass")
    claims = _defined(docs, "PersistentVolumeClaim")
    out: dict[tuple[str, str, str], dict] = {}
    for doc, spec in _pod_specs(docs):
        ns = doc["metadata"].get("namespace") or "default"
        name = spec.get("runtimeClassName")
        if name and ("", name) not in runtime:
            out[("RuntimeClass", "", name)] = {"apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass",
                                               "metadata": {"name": name}, "handler": name}
        name = spec.get("priorityClassName")
        if name and ("", name) not in priority and not name.startswith("system-"):
            out[("PriorityClass", "", name)] = {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
                                                "metadata": {"name": name}, "value": 1000}
        read_only = {m["name"]: m.get("readOnly", False)
                     for c in spec.get("containers") or [] for m in c.get("volumeMounts") or []}
        for vol in spec.get("volumes") or []:
            pvc = vol.get("persistentVolumeClaim")
            if not pvc or (ns, pvc["claimName"]) in claims:
                continue
            mode = "ReadOnlyMany" if pvc.get("readOnly") or read_only.get(vol["name"]) else "ReadWriteOnce"
            pv = f"e2e-{ns}-{pvc['claimName']}"
            out[("PersistentVolume", "", pv)] = {
                "apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": pv},
                "spec": {"capacity": {"storage": "100Gi"}, "accessModes": [mode], "storageClassName": "",
                         "persistentVolumeReclaimPolicy": "Retain", "hostPath": {"path": f"/e2e/{pv}"},
                         "claimRef": {"namespace": ns, "name": pvc["claimName"]}}}
            out[("PersistentVolumeClaim", ns, pvc["claimName"])] = {
                "apiVersion": "v1", "kind": "PersistentVolumeClaim",
                "metadata": {"name": pvc["claimName"], "namespace": ns},
                "spec": {"accessModes": [mode], "storageClassName": "", "volumeName": pv,
                         "resources": {"requests": {"storage": "100Gi"}}}}
    return [out[k] for k in sorted(out)]


def provide(kube: Kube, docs: list[dict]) -> list[str]:
    """Create :func:`cluster_objects` (namespaces of claims included); wait for claims to bind.

    Returns one line per object, for the report's notes.
    """
    objs = cluster_objects(docs)
    for ns in sorted({o["metadata"]["namespace"] for o in objs if o["kind"] == "PersistentVolumeClaim"}):
        kube.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
    for obj in objs:
        kube.apply(obj)
    for obj in objs:
        if obj["kind"] == "PersistentVolumeClaim":
            meta = obj["metadata"]
            kube.wait(f"PersistentVolumeClaim/{meta['namespace']}/{meta['name']} Bound",
                      lambda m=meta: ((kube.get("v1", "PersistentVolumeClaim", m["name"], m["namespace"]) or {})
                                      .get("status") or {}).get("phase") == "Bound",
                      lambda m=meta: conditions(kube.get("v1", "PersistentVolumeClaim", m["name"],
                                                         m["namespace"])), 60)
    return [f"{o['kind']}/{o['metadata'].get('namespace', '') + '/' if o['metadata'].get('namespace') else ''}"
            f"{o['metadata']['name']}" for o in objs]
