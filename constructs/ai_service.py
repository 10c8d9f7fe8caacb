"""AiService: everything one AI inference service needs in the cluster and the mesh.

Its objects (ServiceAccount and authorization, each version's Deployment, autoscaler and
PodDisruptionBudget, the Kubernetes Service, the traffic policy) are built once, as plain data,
by :func:`inference_platform.service_objects.ai_service.ai_service` from the service's
:class:`~inference_platform.service_objects.ai_service.ServiceInputs`; see
:mod:`inference_platform.service_objects` for the parts and why they are plain data.

Names come from the description (``<service>`` and ``<service>-<version>``), never from
construct paths, so moving code never renames a cluster object.

Where the documents go depends on the Chart, and nothing else does:

* in a :class:`~constructs.manifest_chart.ManifestChart` (the synth's apps layer), the inputs
  are registered as the chart's file ``<id>.yaml``: rendered without a jsii round trip, or
  taken from the render cache;
* in any other cdk8s Chart, each document becomes one ApiObject (``<Kind>-<name>``), which
  ``Chart.to_json()`` renders exactly as the document (a test pins the two paths together).
"""
from __future__ import annotations

from cdk8s import ApiObject, Chart
from cdk8s_plus_27 import k8s
from constructs import Construct

from constructs.manifest_chart import ManifestChart, add_api_object
from inference_platform.description import IngressGateway, Prometheus, Service
from inference_platform.layout import VIRTUALSERVICE
from inference_platform.service_objects.ai_service import ServiceInputs

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
    ``gateway_request_rate`` signal is counted at (default: the description's defaults);
    ``routing``, ``gateway_tls`` and ``ingress_pods`` as in
    :class:`~inference_platform.service_objects.ai_service.ServiceInputs`.
    ``inputs`` is everything the service's objects are a function of; ``api_objects`` the
    ApiObjects made in a plain Chart (empty in a ManifestChart).
    """

    def __init__(self, scope: Construct, id: str, *, service: Service, namespace: k8s.KubeNamespace,
                 gateway: ApiObject | None, ingress_principal: str, prometheus: Prometheus = Prometheus(),
                 gateway_workload: str = IngressGateway().name,
                 gateway_namespace: str = IngressGateway().namespace, routing: str = VIRTUALSERVICE,
                 gateway_tls: bool = False, ingress_pods: dict[str, str] | None = None) -> None:
        super().__init__(scope, id)
        ns = _read(namespace, lambda n: n.name)
        if ns != service.namespace:
            raise ValueError(f"AiService {service.name!r}: 'namespace' ({ns!r}) is not the "
                             f"service's namespace ({service.namespace!r}).")
        manifests = isinstance(scope, ManifestChart)
        ref = None if gateway is None else _read(gateway, lambda g: f"{g.metadata.namespace}/{g.name}")
        self.inputs = ServiceInputs(service=service, gateway=ref, ingress_principal=ingress_principal,
                                    prometheus=prometheus,
                                    chart_labels=scope.chart_labels if manifests else dict(Chart.of(self).labels),
                                    ingress_workload=gateway_workload, ingress_namespace=gateway_namespace,
                                    routing=routing, gateway_tls=gateway_tls, ingress_pods=ingress_pods)
        self.api_objects: list[ApiObject] = []
        if manifests:
            scope.add_file(id, self.inputs)
            return
        self.api_objects = [add_api_object(self, f"{doc['kind']}-{doc['metadata']['name']}", doc)
                            for doc in self.inputs.documents()]
