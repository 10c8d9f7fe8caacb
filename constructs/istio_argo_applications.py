"""IstioArgoApplications: Argo CD installs Istio's official charts (base → istiod → gateway).

One Application per row of :data:`inference_platform.catalog.istio_releases.RELEASES`, each sourcing the
chart straight from ``istio.chart_repository`` at ``istio.version`` with ``helm.valuesObject``
from ``inference_platform.catalog.istio_values`` (the same values Flux and the rendered mode use). Sync
waves 10/20/30 order them inside the app of apps. See
https://argo-cd.readthedocs.io/en/stable/user-guide/helm/ and
https://argo-cd.readthedocs.io/en/stable/user-guide/diffing/.
"""
from __future__ import annotations

from constructs import Construct

import imports.argocd.io.argoproj as argo
from constructs.argocd_application import ArgoCdApplication
from inference_platform.description import Istio
from inference_platform.catalog.istio_releases import RELEASES

__all__ = ["IstioArgoApplications", "WEBHOOK_IGNORE_DIFFERENCES"]

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
    # The CRDs exceed the 256 KiB last-applied-configuration annotation of client-side apply.
    "ServerSideApply=true",
    # Keep istiod's runtime webhook patches when Argo CD syncs for another reason.
    "RespectIgnoreDifferences=true",
)


class IstioArgoApplications(Construct):
    """Applications ``<prefix>-istio-base``, ``<prefix>-istiod`` and ``<prefix>-istio-gateway``.

    They live in ``namespace`` (Argo CD's) and belong to the AppProject ``project``.
    ``applications`` lists them in sync order.
    """

    def __init__(self, scope: Construct, id: str, *, istio: Istio, prefix: str, namespace: str, project: str) -> None:
        super().__init__(scope, id)
        if not project:
            raise ValueError(f"IstioArgoApplications: 'project' ({project!r}) must name an Argo CD AppProject")
        self.applications = [
            ArgoCdApplication(
                self, release.id,
                name=f"{prefix}-{release.application_suffix}", namespace=namespace, project=project,
                repo_url=istio.chart_repository, chart=release.chart, target_revision=istio.version,
                release_name=release.release_name(istio), helm_values=release.values(istio),
                destination_namespace=release.namespace(istio), sync_wave=release.sync_wave,
                sync_options=SYNC_OPTIONS,
                ignore_differences=WEBHOOK_IGNORE_DIFFERENCES if release.webhooks else ())
            for release in RELEASES]
