"""Gateway rules: what a VirtualService binds to, the hosts a Gateway admits and the TLS secrets it serves."""
from __future__ import annotations

from typing import Iterator

from inference_platform.contract import CERT_MANAGER_GROUP, EXTERNAL_CREDENTIALS, ISTIO_MESH_GATEWAY, ISTIO_NETWORKING_GROUP
from inference_platform.gate.model import Document, Finding
from inference_platform.gate.rules.base import HostTable, Index, rule


@rule("virtualservice-gateway-missing", "Every Gateway a VirtualService binds to exists.")
def gateway_missing(index: Index) -> Iterator[Finding]:
    for vs, i, ref, gw_ns, gw_name, gw in _gateways(index):
        if gw is None:
            yield vs.finding(f"spec.gateways[{i}]",
                             f"gateway {ref!r} does not exist (looked for Gateway {gw_ns}/{gw_name})")


@rule("virtualservice-gateway-hosts", "Every VirtualService host is admitted by the Gateways it binds to.")
def gateway_hosts(index: Index) -> Iterator[Finding]:
    admitted: dict[tuple[str, str], tuple[HostTable, str]] = {}
    for vs, _, _, gw_ns, gw_name, gw in _gateways(index):
        if gw is None:
            continue
        if (gw_ns, gw_name) not in admitted:
            admitted[(gw_ns, gw_name)] = _server_hosts(gw)
        table, shown = admitted[(gw_ns, gw_name)]
        namespace = vs.namespace
        for j, host in enumerate(vs.spec.get("hosts") or []):
            if not any(only is None or only == namespace for only in table.matching(str(host))):
                yield vs.finding(f"spec.hosts[{j}]",
                                 f"host {host!r} is not admitted by Gateway {gw.namespace}/{gw.name} "
                                 f"(server hosts: {shown})")


def _server_hosts(gw: Document) -> tuple[HostTable, str]:
    """The hosts a Gateway's servers admit, each filed with the one namespace whose VirtualServices it
    admits (None: any), and the entries as findings list them.

    A server host is ``[namespace/]host``: ``*/`` or no namespace admits every namespace, ``./`` the Gateway's.
    """
    table, entries = HostTable(), []
    for server in gw.spec.get("servers") or []:
        for entry in (server or {}).get("hosts") or []:
            if isinstance(entry, str):
                entries.append(entry)
                ns, _, pattern = entry.rpartition("/")
                table.add(pattern, None if ns in ("", "*") else gw.namespace if ns == "." else ns)
    return table, ", ".join(dict.fromkeys(entries)) or "none"


def _gateways(index: Index) -> Iterator[tuple[Document, int, str, str, str, Document | None]]:
    for vs in index.istio("VirtualService"):
        for i, ref in enumerate(vs.spec.get("gateways") or []):
            if not isinstance(ref, str) or ref == ISTIO_MESH_GATEWAY:
                continue
            ns, _, name = ref.rpartition("/")
            ns = ns or vs.namespace
            yield vs, i, ref, ns, name, index.by_key.get((ISTIO_NETWORKING_GROUP, "Gateway", ns, name))


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
        secrets = {s.name for s in index.in_namespace("Secret", "", gw.namespace)}
        issued = {str(c.spec.get("secretName")) for c in index.in_namespace("Certificate", CERT_MANAGER_GROUP,
                                                                             gw.namespace)}
        for path, name in _credentials(gw):
            if name in secrets or name in issued or name in declared:
                continue
            yield gw.finding(path,
                             f"dangling credentialName {name!r}: no Secret {gw.namespace}/{name} and no cert-manager "
                             f"Certificate with spec.secretName {name!r} in namespace {gw.namespace!r} is in this "
                             f"environment, and the Gateway does not declare it external (annotation "
                             f"{EXTERNAL_CREDENTIALS}: {name!r}); the server cannot complete a TLS handshake "
                             "until someone creates the Secret by hand")
