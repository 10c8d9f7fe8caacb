"""Gateway rules: what a VirtualService binds to, the hosts a Gateway admits and the TLS secrets it serves."""
from __future__ import annotations

from typing import Iterator

from inference_platform.gate.model import Document, Finding
from inference_platform.gate.rules.base import Index, host_matches, rule


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


#: Gateway annotation naming TLS credentials created outside this tree (comma-separated Secret names).
EXTERNAL_CREDENTIALS = "inference-platform.io/external-credentials"


def _credentials(gw: Document) -> Iterator[tuple[str, str]]:
    """(field path, Secret name) of every TLS credential a Gateway's servers reference."""
    for i, server in enumerate(gw.spec.get("servers") or []):
        tls = (server or {}).get("tls") or {}
        if isinstance(tls.get("credentialName"), str) and tls["credentialName"]:
            yield f"spec.servers[{i}].tls.credentialName", tls["credentialName"]
        for j, name in enumerate(tls.get("credentialNames") or []):
            if isinstance(name, str) and name:
                yield f"spec.servers[{i}].tls.credentialNames[{j}]", name


@rule("gateway-credential-exists",
      "Every TLS credentialName of a Gateway is a Secret or cert-manager Certificate in the tree, or declared external.")
def gateway_credential_exists(index: Index) -> Iterator[Finding]:
    for gw in index.istio("Gateway"):
        annotations = gw.metadata.get("annotations")
        declared = {n.strip() for n in str((annotations or {}).get(EXTERNAL_CREDENTIALS) or "").split(",")}
        secrets = {s.name for s in index.kind("Secret", "") if s.namespace == gw.namespace}
        issued = {str(c.spec.get("secretName")) for c in index.kind("Certificate", "cert-manager.io")
                  if c.namespace == gw.namespace}
        for path, name in _credentials(gw):
            if name in secrets or name in issued or name in declared:
                continue
            yield gw.finding(path, "gateway-credential-exists",
                             f"dangling credentialName {name!r}: no Secret {gw.namespace}/{name} and no cert-manager "
                             f"Certificate with spec.secretName {name!r} in namespace {gw.namespace!r} is in this "
                             f"environment, and the Gateway does not declare it external (annotation "
                             f"{EXTERNAL_CREDENTIALS}: {name!r}); the server cannot complete a TLS handshake "
                             "until someone creates the Secret by hand")
