"""KedaHelmRelease: Flux installs KEDA's chart (HelmRepository ``kedacore`` + HelmRelease ``keda``).

Pinned to ``keda.version``, into ``keda.namespace``, with the values of
:mod:`inference_platform.catalog.keda_release` (the same the Argo CD and rendered modes use) and the
install policy of :mod:`constructs.flux_helm_release`. Its layer comes before the apps, so
ScaledObjects meet KEDA's CRDs and webhook. See https://keda.sh/docs/2.20/deploy/#helm.
"""
from __future__ import annotations

from constructs import Construct

from constructs.flux_helm_release import flux_helm_release, flux_helm_repository
from inference_platform.description import GitOps, Keda
from inference_platform.catalog.keda_release import KEDA

__all__ = ["KedaHelmRelease", "REPOSITORY_NAME"]

#: Name of the HelmRepository holding KEDA's chart.
REPOSITORY_NAME = "kedacore"


class KedaHelmRelease(Construct):
    """HelmRepository ``kedacore`` and HelmRelease ``keda`` in the Flux namespace."""

    def __init__(self, scope: Construct, id: str, *, keda: Keda, gitops: GitOps) -> None:
        super().__init__(scope, id)
        namespace, interval = gitops.flux_namespace, f"{gitops.interval_minutes}m"
        self.repository = flux_helm_repository(self, "HelmRepository", name=REPOSITORY_NAME, namespace=namespace,
                                               url=keda.chart_repository, interval=interval)
        self.release = flux_helm_release(
            self, KEDA.id, name=KEDA.release_name, namespace=namespace, interval=interval,
            target_namespace=KEDA.namespace(keda), chart=KEDA.chart, version=keda.version,
            repository=REPOSITORY_NAME, values=KEDA.values(keda))
