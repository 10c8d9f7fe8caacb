"""Traffic rules: VirtualService routes, DestinationRules and Service ports, as ``istioctl analyze`` sees them.

Objects Istio's own charts render get istioctl's exemption: Services labelled ``istio`` (control
plane and gateways) skip the port-naming rule.
"""
from __future__ import annotations

import re
from typing import Iterator

from inference_platform.contract import ISTIO_MESH_GATEWAY, PART_OF_LABEL
from inference_platform.kube_names import ROUTE_PATH
from inference_platform.gate.model import Document, Finding
from inference_platform.gate.rules.base import (Index, destinations, duration_seconds, fqdn, host_matches, join_path,
                                                labels_text, routes, rule, secs, subsets_by_host)

#: Istio's protocol selection by port name: https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
PROTOCOLS = ("http", "http2", "https", "grpc", "grpc-web", "mongo", "mysql", "redis", "tcp", "tls", "udp")
_PORT_NAME = re.compile(rf"^({'|'.join(map(re.escape, PROTOCOLS))})(-.*)?$")
#: Namespaces istioctl never analyzes for port names.
SYSTEM_NAMESPACES = ("kube-system", "kube-public")


# --------------------------------------------------------------------------- VirtualService


@rule("virtualservice-destination-host", "A route destination host resolves to a Service or ServiceEntry.")
def destination_host(index: Index) -> Iterator[Finding]:
    entries = index.service_entry_hosts()
    for vs in index.istio("VirtualService"):
        namespace = vs.namespace
        for path, dest in destinations(vs):
            host = dest.get("host")
            if not isinstance(host, str):
                continue
            full = fqdn(host, namespace)
            if full in index.services or entries.matching(full):
                continue
            yield vs.finding(join_path(path, "host"),
                             f"destination host {host!r} matches no Service or ServiceEntry "
                             f"(resolved as {full!r})")


@rule("virtualservice-destination-port", "A route destination port is a port its Service exposes.")
def destination_port(index: Index) -> Iterator[Finding]:
    for vs in index.istio("VirtualService"):
        namespace = vs.namespace
        for path, dest in destinations(vs):
            svc = index.services.get(fqdn(str(dest.get("host")), namespace))
            if svc is None:
                continue
            ports = [p.get("port") for p in svc.spec.get("ports") or [] if isinstance(p, dict)]
            number = (dest.get("port") or {}).get("number")
            shown = ", ".join(map(str, ports)) or "none"
            if number is None:
                if len(ports) > 1:
                    yield vs.finding(join_path(path, "port"),
                                     f"Service {svc.namespace}/{svc.name} exposes several ports ({shown}); "
                                     "set destination.port.number")
            elif number not in ports:
                yield vs.finding(join_path(path, "port.number"),
                                 f"port {number} is not a port of Service {svc.namespace}/{svc.name}; "
                                 f"it exposes: {shown}")


@rule("virtualservice-destination-subset", "A route destination subset is defined by a DestinationRule for its host.")
def destination_subset(index: Index) -> Iterator[Finding]:
    subsets = subsets_by_host(index)
    for vs in index.istio("VirtualService"):
        namespace = vs.namespace
        for path, dest in destinations(vs):
            subset, host = dest.get("subset"), dest.get("host")
            if not subset or not isinstance(host, str):
                continue
            full = fqdn(host, namespace)
            names = [s.get("name") for _, s in subsets.get(full, [])]
            if subset not in names:
                known = f"; defined: {', '.join(map(str, names))}" if names else ""
                yield vs.finding(join_path(path, "subset"),
                                 f"subset {subset!r} is not defined by a DestinationRule for {full!r}{known}")


@rule("virtualservice-route-weights", "The weights of a route with several destinations sum to 100.")
def route_weights(index: Index) -> Iterator[Finding]:
    for vs in index.istio("VirtualService"):
        for path, route in routes(vs):
            weights = [d.get("weight") for d in route if isinstance(d, dict)]
            if len(weights) <= 1 and all(w is None for w in weights):
                continue  # a single destination gets all traffic
            numbers = [w if isinstance(w, int) else 0 for w in weights]
            if sum(numbers) != 100:
                yield vs.finding(path,
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
                yield vs.finding(f"spec.http[{i}].retries",
                                 f"attempts x perTryTimeout ({attempts} x {secs(per_try)} = "
                                 f"{secs(attempts * per_try)}) exceeds the route timeout ({secs(timeout)})")


@rule("virtualservice-uri-literal",
      "A route's uri prefix or exact path is one the normalized request path can match literally: no wildcard, regex "
      "form, percent-encoding, dot segment, empty segment or query.")
def uri_literal(index: Index) -> Iterator[Finding]:
    # Envoy compares uri.prefix and uri.exact with the request path after normalizing it, character for character:
    # '/v1/*' matches only a literal '*', '/a/../b' never matches. The description refuses such paths
    # (kube_names.ROUTE_PATH); this keeps any later field that writes a match to the same grammar.
    for vs in index.istio("VirtualService"):
        for i, entry in enumerate(vs.spec.get("http") or []):
            for j, match in enumerate((entry or {}).get("match") or [] if isinstance(entry, dict) else []):
                uri = (match or {}).get("uri") if isinstance(match, dict) else None
                for kind in ("prefix", "exact"):
                    path = (uri or {}).get(kind) if isinstance(uri, dict) else None
                    if isinstance(path, str) and not _ROUTE_PATH.fullmatch(path):
                        yield vs.finding(f"spec.http[{i}].match[{j}].uri.{kind}",
                                         f"{path!r} cannot match as meant: Istio compares it literally with the "
                                         "normalized request path (no wildcard, regex, %-encoding, '.'/'..' or empty "
                                         "segments, query); use uri.regex for a pattern")


_ROUTE_PATH = re.compile(ROUTE_PATH)


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
            yield dr.finding("spec.host",
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
        selector, namespace = svc.spec.get("selector") or {}, svc.namespace
        for i, subset in enumerate(dr.spec.get("subsets") or []):
            if not isinstance(subset, dict):
                continue
            wanted = {**selector, **(subset.get("labels") or {})}
            if not index.selected(namespace, {"matchLabels": wanted}):
                yield dr.finding(f"spec.subsets[{i}].labels",
                                 f"subset {subset.get('name')!r} selects no pods: no workload in namespace "
                                 f"{svc.namespace!r} has pod labels {labels_text(wanted)}")


# --------------------------------------------------------------------------- Service


@rule("service-port-protocol", "Service ports are named <protocol>[-suffix] for Istio or set appProtocol.")
def service_port_protocol(index: Index) -> Iterator[Finding]:
    for svc in index.kind("Service", ""):
        if "istio" in svc.labels or svc.labels.get("release") == "istio" or svc.namespace in SYSTEM_NAMESPACES:
            continue
        if svc.labels.get(PART_OF_LABEL) == "keda-operator":
            continue  # KEDA's rendered chart: its namespace is outside the mesh (no sidecars to pick a protocol)
        for i, port in enumerate(svc.spec.get("ports") or []):
            if not isinstance(port, dict) or port.get("appProtocol"):
                continue
            name = str(port.get("name") or "")
            if not _PORT_NAME.match(name):
                yield svc.finding(f"spec.ports[{i}].name",
                                  f"port name {name!r} does not select an Istio protocol (<protocol>[-<suffix>], "
                                  f"protocol one of {', '.join(PROTOCOLS)}) and appProtocol is not set")


# --------------------------------------------------------------------------- versions on every path


def _binds_mesh(vs: Document) -> bool:
    """A VirtualService without ``gateways`` applies to the mesh (sidecars); ``mesh`` names it explicitly."""
    gateways = vs.spec.get("gateways")
    return not gateways or ISTIO_MESH_GATEWAY in gateways


@rule("virtualservice-mesh-routes",
      "A Service with several versions gets subset routes for in-mesh callers and on every route to it.")
def mesh_routes(index: Index) -> Iterator[Finding]:
    # Canary weights, timeouts and retries live in VirtualService routes. A route without a subset, or no
    # mesh-bound VirtualService for the cluster host, sends those callers round-robin to every version.
    versioned = {host: found for host, found in subsets_by_host(index).items()
                 if host in index.services and len({s.get("name") for _, s in found}) > 1}
    covered: set[str] = set()
    for vs in index.istio("VirtualService"):
        namespace = vs.namespace
        hosts = [fqdn(str(h), namespace) for h in vs.spec.get("hosts") or []]
        for path, dest in destinations(vs):
            host = fqdn(str(dest.get("host")), namespace)
            if host not in versioned:
                continue
            if dest.get("subset"):
                if _binds_mesh(vs) and any(host_matches(h, host) for h in hosts):
                    covered.add(host)
                continue
            dr, _ = versioned[host][0]
            names = ", ".join(dict.fromkeys(str(s.get("name")) for _, s in versioned[host]))
            yield vs.finding(path,
                             f"destination {dest.get('host')!r} names no subset although DestinationRule "
                             f"{dr.namespace}/{dr.name} defines versions {names}; this route spreads traffic "
                             "round-robin over all of them, ignoring the version weights")
    for host, found in sorted(versioned.items()):
        if host in covered:
            continue
        dr, _ = found[0]
        names = ", ".join(dict.fromkeys(str(s.get("name")) for _, s in found))
        svc = index.services[host]
        yield dr.finding("spec.subsets",
                         f"Service {svc.namespace}/{svc.name} has versions {names} but no VirtualService bound to the "
                         f"mesh (gateways: [mesh] or none) routes host {host!r} to them; in-mesh callers reach every "
                         "version round-robin, without the weights, timeouts and retries of the ingress route")
