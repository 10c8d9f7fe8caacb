"""Gateway API rules: what HTTPRoutes and GRPCRoutes attach to and send traffic to, as the Gateway API's status
conditions would report it (``Accepted``, ``ResolvedRefs``) once applied, checked before anything is applied.

* a parentRef names a Gateway that exists, a listener of it (``sectionName``) that admits the
  route's namespace and one of its hostnames, or, for a GAMMA route, a Service and one of its ports;
* a backendRef names a Service (and one of its ports) whose selector picks pods, or an
  InferencePool, in the route's namespace (another namespace needs a ReferenceGrant, which this
  platform never writes), and each rule sends its traffic somewhere (a weight above 0);
* one route per listener, hostname and path (a second is shadowed by the Gateway API's
  precedence, silently), one mesh route per Service port;
* the TLS Secret a listener terminates with exists, is issued by a Certificate in the tree, or is
  declared external.
"""
from __future__ import annotations

from typing import Iterator

from inference_platform.contract import (CERT_MANAGER_GROUP, EXTERNAL_CREDENTIALS, GATEWAY_API_GROUP, INFERENCE_GROUP,
                                         NAMESPACE_NAME_LABEL, service_host)
from inference_platform.gate.model import Document, Finding
from inference_platform.gate.rules.base import Index, host_matches, rule

ROUTE_KINDS = ("HTTPRoute", "GRPCRoute")


def routes(index: Index) -> Iterator[Document]:
    for kind in ROUTE_KINDS:
        yield from index.kind(kind, GATEWAY_API_GROUP)


def _parents(route: Document) -> Iterator[tuple[int, dict]]:
    for i, ref in enumerate(route.spec.get("parentRefs") or []):
        if isinstance(ref, dict):
            yield i, ref


def _admits(listener: dict, namespace: str, gateway_namespace: str) -> bool:
    allowed = ((listener.get("allowedRoutes") or {}).get("namespaces") or {})
    how = allowed.get("from", "Same")
    if how == "All":
        return True
    if how == "Same":
        return namespace == gateway_namespace
    labels = ((allowed.get("selector") or {}).get("matchLabels") or {})
    return how == "Selector" and labels.get(NAMESPACE_NAME_LABEL) == namespace and len(labels) == 1


@rule("route-parent-resolves", "A route's parentRefs name an existing Gateway listener that admits it, or a Service port.")
def parent_resolves(index: Index) -> Iterator[Finding]:
    for route in routes(index):
        hostnames = [h for h in route.spec.get("hostnames") or [] if isinstance(h, str)]
        for i, ref in _parents(route):
            where = f"spec.parentRefs[{i}]"
            kind, group = ref.get("kind", "Gateway"), ref.get("group", GATEWAY_API_GROUP)
            namespace = ref.get("namespace") or route.namespace
            if kind == "Service" and group in ("", "core"):
                svc = index.services.get(service_host(str(ref.get("name")), namespace))
                if svc is None:
                    yield route.finding(where, f"Service {namespace}/{ref.get('name')} does not exist; a mesh "
                                               "route's parent is the Service its callers address")
                    continue
                ports = [p.get("port") for p in svc.spec.get("ports") or [] if isinstance(p, dict)]
                if ref.get("port") is not None and ref.get("port") not in ports:
                    yield route.finding(f"{where}.port", f"{ref.get('port')} is not a port of Service "
                                        f"{namespace}/{svc.name} ({', '.join(map(str, ports)) or 'none'})")
                continue
            if (group, kind) != (GATEWAY_API_GROUP, "Gateway"):
                yield route.finding(where, f"parent kind {group or 'core'}/{kind} is neither a Gateway "
                                           f"({GATEWAY_API_GROUP}) nor a Service")
                continue
            gw = index.by_key.get((GATEWAY_API_GROUP, "Gateway", namespace, str(ref.get("name"))))
            if gw is None:
                yield route.finding(where, f"Gateway {namespace}/{ref.get('name')} does not exist")
                continue
            listeners = [ls for ls in gw.spec.get("listeners") or [] if isinstance(ls, dict)]
            section = ref.get("sectionName")
            chosen = [ls for ls in listeners if section is None or ls.get("name") == section]
            if not chosen:
                names = ", ".join(str(ls.get("name")) for ls in listeners) or "none"
                yield route.finding(f"{where}.sectionName", f"{section!r} is not a listener of Gateway "
                                    f"{gw.namespace}/{gw.name} (listeners: {names})")
                continue
            admitting = [ls for ls in chosen if _admits(ls, route.namespace, gw.namespace)]
            if not admitting:
                yield route.finding(where, f"listener {section or '(any)'} of Gateway {gw.namespace}/{gw.name} does "
                                           f"not admit routes from namespace {route.namespace!r} (allowedRoutes)")
                continue
            for ls in admitting:
                host = ls.get("hostname")
                if host and hostnames and not any(host_matches(host, h) or host_matches(h, host) for h in hostnames):
                    yield route.finding(f"{where}.sectionName", f"listener {ls.get('name')} serves {host!r}, none "
                                        f"of the route's hostnames ({', '.join(hostnames)}); the route is not Accepted")


@rule("route-backend-resolves",
      "A route's backendRefs name a Service port or an InferencePool in its namespace, and some weight is above 0.")
def backend_resolves(index: Index) -> Iterator[Finding]:
    for route in routes(index):
        for r, rule_ in enumerate(route.spec.get("rules") or []):
            backends = [b for b in (rule_ or {}).get("backendRefs") or [] if isinstance(b, dict)]
            if backends and not any(b.get("weight", 1) for b in backends):
                yield route.finding(f"spec.rules[{r}].backendRefs", "every weight is 0: the rule answers 500")
            for b, ref in enumerate(backends):
                where = f"spec.rules[{r}].backendRefs[{b}]"
                namespace = ref.get("namespace") or route.namespace
                if namespace != route.namespace:
                    yield route.finding(f"{where}.namespace", f"{namespace!r} is not the route's namespace; a "
                                        "cross-namespace backend needs a ReferenceGrant there")
                    continue
                kind, group = ref.get("kind", "Service"), ref.get("group", "")
                if (group, kind) == (INFERENCE_GROUP, "InferencePool"):
                    if (INFERENCE_GROUP, "InferencePool", namespace, ref.get("name")) not in index.by_key:
                        yield route.finding(where, f"InferencePool {namespace}/{ref.get('name')} does not exist")
                    continue
                if kind != "Service" or group not in ("", "core"):
                    yield route.finding(where, f"backend kind {group or 'core'}/{kind} is neither a Service nor an "
                                               f"InferencePool ({INFERENCE_GROUP})")
                    continue
                svc = index.services.get(service_host(str(ref.get("name")), namespace))
                if svc is None:
                    yield route.finding(where, f"Service {namespace}/{ref.get('name')} does not exist")
                    continue
                ports = [p.get("port") for p in svc.spec.get("ports") or [] if isinstance(p, dict)]
                if ref.get("port") not in ports:
                    yield route.finding(f"{where}.port", f"{ref.get('port')!r} is not a port of Service "
                                        f"{namespace}/{svc.name} ({', '.join(map(str, ports)) or 'none'}); a "
                                        "Service backend needs its port")
                elif ref.get("weight", 1) and not index.selected(namespace, {"matchLabels": svc.spec.get("selector")
                                                                             or {}}):
                    yield route.finding(where, f"Service {namespace}/{svc.name} selects no pods (no workload in the "
                                               f"tree matches {svc.spec.get('selector') or {}}): its weight "
                                               f"({ref.get('weight', 1)}) is answered with 503")


@rule("route-unique", "One route per listener, hostname and path; one mesh route per Service port.")
def unique(index: Index) -> Iterator[Finding]:
    seen: dict[tuple, str] = {}
    for route in routes(index):
        hostnames = [h for h in route.spec.get("hostnames") or [] if isinstance(h, str)] or ["*"]
        paths = []
        for rule_ in route.spec.get("rules") or []:
            for match in (rule_ or {}).get("matches") or [{}]:
                path = (match or {}).get("path") or {"type": "PathPrefix", "value": "/"}
                headers = tuple(sorted((h.get("name"), h.get("value")) for h in (match or {}).get("headers") or []))
                paths.append((route.kind, path.get("type"), path.get("value"), headers))
        me = f"{route.kind} {route.namespace}/{route.name}"
        for i, ref in _parents(route):
            parent = (ref.get("kind", "Gateway"), ref.get("namespace") or route.namespace, ref.get("name"),
                      ref.get("sectionName"), ref.get("port"))
            keys = [(parent, host, path) for host in hostnames for path in dict.fromkeys(paths)]
            for key in keys:
                other = seen.setdefault(key, me)
                if other != me:
                    _, host, (_, ptype, pvalue, _) = key
                    yield route.finding(f"spec.parentRefs[{i}]",
                                        f"{other} already routes {host} {ptype} {pvalue} on this parent; one of the "
                                        "two is shadowed by the Gateway API's precedence rules")
                    break


@rule("gateway-listener-tls", "Every TLS Secret a Gateway API listener terminates with exists, is issued, or is external.")
def listener_tls(index: Index) -> Iterator[Finding]:
    for gw in index.kind("Gateway", GATEWAY_API_GROUP):
        external = {s.strip() for s in str((gw.metadata.get("annotations") or {}).get(
            EXTERNAL_CREDENTIALS, "")).split(",") if s.strip()}
        for i, ls in enumerate(gw.spec.get("listeners") or []):
            for j, ref in enumerate(((ls or {}).get("tls") or {}).get("certificateRefs") or []):
                name = ref.get("name")
                namespace = ref.get("namespace") or gw.namespace
                if name in external or ("", "Secret", namespace, name) in index.by_key:
                    continue
                issued = any(c.namespace == namespace and c.spec.get("secretName") == name
                             for c in index.kind("Certificate", CERT_MANAGER_GROUP))
                if not issued:
                    yield gw.finding(f"spec.listeners[{i}].tls.certificateRefs[{j}]",
                                     f"Secret {namespace}/{name} is neither in the tree, issued by a Certificate, nor "
                                     f"declared external ({EXTERNAL_CREDENTIALS})")
