"""Everything one AI inference service needs, as plain data; and the inputs that determine it.

:func:`ai_service` composes the parts in their file order (authorization, each version's
workload and autoscaler, the Kubernetes Service, traffic). :class:`ServiceInputs` is everything
a service's file depends on besides the code: the render cache keys on
:meth:`ServiceInputs.identity`, and :class:`constructs.ai_service.AiService` carries one.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from inference_platform.contract import service_host
from inference_platform.description import IngressGateway, Prometheus, Service
from inference_platform.catalog.signals import ENVOY_STATS_PORT, ENVOY_STATS_PORT_NAME
from inference_platform.description.mesh import gateway_selector_label
from inference_platform.layout import GATEWAY_API, VIRTUALSERVICE
from inference_platform.fast.cdk8s_order import api_object
from inference_platform.service_objects.model_version import model_version
from inference_platform.service_objects.patches import apply_patches, patch_problems
from inference_platform.service_objects.service_authorization import network_policy, service_authorization
from inference_platform.service_objects.inference_pool import inference_pools, picker_name, pools
from inference_platform.service_objects.service_routes import service_routes, version_services
from inference_platform.service_objects.service_traffic import service_traffic

__all__ = ["ServiceInputs", "ai_service", "generated", "kube_service", "service_labels", "service_network_policy", "scrape_ports"]


def service_labels(service: Service) -> dict[str, str]:
    """The labels every object of the service carries (besides the Chart's)."""
    return {"app": service.name, "app.kubernetes.io/name": service.name}


@dataclass(frozen=True)
class ServiceInputs:
    """What one service's objects are a function of.

    ``gateway`` is the ingress Gateway as ``"<namespace>/<name>"`` (None: the platform has no
    public hosts); ``ingress_principal`` the gateway pods' SPIFFE identity; ``ingress_workload``
    and ``ingress_namespace`` the gateway Deployment (where ``gateway_request_rate`` is counted);
    ``chart_labels`` the labels of the Chart the service is rendered in (on every object, and on
    the pods). ``routing`` is ``istio.routing``: with ``gateway-api`` the service gets Gateway API
    routes instead of VirtualServices, ``gateway`` names the Gateway API Gateway and ``gateway_tls``
    says whether its listeners for the hosts are HTTPS; ``ingress_pods`` selects the gateway's pods
    (default: the gateway chart's ``istio: <name>`` label).
    """

    service: Service
    gateway: str | None
    ingress_principal: str
    prometheus: Prometheus = Prometheus()
    chart_labels: dict[str, str] = field(default_factory=dict)
    ingress_workload: str = IngressGateway().name
    ingress_namespace: str = IngressGateway().namespace
    routing: str = VIRTUALSERVICE
    gateway_tls: bool = False
    ingress_pods: dict[str, str] | None = None

    def __post_init__(self) -> None:
        if self.service.traffic is not None and self.gateway is None:
            raise ValueError(f"Service {self.service.name!r}: 'gateway' (None) is required for a service with "
                             f"public hosts {list(self.service.traffic.hosts)!r}.")

    @property
    def namespace(self) -> str:
        return self.service.namespace

    @property
    def gateway_pods(self) -> dict[str, str]:
        """Labels of the ingress gateway's pods."""
        return dict(self.ingress_pods) if self.ingress_pods else {"istio": gateway_selector_label(self.ingress_workload)}

    def documents(self) -> list[dict]:
        return ai_service(self)

    def patch_problems(self) -> list:
        """Why the service's ``patches`` cannot be applied, located in them (the synth refuses those first)."""
        return patch_problems(generated(self), self.service.patches) if self.service.patches else []

    def identity(self) -> str:
        """Canonical text of every input (the service's resolved description included)."""
        return json.dumps({"service": self.service.model_dump(mode="json"), "gateway": self.gateway,
                           "ingress_principal": self.ingress_principal, "ingress_workload": self.ingress_workload,
                           "ingress_namespace": self.ingress_namespace, "routing": self.routing,
                           "gateway_tls": self.gateway_tls, "ingress_pods": self.gateway_pods,
                           "prometheus": self.prometheus.model_dump(mode="json"),
                           "chart_labels": self.chart_labels}, sort_keys=True, separators=(",", ":"))


def kube_service(service: Service, labels: dict[str, str]) -> dict:
    """The ClusterIP Service ``<service>`` giving every version one address; ``labels`` complete."""
    return api_object("v1", "Service", name=service.name, namespace=service.namespace, labels=labels, spec={
        "type": "ClusterIP",
        "selector": {"app": service.name},
        # Istio picks the protocol from the name prefix; appProtocol says it again for
        # Kubernetes and Gateway API consumers.
        "ports": [{"name": p.name, "port": p.published, "protocol": "TCP", "appProtocol": p.protocol,
                   "targetPort": p.name} for p in service.service_ports]})


def scrape_ports(service: Service, docs: list[dict]) -> set[int]:
    """The pod ports the PodMonitors among ``docs`` scrape (a named container port, Envoy's 15090, or the port a
    relabeling rewrites the address to, such as the merged metrics' 15020)."""
    named = {p.name: p.port for p in service.pod_ports} | {ENVOY_STATS_PORT_NAME: ENVOY_STATS_PORT}
    ports: set[int] = set()
    for doc in docs:
        if doc["kind"] != "PodMonitor":
            continue
        for endpoint in doc["spec"]["podMetricsEndpoints"]:
            rewritten = [r["replacement"].rsplit(":", 1)[1] for r in endpoint.get("relabelings") or ()
                         if r.get("targetLabel") == "__address__" and ":" in r.get("replacement", "")]
            if rewritten:
                ports.add(int(rewritten[0]))
            elif endpoint.get("port") in named:
                ports.add(named[endpoint["port"]])
    return ports


def service_network_policy(service: Service, labels: dict[str, str], ingress_principal: str,
                           gateway_pods: dict[str, str], prometheus: Prometheus, version_docs: list[dict]) -> dict:
    """Under the mesh, the AuthorizationPolicy's admission again at L3/L4: the API ports from the ingress gateway's
    pods and the callers' namespaces, the metrics port and whatever the versions' PodMonitors (among
    ``version_docs``) scrape from the Prometheus' namespace; and, alone, each port that bypasses the sidecar
    from its peers' pods. ``labels`` are the object's complete labels."""
    metrics = service.metrics_port
    return network_policy(
        name=service.name, namespace=service.namespace, labels=labels, ports=[p.port for p in service.api_ports],
        principals=[ingress_principal], callers=service.callers,
        gateway_pods=gateway_pods,
        scrape_ports=sorted({*scrape_ports(service, version_docs), *([metrics.port] if metrics else [])}),
        scraper_namespace=prometheus.namespace,
        bypass=[(p.port, [(peer.namespace or service.namespace, peer.service) for peer in p.peers]
                 if p.peers is not None else [(service.namespace, service.name)]) for p in service.bypass_ports],
        pickers=[{"app": picker_name(pool.name)} for pool in pools(service)] if metrics else [],
        picker_port=metrics.port if metrics else None)


def ai_service(inputs: ServiceInputs) -> list[dict]:
    """Every object of one service, in the order ``AiService``'s constructs render them, the service's ``patches``
    applied (:mod:`.patches`)."""
    return apply_patches(generated(inputs), inputs.service.patches)


def generated(inputs: ServiceInputs) -> list[dict]:
    """Every object of one service as the platform generates it, before its ``patches``."""
    svc, chart_labels = inputs.service, inputs.chart_labels
    ns = svc.namespace
    own = service_labels(svc)
    labels = {**chart_labels, **own}
    metrics = svc.metrics_port
    docs = service_authorization(name=svc.name, namespace=ns, labels=labels, ports=[p.port for p in svc.api_ports],
                                 principals=[inputs.ingress_principal], callers=svc.callers,
                                 metrics_port=metrics.port if metrics else None, metrics_path=svc.metrics_path)
    authorization = len(docs)
    for version in svc.versions:
        docs += model_version(service=svc, version=version, namespace=ns, labels=own, prometheus=inputs.prometheus,
                              chart_labels=chart_labels, gateway_workload=inputs.ingress_workload,
                              gateway_namespace=inputs.ingress_namespace)
    docs.insert(authorization, service_network_policy(svc, labels, inputs.ingress_principal, inputs.gateway_pods,
                                                      inputs.prometheus, docs[authorization:]))
    docs.append(kube_service(svc, labels))
    gateway_api = inputs.routing == GATEWAY_API
    docs += service_traffic(service=svc, namespace=ns, host=service_host(svc.name, ns), labels=labels,
                            gateway=inputs.gateway, virtual_services=not gateway_api, public=svc.inference is None)
    if gateway_api:
        docs += version_services(service=svc, namespace=ns, labels=labels)
    if gateway_api or svc.inference is not None:
        # With virtualservice routing an InferencePool service's public route is an HTTPRoute on the Gateway API
        # Gateway beside the classic ingress; its in-mesh callers keep the <service>-mesh VirtualService.
        docs += service_routes(service=svc, namespace=ns, labels=labels, gateway=inputs.gateway,
                               tls=inputs.gateway_tls, mesh=gateway_api)
    docs += inference_pools(service=svc, namespace=ns, labels=labels, gateway_namespace=inputs.ingress_namespace,
                            gateway_pods=inputs.gateway_pods, prometheus=inputs.prometheus)
    return docs
