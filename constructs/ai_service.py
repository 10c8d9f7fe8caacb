"""AiService: everything one AI inference service needs in the cluster and the mesh.

An L3 of three parts: :class:`ServiceAuthorization` (ServiceAccount, AuthorizationPolicy),
one :class:`ModelVersion` per version (Deployment, autoscaler, PodDisruptionBudget), and
:class:`ServiceTraffic` (DestinationRule, VirtualService); plus the Kubernetes Service that
gives the versions one address.

Names come from the description (``<service>`` and ``<service>-<version>``), never from
construct paths, so moving code never renames a cluster object.

Every object is built as plain data by :mod:`inference_platform.manifests`. In any cdk8s Chart
the parts are constructs holding ApiObjects, as usual. Placed directly in a
:class:`~constructs.manifest_chart.ManifestChart` (the synth's apps layer), an AiService is one
construct that registers its :class:`~inference_platform.manifests.ai_service.ServiceInputs` as
the chart's file ``<id>.yaml``: the same documents, rendered without a jsii round trip, or
taken from the render cache. See :mod:`inference_platform.manifests` for why.
"""
from __future__ import annotations

from cdk8s import ApiObject, Chart
from cdk8s_plus_27 import k8s
from constructs import Construct

from constructs.manifest_chart import ManifestChart, add_api_object
from constructs.model_version import ModelVersion
from constructs.service_authorization import ServiceAuthorization
from constructs.service_traffic import ServiceTraffic
from inference_platform.description import IngressGateway, Prometheus, Service
from inference_platform.manifests.ai_service import ServiceInputs, kube_service, service_labels, service_network_policy
from inference_platform.manifests.model_version import model_version

__all__ = ["AiService"]

#: jsii object → the value read from it; namespaces and the gateway are shared by every service,
#: and each read is a round trip through the bridge
_READS: dict[int, tuple[object, object]] = {}


def _read(obj: object, read) -> object:
    hit = _READS.get(id(obj))
    if hit is None or hit[0] is not obj:
        if len(_READS) > 256:  # a long test session makes many Apps; keep only recent objects
            _READS.clear()
        hit = _READS[id(obj)] = (obj, read(obj))
    return hit[1]


class AiService(Construct):
    """One AI inference service from its description, in ``namespace``.

    ``gateway`` is the ingress Gateway its public hosts bind to (required when the service has
    ``traffic``); ``ingress_principal`` is the gateway pods' identity, always admitted;
    ``prometheus`` is the Prometheus KEDA queries (default: the description's default);
    ``gateway_workload`` / ``gateway_namespace`` the ingress gateway Deployment a
    ``gateway_request_rate`` signal is counted at (default: the description's defaults).
    In a ManifestChart, ``inputs`` is what the chart's file is rendered from, and the parts
    (``authorization``, ``versions``, ``service``, ``traffic``) are not constructs (None, empty).
    """

    def __init__(self, scope: Construct, id: str, *, service: Service, namespace: k8s.KubeNamespace,
                 gateway: ApiObject | None, ingress_principal: str, prometheus: Prometheus = Prometheus(),
                 gateway_workload: str = IngressGateway().name,
                 gateway_namespace: str = IngressGateway().namespace) -> None:
        super().__init__(scope, id)
        ns = _read(namespace, lambda n: n.name)
        if ns != service.namespace:
            raise ValueError(f"AiService {service.name!r}: 'namespace' ({ns!r}) is not the "
                             f"service's namespace ({service.namespace!r}).")
        self.host = f"{service.name}.{ns}.svc.cluster.local"
        self.authorization: ServiceAuthorization | None = None
        self.network_policy: ApiObject | None = None
        self.versions: list[ModelVersion] = []
        self.service: ApiObject | None = None
        self.traffic: ServiceTraffic | None = None
        if isinstance(scope, ManifestChart):
            ref = None if gateway is None else _read(gateway, lambda g: f"{g.metadata.namespace}/{g.name}")
            self.inputs = ServiceInputs(service=service, gateway=ref, ingress_principal=ingress_principal,
                                        prometheus=prometheus, chart_labels=scope.chart_labels,
                                        ingress_workload=gateway_workload, ingress_namespace=gateway_namespace)
            if service.traffic is not None and ref is None:  # the error the parts would raise, at once
                self.inputs.documents()
            scope.add_file(id, self.inputs)
            return
        labels = service_labels(service)
        self.authorization = ServiceAuthorization(
            self, "Authorization", name=service.name, namespace=ns, labels=labels,
            ports=[p.port for p in service.api_ports], principals=[ingress_principal], callers=service.callers,
            metrics_port=service.metrics_port.port if service.metrics_port else None,
            metrics_path=service.metrics_path)
        version_docs = [doc for v in service.versions for doc in model_version(
            service=service, version=v, namespace=ns, labels=labels, prometheus=prometheus,
            gateway_workload=gateway_workload, gateway_namespace=gateway_namespace)]
        self.network_policy = add_api_object(self, "NetworkPolicy", service_network_policy(
            service, {**Chart.of(self).labels, **labels}, ingress_principal, gateway_workload, prometheus, version_docs))
        self.versions = [ModelVersion(self, f"Version-{v.name}", service=service, version=v, namespace=ns,
                                      labels=labels, prometheus=prometheus, gateway_workload=gateway_workload,
                                      gateway_namespace=gateway_namespace) for v in service.versions]
        self.service = add_api_object(self, "Service", kube_service(service, {**Chart.of(self).labels, **labels}))
        self.traffic = ServiceTraffic(self, "Traffic", service=service, namespace=ns, host=self.host,
                                      labels=labels, gateway=gateway)
