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
