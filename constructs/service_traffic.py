"""ServiceTraffic: a service's Istio traffic policy: DestinationRule and VirtualService.

The DestinationRule (one subset per model version, load balancing, connection pool, outlier
detection) applies to every caller, so it exists whether or not the service has public hosts;
without ``traffic`` in the description it takes the model's defaults. Two VirtualServices carry
the version weights, timeout and retries: ``<service>`` binds the public hosts to the ingress
Gateway, and ``<service>-mesh`` binds the service's cluster host to ``mesh``, so in-mesh callers
(the ``callers`` the service admits) get the same canary split and retries instead of reaching
every version round-robin through the Kubernetes Service.
See https://istio.io/latest/docs/reference/config/networking/destination-rule/ and
https://istio.io/latest/docs/reference/config/networking/virtual-service/.
"""
from __future__ import annotations

from typing import Sequence

from cdk8s import ApiObject, ApiObjectMetadata
from constructs import Construct

from imports.istio.io.istio import networking as istio_net
from inference_platform.description import Match, Service, Traffic
from inference_platform.description.pod import ServicePort

__all__ = ["ServiceTraffic", "MESH"]

#: Istio's reserved gateway name for the sidecars of every workload in the mesh.
MESH = "mesh"


class ServiceTraffic(Construct):
    """DestinationRule ``<service>`` for ``host``; VirtualServices ``<service>`` on ``gateway`` and ``<service>-mesh``.

    ``gateway`` is the ingress Gateway object; it is required when the service has public hosts
    (``service.traffic``), and unused otherwise.
    """

    def __init__(self, scope: Construct, id: str, *, service: Service, namespace: str, host: str,
                 labels: dict[str, str], gateway: ApiObject | None) -> None:
        super().__init__(scope, id)
        if service.traffic is not None and gateway is None:
            raise ValueError(f"ServiceTraffic {service.name!r}: 'gateway' (None) is required for a service "
                             f"with public hosts {list(service.traffic.hosts)!r}.")
        self._service, self._host = service, host
        self._namespace, self._labels = namespace, labels
        policy = service.traffic or _DEFAULT_POLICY
        self.destination_rule = self._destination_rule(policy)
        self.virtual_service = None
        if service.traffic is not None:
            self.virtual_service = self._virtual_service(
                "VirtualService", service.name, hosts=list(service.traffic.hosts),
                gateway=f"{gateway.metadata.namespace}/{gateway.name}", traffic=service.traffic,
                matches=service.traffic.matches)
        # In-mesh callers: every path of the cluster host (the public matches are the ingress's
        # concern), with the same weights, timeout and retries.
        self.mesh_virtual_service = self._virtual_service(
            "MeshVirtualService", f"{service.name}-mesh", hosts=[host], gateway=MESH, traffic=policy, matches=())

    def _meta(self, name: str) -> ApiObjectMetadata:
        return ApiObjectMetadata(name=name, namespace=self._namespace, labels=self._labels)

    def _destination_rule(self, traffic: Traffic) -> istio_net.DestinationRule:
        pool, outlier = traffic.connection_pool, traffic.outlier_detection
        policy = istio_net.DestinationRuleSpecTrafficPolicy(
            load_balancer=istio_net.DestinationRuleSpecTrafficPolicyLoadBalancer(
                simple=_enum(istio_net.DestinationRuleSpecTrafficPolicyLoadBalancerSimple, traffic.load_balancer)),
            connection_pool=istio_net.DestinationRuleSpecTrafficPolicyConnectionPool(
                tcp=istio_net.DestinationRuleSpecTrafficPolicyConnectionPoolTcp(max_connections=pool.max_connections),
                http=istio_net.DestinationRuleSpecTrafficPolicyConnectionPoolHttp(
                    http1_max_pending_requests=pool.http1_max_pending_requests,
                    http2_max_requests=pool.http2_max_requests,
                    max_requests_per_connection=pool.max_requests_per_connection or None,
                    idle_timeout=f"{pool.idle_timeout_seconds}s")),
            outlier_detection=istio_net.DestinationRuleSpecTrafficPolicyOutlierDetection(
                consecutive5_xx_errors=outlier.consecutive_5xx_errors,
                interval=f"{outlier.interval_seconds}s",
                base_ejection_time=f"{outlier.base_ejection_time_seconds}s",
                max_ejection_percent=outlier.max_ejection_percent),
        )
        return istio_net.DestinationRule(
            self, "DestinationRule", metadata=self._meta(self._service.name),
            spec=istio_net.DestinationRuleSpec(
                host=self._host,
                traffic_policy=policy,
                subsets=[istio_net.DestinationRuleSpecSubsets(name=v.name, labels={"version": v.name})
                         for v in self._service.versions]),
        )

    def _virtual_service(self, id: str, name: str, *, hosts: list[str], gateway: str, traffic: Traffic,
                         matches: Sequence[Match]) -> istio_net.VirtualService:
        """HTTP routes for the http and grpc API ports (a dedicated metrics port is never routed); tcp ports in the mesh."""
        svc = self._service
        routed = [p for p in svc.api_ports if p.protocol in ("http", "grpc")]
        routes: list[istio_net.VirtualServiceSpecHttp] = []
        tcp: list[istio_net.VirtualServiceSpecTcp] = []
        if gateway != MESH:
            web = [p for p in routed if p.protocol == "http"]
            grpc = [p for p in routed if p.protocol == "grpc"]
            if web and grpc:
                # One listener on the gateway carries both: gRPC requests say so in their content-type.
                routes.append(self._http(f"{svc.name}-grpc", grpc[0], traffic, [istio_net.VirtualServiceSpecHttpMatch(
                    headers={"content-type": istio_net.VirtualServiceSpecHttpMatchHeaders(prefix="application/grpc")})]))
            routes.append(self._http(svc.name, (web or grpc)[0], traffic, [_http_match(m) for m in matches]))
        else:
            # In the mesh the caller addresses a port: each API port is routed to itself.
            several = len(routed) > 1
            for i, port in enumerate(routed):
                routes.append(self._http(svc.name if i == 0 else f"{svc.name}-{port.name}", port, traffic,
                                         [istio_net.VirtualServiceSpecHttpMatch(port=port.port)] if several else []))
            tcp = [istio_net.VirtualServiceSpecTcp(
                match=[istio_net.VirtualServiceSpecTcpMatch(port=port.port)],
                route=[istio_net.VirtualServiceSpecTcpRoute(
                    destination=istio_net.VirtualServiceSpecTcpRouteDestination(
                        host=self._host, subset=v.name,
                        port=istio_net.VirtualServiceSpecTcpRouteDestinationPort(number=port.port)),
                    weight=v.weight) for v in svc.versions]) for port in svc.api_ports if port.protocol == "tcp"]
        return istio_net.VirtualService(
            self, id, metadata=self._meta(name),
            spec=istio_net.VirtualServiceSpec(hosts=hosts, gateways=[gateway], http=routes or None, tcp=tcp or None),
        )

    def _http(self, name: str, port: ServicePort, traffic: Traffic,
              matches: list[istio_net.VirtualServiceSpecHttpMatch]) -> istio_net.VirtualServiceSpecHttp:
        retries = traffic.retries
        return istio_net.VirtualServiceSpecHttp(
            name=name,
            match=matches or None,
            route=[istio_net.VirtualServiceSpecHttpRoute(
                destination=istio_net.VirtualServiceSpecHttpRouteDestination(
                    host=self._host, subset=v.name,
                    port=istio_net.VirtualServiceSpecHttpRouteDestinationPort(number=port.port)),
                weight=v.weight) for v in self._service.versions],
            timeout=f"{traffic.timeout_seconds}s",
            retries=istio_net.VirtualServiceSpecHttpRetries(
                attempts=retries.attempts,
                per_try_timeout=f"{retries.per_try_timeout_seconds}s" if retries.attempts else None,
                retry_on=",".join(retries.retry_on) if retries.attempts else None),
        )


def _http_match(m: Match) -> istio_net.VirtualServiceSpecHttpMatch:
    uri = None
    if m.uri_prefix is not None or m.uri_exact is not None:
        uri = istio_net.VirtualServiceSpecHttpMatchUri(prefix=m.uri_prefix, exact=m.uri_exact)
    headers = {k: istio_net.VirtualServiceSpecHttpMatchHeaders(exact=v) for k, v in m.headers.items()} or None
    return istio_net.VirtualServiceSpecHttpMatch(uri=uri, headers=headers)


def _enum(enum_cls, value: str):
    """Map an Istio enum value to the binding member (``LEAST_REQUEST`` → ``LEAST_UNDERSCORE_REQUEST``)."""
    return getattr(enum_cls, value.replace("_", "_UNDERSCORE_"))


#: Pool, outlier detection and load balancing for a service without public hosts: the model's
#: defaults (the host is a placeholder; only the policy fields are read).
_DEFAULT_POLICY = Traffic(hosts=("mesh-internal.invalid",))
