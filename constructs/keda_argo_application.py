"""KedaArgoApplication: Argo CD installs KEDA's chart (one Application, chart source).

Sourced straight from ``keda.chart_repository`` at ``keda.version`` with the values of
:mod:`inference_platform.catalog.keda_release`; its sync wave is the KEDA layer's order, before the apps.
KEDA rotates its own certificates and patches the ``caBundle`` of its APIService and
ValidatingWebhookConfiguration at runtime, so Argo CD ignores those fields (else it would
report OutOfSync forever and selfHeal would undo KEDA's patch).
"""
from __future__ import annotations

from constructs import Construct

import imports.argocd.io.argoproj as argo
from constructs.argocd_application import ArgoCdApplication
from inference_platform.description import Keda
from inference_platform.catalog.keda_release import KEDA

__all__ = ["KedaArgoApplication", "CA_BUNDLE_IGNORE_DIFFERENCES"]

CA_BUNDLE_IGNORE_DIFFERENCES = (
    argo.ApplicationSpecIgnoreDifferences(group="apiregistration.k8s.io", kind="APIService",
                                          jq_path_expressions=[".spec.caBundle"]),
    argo.ApplicationSpecIgnoreDifferences(group="admissionregistration.k8s.io", kind="ValidatingWebhookConfiguration",
                                          jq_path_expressions=[".webhooks[]?.clientConfig.caBundle"]),
)
SYNC_OPTIONS = ("ServerSideApply=true", "RespectIgnoreDifferences=true")


class KedaArgoApplication(Construct):
    """Application ``<prefix>-keda`` in ``namespace`` (Argo CD's), project ``project``, wave ``sync_wave``."""

    def __init__(self, scope: Construct, id: str, *, keda: Keda, prefix: str, namespace: str, project: str,
                 sync_wave: int) -> None:
        super().__init__(scope, id)
        self.application = ArgoCdApplication(
            self, KEDA.id, name=f"{prefix}-{KEDA.application_suffix}", namespace=namespace, project=project,
            repo_url=keda.chart_repository, chart=KEDA.chart, target_revision=keda.version,
            release_name=KEDA.release_name, helm_values=KEDA.values(keda),
            destination_namespace=KEDA.namespace(keda), sync_wave=sync_wave, sync_options=SYNC_OPTIONS,
            ignore_differences=CA_BUNDLE_IGNORE_DIFFERENCES)
