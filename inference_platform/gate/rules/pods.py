"""Pod rules: pinned images, disk volumes within the ephemeral-storage limit, liveness apart from readiness,
memory volumes within the memory limit, rollouts that need no accelerator the pool lacks.

A gateway's ``image: auto`` (filled in by the injection template named in
``inject.istio.io/templates``) counts as pinned, as Istio's own charts render it.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from inference_platform.contract import KEDA_GROUP, SPARE_GPUS_ANNOTATION
from inference_platform.kube_names import image_pinning
from inference_platform.pod_limits import (amount, memory_overflow, memory_volumes, pod_accelerators, pod_request,
                                           rollout_pods, surge_shortfall)
from inference_platform.gate.model import Finding
from inference_platform.gate.rules.base import Index, join_path, quantity, rule, size_text


# --------------------------------------------------------------------------- images, identity


def image_problem(image: str) -> str | None:
    """Why an image reference is not pinned, or None (a digest or a non-latest tag pins it)."""
    pinning = image_pinning(image)
    if pinning == "untagged":
        return f"image {image!r} is not pinned; add a version tag or an @sha256: digest"
    if pinning == "moving":
        return f"image {image!r} uses a moving tag; pin a version tag or an @sha256: digest"
    return None


@rule("image-unpinned", "Container images are pinned by a version tag or a digest.")
def image_unpinned(index: Index) -> Iterator[Finding]:
    for doc, template, base in index.pod_templates():
        injected = "inject.istio.io/templates" in ((template.get("metadata") or {}).get("annotations") or {})
        spec = template.get("spec") or {}
        for group in ("initContainers", "containers", "ephemeralContainers"):
            for i, c in enumerate(spec.get(group) or []):
                image = (c or {}).get("image")
                if not isinstance(image, str) or (injected and image == "auto"):
                    continue
                problem = image_problem(image)
                if problem:
                    yield doc.finding(join_path(base, f"spec.{group}[{i}].image"), problem)


@rule("topology-spread-unique",
      "No two topologySpreadConstraints of a pod share topologyKey and whenUnsatisfiable (the API server refuses it).")
def topology_spread_unique(index: Index) -> Iterator[Finding]:
    for doc, template, base in index.pod_templates():
        first: dict[tuple, int] = {}
        for i, spread in enumerate((template.get("spec") or {}).get("topologySpreadConstraints") or []):
            if not isinstance(spread, dict):
                continue
            key = (str(spread.get("topologyKey")), str(spread.get("whenUnsatisfiable") or "DoNotSchedule"))
            if key in first:
                yield doc.finding(join_path(base, f"spec.topologySpreadConstraints[{i}]"),
                                  f"topologyKey {key[0]!r} with whenUnsatisfiable {key[1]} is already constraint "
                                  f"[{first[key]}]; the API server refuses the pod template (Duplicate value)")
            first.setdefault(key, i)


# --------------------------------------------------------------------------- ephemeral storage


def _ephemeral_limit(spec: dict) -> float | None:
    """The pod's ephemeral-storage limit as the kubelet enforces it: the sum of its containers' and native
    sidecars' limits, or an init container's with the sidecars started before it when that is larger (None when
    no container sets one, so the pod has no limit)."""
    def limit(c: object) -> float | None:
        return quantity(((c.get("resources") or {}).get("limits") or {}).get("ephemeral-storage")) \
            if isinstance(c, dict) else None
    sidecars, init_peaks = 0.0, []
    for c in spec.get("initContainers") or []:
        value = limit(c)
        if isinstance(c, dict) and c.get("restartPolicy") == "Always":
            sidecars += value or 0
        elif value is not None:
            init_peaks.append(value + sidecars)
    known = [v for v in map(limit, spec.get("containers") or []) if v is not None]
    if not known and not sidecars and not init_peaks:
        return None
    return max([sum(known) + sidecars, *init_peaks])


@rule("ephemeral-storage-fits",
      "Disk-backed emptyDir volumes have a sizeLimit and together fit the pod's ephemeral-storage limit.")
def ephemeral_storage_fits(index: Index) -> Iterator[Finding]:
    # The kubelet counts disk-backed emptyDir usage against the pod's ephemeral-storage limit (the sum of
    # its containers' limits) and evicts the pod above it: a volume sized past that limit evicts its own pod.
    for doc, template, base in index.pod_templates():
        spec = template.get("spec") or {}
        limit = _ephemeral_limit(spec)
        if limit is None:
            continue
        sized: list[tuple[str, float]] = []
        for i, volume in enumerate(spec.get("volumes") or []):
            empty_dir = (volume or {}).get("emptyDir")
            if not isinstance(empty_dir, dict) or empty_dir.get("medium") == "Memory":
                continue
            size = quantity(empty_dir.get("sizeLimit"))
            if size is None:
                yield doc.finding(join_path(base, f"spec.volumes[{i}].emptyDir"),
                                  f"emptyDir volume {volume.get('name')!r} is on the node's disk without a sizeLimit "
                                  f"in a pod limited to {size_text(limit)} of ephemeral storage; set a sizeLimit "
                                  "that fits, so one volume cannot fill the limit and get the pod evicted")
            else:
                sized.append((str(volume.get("name")), size))
        total = sum(size for _, size in sized)
        if total > limit:
            parts = " + ".join(f"{name} {size_text(size)}" for name, size in sized)
            yield doc.finding(join_path(base, "spec.volumes"),
                              f"disk-backed emptyDir volumes may hold {size_text(total)} ({parts}) but the pod's "
                              f"ephemeral-storage limit is {size_text(limit)} (the sum of its containers' limits); "
                              "the kubelet counts emptyDir usage against that limit and evicts the pod before the "
                              "volumes are full: raise the containers' ephemeral-storage limits or shrink the "
                              "volumes (or use a PersistentVolumeClaim or generic ephemeral volume)")


# --------------------------------------------------------------------------- probes

#: Kubernetes probe defaults: https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Probe
_PERIOD, _FAILURES, _TIMEOUT = 10, 3, 1
#: How much longer than readiness a liveness probe on the same handler must wait before a restart.
LIVENESS_FACTOR = 3


def _handler(probe: dict, ports: dict[str, int]) -> tuple | None:
    """What a probe asks, comparable between probes (named ports resolved); None for tcpSocket/unknown."""
    def port(value) -> object:
        return ports.get(value, value) if isinstance(value, str) else value
    if isinstance(probe.get("httpGet"), dict):
        get = probe["httpGet"]
        return ("GET", port(get.get("port")), get.get("path") or "/")
    if isinstance(probe.get("grpc"), dict):
        return ("gRPC", port(probe["grpc"].get("port")), probe["grpc"].get("service") or "")
    if isinstance(probe.get("exec"), dict):
        return ("exec", tuple(probe["exec"].get("command") or ()))
    return None


def _handler_text(handler: tuple) -> str:
    if handler[0] == "GET":
        return f"GET :{handler[1]}{handler[2]}"
    if handler[0] == "gRPC":
        return f"gRPC :{handler[1]} service {handler[2]!r}"
    return f"exec {' '.join(map(str, handler[1]))}"


def _budget(probe: dict) -> tuple[int, int, int]:
    """(periodSeconds, failureThreshold, timeoutSeconds) with Kubernetes' defaults."""
    def number(key: str, default: int) -> int:
        value = probe.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else default
    return number("periodSeconds", _PERIOD), number("failureThreshold", _FAILURES), number("timeoutSeconds", _TIMEOUT)


def liveness_findings(template: dict) -> Iterator[tuple[int, str]]:
    """(container index, sentence) for each container whose liveness probe asks the readiness handler with a
    budget too close to readiness's.

    The rule's one owner: the gate applies it to every pod template of dist/, the description loader to the
    Deployment it would write for each version of a service (so the synth refuses what the gate would).
    """
    # Readiness answers "should it take traffic", liveness "is the process stuck". Asking the same handler
    # with a similar budget kills an overloaded pod (an LLM server then reloads its weights for minutes)
    # instead of just taking it out of rotation.
    for i, c in enumerate((template.get("spec") or {}).get("containers") or []):
        live, ready = (c or {}).get("livenessProbe"), (c or {}).get("readinessProbe")
        if not isinstance(live, dict) or not isinstance(ready, dict):
            continue
        ports = {p.get("name"): p.get("containerPort") for p in c.get("ports") or [] if isinstance(p, dict)}
        handler = _handler(live, ports)
        if handler is None or handler != _handler(ready, ports):
            continue
        (l_period, l_fail, l_timeout), (r_period, r_fail, r_timeout) = _budget(live), _budget(ready)
        l_window, r_window = l_period * l_fail, r_period * r_fail
        if l_window >= LIVENESS_FACTOR * r_window and l_timeout >= r_timeout:
            continue
        yield i, (f"liveness asks the readiness handler ({_handler_text(handler)}) with a budget of "
                  f"{l_period}s x {l_fail} = {l_window}s and timeout {l_timeout}s; readiness has "
                  f"{r_period}s x {r_fail} = {r_window}s and timeout {r_timeout}s, so a slow, overloaded "
                  "pod is restarted instead of only taken out of rotation: probe a cheap liveness "
                  f"endpoint or the TCP port, or give liveness at least {LIVENESS_FACTOR * r_window}s "
                  f"(period x failureThreshold) and a timeout of at least {r_timeout}s")


@rule("liveness-distinct-from-readiness",
      "A liveness probe on the readiness handler waits at least 3x readiness's budget, with no shorter timeout.")
def liveness_distinct(index: Index) -> Iterator[Finding]:
    for doc, template, base in index.pod_templates():
        for i, message in liveness_findings(template):
            yield doc.finding(join_path(base, f"spec.containers[{i}].livenessProbe"),
                              message)


# --------------------------------------------------------------------------- capacity: rollouts, memory volumes


def _max_replicas(index: Index) -> dict[tuple[str, str], int]:
    """(namespace, Deployment name) → the most replicas its autoscaler (HPA or KEDA ScaledObject) allows."""
    out: dict[tuple[str, str], int] = {}
    for kind, group, key in (("HorizontalPodAutoscaler", "autoscaling", "maxReplicas"),
                             ("ScaledObject", KEDA_GROUP, "maxReplicaCount")):
        for doc in index.kind(kind, group):
            ref = doc.spec.get("scaleTargetRef") or {}
            value = doc.spec.get(key)
            if ref.get("kind", "Deployment") == "Deployment" and isinstance(value, int) and not isinstance(value, bool):
                out[(doc.namespace, str(ref.get("name")))] = max(value, out.get((doc.namespace, str(ref.get("name"))), 0))
    return out


@rule("rollout-fits-gpus",
      "A Deployment whose pods hold GPUs or other accelerators rolls out without more than the pool keeps free.")
def rollout_fits_gpus(index: Index) -> Iterator[Finding]:
    # On a GPU pool with no free accelerator (its normal state) a surge pod stays Pending: the rollout of a
    # model never completes. The pool's free accelerators are what the Deployment states (an annotation).
    maxima = None
    for doc in index.kind("Deployment", "apps"):
        template = doc.spec.get("template")
        per_pod = pod_accelerators((template or {}).get("spec") or {}) if isinstance(template, dict) else {}
        if not per_pod:
            continue
        if maxima is None:
            maxima = _max_replicas(index)
        replicas = maxima.get((doc.namespace, doc.name), doc.spec.get("replicas"))
        replicas = replicas if isinstance(replicas, int) and not isinstance(replicas, bool) else 1
        strategy = doc.spec.get("strategy")
        try:
            surge, _ = rollout_pods(strategy if isinstance(strategy, dict) else None, replicas)
            spare = int(((doc.obj.get("metadata") or {}).get("annotations") or {}).get(SPARE_GPUS_ANNOTATION) or 0)
        except ValueError:
            continue  # not a count or a percentage: the schema check reports it
        short = surge_shortfall(per_pod, surge, spare)
        if short:
            needs = ", ".join(f"{surge * per_pod[name]} {name}" for name in short)
            yield doc.finding("spec.strategy", (
                f"the rollout adds {surge} surge pod(s) at {replicas} replicas, which need {needs} beyond what the "
                f"Deployment's pods hold, and the pool keeps {spare} free ({SPARE_GPUS_ANNOTATION}); on a full GPU "
                "pool the surge pods stay Pending and the rollout never completes: set maxSurge 0 with "
                "maxUnavailable 1, or strategy Recreate"))


@rule("memory-volumes-fit",
      "Memory-backed emptyDir volumes (/dev/shm) at their size limits fit the pod's memory limit.")
def memory_volumes_fit(index: Index) -> Iterator[Finding]:
    # A Memory-medium emptyDir is tmpfs charged to the pod's memory cgroup: sized past the limit, the server
    # is OOM-killed before the volume is full.
    for doc, template, base in index.pod_templates():
        spec = template.get("spec") or {}
        volumes = memory_volumes(spec)
        containers = [c for c in (spec.get("containers") or []) if isinstance(c, dict)]
        if not volumes or not containers or any(
                amount(((c.get("resources") or {}).get("limits") or {}).get("memory")) is None for c in containers):
            continue  # without a limit on every container the pod has none
        limit = pod_request(spec, "memory", "limits")
        sized = [(name, size) for _, name, size in volumes if size is not None]
        total = sum((size for _, size in sized), Decimal(0))
        if memory_overflow(total, limit):
            parts = " + ".join(f"{name} {size_text(float(size))}" for name, size in sized)
            yield doc.finding(join_path(base, "spec.volumes"), (
                f"memory-backed emptyDir volumes may hold {size_text(float(total))} ({parts}) but the pod's memory "
                f"limit is {size_text(float(limit))}; tmpfs pages count against it and the container is OOM-killed "
                "before the volumes are full: raise the memory limit or shrink the volumes"))
