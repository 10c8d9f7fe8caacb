"""Read the generated objects (HPA or KEDA ScaledObject, Deployment, VirtualService) into a ScalingConfig.

The simulator runs what the synth *generates*, not a second reading of the description: the
one exception is the per-service ``cold_start_seconds`` estimate, which no object carries.
A ScaledObject is first converted to the HPA KEDA creates from it
(https://keda.sh/docs/latest/reference/scaledobject-spec/): minReplicaCount (default 0;
the HPA gets at least 1), maxReplicaCount (default 100), each trigger as an External metric
(``metricType`` default AverageValue; cpu/memory triggers as Resource metrics),
``advanced.horizontalPodAutoscalerConfig.behavior`` as the HPA's behavior; pollingInterval
(default 30 s), cooldownPeriod (default 300 s) and each trigger's activationThreshold drive
KEDA's own 0 ↔ 1 loop.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from inference_platform.synth.app import PlatformApp
from inference_platform.fast import yaml_reader
from inference_platform.pod_limits import pod_accelerators
from inference_platform.description import load_file
from inference_platform.kube_names import quantity_value
from inference_platform.scaling.model import (
    DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP, Behavior, KedaActivation, Metric, Policy, Rules, ScalingConfig)
from inference_platform.synth.render import render
from inference_platform.catalog.signals import SOURCES


class ConfigError(ValueError):
    """The generated objects do not describe an autoscaled version; the message is for the user."""


def generated_objects(description_path: str | Path, env: str, *, chart_sources: dict[str, str] | None = None) -> list[dict]:
    """Every object the synth generates for ``env``: the simulator's only tie to build/output.

    ``chart_sources``: local chart folders for rendered mode, as the synth takes them.
    """
    path = Path(description_path)
    files = _rendered(str(path.resolve()), path.stat().st_mtime_ns if path.exists() else 0,
                      tuple(sorted((chart_sources or {}).items())))
    envs = sorted({rel.split("/", 1)[0] for rel in files})
    if env not in envs:
        raise ConfigError(f"--env: {env!r} is not an environment of {description_path}; known: {', '.join(envs)}.")
    return [doc for rel, text in files.items() if rel.startswith(f"{env}/") and not rel.endswith("kustomization.yaml")
            for doc in yaml_reader.documents(text) if isinstance(doc, dict)]


@functools.lru_cache(maxsize=2)
def _rendered(path: str, mtime_ns: int, chart_sources: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """One synth per description file version (a report asks once per environment)."""
    return render(PlatformApp(load_file(path), chart_sources=dict(chart_sources)))


def cold_start_estimate(description_path: str | Path, env: str, service: str) -> int | None:
    """The description's ``cold_start_seconds`` for the service in ``env``, None when not set."""
    platform = load_file(description_path).resolved_environments()[env]
    for svc in platform.services:
        if svc.name == service:
            return svc.cold_start_seconds
    return None


def quantity(value: object, where: str) -> float:
    """A Kubernetes quantity ("5", "500m", "2k", "1Gi") as a number."""
    try:
        return float(quantity_value(str(value)))
    except ValueError:
        raise ConfigError(f"{where}: {value!r} is not a Kubernetes quantity (e.g. 5, 500m, 2k).") from None


def autoscaled_versions(objects: list[dict]) -> list[tuple[str, str]]:
    """(service, version) of every Deployment an HPA or ScaledObject scales, in object order."""
    scaled = {(o.get("spec", {}).get("scaleTargetRef") or {}).get("name") for o in objects
              if o.get("kind") in ("HorizontalPodAutoscaler", "ScaledObject")}
    out = []
    for o in objects:
        labels = o.get("metadata", {}).get("labels", {})
        if o.get("kind") == "Deployment" and o["metadata"]["name"] in scaled and "version" in labels:
            out.append((labels["app"], labels["version"]))
    return out


def scaled_object_to_hpa(so: dict) -> dict:
    """The autoscaling/v2 HPA spec KEDA generates for a ScaledObject (as plain data)."""
    spec = so.get("spec", {})
    name = so["metadata"]["name"]
    metrics = []
    for i, trig in enumerate(spec.get("triggers") or []):
        kind, meta = trig.get("type", ""), trig.get("metadata") or {}
        if kind in ("cpu", "memory"):
            mtype = trig.get("metricType", "Utilization")
            key = "averageUtilization" if mtype == "Utilization" else "averageValue"
            metrics.append({"type": "Resource", "resource": {"name": kind, "target": {
                "type": mtype, key: int(meta["value"]) if mtype == "Utilization" else meta["value"]}}})
            continue
        mtype = trig.get("metricType", "AverageValue")
        threshold = next((meta[k] for k in ("threshold", "targetValue", "value") if k in meta), None)
        if threshold is None:
            raise ConfigError(f"ScaledObject {name}: spec.triggers[{i}] ({kind}) has no metadata.threshold.")
        key = "averageValue" if mtype == "AverageValue" else "value"
        metrics.append({"type": "External", "external": {
            "metric": {"name": f"s{i}-{kind}", "selector": {"matchLabels": {"scaledobject.keda.sh/name": name}}},
            "target": {"type": mtype, key: str(threshold)}}})
    hpa_spec = {
        "scaleTargetRef": spec.get("scaleTargetRef"),
        "minReplicas": max(int(spec.get("minReplicaCount", 0)), 1),
        "maxReplicas": int(spec.get("maxReplicaCount", 100)),
        "metrics": metrics,
    }
    behavior = ((spec.get("advanced") or {}).get("horizontalPodAutoscalerConfig") or {}).get("behavior")
    if behavior is not None:
        hpa_spec["behavior"] = behavior
    return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": f"keda-hpa-{name}", "namespace": so["metadata"].get("namespace")}, "spec": hpa_spec}


def keda_activation(so: dict) -> KedaActivation:
    spec = so.get("spec", {})
    hpa = scaled_object_to_hpa(so)
    thresholds, pod_measured = [], []
    for i, trig in enumerate(spec.get("triggers") or []):
        if trig.get("type") not in ("cpu", "memory"):
            value = (trig.get("metadata") or {}).get("activationThreshold", "0")
            metric = hpa["spec"]["metrics"][i]["external"]["metric"]["name"]
            thresholds.append((metric, quantity(value, f"ScaledObject {so['metadata']['name']}: "
                                                       f"triggers[{i}].activationThreshold")))
            # The trigger is named for its signal (model_autoscaler): where that signal is measured.
            source = SOURCES.get(str(trig.get("name") or ""))
            if source is not None and source.source in ("server", "istio", "picker"):
                pod_measured.append(metric)
    return KedaActivation(min_replica_count=int(spec.get("minReplicaCount", 0)),
                          polling_interval_seconds=int(spec.get("pollingInterval", 30)),
                          cooldown_period_seconds=int(spec.get("cooldownPeriod", 300)),
                          activation_thresholds=tuple(thresholds), pod_measured=tuple(pod_measured))


def _rules(data: dict | None, default: Rules, where: str) -> Rules:
    """copyHPAScalingRules: fields the object leaves out come from the API server's defaults."""
    if data is None:
        return default
    policies = data.get("policies")
    return Rules(
        stabilization_window_seconds=int(data.get("stabilizationWindowSeconds", default.stabilization_window_seconds)),
        select_policy=data.get("selectPolicy", default.select_policy),
        policies=default.policies if policies is None else tuple(
            Policy(p["type"], int(p["value"]), int(p["periodSeconds"])) for p in policies),
        tolerance=quantity(data["tolerance"], f"{where}.tolerance") if "tolerance" in data else None)


def _metric(m: dict, where: str) -> Metric:
    source = m.get("type")
    body = m.get({"Resource": "resource", "ContainerResource": "containerResource", "Pods": "pods",
                  "Object": "object", "External": "external"}.get(source, ""), None)
    if body is None:
        raise ConfigError(f"{where}: metric type {source!r} is not one of Resource, ContainerResource, Pods, Object, External.")
    name = body.get("name") or (body.get("metric") or {}).get("name")
    target = body.get("target") or {}
    ttype = target.get("type")
    key = {"Utilization": "averageUtilization", "AverageValue": "averageValue", "Value": "value"}.get(ttype)
    if key is None or key not in target:
        raise ConfigError(f"{where}: target {target!r} has no {key or 'type'}; expected Utilization, AverageValue or Value.")
    return Metric(source, name, ttype, quantity(target[key], f"{where}.target.{key}"))


def read_config(objects: list[dict], service: str, version: str, *, cold_start_seconds: int | None = None) -> ScalingConfig:
    """The ScalingConfig of ``<service>-<version>`` from its HPA or ScaledObject and its Deployment."""
    name = f"{service}-{version}"
    by_kind = {(o.get("kind"), o.get("metadata", {}).get("name")): o for o in objects}
    so = by_kind.get(("ScaledObject", name))
    hpa = scaled_object_to_hpa(so) if so is not None else by_kind.get(("HorizontalPodAutoscaler", name))
    if hpa is None:
        known = ", ".join(f"{s}/{v}" for s, v in autoscaled_versions(objects)) or "none"
        raise ConfigError(f"--service/--version: no HorizontalPodAutoscaler or ScaledObject named {name!r}; "
                          f"autoscaled versions: {known}.")
    deployment = by_kind.get(("Deployment", name))
    if deployment is None:
        raise ConfigError(f"{name}: the autoscaler targets Deployment {name!r}, which is not generated.")
    spec = hpa["spec"]
    where = f"{'ScaledObject' if so else 'HorizontalPodAutoscaler'} {name}"
    metrics = tuple(_metric(m, f"{where}: spec.metrics[{i}]") for i, m in enumerate(spec.get("metrics") or []))
    if not metrics:
        raise ConfigError(f"{where}: no metrics to simulate.")
    behavior = spec.get("behavior")
    if behavior is not None:
        behavior = Behavior(_rules(behavior.get("scaleUp"), DEFAULT_SCALE_UP, f"{where}: behavior.scaleUp"),
                            _rules(behavior.get("scaleDown"), DEFAULT_SCALE_DOWN, f"{where}: behavior.scaleDown"))
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    # GPUs and other accelerators (amd.com/gpu, google.com/tpu, ...) of one pod, sidecars included.
    gpu = sum(pod_accelerators(deployment["spec"]["template"]["spec"]).values())
    return ScalingConfig(
        name=name, min_replicas=int(spec.get("minReplicas", 1)), max_replicas=int(spec["maxReplicas"]),
        metrics=metrics, behavior=behavior,
        cold_start_seconds=startup_budget(container) if cold_start_seconds is None else int(cold_start_seconds),
        keda=keda_activation(so) if so is not None else None, gpu_per_pod=gpu,
        route_timeout_seconds=route_timeout(objects, service, version),
        source="ScaledObject (as the HPA KEDA generates)" if so is not None else "HorizontalPodAutoscaler")


def startup_budget(container: dict) -> int:
    """Seconds the startup probe allows: initialDelaySeconds + periodSeconds × failureThreshold."""
    probe = container.get("startupProbe")
    if not probe:
        return 0
    return int(probe.get("initialDelaySeconds", 0)) + int(probe.get("periodSeconds", 10)) * int(probe.get("failureThreshold", 3))


def route_timeout(objects: list[dict], service: str, version: str) -> float | None:
    """The longest VirtualService route timeout among routes sending traffic to this version."""
    timeouts = []
    for o in objects:
        if o.get("kind") != "VirtualService":
            continue
        for route in o.get("spec", {}).get("http") or []:
            if "timeout" not in route:
                continue
            dests = [d.get("destination", {}) for d in route.get("route") or []]
            if any(d.get("host", "").split(".")[0] == service and d.get("subset", version) == version for d in dests):
                timeouts.append(_duration(route["timeout"]))
    return max(timeouts) if timeouts else None


def _duration(text: str) -> float:
    m = re.fullmatch(r"([0-9.]+)(ms|s|m|h)", str(text).strip())
    if not m:
        return float("nan")
    return float(m.group(1)) * {"ms": 1e-3, "s": 1, "m": 60, "h": 3600}[m.group(2)]
