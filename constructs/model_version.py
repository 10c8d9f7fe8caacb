"""ModelVersion: one model version's workload: Deployment, its autoscaler, PodDisruptionBudget.

Each version of a service scales and drains on its own, so a canary never borrows the stable
version's capacity. Names are ``<service>-<version>``, from the description.

The objects are :mod:`inference_platform.service_objects.model_version`'s, as plain data. Why not
cdk8s-plus L2 constructs: cdk8s-plus-27's Deployment selects its
pods by a label derived from the construct path unless told otherwise, and a Deployment's
selector is immutable, so moving code would force a delete-and-recreate of a serving model; and
it has no GPU resources (``nvidia.com/gpu``), no seccomp profile and no PodDisruptionBudget.
"""
from __future__ import annotations

from cdk8s import ApiObject, Chart
from constructs import Construct

from constructs.manifest_chart import add_api_object
from constructs.model_autoscaler import ModelAutoscaler
from inference_platform.description import IngressGateway, Prometheus, Service, Version
from inference_platform.service_objects.model_version import deployment, disruption_budget, version_labels

__all__ = ["ModelVersion"]


class ModelVersion(Construct):
    """Deployment, autoscaler and PDB ``<service>-<version>`` for one version of ``service`` in ``namespace``.

    ``labels`` are the service's own labels (``app`` and its name); the version adds
    ``version``. The Deployment has no ``replicas``: the autoscaler owns the count.
    ``gateway_workload`` / ``gateway_namespace``: the ingress gateway Deployment a
    ``gateway_request_rate`` signal is counted at (default: the description's defaults).
    """

    def __init__(self, scope: Construct, id: str, *, service: Service, version: Version, namespace: str,
                 labels: dict[str, str], prometheus: Prometheus = Prometheus(),
                 gateway_workload: str = IngressGateway().name,
                 gateway_namespace: str = IngressGateway().namespace) -> None:
        super().__init__(scope, id)
        chart_labels = Chart.of(self).labels
        self.name = f"{service.name}-{version.name}"
        self.labels = version_labels(service, version, labels)
        self.selector = {"app": service.name, "version": version.name}
        self.deployment: ApiObject = add_api_object(self, "Deployment", deployment(
            service=service, version=version, namespace=namespace, labels=self.labels, chart_labels=chart_labels))
        self.autoscaler = ModelAutoscaler(self, "Autoscaler", name=self.name, namespace=namespace,
                                          labels=self.labels, autoscaling=service.autoscaling,
                                          target=self.deployment, server=service.server, prometheus=prometheus,
                                          weight=version.weight, gateway_workload=gateway_workload,
                                          gateway_namespace=gateway_namespace)
        self.disruption_budget: ApiObject = add_api_object(self, "PodDisruptionBudget", disruption_budget(
            service=service, version=version, namespace=namespace, labels=self.labels, chart_labels=chart_labels))
