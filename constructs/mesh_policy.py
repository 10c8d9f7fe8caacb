"""MeshPolicy: mesh-wide mTLS, the ingress Gateway for the services' hosts (Istio's or the Gateway API's), and its
stats scrape."""
from __future__ import annotations

from typing import Sequence

import yaml

from cdk8s import ApiObject, ApiObjectMetadata
from constructs import Construct

import imports.certmanager.io.cert_manager as cert_manager
import imports.monitoring.com.coreos.monitoring as monitoring
from imports.istio.io.istio import networking as istio_net
from imports.istio.io.istio import security as istio_sec
from constructs.manifest_chart import add_api_object
from inference_platform.catalog.charts import gateway_security
from inference_platform.contract import (CERT_MANAGER_GROUP, EXTERNAL_CREDENTIALS, GATEWAY_API, GATEWAY_API_GROUP,
                                         GATEWAY_CLASS,
                                         NAMESPACE_NAME_LABEL, TRUST_DOMAIN, listener_name, principal)
from inference_platform.description import Istio, Prometheus
from inference_platform.catalog.signals import ENVOY_STATS_PATH, ENVOY_STATS_PORT_NAME, SCRAPE_INTERVAL

__all__ = ["MeshPolicy", "ingress_principal", "gateway_monitor_name", "gateway_options_name", "gateway_api_objects"]


def ingress_principal(istio: Istio, trust_domain: str = TRUST_DOMAIN, inference: bool = False) -> str:
    """SPIFFE identity of a service's ingress gateway pods: the chart names their ServiceAccount after the release,
    istiod after the Deployment it runs for a Gateway API Gateway (``<name>-istio``)."""
    return principal(istio.gateway.namespace, istio.ingress_workload(inference), trust_domain)


def gateway_options_name(istio: Istio, inference: bool = False) -> str:
    """The ConfigMap a Gateway API Gateway's ``infrastructure.parametersRef`` names (Istio's deployment customisation)."""
    return f"{istio.ingress_name(inference)}-options"


def gateway_api_objects(istio: Istio, hosts: Sequence[tuple[str, str]], annotations: dict | None,
                        inference: bool = False) -> list[dict]:
    """The Gateway API ingress (``istio.routing: gateway-api``): the ConfigMap sizing the Deployment istiod runs for the
    Gateway, the Gateway (class ``istio``) with a listener per host, and, with TLS, the HTTPRoute redirecting HTTP.

    Each host's listener admits routes from its service's namespace only (the classic Gateway's ``<ns>/<host>``).
    The ConfigMap's keys are Istio's overlays for what it generates (https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#automated-deployment):
    the HorizontalPodAutoscaler and PodDisruptionBudget the gateway chart has, the Service type, and the hardened
    securityContext of the chart path. ``inference``: the Gateway ``<name>-inference`` that serves the InferencePool
    services' hosts beside the classic ingress (virtualservice routing).
    """
    gw = istio.gateway
    name = istio.ingress_name(inference)
    scaling = gw.autoscaling
    pod_security, container_security = gateway_security()
    options = {
        "horizontalPodAutoscaler": {"spec": {
            "minReplicas": scaling.min_replicas, "maxReplicas": scaling.max_replicas,
            "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {
                "type": "Utilization", "averageUtilization": scaling.cpu_utilization}}}]}},
        "podDisruptionBudget": {"spec": {"maxUnavailable": 1, "unhealthyPodEvictionPolicy": "AlwaysAllow"}},
        "service": {"spec": {"type": gw.service_type}},
        "deployment": {"spec": {"template": {"spec": {
            "securityContext": pod_security,
            "containers": [{"name": "istio-proxy", "securityContext": container_security}]}}}},
    }
    meta = {"namespace": gw.namespace}
    docs = [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": gateway_options_name(istio, inference), **meta},
             "data": {key: yaml.safe_dump(value, sort_keys=False) for key, value in options.items()}}]
    tls = gw.tls_credential_name
    listeners = []
    if tls:
        # Plain HTTP only answers with the redirect below (a route in the gateway's own namespace).
        listeners.append({"name": "http", "port": gw.server_ports["http"], "protocol": "HTTP",
                          "allowedRoutes": {"namespaces": {"from": "Same"}}})
    for namespace, host in hosts:
        protocol = "https" if tls else "http"
        listeners.append({
            "name": listener_name(protocol, host), "hostname": host, "port": gw.server_ports[protocol],
            "protocol": protocol.upper(),
            "tls": {"mode": "Terminate", "certificateRefs": [{"group": "", "kind": "Secret", "name": tls}]} if tls else None,
            "allowedRoutes": {"namespaces": {"from": "Selector", "selector": {
                "matchLabels": {NAMESPACE_NAME_LABEL: namespace}}}}})
    docs.append({"apiVersion": GATEWAY_API, "kind": "Gateway",
                 "metadata": {"name": name, **meta, "annotations": annotations},
                 "spec": {"gatewayClassName": GATEWAY_CLASS,
                          "infrastructure": {"parametersRef": {"group": "", "kind": "ConfigMap",
                                                               "name": gateway_options_name(istio, inference)}},
                          "listeners": listeners}})
    if tls:
        docs.append({"apiVersion": GATEWAY_API, "kind": "HTTPRoute",
                     "metadata": {"name": f"{name}-https-redirect", **meta},
                     "spec": {"parentRefs": [{"group": GATEWAY_API_GROUP, "kind": "Gateway", "name": name,
                                              "sectionName": "http"}],
                              "rules": [{"filters": [{"type": "RequestRedirect", "requestRedirect": {
                                  "scheme": "https", "statusCode": 301}}]}]}})
    return docs


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
                 prometheus: Prometheus = Prometheus(), inference_hosts: Sequence[tuple[str, str]] = (),
                 scrape_inference_gateway: bool = False) -> None:
        super().__init__(scope, id)
        self.pod_monitor: monitoring.PodMonitor | None = None
        # The Gateways there are: (their hosts, whether for InferencePool services beside the classic ingress).
        gateways = [(list(hosts), False)] + ([(list(inference_hosts), True)] if inference_hosts else [])
        # The gateway counts requests for a service while it has no pods (503 UH), which the
        # sidecars cannot: this scrape is what lets gateway_request_rate start the first pod.
        for served, inference in gateways:
            if scrape_inference_gateway if inference else scrape_gateway:
                monitor = monitoring.PodMonitor(
                    self, "GatewayPodMonitor" + ("-inference" if inference else ""),
                    metadata=ApiObjectMetadata(
                        name=gateway_monitor_name(istio) + ("-inference" if inference else ""),
                        namespace=istio.gateway.namespace, labels=dict(prometheus.monitor_labels) or None),
                    spec=monitoring.PodMonitorSpec(
                        selector=monitoring.PodMonitorSpecSelector(
                            match_labels=istio.ingress_pod_labels(inference)),
                        pod_metrics_endpoints=[monitoring.PodMonitorSpecPodMetricsEndpoints(
                            port=ENVOY_STATS_PORT_NAME, path=ENVOY_STATS_PATH, interval=SCRAPE_INTERVAL)]))
                self.pod_monitor = self.pod_monitor or monitor
        istio_sec.PeerAuthentication(
            self, "PeerAuthentication",
            metadata=ApiObjectMetadata(name="default", namespace=istio.root_namespace),
            spec=istio_sec.PeerAuthenticationSpec(
                mtls=istio_sec.PeerAuthenticationSpecMtls(mode=istio_sec.PeerAuthenticationSpecMtlsMode.STRICT)),
        )
        self.gateway: ApiObject | None = None
        self.inference_gateway: ApiObject | None = None
        every_host = [*hosts, *inference_hosts]
        if not every_host:
            return
        tls = istio.gateway.tls_credential_name
        issuer = istio.gateway.tls_issuer
        self.certificate: cert_manager.Certificate | None = None
        if tls and issuer:
            self.certificate = cert_manager.Certificate(
                self, "Certificate",
                metadata=ApiObjectMetadata(name=tls, namespace=istio.gateway.namespace),
                spec=cert_manager.CertificateSpec(
                    secret_name=tls,
                    dns_names=sorted({host for _, host in every_host}),
                    issuer_ref=cert_manager.CertificateSpecIssuerRef(
                        name=issuer, kind=istio.gateway.tls_issuer_kind, group=CERT_MANAGER_GROUP)))
        external = {EXTERNAL_CREDENTIALS: tls} if tls and not issuer else None
        for served, inference in gateways:
            if not served:
                continue
            if istio.gateway_api or inference:
                for doc in gateway_api_objects(istio, served, external, inference=inference):
                    obj = add_api_object(self, f"{doc['kind']}-{doc['metadata']['name']}", _no_nulls(doc))
                    if doc["kind"] == "Gateway" and inference:
                        self.inference_gateway = obj
                    elif doc["kind"] == "Gateway":
                        self.gateway = obj
            else:
                self.gateway = self._classic_gateway(istio, gateway_name, served, external)

    def _classic_gateway(self, istio: Istio, gateway_name: str, hosts: Sequence[tuple[str, str]],
                         external: dict | None) -> istio_net.Gateway:
        admitted = [f"{namespace}/{host}" for namespace, host in hosts]
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
        return istio_net.Gateway(
            self, "Gateway",
            metadata=ApiObjectMetadata(name=gateway_name, namespace=istio.gateway.namespace, annotations=external),
            spec=istio_net.GatewaySpec(selector={"istio": istio.gateway.selector_label}, servers=servers),
        )


def _no_nulls(value):
    """``value`` without the keys whose value is None (cdk8s drops them too; the documents leave them out)."""
    if isinstance(value, dict):
        return {k: _no_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_no_nulls(v) for v in value]
    return value
