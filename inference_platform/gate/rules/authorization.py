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
from inference_platform.gate.rules.base import Index, rule

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
                yield policy.finding(f"spec.rules[{i}]", "authorization-open-rule",
                                     f"this rule names no principal, so every workload of the cluster (and plain "
                                     f"text, where mTLS is PERMISSIVE) matches it, and {problem}: name the callers' "
                                     "principals, or admit GET of the one metrics path on the metrics port only")
