"""The values file of ``tools/bench-chart`` for a platform description (`make bench`).

The chart renders, per environment and service, the objects ``AiService`` writes to
``<env>/layers/50-apps/<service>.yaml`` (see ``inference_platform/service_objects/``), from the same
resolved description: the values hold each environment's services with every default filled in
(what the synth's manifest functions read), and the templates build every object and field from
them: names, labels, ports, probes, env, volumes, placement, security settings, autoscaler,
PodMonitors and Istio policy. So ``helm template`` does the work a chart-based platform would do.

What a chart would take from a table rather than compute in Go templates is resolved here, as a
chart's values would carry it (one ``x`` key per service, per probe and per version, beside the
description's own fields): the server preset's facts (ports, metrics port and path, probe paths,
its port and cache environment, whether it needs /dev/shm), the PromQL of each KEDA trigger (the
signal table of ``inference_platform/catalog/signals.py``), quantities KEDA and the kubelet parse
(thresholds, the ephemeral-storage total). No object or object fragment is pre-rendered.
"""
from __future__ import annotations

import copy
import dataclasses
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from inference_platform.contract import principal
from inference_platform.description import Traffic, load_file
from inference_platform.description.pod import MODELS_PATH, TOPOLOGY_KEYS
from inference_platform.description.rollout import strategy
from inference_platform.description.service import CACHE_PATH
from inference_platform.kube_names import binary_quantity, quantity_value
from inference_platform.layout import APPS, layer_unit
from inference_platform.service_objects.model_autoscaler import quantity_text
from inference_platform.service_objects.model_version import TMP_SIZE
from inference_platform.catalog.servers import preset
from inference_platform.catalog.signals import query
from tools.bench_description import generate

CHART = Path(__file__).resolve().parent / "bench-chart"


def plain(obj: Any) -> Any:
    """A description object as plain data (dataclasses or pydantic models)."""
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    if dataclasses.is_dataclass(obj):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    if isinstance(obj, dict):
        return {k: plain(v) for k, v in obj.items()}
    return obj


def _port(p: Any) -> dict[str, Any] | None:
    return None if p is None else {"name": p.name, "port": p.port, "published": p.published, "protocol": p.protocol}


def _server_monitor_port(service: Any) -> str | None:
    """The container port the server's PodMonitor scrapes without metrics merging (None: no monitor)."""
    server = preset(service.server)
    wanted = server.metrics_port
    names = [p.name for p in service.port_list]
    if wanted is None:
        return None
    if wanted in names:
        return wanted
    if server.ports and wanted == server.ports[0].name and names:
        return names[0]
    return None


def _service_values(service: Any, *, ingress_workload: str, ingress_namespace: str) -> dict[str, Any]:
    """The service's resolved description plus what the preset and signal tables say about it (``x``)."""
    svc = plain(service)
    server = service.server_preset
    ports = {p.name: p.port for p in service.port_list}
    server_env = {var: str(ports[name]) for name, var in server.port_env.items() if name in ports}
    server_env.update(service.cache_env)
    cache = service.cache
    disk = [service.resources.ephemeral_storage, TMP_SIZE] + ([cache.size] if cache.type in ("emptyDir", "pvc") else [])
    ephemeral = {"ephemeral-storage": binary_quantity(sum(quantity_value(q) for q in disk))}
    container = service.resources.container()
    metrics = service.metrics_port
    scaling = service.autoscaling
    svc["x"] = {
        "ports": [_port(p) for p in service.port_list],
        "apiPorts": [_port(p) for p in service.api_ports],
        "metricsPort": _port(metrics),
        "metricsPath": service.metrics_path,
        "serverEnv": server_env,
        "ephemeralStorage": binary_quantity(sum(quantity_value(q) for q in disk)),
        "shm": service.resources.shm(server.needs_shm or service.server == "generic"),
        "hugepages": [{"size": size, "name": f"hugepages-{size.lower()}"} for size in sorted(service.resources.hugepages)],
        "accelerators": list(service.resources.accelerators),
        "strategy": strategy(service.rollout, bool(service.resources.accelerators)),
        "resources": {kind: {**container[kind], **ephemeral} for kind in ("limits", "requests")},
        "spreadPods": service.spread_pods,
        "serverMonitorPort": _server_monitor_port(service),
        "serverMetricsPath": server.metrics_path,
        "usesKeda": scaling.uses_keda,
        "fallbackReplicas": (scaling.fallback_replicas or max(scaling.min_replicas, 1))
        if scaling.signals and not scaling.has_resource_signal else None,
        "envoyMonitor": any(s.signal == "request_rate" for s in scaling.signals),
    }
    for kind in ("startup", "readiness", "liveness"):
        probe = getattr(service.probes, kind)
        if probe is not None:
            port = service.probe_port(probe)
            svc["probes"][kind]["x"] = {"portName": port.name, "portNumber": port.port,
                                        "path": service.probe_path(kind)}
    for version, values in zip(service.versions, svc["versions"]):
        gateway = {"weight": version.weight, "gateway_workload": ingress_workload,
                   "gateway_namespace": ingress_namespace}
        values["x"] = {"triggers": [{
            "signal": s.signal,
            "query": query(s.signal, server=service.server, namespace=service.namespace, service=service.name,
                           version=version.name, raw=s.query, **(gateway if s.signal == "gateway_request_rate" else {})),
            "threshold": quantity_text(s.target),
            "activationThreshold": quantity_text(s.activation_threshold)} for s in scaling.signals]}
    return svc


def helm_values(description: str | Path) -> dict[str, Any]:
    platform = load_file(description)
    environments = []
    for env, resolved in platform.resolved_environments().items():
        gw = resolved.istio.gateway
        prometheus = resolved.observability.prometheus
        environments.append({
            "name": env,
            "partOf": resolved.name,
            "gateway": f"{gw.namespace}/{resolved.name}-gateway",
            "ingressPrincipal": principal(gw.namespace, gw.name),
            "prometheus": {"url": prometheus.url, "monitorLabels": dict(prometheus.monitor_labels)},
            # what service_traffic applies to a service without public hosts (DEFAULT_POLICY)
            "defaultTraffic": plain(Traffic(hosts=("mesh-internal.invalid",))),
            "services": [_service_values(svc, ingress_workload=gw.name, ingress_namespace=gw.namespace)
                         for svc in resolved.services],
        })
    return {"paths": {"cache": CACHE_PATH, "models": MODELS_PATH}, "topologyKeys": dict(TOPOLOGY_KEYS),
            "environments": environments}


def _key(obj: dict[str, Any]) -> str:
    return json.dumps(obj, sort_keys=True)


def same_objects(helm_output: Path, dist: Path) -> tuple[int, list[str]]:
    """How many objects ``helm template`` rendered, and how they differ from dist's 50-apps layers.

    Objects are compared as parsed data (key order and quoting style aside); the list names
    each object found on one side only, ``-`` synth, ``+`` helm.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    helm = Counter(_key(d) for d in yaml.load_all(helm_output.read_text(encoding="utf-8"), Loader=loader) if d)
    synth: Counter[str] = Counter()
    for path in sorted(dist.glob(f"{layer_unit('*', APPS)}/*.yaml")):
        if path.name != "kustomization.yaml":
            synth.update(_key(d) for d in yaml.load_all(path.read_text(encoding="utf-8"), Loader=loader) if d)

    def ref(key: str) -> str:
        obj = json.loads(key)
        return f"{obj.get('kind')} {obj['metadata'].get('namespace')}/{obj['metadata'].get('name')}"

    diff = [f"- {ref(k)}" for k in sorted((synth - helm).elements())] + \
           [f"+ {ref(k)}" for k in sorted((helm - synth).elements())]
    return sum(helm.values()), diff


#: Services using what the default ones do not: declared ports (grpc, tcp, a scrape port),
#: ConfigMap/Secret env, pull secrets, an ephemeral cache, placement, security overrides, an HPA
#: on cpu+memory, scale to zero on the gateway's rate, a GPU server without metrics merging.
EVERY_FIELD_SERVICES = [
    {"name": "custom", "namespace": "ai-vision", "image": "example.com/custom:1.0",
     "ports": [{"name": "http-api", "port": 9000}, {"name": "grpc-api", "port": 9001, "protocol": "grpc"},
               {"name": "tcp-raw", "port": 9100, "protocol": "tcp"}, {"name": "http-metrics", "port": 9200}],
     "scrape": {"port": "http-metrics", "path": "/prom"},
     "env": {"A": "1", "CFG": {"config_map": "cfg", "key": "k", "optional": True}, "S": {"secret": "s", "key": "k"}},
     "image_pull_secrets": ["regcred"],
     "resources": {"cpu": "1", "memory": "2Gi", "gpu": 1},
     "cache": {"type": "ephemeral", "size": "30Gi", "storage_class": "fast"},
     "node_affinity": [{"key": "a", "operator": "Exists"}],
     "tolerations": [{"key": "t"}, {"key": "u", "operator": "Equal", "value": "v"}],
     "priority_class_name": "high", "pod_anti_affinity": "required",
     "topology_spread": [{"over": "host", "max_skew": 2, "when_unsatisfiable": "DoNotSchedule"}],
     "run_as_user": 20000, "fs_group": 3000, "read_only_root_filesystem": True,
     "probes": {"startup": {"type": "grpc", "initial_delay_seconds": 5}, "readiness": {"path": "/ready"}},
     "autoscaling": {"min_replicas": 0, "max_replicas": 3, "cpu_utilization": None, "signals": [
         {"signal": "gateway_request_rate", "target": 0.5, "activation_threshold": 0.25},
         {"signal": "request_rate", "target": 3}]},
     "versions": [{"name": "a", "weight": 70, "image": "example.com/custom:2.0", "env": {"A": "2"}},
                  {"name": "b", "weight": 30}],
     "traffic": {"hosts": ["custom.ai.example.com"],
                 "matches": [{"uri_exact": "/x", "headers": {"a": "b"}}, {"headers": {"c": "d"}}]}},
    {"name": "plain", "namespace": "ai-vision", "image": "example.com/plain:1.0",
     "autoscaling": {"min_replicas": 2, "max_replicas": 5, "cpu_utilization": 70, "memory_utilization": 80,
                     "behavior": {"scale_up": {"select_policy": "Max",
                                               "policies": [{"type": "Percent", "value": 50, "period_seconds": 60}]}}}},
    {"name": "tgi", "namespace": "ai-llm", "server": "tgi", "image": "ghcr.io/huggingface/text-generation-inference:3.0",
     "resources": {"cpu": "4", "memory": "16Gi", "gpu": 2},
     "autoscaling": {"min_replicas": 1, "max_replicas": 3, "cpu_utilization": 60,
                     "signals": [{"signal": "request_rate", "target": 10}]}},
    {"name": "devices", "namespace": "ai-llm", "server": "vllm", "image": "vllm/vllm-openai:v0.11.0",
     "ports": [{"name": "http-api", "port": 8000, "service_port": 80}],
     "resources": {"cpu": "4", "cpu_limit": "none", "memory": "16Gi", "memory_limit": "24Gi",
                   "devices": {"amd.com/gpu": 2, "rdma/ib": 1}, "hugepages": {"2Mi": "1Gi"}, "shm_size": "4Gi"},
     "cache": {"type": "shared", "claim_name": "llm-cache"},
     "rollout": {"max_surge": 1, "max_unavailable": 0, "spare_gpus": 2},
     "pod_labels": {"team": "llm"}, "pod_annotations": {"example.com/owner": "llm team"},
     "probes": {"liveness": {"failure_threshold": 10}},
     "autoscaling": {"min_replicas": 1, "max_replicas": 2, "cpu_utilization": None, "polling_interval_seconds": 15,
                     "signals": [{"signal": "queue_depth", "target": 5}]}},
    {"name": "recreate", "namespace": "ai-vision", "image": "example.com/plain:1.0",
     "rollout": {"strategy": "Recreate"}},
]


def every_field_description() -> dict[str, Any]:
    """A small bench-shaped description plus services using every field the default ones do not."""
    description = generate(4)
    description["observability"]["prometheus"]["monitor_labels"] = {"release": "kube-prometheus-stack"}
    description["services"] += copy.deepcopy(EVERY_FIELD_SERVICES)
    return description


def check_chart(work: Path, helm: str) -> tuple[int, list[str]]:
    """Synthesize :func:`every_field_description` and render the chart for it in ``work``; how many
    objects helm rendered, and the objects on one side only (:func:`same_objects`).

    `make bench` runs this first and refuses to time a chart that renders other objects than
    the synth: the chart is the bench's, and this is where it is kept in step with
    :mod:`inference_platform.service_objects`.
    """
    repo = Path(__file__).resolve().parents[1]
    work.mkdir(parents=True, exist_ok=True)
    source, dist, values, rendered = (work / "platform.yaml", work / "dist", work / "values.yaml", work / "helm.yaml")
    source.write_text(yaml.safe_dump(every_field_description(), sort_keys=False), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("ALLOW_PRUNE", "CDK8S_OUTDIR")}
    synth = subprocess.run([sys.executable, "-O", str(repo / "main.py"), "--description", str(source), "--dist",
                            str(dist), "--render-cache", "off", "--allow-prune"], cwd=repo, env=env,
                           capture_output=True, text=True)
    if synth.returncode != 0:
        raise RuntimeError(f"synth of the every-field description failed (exit {synth.returncode}): {synth.stderr}")
    values.write_text(yaml.safe_dump(helm_values(source), sort_keys=False), encoding="utf-8")
    with rendered.open("wb") as out:
        subprocess.run([helm, "template", "bench", str(CHART), "-f", str(values)], stdout=out, check=True)
    return same_objects(rendered, dist)
