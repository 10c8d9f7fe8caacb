"""IstioArgoApplications: Argo CD installs Istio's official charts (base → istiod → gateway).

One Application per chart, each sourcing the chart straight from ``istio.chart_repository``
at ``istio.version`` with ``helm.valuesObject`` from ``inference_platform.istio_values`` (the
same values Flux and the rendered mode use). Sync waves 10/20/30 order them inside the
app-of-apps. See https://argo-cd.readthedocs.io/en/stable/user-guide/helm/ and
https://argo-cd.readthedocs.io/en/stable/user-guide/diffing/.
"""
from __future__ import annotations

from typing import Any

from cdk8s import ApiObjectMetadata
from constructs import Construct

import imports.argocd.io.argoproj as argo
from constructs.argocd_sync import sync_policy
from inference_platform import istio_values
from inference_platform.description import Platform

__all__ = ["IstioArgoApplications", "SYNC_WAVES", "WEBHOOK_IGNORE_DIFFERENCES"]

#: Argo CD sync wave per chart: CRDs before the control plane, the control plane (with its
#: injection webhook) before the gateway, whose pods need injection.
SYNC_WAVES = {istio_values.BASE_CHART: "10", istio_values.ISTIOD_CHART: "20", istio_values.GATEWAY_CHART: "30"}

#: istiod patches its webhooks at runtime: it injects the caBundle and flips the validating
#: webhooks' failurePolicy from Ignore to Fail once it serves. Without these, Argo CD reports the
#: apps OutOfSync forever and selfHeal reverts istiod's patch.
WEBHOOK_IGNORE_DIFFERENCES = (
    argo.ApplicationSpecIgnoreDifferences(
        group="admissionregistration.k8s.io", kind="ValidatingWebhookConfiguration",
        jq_path_expressions=[".webhooks[]?.failurePolicy", ".webhooks[]?.clientConfig.caBundle"]),
    argo.ApplicationSpecIgnoreDifferences(
        group="admissionregistration.k8s.io", kind="MutatingWebhookConfiguration",
        jq_path_expressions=[".webhooks[]?.clientConfig.caBundle"]),
)

SYNC_OPTIONS = (
    # Namespaces are created (and labelled) by layer 00, never implicitly here.
    "CreateNamespace=false",
    # The CRDs exceed the 256 KiB last-applied-configuration annotation of client-side apply.
    "ServerSideApply=true",
    # Keep istiod's runtime webhook patches when Argo CD syncs for another reason.
    "RespectIgnoreDifferences=true",
)


class IstioArgoApplications(Construct):
    """Applications ``<platform>-istio-base``, ``-istiod`` and ``-istio-gateway`` in the Argo CD namespace.

    ``project`` is the AppProject the Applications belong to. There is deliberately no
    resources finalizer: deleting an Application must never cascade to Istio's CRDs (and with
    them every mesh resource in the cluster). ``applications`` lists them in sync order.
    """

    def __init__(self, scope: Construct, id: str, *, platform: Platform, project: str) -> None:
        super().__init__(scope, id)
        if not project:
            raise ValueError(f"IstioArgoApplications: 'project' ({project!r}) must name an Argo CD AppProject")
        istio = platform.istio
        self._platform = platform
        self._project = project
        self.applications = [
            self._application("Base", f"{platform.name}-istio-base", istio_values.BASE_CHART,
                              istio_values.base_release_name(istio), istio.root_namespace,
                              istio_values.base_values(istio)),
            self._application("Istiod", f"{platform.name}-istiod", istio_values.ISTIOD_CHART,
                              istio_values.istiod_release_name(istio), istio.root_namespace,
                              istio_values.istiod_values(istio)),
            self._application("Gateway", f"{platform.name}-istio-gateway", istio_values.GATEWAY_CHART,
                              istio_values.gateway_release_name(istio), istio.gateway.namespace,
                              istio_values.gateway_values(istio), webhooks=False),
        ]

    def _application(self, id: str, name: str, chart: str, release_name: str, namespace: str,
                     values: dict[str, Any], *, webhooks: bool = True) -> argo.Application:
        platform = self._platform
        istio = platform.istio
        return argo.Application(
            self, id,
            metadata=ApiObjectMetadata(
                name=name, namespace=platform.gitops.argocd_namespace,
                labels={"app.kubernetes.io/part-of": platform.name, "app.kubernetes.io/managed-by": "cdk8s"},
                annotations={"argocd.argoproj.io/sync-wave": SYNC_WAVES[chart]}),
            spec=argo.ApplicationSpec(
                project=self._project,
                source=argo.ApplicationSpecSource(
                    repo_url=istio.chart_repository,
                    chart=chart,
                    target_revision=istio.version,
                    helm=argo.ApplicationSpecSourceHelm(release_name=release_name, values_object=values),
                ),
                destination=argo.ApplicationSpecDestination(server="https://kubernetes.default.svc",
                                                            namespace=namespace),
                # The layer Applications' policy (automated, prune, selfHeal, bounded retries).
                sync_policy=sync_policy(*(o for o in SYNC_OPTIONS if o != "CreateNamespace=false")),
                # Only base and istiod ship webhooks; the gateway chart has none.
                ignore_differences=list(WEBHOOK_IGNORE_DIFFERENCES) if webhooks else None,
            ),
        )
