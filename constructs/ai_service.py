"""AiService: everything one AI inference service needs in the cluster and the mesh.

An L3 of three parts: :class:`ServiceAuthorization` (ServiceAccount, AuthorizationPolicy),
one :class:`ModelVersion` per version (Deployment, autoscaler, PodDisruptionBudget), and
:class:`ServiceTraffic` (DestinationRule, VirtualService); plus the Kubernetes Service that
gives the versions one address.

Names come from the description (``<service>`` and ``<service>-<version>``), never from
construct paths, so moving code never renames a cluster object.
"""
from __future__ import annotations

from cdk8s import ApiObject
from cdk8s_plus_27 import k8s
from constructs import Construct

from constructs.model_version import ModelVersion
from constructs.service_authorization import ServiceAuthorization
from constructs.service_traffic import ServiceTraffic
from inference_platform.description import Prometheus, Service

__all__ = ["AiService"]


class AiService(Construct):
    """One AI inference service from its description, in ``namespace``.

    ``gateway`` is the ingress Gateway its public hosts bind to (required when the service has
    ``traffic``); ``ingress_principal`` is the gateway pods' identity, always admitted.
    """

    def __init__(self, scope: Construct, id: str, *, service: Service, namespace: k8s.KubeNamespace,
                 gateway: ApiObject | None, ingress_principal: str, prometheus: Prometheus = Prometheus()) -> None:
        super().__init__(scope, id)
        if namespace.name != service.namespace:
            raise ValueError(f"AiService {service.name!r}: 'namespace' ({namespace.name!r}) is not the "
                             f"service's namespace ({service.namespace!r}).")
        ns = namespace.name
        labels = {"app": service.name, "app.kubernetes.io/name": service.name}
        self.host = f"{service.name}.{ns}.svc.cluster.local"
        self.authorization = ServiceAuthorization(
            self, "Authorization", name=service.name, namespace=ns, labels=labels,
            ports=[p.port for p in service.api_ports], principals=[ingress_principal], callers=service.callers,
            metrics_port=service.metrics_port.port if service.metrics_port else None,
            metrics_path=service.metrics_path)
        self.versions = [ModelVersion(self, f"Version-{v.name}", service=service, version=v, namespace=ns,
                                      labels=labels, prometheus=prometheus) for v in service.versions]
        self.service = k8s.KubeService(
            self, "Service", metadata=k8s.ObjectMeta(name=service.name, namespace=ns, labels=labels),
            spec=k8s.ServiceSpec(
                type="ClusterIP",
                selector={"app": service.name},
                ports=[k8s.ServicePort(
                    # Istio picks the protocol from the name prefix; appProtocol says it again
                    # for Kubernetes and Gateway API consumers.
                    name=p.name, port=p.port, protocol="TCP", app_protocol=p.protocol,
                    target_port=k8s.IntOrString.from_string(p.name)) for p in service.port_list],
            ),
        )
        self.traffic = ServiceTraffic(self, "Traffic", service=service, namespace=ns, host=self.host,
                                      labels=labels, gateway=gateway)
