"""A service's Istio traffic policy: DestinationRule and VirtualServices.

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

from inference_platform.contract import ISTIO_MESH_GATEWAY as MESH, ISTIO_NETWORKING_API
from inference_platform.description import Match, Service, Traffic
from inference_platform.description.pod import ServicePort
from inference_platform.fast.cdk8s_order import api_object

__all__ = ["service_traffic", "destination_rule", "DEFAULT_POLICY"]

#: Pool, outlier detection and load balancing for a service without public hosts: the model's
#: defaults (the host is a placeholder; only the policy fields are read).
DEFAULT_POLICY = Traffic(hosts=("mesh-internal.invalid",))


def service_traffic(*, service: Service, namespace: str, host: str, labels: dict[str, str],
                    gateway: str | None, virtual_services: bool = True, public: bool = True) -> list[dict]:
    """DestinationRule ``<service>``; VirtualService ``<service>`` on ``gateway`` (``"ns/name"``, given
    whenever the service has public hosts: :class:`~.ai_service.ServiceInputs` checks it) when the
    service has public hosts; VirtualService ``<service>-mesh`` for in-mesh callers.

    ``labels`` are the objects' complete labels (the Chart's included). Without ``virtual_services``
    (``istio.routing: gateway-api``, whose routes are in :mod:`.service_routes`) the DestinationRule alone;
    without ``public`` no ingress VirtualService (an InferencePool service's public route is an HTTPRoute).
    """
    policy = service.traffic or DEFAULT_POLICY
    # Subsets only where VirtualServices route to them: Gateway API routes split across a Service per version.
    docs = [destination_rule(name=service.name, namespace=namespace, host=host, labels=labels, traffic=policy,
                             subsets=[v.name for v in service.versions] if virtual_services else ())]
    if not virtual_services:
        return docs
    if service.traffic is not None and public:
        docs.append(_virtual_service(service, namespace, host, labels, service.name, hosts=list(service.traffic.hosts),
                                     gateway=gateway, traffic=service.traffic, matches=service.traffic.matches))
    # In-mesh callers: every path of the cluster host (the public matches are the ingress's
    # concern), with the same weights, timeout and retries.
    docs.append(_virtual_service(service, namespace, host, labels, f"{service.name}-mesh", hosts=[host], gateway=MESH,
                                 traffic=policy, matches=()))
    return docs


def destination_rule(*, name: str, namespace: str, host: str, labels: dict, traffic: Traffic,
                     subsets: Sequence[str]) -> dict:
    """DestinationRule ``name`` for ``host``: the traffic policy, and one subset per version name (``version`` label)."""
    pool, outlier = traffic.connection_pool, traffic.outlier_detection
    policy = {
        "loadBalancer": {"simple": traffic.load_balancer},
        "connectionPool": {
            "tcp": {"maxConnections": pool.max_connections},
            "http": {"http1MaxPendingRequests": pool.http1_max_pending_requests,
                     "http2MaxRequests": pool.http2_max_requests,
                     "maxRequestsPerConnection": pool.max_requests_per_connection or None,
                     "idleTimeout": f"{pool.idle_timeout_seconds}s"}},
        "outlierDetection": {"consecutive5xxErrors": outlier.consecutive_5xx_errors,
                             "interval": f"{outlier.interval_seconds}s",
                             "baseEjectionTime": f"{outlier.base_ejection_time_seconds}s",
                             "maxEjectionPercent": outlier.max_ejection_percent},
    }
    return api_object(ISTIO_NETWORKING_API, "DestinationRule", name=name, namespace=namespace,
                      labels=labels, spec={
        "host": host, "trafficPolicy": policy,
        "subsets": [{"name": v, "labels": {"version": v}} for v in subsets] or None})


def _virtual_service(service: Service, namespace: str, host: str, labels: dict, name: str, *, hosts: list[str],
                     gateway: str, traffic: Traffic, matches: Sequence[Match]) -> dict:
    """HTTP routes for the http and grpc API ports (a dedicated metrics port is never routed); tcp ports in the mesh."""
    svc = service
    # The port named like the server preset's API port (``http-api``) first, wherever it is declared: a routing
    # sidecar that takes that name fronts the server, which then listens on a port of its own.
    api = svc.server_preset.ports[0].name if svc.server_preset.ports else None
    routed = sorted((p for p in svc.api_ports if p.protocol in ("http", "grpc")), key=lambda p: p.name != api)
    routes: list[dict] = []
    tcp: list[dict] = []
    if gateway != MESH:
        web = [p for p in routed if p.protocol == "http"]
        grpc = [p for p in routed if p.protocol == "grpc"]
        if web and grpc:
            # One listener on the gateway carries both: gRPC requests say so in their content-type.
            routes.append(_http(svc, host, f"{svc.name}-grpc", grpc[0], traffic,
                                [{"headers": {"content-type": {"prefix": "application/grpc"}}}]))
        routes.append(_http(svc, host, svc.name, (web or grpc)[0], traffic, [_http_match(m) for m in matches]))
    else:
        # In the mesh the caller addresses a port: each API port is routed to itself.
        several = len(routed) > 1
        for i, port in enumerate(routed):
            routes.append(_http(svc, host, svc.name if i == 0 else f"{svc.name}-{port.name}", port, traffic,
                                [{"port": port.published}] if several else []))
        tcp = [{"match": [{"port": port.published}],
                "route": [{"destination": {"host": host, "subset": v.name, "port": {"number": port.published}},
                           "weight": v.weight} for v in svc.versions]}
               for port in svc.api_ports if port.protocol == "tcp"]
    return api_object(ISTIO_NETWORKING_API, "VirtualService", name=name, namespace=namespace, labels=labels,
                      spec={"hosts": hosts, "gateways": [gateway], "http": routes or None, "tcp": tcp or None})


def _http(svc: Service, host: str, name: str, port: ServicePort, traffic: Traffic, matches: list[dict]) -> dict:
    retries = traffic.retries
    return {
        "name": name,
        "match": matches or None,
        "route": [{"destination": {"host": host, "subset": v.name, "port": {"number": port.published}},
                   "weight": v.weight} for v in svc.versions],
        "timeout": f"{traffic.timeout_seconds}s",
        "retries": {"attempts": retries.attempts,
                    "perTryTimeout": f"{retries.per_try_timeout_seconds}s" if retries.attempts else None,
                    "retryOn": ",".join(retries.retry_on) if retries.attempts else None},
    }


def _http_match(m: Match) -> dict:
    uri = None
    if m.uri_prefix is not None or m.uri_exact is not None:
        uri = {"prefix": m.uri_prefix, "exact": m.uri_exact}
    headers = {k: {"exact": v} for k, v in m.headers.items()} or None
    return {"uri": uri, "headers": headers}
