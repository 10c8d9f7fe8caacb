"""What every rule module shares: the registry, the per-environment :class:`Index` and helpers.

Over 300 lines on purpose: the Index (the lookups every rule shares, about half of it) and the
small helpers rule modules use beside it stay one module, so a rule module imports from one place.
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterator

from inference_platform import layout
from inference_platform.contract import ISTIO_NETWORKING_GROUP, KEDA_GROUP, service_host
from inference_platform.gate.model import Document, Finding
from inference_platform.kube_names import quantity_value

_DURATION = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
WORKLOADS = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod")


# --------------------------------------------------------------------------- helpers


def duration_seconds(value: Any) -> float | None:
    """Seconds of a Go/protobuf duration string (``"1.5s"``, ``"300ms"``, ``"1m30s"``)."""
    if not isinstance(value, str) or not value:
        return None
    parts = _DURATION.findall(value)
    if not parts or "".join(n + u for n, u in parts) != value:
        return None
    return sum(float(n) * _UNIT_SECONDS[u] for n, u in parts)


def secs(value: float) -> str:
    return f"{value:g}s"


def fqdn(host: str, namespace: str) -> str:
    """Istio's host resolution: a short name means a Service in the referring namespace."""
    return host if "." in host or host == "*" else service_host(host, namespace)


def host_matches(pattern: str, host: str) -> bool:
    """Whether two hosts overlap (either may be a ``*.`` wildcard, or ``*``)."""
    def covers(wild: str, other: str) -> bool:
        if wild == "*":
            return True
        if wild.startswith("*."):
            return other == wild or other.endswith(wild[1:])
        return wild == other
    return covers(pattern, host) or covers(host, pattern)


class HostTable:
    """Values filed under host patterns, found by the hosts they overlap (as :func:`host_matches` decides).

    A concrete host is looked up by itself and by its dot suffixes (``*.example.com`` is filed
    under ``.example.com``), so a lookup costs the same however many patterns the table holds
    (a Gateway admitting every service's host, a ServiceEntry per external API). A wildcard
    host is compared with every pattern.
    """

    def __init__(self) -> None:
        self._patterns: list[tuple[str, Any]] = []
        self._everything: list[Any] = []
        self._exact: dict[str, list[Any]] = defaultdict(list)
        self._suffixes: dict[str, list[Any]] = defaultdict(list)

    def add(self, pattern: str, value: Any) -> None:
        self._patterns.append((pattern, value))
        if pattern == "*":
            self._everything.append(value)
        elif pattern.startswith("*."):
            self._suffixes[pattern[1:]].append(value)
        else:
            self._exact[pattern].append(value)

    def matching(self, host: str) -> list[Any]:
        """The values of every pattern that overlaps ``host`` (in no particular order)."""
        if host == "*" or host.startswith("*."):
            return [value for pattern, value in self._patterns if host_matches(pattern, host)]
        found = [*self._everything, *self._exact.get(host, ())]
        dot = host.find(".")
        while dot >= 0:
            found.extend(self._suffixes.get(host[dot:], ()))
            dot = host.find(".", dot + 1)
        return found


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


def scale_target(index: Index, doc: Document, *, default_api_version: str = "",
                 default_kind: str = "") -> Document | None:
    """The object an autoscaler's ``spec.scaleTargetRef`` names in its namespace (None: not in the tree)."""
    ref = doc.spec.get("scaleTargetRef") or {}
    group = str(ref.get("apiVersion") or default_api_version).rpartition("/")[0]
    return index.by_key.get((group, str(ref.get("kind") or default_kind or None), doc.namespace,
                             str(ref.get("name"))))


def template_labels(template: dict) -> dict[str, str]:
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


_BINARY_UNITS = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}


def quantity(value: Any) -> float | None:
    """A Kubernetes resource quantity (``"2Gi"``, ``"500M"``, ``"1e3"``, ``4``) as a number; None if it is none."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, str):
        return None
    try:
        return float(quantity_value(value))
    except ValueError:
        return None


def size_text(value: float) -> str:
    """Bytes as the largest binary unit that keeps them readable (``61Gi``, ``1.5Gi``, ``512Mi``)."""
    for unit in ("Ei", "Pi", "Ti", "Gi", "Mi", "Ki"):
        if value >= _BINARY_UNITS[unit]:
            return f"{value / _BINARY_UNITS[unit]:.4g}{unit}"
    return f"{value:g}"


#: Cluster-scoped kinds by (API group, kind): core Kubernetes and the projects this platform pins.
#: A CustomResourceDefinition in the tree adds its own kind with its declared scope.
CLUSTER_SCOPED = frozenset({
    ("", "Namespace"), ("", "Node"), ("", "PersistentVolume"), ("", "ComponentStatus"),
    ("apiextensions.k8s.io", "CustomResourceDefinition"), ("apiregistration.k8s.io", "APIService"),
    ("rbac.authorization.k8s.io", "ClusterRole"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
    ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"),
    ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"),
    ("admissionregistration.k8s.io", "MutatingAdmissionPolicy"),
    ("admissionregistration.k8s.io", "MutatingAdmissionPolicyBinding"),
    ("scheduling.k8s.io", "PriorityClass"), ("node.k8s.io", "RuntimeClass"),
    ("storage.k8s.io", "StorageClass"), ("storage.k8s.io", "CSIDriver"), ("storage.k8s.io", "CSINode"),
    ("storage.k8s.io", "VolumeAttachment"), ("storage.k8s.io", "VolumeAttributesClass"),
    ("networking.k8s.io", "IngressClass"), ("networking.k8s.io", "IPAddress"), ("networking.k8s.io", "ServiceCIDR"),
    ("certificates.k8s.io", "CertificateSigningRequest"), ("certificates.k8s.io", "ClusterTrustBundle"),
    ("flowcontrol.apiserver.k8s.io", "FlowSchema"), ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"),
    ("resource.k8s.io", "DeviceClass"),
    ("gateway.networking.k8s.io", "GatewayClass"), ("cert-manager.io", "ClusterIssuer"),
    (KEDA_GROUP, "ClusterTriggerAuthentication"),
})


def join_path(path: str, key: str | int) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else key)


def unit_of(doc: Document) -> str:
    """The folder a controller syncs the document with (:func:`inference_platform.layout.unit_of`)."""
    return layout.unit_of(doc.file)


@dataclass
class Index:
    """Lookups over one environment's documents."""

    docs: list[Document]
    #: (group, kind, namespace, name) of each document, in the order of ``docs``
    keys: list[tuple[str, str, str, str]] = field(default_factory=list)
    #: the first document of each (group, kind, namespace, name)
    by_key: dict[tuple[str, str, str, str], Document] = field(default_factory=dict)
    by_kind: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))
    services: dict[str, Document] = field(default_factory=dict)
    #: (group, kind) → namespaced? for the CustomResourceDefinitions in the tree
    crd_scopes: dict[tuple[str, str], bool] = field(default_factory=dict)
    _by_group: dict[tuple[str, str], list[Document]] = field(default_factory=lambda: defaultdict(list), repr=False)
    _by_namespace: dict[tuple[str, str, str], list[Document]] = field(
        default_factory=lambda: defaultdict(list), repr=False)
    _units: list[str] | None = field(default=None, repr=False)
    _by_unit: dict[tuple[str, str], list[int]] | None = field(default=None, repr=False)
    _pod_templates: list[tuple[Document, dict, str]] | None = field(default=None, repr=False)
    _workloads: dict[str, list[tuple[Document, dict, str]]] | None = field(default=None, repr=False)
    _label_pairs: dict[str, dict[Any, list[int]]] = field(default_factory=dict, repr=False)
    _selectors: dict[tuple[str, str, str], tuple[list[Document], dict[Any, list[int]]]] = field(
        default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # Every rule asks by kind, group and namespace: read each document's identity once, here.
        for doc in self.docs:
            key = group, kind, namespace, name = doc.group, doc.kind, doc.namespace, doc.name
            if kind == "CustomResourceDefinition":
                names = doc.spec.get("names") or {}
                self.crd_scopes[(str(doc.spec.get("group") or ""), str(names.get("kind") or ""))] = (
                    doc.spec.get("scope") != "Cluster")
            self.keys.append(key)
            self.by_key.setdefault(key, doc)
            self.by_kind[kind].append(doc)
            self._by_group[(kind, group)].append(doc)
            self._by_namespace[(kind, group, namespace)].append(doc)
            if kind == "Service" and group == "":
                self.services.setdefault(service_host(name, namespace), doc)

    def namespaced(self, group: str, kind: str) -> bool:
        """Whether objects of this kind live in a namespace (unknown kinds are taken as namespaced)."""
        if (group, kind) in self.crd_scopes:
            return self.crd_scopes[(group, kind)]
        return (group, kind) not in CLUSTER_SCOPED

    def kind(self, kind: str, group: str | None = None) -> list[Document]:
        """The ``kind`` objects (of API ``group`` unless None), in document order."""
        return list(self.by_kind.get(kind, ()) if group is None else self._by_group.get((kind, group), ()))

    def istio(self, kind: str) -> list[Document]:
        return self.kind(kind, ISTIO_NETWORKING_GROUP)

    def in_namespace(self, kind: str, group: str, namespace: str) -> list[Document]:
        """The ``kind`` objects of API ``group`` in ``namespace``, in document order."""
        return list(self._by_namespace.get((kind, group, namespace), ()))

    def units(self) -> list[str]:
        """The unit (:func:`unit_of`) of each document, in the order of ``docs``."""
        if self._units is None:
            self._units = [unit_of(doc) for doc in self.docs]
        return self._units

    def by_unit(self) -> dict[tuple[str, str], list[int]]:
        """(environment, unit) → the positions in ``docs`` of its documents, in document order."""
        if self._by_unit is None:
            self._by_unit = defaultdict(list)
            for i, (doc, unit) in enumerate(zip(self.docs, self.units())):
                self._by_unit[(doc.env, unit)].append(i)
        return self._by_unit

    def service_entry_hosts(self) -> HostTable:
        """The hosts of the ServiceEntries (each filed with its ServiceEntry)."""
        table = HostTable()
        for se in self.istio("ServiceEntry"):
            for host in se.spec.get("hosts") or []:
                if isinstance(host, str):
                    table.add(host, se)
        return table

    def pod_templates(self) -> list[tuple[Document, dict, str]]:
        """(workload, its pod template, the template's field path) for every document that has one, in document order."""
        if self._pod_templates is None:
            self._pod_templates = []
            for doc, (_, kind, _, _) in zip(self.docs, self.keys):
                found = pod_template(doc) if kind in WORKLOADS else None
                if found is not None:
                    self._pod_templates.append((doc, found[0], found[1]))
        return self._pod_templates

    def workloads(self, namespace: str) -> list[tuple[Document, dict, str]]:
        """The workloads in ``namespace`` with their pod template and its path (kind by kind, in document order)."""
        if self._workloads is None:
            self._workloads = defaultdict(list)
            for found in sorted(self.pod_templates(), key=lambda found: WORKLOADS.index(found[0].kind)):
                self._workloads[found[0].namespace].append(found)
        return self._workloads.get(namespace, [])

    def selected(self, namespace: str, selector: dict | None) -> list[tuple[Document, dict, str]]:
        """The workloads of :meth:`workloads` whose pod labels ``selector`` (a LabelSelector) matches.

        Looked up by the selector's rarest ``matchLabels`` pair instead of trying every workload,
        so that one selector per service stays linear in the number of services.
        """
        pods = self.workloads(namespace)
        if namespace not in self._label_pairs:
            pairs: dict[Any, list[int]] = defaultdict(list)
            for i, (_, template, _) in enumerate(pods):
                for pair in template_labels(template).items():
                    try:
                        pairs[pair].append(i)
                    except TypeError:  # an unhashable value equals no selector value
                        pass
            self._label_pairs[namespace] = pairs
        match = selector.get("matchLabels") if isinstance(selector, dict) else None
        candidates: Any = range(len(pods))
        if isinstance(match, dict) and match:
            try:
                candidates = min((self._label_pairs[namespace].get(pair, ()) for pair in match.items()), key=len)
            except TypeError:  # an unhashable value: try every workload
                pass
        return [pods[i] for i in candidates if selector_matches(selector, template_labels(pods[i][1]))]

    def selecting(self, kind: str, group: str, namespace: str, labels: dict[str, str]) -> list[Document]:
        """The ``kind`` objects in ``namespace`` whose ``spec.selector`` matches ``labels``, in document order.

        Each selector is filed under one of its ``matchLabels`` pairs (or under None without
        one); only those filed under a pair of ``labels`` or under None are tried.
        """
        key = (kind, group, namespace)
        if key not in self._selectors:
            docs = self.in_namespace(kind, group, namespace)
            filed: dict[Any, list[int]] = defaultdict(list)
            for i, doc in enumerate(docs):
                selector = doc.spec.get("selector")
                match = selector.get("matchLabels") if isinstance(selector, dict) else None
                try:
                    filed[next(iter(match.items())) if isinstance(match, dict) and match else None].append(i)
                except TypeError:  # an unhashable value
                    filed[None].append(i)
            self._selectors[key] = (docs, filed)
        docs, filed = self._selectors[key]
        candidates = set(filed.get(None, ()))
        for pair in labels.items():
            try:
                candidates.update(filed.get(pair, ()))
            except TypeError:  # an unhashable label value equals no selector value
                pass
        return [docs[i] for i in sorted(candidates) if selector_matches(docs[i].spec.get("selector"), labels)]


Rule = Callable[[Index], Iterator[Finding]]
RULES: dict[str, tuple[Rule, str]] = {}


def rule(rule_id: str, summary: str) -> Callable[[Rule], Rule]:
    """Register a rule under ``rule_id`` (its stable id) with a one-line ``summary``.

    The rule's body yields ``doc.finding(path, message)``; every finding it yields carries
    ``rule_id``, stamped here, so the body never repeats its own id.
    """
    def register(fn: Rule) -> Rule:
        @functools.wraps(fn)
        def stamped(index: Index) -> Iterator[Finding]:
            for finding in fn(index):
                yield replace(finding, rule=rule_id)
        RULES[rule_id] = (stamped, summary)
        return stamped
    return register


def routes(vs: Document) -> Iterator[tuple[str, list]]:
    """(path, route list) of every HTTP/TLS/TCP rule of a VirtualService."""
    spec = vs.spec
    for proto in ("http", "tls", "tcp"):
        for i, entry in enumerate(spec.get(proto) or []):
            if isinstance(entry, dict) and isinstance(entry.get("route"), list):
                yield f"spec.{proto}[{i}].route", entry["route"]


def destinations(vs: Document) -> Iterator[tuple[str, dict]]:
    for path, route in routes(vs):
        for j, dest in enumerate(route):
            if isinstance(dest, dict) and isinstance(dest.get("destination"), dict):
                yield f"{path}[{j}].destination", dest["destination"]
    for i, entry in enumerate(vs.spec.get("http") or []):
        if isinstance(entry, dict) and isinstance(entry.get("mirror"), dict):
            yield f"spec.http[{i}].mirror", entry["mirror"]


def subsets_by_host(index: Index) -> dict[str, list[tuple[Document, dict]]]:
    """FQDN host → (DestinationRule, subset) for every subset defined."""
    out: dict[str, list[tuple[Document, dict]]] = defaultdict(list)
    for dr in index.istio("DestinationRule"):
        host = dr.spec.get("host")
        if isinstance(host, str):
            for subset in dr.spec.get("subsets") or []:
                if isinstance(subset, dict):
                    out[fqdn(host, dr.namespace)].append((dr, subset))
    return out
