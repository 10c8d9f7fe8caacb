"""Gateway rules: what a VirtualService binds to, the hosts a Gateway admits and the TLS secrets it serves."""
from __future__ import annotations

from typing import Iterator

from inference_platform.contract import CERT_MANAGER_GROUP, EXTERNAL_CREDENTIALS, ISTIO_MESH_GATEWAY, ISTIO_NETWORKING_GROUP
from inference_platform.gate.model import Document, Finding
from inference_platform.gate.rules.base import HostTable, Index, rule, selector_matches, template_labels


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


#: The ports Istio's gateway chart gives its Service when the values name none (charts/gateway/values.yaml).
GATEWAY_CHART_SERVICE_PORTS = (15021, 80, 443)


def _chart_values(doc: Document) -> dict:
    """The values of the gateway chart a Flux HelmRelease or Argo CD Application installs."""
    if doc.kind == "HelmRelease":
        values = doc.spec.get("values")
        return values if isinstance(values, dict) else {}
    for source in [doc.spec.get("source")] + list(doc.spec.get("sources") or []):
        if isinstance(source, dict) and source.get("chart") == "gateway":
            values = (source.get("helm") or {}).get("valuesObject")
            return values if isinstance(values, dict) else {}
    return {}


def gateway_services(index: Index) -> list[tuple[str, str, dict[str, str], list[int]]]:
    """(Service as "namespace/name", its namespace, the pod labels it selects, its port numbers) of every
    Service in front of gateway pods: rendered Services and their workloads, and the Services Istio's gateway
    chart creates from a release's values (``service.ports``) in controller-managed mode."""
    from inference_platform.gate.rules.scaling_metrics import chart_gateways  # the chart's pod labels, one owner
    out = []
    for svc in index.kind("Service", ""):
        selector = svc.spec.get("selector")
        if not isinstance(selector, dict) or not selector:
            continue
        ports = [p.get("port") for p in svc.spec.get("ports") or [] if isinstance(p, dict)]
        for _, template, _ in index.selected(svc.namespace, {"matchLabels": selector}):
            out.append((f"{svc.namespace}/{svc.name}", svc.namespace, template_labels(template), ports))
    for release, namespace, name, labels in chart_gateways(index):
        service = _chart_values(release).get("service")
        declared = service.get("ports") if isinstance(service, dict) else None
        ports = ([p.get("port") for p in declared if isinstance(p, dict)] if isinstance(declared, list)
                 else list(GATEWAY_CHART_SERVICE_PORTS))
        out.append((f"{namespace}/{name}", namespace, labels, ports))
    return out


@rule("gateway-port-exposed",
      "Every server port of an Istio Gateway is a port of the Service in front of the gateway pods it selects.")
def gateway_port_exposed(index: Index) -> Iterator[Finding]:
    # Istio listens for a Gateway server on the target port of the gateway Service's port of that number
    # (istioctl analyze IST0104): a server port the Service does not expose is a listener nobody reaches, and
    # with an HTTP server that redirects to it (httpsRedirect) every request goes nowhere.
    services: list | None = None
    for gw in index.istio("Gateway"):
        selector = gw.spec.get("selector")
        if not isinstance(selector, dict) or not selector:
            continue
        if services is None:
            services = gateway_services(index)
        fronting = [(name, ports) for name, _, labels, ports in services
                    if selector_matches({"matchLabels": selector}, labels)]
        if not fronting:
            continue  # the gateway pods are not in this tree: nothing to compare
        redirect = any(((s or {}).get("tls") or {}).get("httpsRedirect") for s in gw.spec.get("servers") or [])
        said: set[tuple[int, str]] = set()
        # Each install path (a rendered Service, a Flux release, an Argo CD release) must expose every port.
        for name, ports in fronting:
            exposed = [p for p in ports if isinstance(p, int)]
            for i, server in enumerate(gw.spec.get("servers") or []):
                number = ((server or {}).get("port") or {}).get("number")
                if number is None or number in exposed:
                    continue
                message = (f"port {number} is not a port of the gateway Service {name} (ports: "
                           f"{', '.join(map(str, exposed)) or 'none'}); this server's listener cannot be reached"
                           + ("; the HTTP server redirects every request to it" if redirect else ""))
                if (i, message) not in said:
                    said.add((i, message))
                    yield gw.finding(f"spec.servers[{i}].port.number", message)
