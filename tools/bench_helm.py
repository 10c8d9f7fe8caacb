"""The values file of ``tools/bench-chart`` for a platform description (`make bench`).

The chart renders, per environment and service, the objects ``AiService`` writes to
``<env>/layers/50-apps/<service>.yaml``, from the same resolved description: the values hold
each environment's services with every default filled in (what the synth's constructs read),
and the templates derive names, labels, security settings, volumes and Istio policy from them
as the constructs do. So ``helm template`` does the work a chart-based platform would do.
"""
from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from inference_platform.description import Traffic, load_file

try:  # since the synth sizes ephemeral-storage to cover the disk volumes
    from inference_platform.kube_names import binary_quantity, quantity_value
except ImportError:
    binary_quantity = quantity_value = None

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


def _with_disk_total(svc: dict[str, Any], service: Any = None) -> dict[str, Any]:
    """ModelVersion's ephemeral-storage: the container's own plus every disk emptyDir at its size
    limit (cache + 1Gi tmp); quantity arithmetic the values carry, as a chart's values would.

    The chart predates the model-server description (named ports, cache types, signals): it is
    given the first port and the cache size under the names it reads, and renders the objects of
    that shape (no ScaledObject, PodMonitor or PeerAuthentication; see ``same_objects``)."""
    if service is not None:
        first = service.port_list[0]
        svc.setdefault("port", first.port)
        svc.setdefault("protocol", first.protocol)
        svc.setdefault("cache_size_limit", service.cache.size)
        svc["autoscaling"].setdefault("metrics", [])
        env = svc.get("env") or {}
        svc["env"] = {k: v for k, v in env.items() if isinstance(v, str)}
    if binary_quantity is not None:
        disk = [svc["resources"]["ephemeral_storage"], svc["cache_size_limit"], "1Gi"]
        svc["ephemeralStorageTotal"] = binary_quantity(sum(quantity_value(q) for q in disk))
    return svc


def helm_values(description: str | Path) -> dict[str, Any]:
    platform = load_file(description)
    environments = []
    for env, resolved in platform.resolved_environments().items():
        gw = resolved.istio.gateway
        environments.append({
            "name": env,
            "partOf": resolved.name,
            "gateway": f"{gw.namespace}/{resolved.name}-gateway",
            "ingressPrincipal": f"cluster.local/ns/{gw.namespace}/sa/{gw.name}",
            # what ServiceTraffic applies to a service without public hosts
            "defaultTraffic": plain(Traffic(hosts=("mesh-internal.invalid",))),
            "services": [_with_disk_total(plain(svc), svc) for svc in resolved.services],
        })
    return {"environments": environments}


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
    for path in sorted(dist.glob("*/layers/50-apps/*.yaml")):
        if path.name != "kustomization.yaml":
            synth.update(_key(d) for d in yaml.load_all(path.read_text(encoding="utf-8"), Loader=loader) if d)

    def ref(key: str) -> str:
        obj = json.loads(key)
        return f"{obj.get('kind')} {obj['metadata'].get('namespace')}/{obj['metadata'].get('name')}"

    diff = [f"- {ref(k)}" for k in sorted((synth - helm).elements())] + \
           [f"+ {ref(k)}" for k in sorted((helm - synth).elements())]
    return sum(helm.values()), diff
