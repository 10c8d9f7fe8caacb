"""A service's Gateway API routing (``istio.routing: gateway-api``): a Service per version, its DestinationRule, and
the HTTPRoutes/GRPCRoutes for the ingress Gateway and for in-mesh callers.

Gateway API splits traffic by weighted ``backendRefs`` to Services, not by subsets, so each model
version gets a ClusterIP Service ``<service>-<version>`` selecting its pods, and a DestinationRule
for that host with the service's load balancer, pool and outlier policy (the service's own
DestinationRule stays for callers that reach the Service's other ports).

* ``<service>`` (public hosts): an HTTPRoute on the ingress Gateway's listeners for those hosts
  (``sectionName`` ``https-<host>``, or ``http-<host>`` without TLS), the description's matches,
  ``timeouts.request`` and, with retries, ``timeouts.backendRequest`` per attempt; a service that
  speaks gRPC only gets a GRPCRoute instead. A service with HTTP and gRPC ports gets one HTTPRoute
  whose first rule sends ``content-type: application/grpc...`` to the gRPC port, as the
  VirtualService path does: the Gateway API accepts only one of an HTTPRoute and a GRPCRoute that
  share a hostname on a listener.
* ``<service>-mesh`` (and ``<service>-mesh-<port>`` for further ports): GAMMA routes whose parent
  is the Service itself on one port, so in-mesh callers get the same split and timeouts
  (https://gateway-api.sigs.k8s.io/mesh/). TCP ports are not routed (TCPRoute is not in the
  standard channel's mesh profile); callers reach them through the Service.

Retries: the standard channel's HTTPRoute has no retry field (GEP-1731 is experimental in v1.6), so
routes retry as the mesh default Istio applies to them (``meshConfig.defaultHttpRetryPolicy``, set
from the description's retry defaults, see :func:`inference_platform.catalog.charts.istiod_values`);
the description refuses per-service retries that differ from it in this mode.
"""
from __future__ import annotations

from typing import Sequence

from inference_platform.contract import (GATEWAY_API, GATEWAY_API_GROUP, INFERENCE_GROUP, listener_name, service_host,
                                         workload_name)
from inference_platform.description import Match, Service, Traffic
from inference_platform.description.pod import ServicePort
from inference_platform.fast.cdk8s_order import api_object
from inference_platform.service_objects.inference_pool import pools
from inference_platform.service_objects.service_traffic import DEFAULT_POLICY, destination_rule

__all__ = ["service_routes", "version_services", "GRPC_CONTENT_TYPE"]

#: The content-type of every gRPC request (``application/grpc`` or ``application/grpc+proto``, ...).
GRPC_CONTENT_TYPE = "application/grpc.*"


def version_services(*, service: Service, namespace: str, labels: dict[str, str]) -> list[dict]:
    """Per version: the Service ``<service>-<version>`` and its DestinationRule (the service's traffic policy)."""
    policy = service.traffic or DEFAULT_POLICY
    docs: list[dict] = []
    for version in service.versions:
        name = workload_name(service.name, version.name)
        own = {**labels, "version": version.name, "app.kubernetes.io/version": version.name}
        docs.append(api_object("v1", "Service", name=name, namespace=namespace, labels=own, spec={
            "type": "ClusterIP",
            "selector": {"app": service.name, "version": version.name},
            "ports": [{"name": p.name, "port": p.port, "protocol": "TCP", "appProtocol": p.protocol,
                       "targetPort": p.name} for p in service.port_list]}))
        docs.append(destination_rule(name=name, namespace=namespace, host=service_host(name, namespace), labels=own,
                                     traffic=policy, subsets=()))
    return docs


def service_routes(*, service: Service, namespace: str, labels: dict[str, str], gateway: str | None,
                   tls: bool, mesh: bool = True) -> list[dict]:
    """The ingress route (when the service has public hosts; ``gateway`` is ``"<namespace>/<name>"`` of the Gateway
    API Gateway, ``tls`` whether its listeners for the hosts are HTTPS) and, with ``mesh``, the GAMMA routes for
    in-mesh callers. A service with InferencePools routes its public hosts to them, weighted (InferencePools are
    a Gateway's backends only: in-mesh callers keep the Service routes)."""
    policy = service.traffic or DEFAULT_POLICY
    routed = [p for p in service.api_ports if p.protocol in ("http", "grpc")]
    docs: list[dict] = []
    if service.traffic is not None and gateway is not None:
        gw_namespace, gw_name = gateway.split("/", 1)
        protocol = "https" if tls else "http"
        parents = [{"group": GATEWAY_API_GROUP, "kind": "Gateway", "namespace": gw_namespace, "name": gw_name,
                    "sectionName": listener_name(protocol, host)} for host in service.traffic.hosts]
        docs.append(_ingress_route(service, namespace, labels, parents, routed, service.traffic))
    for i, port in enumerate(routed if mesh else ()):
        parent = [{"group": "", "kind": "Service", "name": service.name, "port": port.port}]
        name = f"{service.name}-mesh" if i == 0 else f"{service.name}-mesh-{port.name}"
        if port.protocol == "grpc":
            docs.append(_route("GRPCRoute", name, namespace, labels, parents=parent, hostnames=None,
                               rules=[{"backendRefs": _backends(service, port)}]))
        else:
            docs.append(_route("HTTPRoute", name, namespace, labels, parents=parent, hostnames=None,
                               rules=[_http_rule(service, port, policy, [])]))
    return docs


def _ingress_route(service: Service, namespace: str, labels: dict, parents: list[dict], routed: Sequence[ServicePort],
                   traffic: Traffic) -> dict:
    web = [p for p in routed if p.protocol == "http"]
    grpc = [p for p in routed if p.protocol == "grpc"]
    hosts = list(traffic.hosts)
    if not web:
        # gRPC only: a GRPCRoute (the description's HTTP matches are paths, which gRPC methods are not).
        return _route("GRPCRoute", service.name, namespace, labels, parents=parents, hostnames=hosts,
                      rules=[{"backendRefs": _backends(service, grpc[0])}])
    rules = []
    if service.inference is not None:
        # The pools' picker chooses the pod; the gateway weighs the pools (a canary across pools).
        backends = [{"group": INFERENCE_GROUP, "kind": "InferencePool", "name": pool.name, "weight": pool.weight}
                    for pool in pools(service)]
        return _route("HTTPRoute", service.name, namespace, labels, parents=parents, hostnames=hosts,
                      rules=[{**_http_rule(service, web[0], traffic, [_match(m) for m in traffic.matches]),
                              "backendRefs": backends}])
    if grpc:
        rules.append(_http_rule(service, grpc[0], traffic, [{"headers": [
            {"type": "RegularExpression", "name": "content-type", "value": GRPC_CONTENT_TYPE}]}]))
    rules.append(_http_rule(service, web[0], traffic, [_match(m) for m in traffic.matches]))
    return _route("HTTPRoute", service.name, namespace, labels, parents=parents, hostnames=hosts, rules=rules)


def _route(kind: str, name: str, namespace: str, labels: dict, *, parents: list[dict], hostnames: list[str] | None,
           rules: list[dict]) -> dict:
    return api_object(GATEWAY_API, kind, name=name, namespace=namespace, labels=labels,
                      spec={"parentRefs": parents, "hostnames": hostnames, "rules": rules})


def _backends(service: Service, port: ServicePort) -> list[dict]:
    return [{"kind": "Service", "name": workload_name(service.name, v.name), "port": port.port,
             "weight": v.weight} for v in service.versions]


def _http_rule(service: Service, port: ServicePort, traffic: Traffic, matches: list[dict]) -> dict:
    retries = traffic.retries
    return {"matches": matches or None, "backendRefs": _backends(service, port),
            "timeouts": {"request": f"{traffic.timeout_seconds}s",
                         "backendRequest": f"{retries.per_try_timeout_seconds}s" if retries.attempts else None}}


def _match(m: Match) -> dict:
    path = None
    if m.uri_exact is not None:
        path = {"type": "Exact", "value": m.uri_exact}
    elif m.uri_prefix is not None:
        path = {"type": "PathPrefix", "value": m.uri_prefix}
    headers = [{"type": "Exact", "name": k, "value": v} for k, v in m.headers.items()] or None
    return {"path": path, "headers": headers}
