"""Who may reach a workload: AuthorizationPolicies (L7, in the sidecar) and NetworkPolicies (L3/4, in the CNI).

An ALLOW rule that names no identity (no principal, no namespace) admits every workload of the
cluster and, on a port that accepts plain text, anything that can open a connection. The
platform writes exactly one such rule per service: ``GET <metrics path>`` on the metrics port,
for a Prometheus outside the mesh. ``authorization-open-rule`` refuses any identity-free ALLOW
rule broader than that: one exact path (none of Istio's ``*`` prefix/suffix or ``{*}``/``{**}``
template forms), GET only, one port, and that port and path the selected pods' metrics
(``prometheus.io/port`` and ``prometheus.io/path``). See
https://istio.io/latest/docs/reference/config/security/authorization-policy/.
"""
from __future__ import annotations

from typing import Iterator

from inference_platform.gate.model import Document, Finding
from inference_platform.gate.rules.base import Index, rule, selector_matches
from inference_platform.contract import POD_SERVER_ANNOTATION, excluded_ports, principal_namespace

__all__ = ["is_exact_path", "identity_free", "open_rule_problem"]

SECURITY_GROUP = "security.istio.io"
#: Source fields that name who calls (an identity), as opposed to where from (ipBlocks) or exclusions.
_IDENTITIES = ("principals", "requestPrincipals", "namespaces")


def is_exact_path(path: object) -> bool:
    """Whether an AuthorizationPolicy path matches exactly one path (no Istio wildcard or template form)."""
    return (isinstance(path, str) and path.startswith("/") and not any(c in path for c in "*{}?#%")
            and "//" not in path and "/./" not in path + "/" and "/../" not in path + "/")


def identity_free(rule_: dict) -> bool:
    """Whether an ALLOW rule admits callers without naming who they are (every ``from`` source needs an identity)."""
    sources = rule_.get("from")
    if not sources:
        return True
    for entry in sources:
        source = (entry or {}).get("source") if isinstance(entry, dict) else None
        if not isinstance(source, dict):
            return True
        named = [v for key in _IDENTITIES for v in (source.get(key) or [])]
        if not named or any(v == "*" for v in named):
            return True
    return False


def open_rule_problem(rule_: dict, metrics: set[tuple[str, str]] | None) -> str | None:
    """Why an identity-free ALLOW rule is broader than one exact metrics path, or None.

    ``metrics`` holds the (port, path) the selected pods serve metrics on; None when no selected
    pod is in the tree (then only the rule's own shape is checked).
    """
    operations = [(t or {}).get("operation") for t in rule_.get("to") or [] if isinstance(t, dict)]
    if not operations or any(not isinstance(op, dict) for op in operations):
        return "it admits every path on every port"
    for op in operations:
        paths, ports, methods = op.get("paths") or [], op.get("ports") or [], op.get("methods") or []
        if op.get("notPaths") or op.get("notPorts") or op.get("notMethods"):
            return "it admits by exclusion (notPaths/notPorts/notMethods), which covers everything else"
        if len(paths) != 1 or not is_exact_path(paths[0]):
            shown = ", ".join(map(repr, paths)) or "every path"
            return f"it admits {shown}, not one exact path (Istio reads '*' and '{{*}}'/'{{**}}' as wildcards)"
        if list(methods) != ["GET"]:
            return f"it admits methods {', '.join(map(str, methods)) or 'all'}; a metrics scrape needs GET only"
        if len(ports) != 1:
            return f"it admits ports {', '.join(map(str, ports)) or 'all'}, not the one metrics port"
        if metrics is not None and (str(ports[0]), paths[0]) not in metrics:
            served = ", ".join(f"{path} on port {port}" for port, path in sorted(metrics)) or "none"
            return (f"GET {paths[0]} on port {ports[0]} is not where the selected pods serve metrics "
                    f"(prometheus.io/port and prometheus.io/path: {served})")
    return None


def _selected_metrics(index: Index, policy: Document) -> set[tuple[str, str]] | None:
    selector = policy.spec.get("selector")
    match = selector.get("matchLabels") if isinstance(selector, dict) else None
    if not isinstance(match, dict) or not match:
        return None
    pods = index.selected(policy.namespace, {"matchLabels": match})
    if not pods:
        return None
    served = set()
    for _, template, _ in pods:
        annotations = (template.get("metadata") or {}).get("annotations") or {}
        if isinstance(annotations, dict) and annotations.get("prometheus.io/port"):
            served.add((str(annotations["prometheus.io/port"]), str(annotations.get("prometheus.io/path") or "/metrics")))
    return served


@rule("authorization-open-rule",
      "An ALLOW rule without a principal admits no more than GET of one exact metrics path on the metrics port.")
def authorization_open_rule(index: Index) -> Iterator[Finding]:
    for policy in index.kind("AuthorizationPolicy", SECURITY_GROUP):
        if policy.spec.get("action", "ALLOW") != "ALLOW":
            continue
        metrics: set[tuple[str, str]] | None | bool = False  # looked up on the first open rule
        for i, rule_ in enumerate(policy.spec.get("rules") or []):
            if not isinstance(rule_, dict) or not identity_free(rule_):
                continue
            if metrics is False:
                metrics = _selected_metrics(index, policy)
            problem = open_rule_problem(rule_, metrics)
            if problem is not None:
                yield policy.finding(f"spec.rules[{i}]",
                                     f"this rule names no principal, so every workload of the cluster (and plain "
                                     f"text, where mTLS is PERMISSIVE) matches it, and {problem}: name the callers' "
                                     "principals, or admit GET of the one metrics path on the metrics port only")


# --------------------------------------------------------------------------- NetworkPolicy beside it

#: Ports the mesh itself serves in a pod (merged telemetry, Envoy's stats, health, HBONE): a NetworkPolicy may
#: admit them beyond what the AuthorizationPolicy names (the sidecar, not the application, answers there).
MESH_PORTS = {15008, 15020, 15021, 15090}


def _peer_namespaces(peer: dict, own: str) -> set[str] | None:
    """The namespaces a NetworkPolicy peer admits (None: every namespace; an empty set: none we can name)."""
    if "ipBlock" in peer:
        return None  # addresses, not identities: anything routed from there
    selector = peer.get("namespaceSelector")
    if selector is None:
        return {own}  # a podSelector alone: pods of the policy's own namespace
    if not isinstance(selector, dict) or not (selector.get("matchLabels") or selector.get("matchExpressions")):
        return None
    name = (selector.get("matchLabels") or {}).get("kubernetes.io/metadata.name")
    return {str(name)} if name and not selector.get("matchExpressions") else None


def _admitted(policies: list[Document]) -> list[tuple[set[str] | None, set[int] | None]]:
    """(namespaces, ports) each ingress rule of the NetworkPolicies admits (None: any)."""
    out = []
    for np in policies:
        for rule_ in np.spec.get("ingress") or []:
            if not isinstance(rule_, dict):
                continue
            peers = rule_.get("from")
            namespaces: set[str] | None = set()
            for peer in peers if peers else [{"namespaceSelector": {}}]:
                found = _peer_namespaces(peer, np.namespace) if isinstance(peer, dict) else None
                namespaces = None if found is None or namespaces is None else namespaces | found
            ports = rule_.get("ports")
            numbers = None if not ports else {p.get("port") for p in ports if isinstance(p, dict)}
            out.append((namespaces, numbers))
    return out


def _allows(admitted: list[tuple[set[str] | None, set[int] | None]], namespace: str | None, port: int) -> bool:
    return any((ns is None or (namespace is not None and namespace in ns)) and (ports is None or port in ports)
               for ns, ports in admitted)


@rule("networkpolicy-matches-authorization",
      "Pods an AuthorizationPolicy admits callers to have a NetworkPolicy admitting the same namespaces on the same "
      "ports, and no other (the mesh's own ports aside).")
def networkpolicy_matches_authorization(index: Index) -> Iterator[Finding]:
    # The AuthorizationPolicy is enforced only where a sidecar sits: a pod started without injection, or a port
    # that bypasses the sidecar, is reached unchecked. The NetworkPolicy (enforced by the CNI) is the fence
    # under it, and the two must say the same thing, or one of them cuts callers off or lets others in.
    yield from _model_servers_fenced(index)
    for policy in index.kind("AuthorizationPolicy", SECURITY_GROUP):
        selector = policy.spec.get("selector")
        match = selector.get("matchLabels") if isinstance(selector, dict) else None
        if policy.spec.get("action", "ALLOW") != "ALLOW" or not isinstance(match, dict) or not match:
            continue
        pods = index.selected(policy.namespace, {"matchLabels": match})
        if not pods:
            continue
        labels = {k: v for _, template, _ in pods[:1] for k, v in
                  ((template.get("metadata") or {}).get("labels") or {}).items()}
        # Ports the pods' sidecar leaves alone: no AuthorizationPolicy applies there, the NetworkPolicy alone
        # guards them (bypass-port-fenced checks it names its peers).
        bypassed = {p for _, template, _ in pods
                    for p in excluded_ports((template.get("metadata") or {}).get("annotations"))}
        fences = [np for np in index.in_namespace("NetworkPolicy", "networking.k8s.io", policy.namespace)
                  if "Ingress" in (np.spec.get("policyTypes") or ["Ingress"])
                  and selector_matches(np.spec.get("podSelector"), labels)]
        if not fences:
            if any(POD_SERVER_ANNOTATION in ((t.get("metadata") or {}).get("annotations") or {}) for _, t, _ in pods):
                continue  # reported on the model server's workload below
            yield policy.finding("spec.selector",
                                 f"no NetworkPolicy selects the pods this policy guards ({', '.join(f'{k}={v}' for k, v in sorted(match.items()))}); "
                                 "where no sidecar enforces it (a pod started without injection, a port that bypasses "
                                 "the proxy) anything in the cluster reaches them: add an ingress NetworkPolicy "
                                 "admitting the same callers")
            continue
        admitted = _admitted(fences)
        wanted: set[tuple[str | None, int]] = set()  # (namespace or None for any, port) the policy admits
        for i, rule_ in enumerate(policy.spec.get("rules") or []):
            if not isinstance(rule_, dict):
                continue
            ports = {int(p) for t in rule_.get("to") or [] if isinstance(t, dict)
                     for p in ((t.get("operation") or {}).get("ports") or []) if str(p).isdigit()}
            if identity_free(rule_):
                namespaces: list[str | None] = [None]
            else:
                namespaces = sorted({principal_namespace(str(p)) for entry in rule_.get("from") or []
                                     for p in ((entry or {}).get("source") or {}).get("principals") or []}
                                    | {n for entry in rule_.get("from") or []
                                       for n in ((entry or {}).get("source") or {}).get("namespaces") or []}
                                    - {None})
            for port in sorted(ports & bypassed):
                yield policy.finding(f"spec.rules[{i}]",
                                     f"admits port {port}, which the selected pods' sidecar does not intercept "
                                     "(traffic.sidecar.istio.io/excludeInboundPorts): the rule is never applied "
                                     "there; remove the port, or keep it through the sidecar")
            for ns in namespaces:
                for port in sorted(ports - bypassed):
                    wanted.add((ns, port))
                    if ns is None and not any(ports_ is None or port in ports_ for _, ports_ in admitted):
                        yield policy.finding(f"spec.rules[{i}]",
                                             f"admits port {port} from any source, but no NetworkPolicy selecting "
                                             "these pods admits that port from anywhere")
                    elif ns is not None and not _allows(admitted, ns, port):
                        yield policy.finding(f"spec.rules[{i}]",
                                             f"admits namespace {ns!r} on port {port}, but no NetworkPolicy "
                                             "selecting these pods does: those callers are cut off at L4")
        allowed_ports = {port for _, port in wanted}
        for np in fences:
            for j, (namespaces_, ports_) in enumerate(_admitted([np])):
                extra = sorted(ports_ - allowed_ports - MESH_PORTS - bypassed) if ports_ is not None else ["every port"]
                if extra:
                    yield np.finding(f"spec.ingress[{j}]",
                                     f"admits {', '.join(map(str, extra))}, which AuthorizationPolicy "
                                     f"{policy.namespace}/{policy.name} admits to nobody")
                    continue
                for port in sorted(ports_ or ()):
                    if port in MESH_PORTS or port in bypassed or (None, port) in wanted:
                        continue
                    outside = (["any namespace"] if namespaces_ is None else
                               sorted(ns for ns in namespaces_ if (ns, port) not in wanted))
                    if outside:
                        yield np.finding(f"spec.ingress[{j}]",
                                         f"admits {', '.join(outside)} on port {port}, which AuthorizationPolicy "
                                         f"{policy.namespace}/{policy.name} does not admit")


@rule("bypass-port-fenced",
      "A port a pod's sidecar leaves alone (excludeInboundPorts) is admitted by an ingress NetworkPolicy selecting the "
      "pod, and only from named pods (a podSelector), never from whole namespaces, address blocks or anywhere.")
def bypass_port_fenced(index: Index) -> Iterator[Finding]:
    # Past the sidecar there is no mTLS and no AuthorizationPolicy: the NetworkPolicy is the only fence left.
    for doc, template, base in index.pod_templates():
        metadata = template.get("metadata") or {}
        ports = excluded_ports(metadata.get("annotations"))
        if not ports:
            continue
        labels = metadata.get("labels") or {}
        fences = [np for np in index.in_namespace("NetworkPolicy", "networking.k8s.io", doc.namespace)
                  if "Ingress" in (np.spec.get("policyTypes") or ["Ingress"])
                  and selector_matches(np.spec.get("podSelector"), labels)]
        if not fences:
            yield doc.finding(f"{base}.metadata.annotations",
                              f"ports {', '.join(map(str, sorted(ports)))} bypass the sidecar (no mTLS, no "
                              "AuthorizationPolicy) and no ingress NetworkPolicy selects these pods: anything in the "
                              "cluster reaches them; add one admitting the peers' pods on those ports only")
            continue
        for np in fences:
            for j, rule_ in enumerate(np.spec.get("ingress") or []):
                if not isinstance(rule_, dict):
                    continue
                numbers = {p.get("port") for p in rule_.get("ports") or [] if isinstance(p, dict)}
                covered = sorted(ports if not rule_.get("ports") else ports & numbers)
                if not covered:
                    continue
                peers = rule_.get("from") or []
                if not peers or any(not isinstance(peer, dict) or "ipBlock" in peer
                                    or not ((peer.get("podSelector") or {}).get("matchLabels")
                                            or (peer.get("podSelector") or {}).get("matchExpressions"))
                                    for peer in peers):
                    yield np.finding(f"spec.ingress[{j}]",
                                     f"admits port(s) {', '.join(map(str, covered))}, which bypass the sidecar of "
                                     f"{doc.kind} {doc.namespace}/{doc.name} (no mTLS, no AuthorizationPolicy), from "
                                     "whole namespaces, address blocks or anywhere; admit only the peers' pods "
                                     "(a podSelector in each peer)")


def _model_servers_fenced(index: Index) -> Iterator[Finding]:
    """Every model server's workload is selected by an ingress NetworkPolicy of its namespace."""
    for doc, template, base in index.pod_templates():
        annotations = (template.get("metadata") or {}).get("annotations") or {}
        if not isinstance(annotations, dict) or POD_SERVER_ANNOTATION not in annotations:
            continue
        labels = (template.get("metadata") or {}).get("labels") or {}
        if not any("Ingress" in (np.spec.get("policyTypes") or ["Ingress"])
                   and selector_matches(np.spec.get("podSelector"), labels)
                   for np in index.in_namespace("NetworkPolicy", "networking.k8s.io", doc.namespace)):
            yield doc.finding(f"{base}.metadata.labels",
                              "no NetworkPolicy selects this model server's pods: where no sidecar enforces the "
                              "AuthorizationPolicy (a pod started without injection, a port that bypasses the proxy) "
                              "anything in the cluster reaches them; add an ingress NetworkPolicy admitting what the "
                              "AuthorizationPolicy admits")
