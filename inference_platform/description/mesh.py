"""The Istio install: pinned release, control plane, mesh config and the ingress gateway."""
from __future__ import annotations

from typing import Annotated, Iterator, Literal

from pydantic import Field

from inference_platform.description.base import Model, each_valid, rule
from inference_platform.description.errors import show
from inference_platform.description.service import Items
from inference_platform.kube_names import (INT32_MAX, ISTIO_PROXY_PORTS, Checked, DnsLabel, DnsSubdomain, HostName,
                                           Cpu, Memory, Text, dns_label, quantity_value)
from inference_platform.catalog.pinned import DEFAULT_ISTIO, ISTIO_RELEASES
from inference_platform.contract import GATEWAY_CLASS, GATEWAY_NAME_LABEL
from inference_platform.layout import GATEWAY_API, VIRTUALSERVICE

__all__ = ["ComponentScaling", "ComponentResources", "Istiod", "MeshConfig", "GatewayPort", "IngressGateway", "Istio",
           "VIRTUALSERVICE", "GATEWAY_API", "GATEWAY_NAME_LABEL", "GATEWAY_CLASS"]

IstioRelease = Annotated[str, Checked(
    "has no pinned charts and CRDs in this project; allowed: " + ", ".join(ISTIO_RELEASES), choices=ISTIO_RELEASES)]
ChartRepository = Annotated[str, Checked("is not an https:// or oci:// URL", r"(https|oci)://\S+", 1024)]
#: The gateway Service ports the Istio Gateway's HTTP and HTTPS servers listen on.
HTTP_PORT, HTTPS_PORT = 80, 443
#: The gateway's Envoy binds these itself; 15021 is its own health port (status-port).
GATEWAY_RESERVED = {p: what for p, what in ISTIO_PROXY_PORTS.items() if p != 15021}




def gateway_selector_label(name: str) -> str:
    """The ``istio`` label Istio's gateway chart gives the pods of gateway ``name`` (``istio-`` dropped)."""
    return name.removeprefix("istio-")


class ComponentScaling(Model):
    min_replicas: int = Field(1, ge=1, le=INT32_MAX, description="Lower bound.")
    max_replicas: int = Field(5, ge=1, le=INT32_MAX, description="Upper bound.")
    cpu_utilization: int = Field(80, ge=1, le=100, description="Target CPU utilization percent.")

    @rule
    def _bounds(self) -> Iterator[tuple[str, str]]:
        if self.max_replicas < self.min_replicas:
            yield "max_replicas", f"{self.max_replicas} is less than min_replicas ({self.min_replicas})"


class ComponentResources(Model):
    cpu: Cpu = Field("500m", description="CPU request.")
    memory: Memory = Field("2Gi", description="Memory request and limit.")
    cpu_limit: Cpu = Field("2", description="CPU limit (at least the request: the API server refuses less).")

    @rule
    def _request_within_limit(self) -> Iterator[tuple[str, str]]:
        if quantity_value(self.cpu) > quantity_value(self.cpu_limit):
            yield "cpu", (f"{show(self.cpu)} is more than cpu_limit ({show(self.cpu_limit)}); the API server refuses "
                          "a request above its limit")


class Istiod(Model):
    resources: ComponentResources = Field(ComponentResources(), description="istiod (pilot) resources.")
    autoscaling: ComponentScaling = Field(ComponentScaling(), description="istiod HPA.")


class MeshConfig(Model):
    access_logs: bool = Field(True, description="Envoy access logs to stdout.")
    outbound_traffic_policy: Literal["ALLOW_ANY", "REGISTRY_ONLY"] = Field(
        "ALLOW_ANY", description="REGISTRY_ONLY blocks egress to hosts without a ServiceEntry.")
    hold_application_until_proxy_starts: bool = Field(
        True, description="Start the model server only once its sidecar is ready.")


class GatewayPort(Model):
    name: dns_label(15) = Field(description="Port name (Istio protocol prefix).")
    port: int = Field(ge=1, le=65535, description="Service port.")
    target_port: int = Field(ge=1, le=65535, description="Container port (not one of Envoy's own ports).")
    protocol: Literal["TCP"] = Field("TCP", description="L4 protocol.")

    @rule
    def _target_port_free(self) -> Iterator[tuple[str, str]]:
        if self.target_port in GATEWAY_RESERVED:
            yield "target_port", (f"{self.target_port} is the gateway proxy's {GATEWAY_RESERVED[self.target_port]} "
                                  f"port; allowed: 1-65535 except {', '.join(map(str, GATEWAY_RESERVED))}")


class IngressGateway(Model):
    """The Istio ingress gateway deployment (gateway chart) and its Istio Gateway resource."""

    name: Annotated[str, Checked(
        "is not a Helm release and Service name (a DNS-1035 label: lower-case letters, digits and '-', starting with "
        "a letter and ending with an alphanumeric character, at most 53 characters, Helm's limit)",
        r"[a-z]([-a-z0-9]*[a-z0-9])?", 53)] = Field("istio-ingressgateway", description=(
        "Release/Deployment/Service name; pods get `istio: <name without istio->`. With `istio.routing: gateway-api` "
        "the Gateway API Gateway's name (Istio runs it as Deployment and Service `<name>-istio`)."))
    namespace: DnsLabel = Field("istio-ingress", description="Its own namespace.")
    service_type: Literal["LoadBalancer", "NodePort", "ClusterIP"] = Field("LoadBalancer", description="Service type.")
    ports: Items[GatewayPort] = Field((
        GatewayPort(name="status-port", port=15021, target_port=15021),
        GatewayPort(name="http2", port=80, target_port=80),
        GatewayPort(name="https", port=443, target_port=443)), min_length=1, description=(
        "Service ports of the gateway chart (virtualservice routing); a Gateway API Gateway's Service has its "
        "listeners' ports (80, and 443 with TLS)."))
    autoscaling: ComponentScaling = Field(ComponentScaling(min_replicas=2), description="Gateway HPA.")
    tls_credential_name: DnsSubdomain | None = Field(None, description=(
        "Secret (in the gateway namespace) with the TLS certificate; null serves plain HTTP only. Without "
        "`tls_issuer` the Secret is external: create it before the gateway serves HTTPS."))
    tls_issuer: DnsSubdomain | None = Field(None, description=(
        "cert-manager issuer that keeps `tls_credential_name` filled: a cert-manager Certificate for every "
        "public host is written to the mesh layer (cert-manager and the issuer must exist in the cluster)."))
    tls_issuer_kind: Literal["ClusterIssuer", "Issuer"] = Field("ClusterIssuer", description=(
        "Kind of `tls_issuer` (an Issuer must live in the gateway namespace)."))

    @rule
    def _issuer_needs_a_credential(self) -> Iterator[tuple[str, str]]:
        if self.tls_issuer is not None and self.tls_credential_name is None:
            yield "tls_issuer", (f"{show(self.tls_issuer)} has no Secret to fill; set tls_credential_name "
                                 "(the Secret the Gateway serves) or remove tls_issuer")

    @property
    def server_ports(self) -> dict[str, int]:
        """The Gateway's servers by protocol and the gateway Service port each listens on (Istio maps a server
        port to the Service port of that number): HTTP always, HTTPS with a TLS credential. One fact with
        ``ports``: the Service must expose each of them."""
        return {"http": HTTP_PORT, **({"https": HTTPS_PORT} if self.tls_credential_name else {})}

    @rule
    def _tls_reachable(self) -> Iterator[tuple[str, str]]:
        exposed = [p.port for p in self.ports]
        if len(set(exposed)) != len(exposed) or any(p.target_port in GATEWAY_RESERVED for p in self.ports):
            return  # the port list itself is wrong: its own messages come first
        if self.tls_credential_name is not None and HTTPS_PORT not in exposed:
            yield "tls_credential_name", (
                f"{show(self.tls_credential_name)} serves HTTPS on the gateway's port {HTTPS_PORT}, and the HTTP "
                f"listener redirects every request there, but istio.gateway.ports exposes no port {HTTPS_PORT} "
                f"(ports: {', '.join(map(str, exposed))}), so nobody can reach it: add "
                f"{{name: https, port: {HTTPS_PORT}, target_port: {HTTPS_PORT}}} to istio.gateway.ports, or remove "
                "tls_credential_name")

    @property
    def selector_label(self) -> str:
        return gateway_selector_label(self.name)

    @rule
    def _distinct_ports(self) -> Iterator[tuple[tuple, str]]:
        for key in ("port", "name", "target_port"):
            first: dict = {}
            for i, port in enumerate(self.ports):
                with each_valid():
                    value = getattr(port, key)
                    if value in first:
                        yield ("ports", i, key), f"{value!r} is already used by ports[{first[value]}]"
                    first.setdefault(value, i)


class Istio(Model):
    """The Istio install: pinned version, control plane, mesh config and ingress gateway."""

    version: IstioRelease = Field(DEFAULT_ISTIO, description="Istio release (charts and images).")
    mode: Literal["controller-managed", "rendered"] = Field("controller-managed", description=(
        "controller-managed: Flux HelmReleases / Argo CD Applications install the charts; "
        "rendered: `helm template` output is written into dist/."))
    chart_repository: ChartRepository = Field("https://istio-release.storage.googleapis.com/charts",
                                              description="Helm repository of the official charts.")
    chart_source: Text | None = Field(None, description=(
        "Local folder or .tgz directory with base/istiod/gateway charts for rendered mode "
        "(env ISTIO_CHART_SOURCE overrides)."))
    revision: Annotated[str, Checked(
        "is not '' or a DNS-1123 label of at most 46 characters (istiod-<revision> is a Helm release name, at most 53)",
        r"([a-z0-9]([-a-z0-9]*[a-z0-9])?)?", 46)] = Field(
        "", description="Control-plane revision ('' = default revision).")
    root_namespace: DnsLabel = Field("istio-system", description="Istio root namespace (istiod, mesh-wide policy).")
    istiod: Istiod = Field(Istiod(), description="Control plane.")
    mesh: MeshConfig = Field(MeshConfig(), description="Mesh config.")
    gateway: IngressGateway = Field(IngressGateway(), description="Ingress gateway.")
    egress: Items[HostName] = Field((), description=(
        "Hosts outside the mesh every service may reach over TLS (port 443), e.g. the model hub: ServiceEntries "
        "in the mesh layer; with REGISTRY_ONLY a service that downloads weights needs its hosts here or in "
        "its own `egress`."))
    routing: Literal["virtualservice", "gateway-api"] = Field(VIRTUALSERVICE, description=(
        "virtualservice: Istio's gateway chart, an Istio Gateway and VirtualServices; gateway-api: a Gateway API "
        "Gateway (class istio, deployed by istiod), HTTPRoutes/GRPCRoutes per service weighted across one Service "
        "per version, and GAMMA routes for in-mesh callers (docs/inference-routing.md)."))

    inference_extension: bool | None = Field(None, description=(
        "istiod's ENABLE_GATEWAY_API_INFERENCE_EXTENSION (InferencePool support) in every install mode; null: on "
        "when a service has `inference`."))

    @property
    def gateway_api(self) -> bool:
        return self.routing == GATEWAY_API

    def ingress_name(self, inference: bool = False) -> str:
        """The Gateway API Gateway a service's public route binds to: ``istio.gateway.name`` with gateway-api
        routing; with virtualservice routing, ``<name>-inference`` beside the classic ingress for a service with
        InferencePools (which work on Gateway API Gateways only); else the gateway chart's release."""
        return f"{self.gateway.name}-inference" if inference and not self.gateway_api else self.gateway.name

    def ingress_workload(self, inference: bool = False) -> str:
        """The ingress Deployment (and its ServiceAccount) of a service: the gateway chart's release, or the
        ``<gateway>-istio`` istiod deploys for a Gateway API Gateway."""
        if self.gateway_api or inference:
            return f"{self.ingress_name(inference)}-{GATEWAY_CLASS}"
        return self.gateway.name

    def ingress_pod_labels(self, inference: bool = False) -> dict[str, str]:
        """Labels selecting the pods of a service's ingress gateway."""
        if self.gateway_api or inference:
            return {GATEWAY_NAME_LABEL: self.ingress_name(inference)}
        return {"istio": self.gateway.selector_label}
