"""MeshPolicy: mesh-wide mTLS and the ingress Istio Gateway for the services' hosts."""
from __future__ import annotations

from cdk8s import ApiObjectMetadata
from constructs import Construct

from imports.istio.io.istio import networking as istio_net
from imports.istio.io.istio import security as istio_sec
from inference_platform.description import Platform


def gateway_name(platform: Platform) -> str:
    return f"{platform.name}-gateway"


def gateway_ref(platform: Platform) -> str:
    """``<namespace>/<name>`` of the ingress Gateway, as VirtualServices reference it."""
    return f"{platform.istio.gateway.namespace}/{gateway_name(platform)}"


def ingress_principal(platform: Platform, trust_domain: str = "cluster.local") -> str:
    gw = platform.istio.gateway
    return f"{trust_domain}/ns/{gw.namespace}/sa/{gw.name}"


class MeshPolicy(Construct):
    """PeerAuthentication STRICT in the Istio root namespace and the ingress Gateway.

    The Gateway admits exactly the hosts the services declare, each restricted to its
    service's namespace (``<ns>/<host>``), with HTTPS (SIMPLE TLS from
    ``istio.gateway.tls_credential_name``) and an HTTP listener that redirects to it; without
    a credential it serves plain HTTP.
    """

    def __init__(self, scope: Construct, id: str, *, platform: Platform) -> None:
        super().__init__(scope, id)
        istio = platform.istio
        labels = {"app.kubernetes.io/part-of": platform.name, "app.kubernetes.io/managed-by": "cdk8s"}
        istio_sec.PeerAuthentication(
            self, "PeerAuthentication",
            metadata=ApiObjectMetadata(name="default", namespace=istio.root_namespace, labels=labels),
            spec=istio_sec.PeerAuthenticationSpec(
                mtls=istio_sec.PeerAuthenticationSpecMtls(mode=istio_sec.PeerAuthenticationSpecMtlsMode.STRICT)),
        )
        hosts = [f"{svc.namespace}/{host}" for svc in platform.services if svc.traffic for host in svc.traffic.hosts]
        if not hosts:
            return
        tls = istio.gateway.tls_credential_name
        servers = [istio_net.GatewaySpecServers(
            name="http", hosts=hosts,
            port=istio_net.GatewaySpecServersPort(name="http", number=80, protocol="HTTP"),
            tls=istio_net.GatewaySpecServersTls(https_redirect=True) if tls else None)]
        if tls:
            servers.append(istio_net.GatewaySpecServers(
                name="https", hosts=hosts,
                port=istio_net.GatewaySpecServersPort(name="https", number=443, protocol="HTTPS"),
                tls=istio_net.GatewaySpecServersTls(
                    mode=istio_net.GatewaySpecServersTlsMode.SIMPLE, credential_name=tls,
                    min_protocol_version=istio_net.GatewaySpecServersTlsMinProtocolVersion.TLSV1_UNDERSCORE_2)))
        istio_net.Gateway(
            self, "Gateway",
            metadata=ApiObjectMetadata(name=gateway_name(platform), namespace=istio.gateway.namespace, labels=labels),
            spec=istio_net.GatewaySpec(selector={"istio": istio.gateway.selector_label}, servers=servers),
        )
