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

from cdk8s import ApiObject, Chart
from constructs import Construct

from constructs.manifest_chart import add_api_object
from inference_platform.description import Service
from inference_platform.service_objects.service_traffic import service_traffic

__all__ = ["ServiceTraffic"]


class ServiceTraffic(Construct):
    """DestinationRule ``<service>`` for ``host``; VirtualServices ``<service>`` on ``gateway`` and ``<service>-mesh``.

    ``gateway`` is the ingress Gateway object; it is required when the service has public hosts
    (``service.traffic``), and unused otherwise. The objects are
    :func:`inference_platform.service_objects.service_traffic.service_traffic`'s.
    """

    def __init__(self, scope: Construct, id: str, *, service: Service, namespace: str, host: str,
                 labels: dict[str, str], gateway: ApiObject | None) -> None:
        super().__init__(scope, id)
        ref = f"{gateway.metadata.namespace}/{gateway.name}" if gateway is not None else None
        docs = service_traffic(service=service, namespace=namespace, host=host,
                               labels={**Chart.of(self).labels, **labels}, gateway=ref)
        self.destination_rule: ApiObject = add_api_object(self, "DestinationRule", docs[0])
        self.virtual_service: ApiObject | None = None
        if service.traffic is not None:
            self.virtual_service = add_api_object(self, "VirtualService", docs[1])
        self.mesh_virtual_service: ApiObject = add_api_object(self, "MeshVirtualService", docs[-1])
