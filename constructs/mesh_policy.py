"""MeshPolicy: mesh-wide mTLS, the ingress Istio Gateway for the services' hosts, and its stats scrape."""
from __future__ import annotations

from typing import Sequence

from cdk8s import ApiObjectMetadata
from constructs import Construct

import imports.certmanager.io.cert_manager as cert_manager
import imports.monitoring.com.coreos.monitoring as monitoring
from imports.istio.io.istio import networking as istio_net
from imports.istio.io.istio import security as istio_sec
from inference_platform.contract import CERT_MANAGER_GROUP, EXTERNAL_CREDENTIALS, TRUST_DOMAIN, principal
from inference_platform.description import Istio, Prometheus
from inference_platform.catalog.signals import ENVOY_STATS_PATH, ENVOY_STATS_PORT_NAME, SCRAPE_INTERVAL

__all__ = ["MeshPolicy", "ingress_principal", "gateway_monitor_name"]


def ingress_principal(istio: Istio, trust_domain: str = TRUST_DOMAIN) -> str:
    """SPIFFE identity of the ingress gateway's pods (the chart names their ServiceAccount after the release)."""
    return principal(istio.gateway.namespace, istio.gateway.name, trust_domain)


def gateway_monitor_name(istio: Istio) -> str:
    """Name of the PodMonitor scraping the ingress gateway's Envoy stats (in the gateway namespace)."""
    return f"{istio.gateway.name}-envoy"


class MeshPolicy(Construct):
    """PeerAuthentication STRICT in the Istio root namespace and the ingress Gateway ``gateway_name``.

    The Gateway admits exactly ``hosts`` (``(namespace, host)`` pairs: each host restricted to
    its service's namespace, ``<ns>/<host>``), with HTTPS (SIMPLE TLS from
    ``istio.gateway.tls_credential_name``) and an HTTP listener that redirects to it; without
    a credential it serves plain HTTP. With no hosts there is no Gateway (``gateway`` is None).

    With ``istio.gateway.tls_issuer`` a cert-manager Certificate keeps the credential Secret
    filled for every host; without it the Secret is declared external on the Gateway
    (annotation ``inference-platform.io/external-credentials``), which the validation gate
    accepts in place of a Secret or Certificate in the tree.

    With ``scrape_gateway`` (default False: no service scales on ``gateway_request_rate``) a
    prometheus-operator PodMonitor ``<gateway>-envoy`` in the gateway namespace scrapes the
    gateway pods' Envoy stats (port ``http-envoy-prom``, 15090, which Istio's gateway chart
    declares), carrying ``prometheus.monitor_labels``; ``pod_monitor`` is it (else None).
    """

    def __init__(self, scope: Construct, id: str, *, istio: Istio, gateway_name: str,
                 hosts: Sequence[tuple[str, str]], scrape_gateway: bool = False,
                 prometheus: Prometheus = Prometheus()) -> None:
        super().__init__(scope, id)
        self.pod_monitor: monitoring.PodMonitor | None = None
        if scrape_gateway:
            # The gateway counts requests for a service while it has no pods (503 UH), which the
            # sidecars cannot: this scrape is what lets gateway_request_rate start the first pod.
            self.pod_monitor = monitoring.PodMonitor(
                self, "GatewayPodMonitor",
                metadata=ApiObjectMetadata(name=gateway_monitor_name(istio), namespace=istio.gateway.namespace,
                                           labels=dict(prometheus.monitor_labels) or None),
                spec=monitoring.PodMonitorSpec(
                    selector=monitoring.PodMonitorSpecSelector(match_labels={"istio": istio.gateway.selector_label}),
                    pod_metrics_endpoints=[monitoring.PodMonitorSpecPodMetricsEndpoints(
                        port=ENVOY_STATS_PORT_NAME, path=ENVOY_STATS_PATH, interval=SCRAPE_INTERVAL)]))
        istio_sec.PeerAuthentication(
            self, "PeerAuthentication",
            metadata=ApiObjectMetadata(name="default", namespace=istio.root_namespace),
            spec=istio_sec.PeerAuthenticationSpec(
                mtls=istio_sec.PeerAuthenticationSpecMtls(mode=istio_sec.PeerAuthenticationSpecMtlsMode.STRICT)),
        )
        self.gateway: istio_net.Gateway | None = None
        admitted = [f"{namespace}/{host}" for namespace, host in hosts]
        if not admitted:
            return
        tls = istio.gateway.tls_credential_name
        # The servers' ports are the gateway Service's (istio.gateway.ports): one fact, checked by the description.
        server_ports = istio.gateway.server_ports
        servers = [istio_net.GatewaySpecServers(
            name="http", hosts=admitted,
            port=istio_net.GatewaySpecServersPort(name="http", number=server_ports["http"], protocol="HTTP"),
            tls=istio_net.GatewaySpecServersTls(https_redirect=True) if tls else None)]
        if tls:
            servers.append(istio_net.GatewaySpecServers(
                name="https", hosts=admitted,
                port=istio_net.GatewaySpecServersPort(name="https", number=server_ports["https"], protocol="HTTPS"),
                tls=istio_net.GatewaySpecServersTls(
                    mode=istio_net.GatewaySpecServersTlsMode.SIMPLE, credential_name=tls,
                    min_protocol_version=istio_net.GatewaySpecServersTlsMinProtocolVersion.TLSV1_UNDERSCORE_2)))
        issuer = istio.gateway.tls_issuer
        self.certificate: cert_manager.Certificate | None = None
        if tls and issuer:
            self.certificate = cert_manager.Certificate(
                self, "Certificate",
                metadata=ApiObjectMetadata(name=tls, namespace=istio.gateway.namespace),
                spec=cert_manager.CertificateSpec(
                    secret_name=tls,
                    dns_names=sorted({host for _, host in hosts}),
                    issuer_ref=cert_manager.CertificateSpecIssuerRef(
                        name=issuer, kind=istio.gateway.tls_issuer_kind, group=CERT_MANAGER_GROUP)))
        external = {EXTERNAL_CREDENTIALS: tls} if tls and not issuer else None
        self.gateway = istio_net.Gateway(
            self, "Gateway",
            metadata=ApiObjectMetadata(name=gateway_name, namespace=istio.gateway.namespace, annotations=external),
            spec=istio_net.GatewaySpec(selector={"istio": istio.gateway.selector_label}, servers=servers),
        )
