"""Cross-object rules: what ``istioctl analyze`` and a careful reviewer would flag across files.

Rules see one environment (``dist/<env>/``, all layers together) at a time. Each has a stable
id (the keys of :data:`RULES`), used in reports and in tests. Objects that Istio's own charts
render are held to the same rules, with istioctl's exemptions: Services labelled ``istio``
(control plane and gateways) skip the port-naming rule, and a gateway's ``image: auto``
(filled in by the injection template named in ``inject.istio.io/templates``) counts as pinned.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from inference_platform.description import image_pinning
from inference_platform.gate.model import Document, Finding

CLUSTER_DOMAIN = "svc.cluster.local"
#: Istio's protocol selection by port name: https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
PROTOCOLS = ("http", "http2", "https", "grpc", "grpc-web", "mongo", "mysql", "redis", "tcp", "tls", "udp")
_PORT_NAME = re.compile(rf"^({'|'.join(map(re.escape, PROTOCOLS))})(-.*)?$")
_DURATION = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
WORKLOADS = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod")
#: Namespaces istioctl never analyzes for port names.
SYSTEM_NAMESPACES = ("kube-system", "kube-public")


# --------------------------------------------------------------------------- helpers


def duration_seconds(value: Any) -> float | None:
    """Seconds of a Go/protobuf duration string (``"1.5s"``, ``"300ms"``, ``"1m30s"``)."""
    if not isinstance(value, str) or not value:
        return None
    parts = _DURATION.findall(value)
    if not parts or "".join(n + u for n, u in parts) != value:
        return None
    return sum(float(n) * _UNIT_SECONDS[u] for n, u in parts)


def _secs(value: float) -> str:
    return f"{value:g}s"


def fqdn(host: str, namespace: str) -> str:
    """Istio's host resolution: a short name means a Service in the referring namespace."""
    return host if "." in host or host == "*" else f"{host}.{namespace}.{CLUSTER_DOMAIN}"


def host_matches(pattern: str, host: str) -> bool:
    """Whether two hosts overlap (either may be a ``*.`` wildcard, or ``*``)."""
    def covers(wild: str, other: str) -> bool:
        if wild == "*":
            return True
        if wild.startswith("*."):
            return other == wild or other.endswith(wild[1:])
        return wild == other
    return covers(pattern, host) or covers(host, pattern)


def labels_text(labels: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(labels.items())) or "(none)"


def pod_template(doc: Document) -> tuple[dict, str] | None:
    """The pod template (``metadata``/``spec``) of a workload and its field path."""
    spec = doc.spec
    if doc.kind == "Pod":
        return doc.obj, ""
    if doc.kind == "CronJob":
        template = ((spec.get("jobTemplate") or {}).get("spec") or {}).get("template")
        return (template, "spec.jobTemplate.spec.template") if isinstance(template, dict) else None
    if doc.kind in WORKLOADS and isinstance(spec.get("template"), dict):
        return spec["template"], "spec.template"
    return None


def _template_labels(template: dict) -> dict[str, str]:
    return dict((template.get("metadata") or {}).get("labels") or {})


def selector_matches(selector: dict | None, labels: dict[str, str]) -> bool:
    """A metav1.LabelSelector against labels (an empty selector matches everything)."""
    selector = selector or {}
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr.get("key"), expr.get("operator"), expr.get("values") or []
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and key in labels and labels[key] in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def _join(path: str, key: str | int) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else key)


@dataclass
class Index:
    """Lookups over one environment's documents."""

    docs: list[Document]
    by_key: dict[tuple[str, str, str, str], Document] = field(default_factory=dict)
    by_kind: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))
    services: dict[str, Document] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for doc in self.docs:
            self.by_key.setdefault((doc.group, doc.kind, doc.namespace, doc.name), doc)
            self.by_kind[doc.kind].append(doc)
            if doc.kind == "Service" and doc.group == "":
                self.services.setdefault(f"{doc.name}.{doc.namespace}.{CLUSTER_DOMAIN}", doc)

    def kind(self, kind: str, group: str | None = None) -> list[Document]:
        return [d for d in self.by_kind.get(kind, []) if group is None or d.group == group]

    def istio(self, kind: str) -> list[Document]:
        return [d for d in self.by_kind.get(kind, []) if d.group == "networking.istio.io"]

    def service_entry_hosts(self) -> list[str]:
        return [h for se in self.istio("ServiceEntry") for h in se.spec.get("hosts") or [] if isinstance(h, str)]

    def workloads(self, namespace: str) -> Iterator[tuple[Document, dict, str]]:
        for kind in WORKLOADS:
            for doc in self.by_kind.get(kind, []):
                if doc.namespace == namespace:
                    found = pod_template(doc)
                    if found:
                        yield doc, found[0], found[1]


Rule = Callable[[Index], Iterator[Finding]]
RULES: dict[str, tuple[Rule, str]] = {}


def rule(rule_id: str, summary: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES[rule_id] = (fn, summary)
        fn.rule_id = rule_id  # type: ignore[attr-defined]
        return fn
    return register


def _routes(vs: Document) -> Iterator[tuple[str, list]]:
    """(path, route list) of every HTTP/TLS/TCP rule of a VirtualService."""
    for proto in ("http", "tls", "tcp"):
        for i, entry in enumerate(vs.spec.get(proto) or []):
            if isinstance(entry, dict) and isinstance(entry.get("route"), list):
                yield f"spec.{proto}[{i}].route", entry["route"]


def _destinations(vs: Document) -> Iterator[tuple[str, dict]]:
    for path, route in _routes(vs):
        for j, dest in enumerate(route):
            if isinstance(dest, dict) and isinstance(dest.get("destination"), dict):
                yield f"{path}[{j}].destination", dest["destination"]
    for i, entry in enumerate(vs.spec.get("http") or []):
        if isinstance(entry, dict) and isinstance(entry.get("mirror"), dict):
            yield f"spec.http[{i}].mirror", entry["mirror"]


def _subsets(index: Index) -> dict[str, list[tuple[Document, dict]]]:
    """FQDN host → (DestinationRule, subset) for every subset defined."""
    out: dict[str, list[tuple[Document, dict]]] = defaultdict(list)
    for dr in index.istio("DestinationRule"):
        host = dr.spec.get("host")
        if isinstance(host, str):
            for subset in dr.spec.get("subsets") or []:
                if isinstance(subset, dict):
                    out[fqdn(host, dr.namespace)].append((dr, subset))
    return out


# --------------------------------------------------------------------------- VirtualService


@rule("virtualservice-destination-host", "A route destination host resolves to a Service or ServiceEntry.")
def destination_host(index: Index) -> Iterator[Finding]:
    entries = index.service_entry_hosts()
    for vs in index.istio("VirtualService"):
        for path, dest in _destinations(vs):
            host = dest.get("host")
            if not isinstance(host, str):
                continue
            full = fqdn(host, vs.namespace)
            if full in index.services or any(host_matches(h, full) for h in entries):
                continue
            yield vs.finding(_join(path, "host"), "virtualservice-destination-host",
                             f"destination host {host!r} matches no Service or ServiceEntry "
                             f"(resolved as {full!r})")


@rule("virtualservice-destination-port", "A route destination port is a port its Service exposes.")
def destination_port(index: Index) -> Iterator[Finding]:
    for vs in index.istio("VirtualService"):
        for path, dest in _destinations(vs):
            svc = index.services.get(fqdn(str(dest.get("host")), vs.namespace))
            if svc is None:
                continue
            ports = [p.get("port") for p in svc.spec.get("ports") or [] if isinstance(p, dict)]
            number = (dest.get("port") or {}).get("number")
            shown = ", ".join(map(str, ports)) or "none"
            if number is None:
                if len(ports) > 1:
                    yield vs.finding(_join(path, "port"), "virtualservice-destination-port",
                                     f"Service {svc.namespace}/{svc.name} exposes several ports ({shown}); "
                                     "set destination.port.number")
            elif number not in ports:
                yield vs.finding(_join(path, "port.number"), "virtualservice-destination-port",
                                 f"port {number} is not a port of Service {svc.namespace}/{svc.name}; "
                                 f"it exposes: {shown}")


@rule("virtualservice-destination-subset", "A route destination subset is defined by a DestinationRule for its host.")
def destination_subset(index: Index) -> Iterator[Finding]:
    subsets = _subsets(index)
    for vs in index.istio("VirtualService"):
        for path, dest in _destinations(vs):
            subset, host = dest.get("subset"), dest.get("host")
            if not subset or not isinstance(host, str):
                continue
            full = fqdn(host, vs.namespace)
            names = [s.get("name") for _, s in subsets.get(full, [])]
            if subset not in names:
                known = f"; defined: {', '.join(map(str, names))}" if names else ""
                yield vs.finding(_join(path, "subset"), "virtualservice-destination-subset",
                                 f"subset {subset!r} is not defined by a DestinationRule for {full!r}{known}")


@rule("virtualservice-gateway-missing", "Every Gateway a VirtualService binds to exists.")
def gateway_missing(index: Index) -> Iterator[Finding]:
    for vs, i, ref, gw_ns, gw_name, gw in _gateways(index):
        if gw is None:
            yield vs.finding(f"spec.gateways[{i}]", "virtualservice-gateway-missing",
                             f"gateway {ref!r} does not exist (looked for Gateway {gw_ns}/{gw_name})")


@rule("virtualservice-gateway-hosts", "Every VirtualService host is admitted by the Gateways it binds to.")
def gateway_hosts(index: Index) -> Iterator[Finding]:
    for vs, _, _, _, _, gw in _gateways(index):
        if gw is None:
            continue
        admitted: list[str] = []
        for server in gw.spec.get("servers") or []:
            for entry in (server or {}).get("hosts") or []:
                if isinstance(entry, str):
                    admitted.append(entry)
        for j, host in enumerate(vs.spec.get("hosts") or []):
            if not any(_admits(entry, gw.namespace, vs.namespace, str(host)) for entry in admitted):
                yield vs.finding(f"spec.hosts[{j}]", "virtualservice-gateway-hosts",
                                 f"host {host!r} is not admitted by Gateway {gw.namespace}/{gw.name} "
                                 f"(server hosts: {', '.join(dict.fromkeys(admitted)) or 'none'})")


def _admits(entry: str, gw_namespace: str, vs_namespace: str, host: str) -> bool:
    """Gateway server host ``[ns/]host`` (``*/``, ``./`` or a namespace) against a VS host."""
    ns, _, pattern = entry.rpartition("/")
    if ns not in ("", "*") and (gw_namespace if ns == "." else ns) != vs_namespace:
        return False
    return host_matches(pattern, host)


def _gateways(index: Index) -> Iterator[tuple[Document, int, str, str, str, Document | None]]:
    for vs in index.istio("VirtualService"):
        for i, ref in enumerate(vs.spec.get("gateways") or []):
            if not isinstance(ref, str) or ref == "mesh":
                continue
            ns, _, name = ref.rpartition("/")
            ns = ns or vs.namespace
            yield vs, i, ref, ns, name, index.by_key.get(("networking.istio.io", "Gateway", ns, name))


@rule("virtualservice-route-weights", "The weights of a route with several destinations sum to 100.")
def route_weights(index: Index) -> Iterator[Finding]:
    for vs in index.istio("VirtualService"):
        for path, route in _routes(vs):
            weights = [d.get("weight") for d in route if isinstance(d, dict)]
            if len(weights) <= 1 and all(w is None for w in weights):
                continue  # a single destination gets all traffic
            numbers = [w if isinstance(w, int) else 0 for w in weights]
            if sum(numbers) != 100:
                yield vs.finding(path, "virtualservice-route-weights",
                                 f"weights {' + '.join(map(str, numbers))} = {sum(numbers)}; they must sum to 100")


@rule("virtualservice-retry-budget", "Retries (attempts x perTryTimeout) fit inside the route timeout.")
def retry_budget(index: Index) -> Iterator[Finding]:
    for vs in index.istio("VirtualService"):
        for i, entry in enumerate(vs.spec.get("http") or []):
            if not isinstance(entry, dict):
                continue
            retries = entry.get("retries") or {}
            attempts = retries.get("attempts") or 0
            per_try = duration_seconds(retries.get("perTryTimeout"))
            timeout = duration_seconds(entry.get("timeout"))
            if not isinstance(attempts, int) or attempts <= 0 or per_try is None or not timeout:
                continue
            if attempts * per_try > timeout:
                yield vs.finding(f"spec.http[{i}].retries", "virtualservice-retry-budget",
                                 f"attempts x perTryTimeout ({attempts} x {_secs(per_try)} = "
                                 f"{_secs(attempts * per_try)}) exceeds the route timeout ({_secs(timeout)})")


# --------------------------------------------------------------------------- DestinationRule


@rule("destinationrule-host-conflict", "At most one DestinationRule per host.")
def destination_rule_conflict(index: Index) -> Iterator[Finding]:
    first: dict[str, Document] = {}
    for dr in index.istio("DestinationRule"):
        host = dr.spec.get("host")
        if not isinstance(host, str) or dr.spec.get("workloadSelector"):
            continue
        full = fqdn(host, dr.namespace)
        if full in first:
            other = first[full]
            yield dr.finding("spec.host", "destinationrule-host-conflict",
                             f"host {full!r} is also configured by DestinationRule "
                             f"{other.namespace}/{other.name} ({other.file}); use one DestinationRule per host")
        else:
            first[full] = dr


@rule("destinationrule-subset-labels", "Every subset of a Service's DestinationRule selects some Deployment's pods.")
def subset_labels(index: Index) -> Iterator[Finding]:
    for dr in index.istio("DestinationRule"):
        svc = index.services.get(fqdn(str(dr.spec.get("host")), dr.namespace))
        if svc is None:
            continue
        for i, subset in enumerate(dr.spec.get("subsets") or []):
            if not isinstance(subset, dict):
                continue
            wanted = {**(svc.spec.get("selector") or {}), **(subset.get("labels") or {})}
            if not any(all(_template_labels(t).get(k) == v for k, v in wanted.items())
                       for _, t, _ in index.workloads(svc.namespace)):
                yield dr.finding(f"spec.subsets[{i}].labels", "destinationrule-subset-labels",
                                 f"subset {subset.get('name')!r} selects no pods: no workload in namespace "
                                 f"{svc.namespace!r} has pod labels {labels_text(wanted)}")


# --------------------------------------------------------------------------- Service


@rule("service-port-protocol", "Service ports are named <protocol>[-suffix] for Istio or set appProtocol.")
def service_port_protocol(index: Index) -> Iterator[Finding]:
    for svc in index.kind("Service", ""):
        if "istio" in svc.labels or svc.labels.get("release") == "istio" or svc.namespace in SYSTEM_NAMESPACES:
            continue
        for i, port in enumerate(svc.spec.get("ports") or []):
            if not isinstance(port, dict) or port.get("appProtocol"):
                continue
            name = str(port.get("name") or "")
            if not _PORT_NAME.match(name):
                yield svc.finding(f"spec.ports[{i}].name", "service-port-protocol",
                                  f"port name {name!r} does not select an Istio protocol (<protocol>[-<suffix>], "
                                  f"protocol one of {', '.join(PROTOCOLS)}) and appProtocol is not set")


# --------------------------------------------------------------------------- autoscaling


def _hpa_targets(index: Index) -> Iterator[tuple[Document, Document | None]]:
    for hpa in index.kind("HorizontalPodAutoscaler", "autoscaling"):
        ref = hpa.spec.get("scaleTargetRef") or {}
        group = str(ref.get("apiVersion") or "").rpartition("/")[0]
        yield hpa, index.by_key.get((group, str(ref.get("kind")), hpa.namespace, str(ref.get("name"))))


@rule("hpa-target-missing", "A HorizontalPodAutoscaler's scaleTargetRef exists.")
def hpa_target_missing(index: Index) -> Iterator[Finding]:
    for hpa, target in _hpa_targets(index):
        if target is None:
            ref = hpa.spec.get("scaleTargetRef") or {}
            yield hpa.finding("spec.scaleTargetRef", "hpa-target-missing",
                              f"scale target {ref.get('kind')} {ref.get('name')!r} ({ref.get('apiVersion')}) "
                              f"does not exist in namespace {hpa.namespace!r}")


@rule("hpa-resource-requests", "Containers of an HPA target request every resource the HPA scales on by utilization.")
def hpa_resource_requests(index: Index) -> Iterator[Finding]:
    for hpa, target in _hpa_targets(index):
        found = pod_template(target) if target is not None else None
        if found is None:
            continue
        containers = [c for c in (found[0].get("spec") or {}).get("containers") or [] if isinstance(c, dict)]
        for i, metric in enumerate(hpa.spec.get("metrics") or []):
            kind = (metric or {}).get("type")
            source = (metric or {}).get("resource" if kind == "Resource" else "containerResource") or {}
            if kind not in ("Resource", "ContainerResource") or (source.get("target") or {}).get("type") != "Utilization":
                continue
            resource = source.get("name")
            for c in containers:
                if kind == "ContainerResource" and c.get("name") != source.get("container"):
                    continue
                if resource not in ((c.get("resources") or {}).get("requests") or {}):
                    yield hpa.finding(f"spec.metrics[{i}]", "hpa-resource-requests",
                                      f"container {c.get('name')!r} of {target.kind} {target.namespace}/{target.name} "
                                      f"requests no {resource}, so {resource} utilization cannot be computed")


@rule("hpa-target-replicas", "The target of a HorizontalPodAutoscaler leaves spec.replicas to it.")
def hpa_target_replicas(index: Index) -> Iterator[Finding]:
    for hpa, target in _hpa_targets(index):
        if target is not None and "replicas" in target.spec:
            yield target.finding("spec.replicas", "hpa-target-replicas",
                                 f"sets replicas ({target.spec['replicas']}) although HorizontalPodAutoscaler "
                                 f"{hpa.namespace}/{hpa.name} scales it; omit spec.replicas so a re-apply "
                                 "does not fight the autoscaler")


@rule("pdb-blocks-hpa-minimum", "A PodDisruptionBudget lets a pod go when its workload sits at the HPA minimum.")
def pdb_blocks_minimum(index: Index) -> Iterator[Finding]:
    pdbs = index.kind("PodDisruptionBudget", "policy")
    for hpa, target in _hpa_targets(index):
        found = pod_template(target) if target is not None else None
        if found is None:
            continue
        labels = _template_labels(found[0])
        minimum = hpa.spec.get("minReplicas", 1)
        if not isinstance(minimum, int):
            continue
        for pdb in pdbs:
            if pdb.namespace != hpa.namespace or not selector_matches(pdb.spec.get("selector"), labels):
                continue
            min_available, max_unavailable = pdb.spec.get("minAvailable"), pdb.spec.get("maxUnavailable")
            if min_available is not None:
                required = _scaled(min_available, minimum)
                if required is not None and required >= minimum:
                    yield pdb.finding("spec.minAvailable", "pdb-blocks-hpa-minimum",
                                      f"minAvailable {min_available} is not below minReplicas ({minimum}) of "
                                      f"HorizontalPodAutoscaler {hpa.namespace}/{hpa.name}, so no pod can be "
                                      "evicted while it runs at its minimum")
            elif max_unavailable is not None and _scaled(max_unavailable, minimum) == 0:
                yield pdb.finding("spec.maxUnavailable", "pdb-blocks-hpa-minimum",
                                  f"maxUnavailable {max_unavailable} lets no pod of HorizontalPodAutoscaler "
                                  f"{hpa.namespace}/{hpa.name}'s target be evicted")


def _scaled(value: Any, replicas: int) -> int | None:
    """An int-or-percent of ``replicas`` (rounded up, as the disruption controller does)."""
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.endswith("%") and value[:-1].isdigit():
        return math.ceil(int(value[:-1]) * replicas / 100)
    return None


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
    for doc in index.docs:
        found = pod_template(doc)
        if found is None:
            continue
        template, base = found
        injected = "inject.istio.io/templates" in ((template.get("metadata") or {}).get("annotations") or {})
        spec = template.get("spec") or {}
        for group in ("initContainers", "containers", "ephemeralContainers"):
            for i, c in enumerate(spec.get(group) or []):
                image = (c or {}).get("image")
                if not isinstance(image, str) or (injected and image == "auto"):
                    continue
                problem = image_problem(image)
                if problem:
                    yield doc.finding(_join(base, f"spec.{group}[{i}].image"), "image-unpinned", problem)


@rule("duplicate-object", "Each apiVersion group/kind/namespace/name appears once per environment.")
def duplicate_object(index: Index) -> Iterator[Finding]:
    seen: dict[tuple[str, str, str, str], Document] = {}
    for doc in index.docs:
        key = (doc.group, doc.kind, doc.namespace, doc.name)
        if key in seen:
            other = seen[key]
            yield doc.finding("metadata.name", "duplicate-object",
                              f"also defined in {other.file} (document {other.index + 1}); an object may "
                              "appear once per environment")
        else:
            seen[key] = doc


def check_rules(docs: list[Document]) -> list[Finding]:
    """Every cross-object finding for one environment's documents."""
    index = Index(docs)
    return [finding for fn, _ in RULES.values() for finding in fn(index)]
