"""KedaHelmRelease: Flux installs KEDA's chart (HelmRepository ``keda`` + HelmRelease ``keda``).

Pinned to ``keda.version``, into ``keda.namespace``, with the values of
:mod:`inference_platform.keda_release` (the same the Argo CD and rendered modes use). Its layer
comes before the apps, so ScaledObjects meet KEDA's CRDs and webhook. See
https://fluxcd.io/flux/components/helm/helmreleases/ and https://keda.sh/docs/2.20/deploy/#helm.
"""
from __future__ import annotations

from cdk8s import ApiObjectMetadata
from constructs import Construct

from imports.flux.io.fluxcd.toolkit import helm
from imports.flux.io.fluxcd.toolkit import source
from inference_platform.description import GitOps, Keda
from inference_platform.keda_release import KEDA

__all__ = ["KedaHelmRelease", "REPOSITORY_NAME"]

#: Name of the HelmRepository holding KEDA's chart.
REPOSITORY_NAME = "kedacore"
REMEDIATION_RETRIES = 3
HELM_TIMEOUT = "10m"


class KedaHelmRelease(Construct):
    """HelmRepository ``kedacore`` and HelmRelease ``keda`` in the Flux namespace."""

    def __init__(self, scope: Construct, id: str, *, keda: Keda, gitops: GitOps) -> None:
        super().__init__(scope, id)
        namespace, interval = gitops.flux_namespace, f"{gitops.interval_minutes}m"
        target = KEDA.namespace(keda)
        self.repository = source.HelmRepository(
            self, "HelmRepository",
            metadata=ApiObjectMetadata(name=REPOSITORY_NAME, namespace=namespace),
            spec=source.HelmRepositorySpec(url=keda.chart_repository, interval=interval))
        self.release = helm.HelmRelease(
            self, KEDA.id,
            metadata=ApiObjectMetadata(name=KEDA.release_name, namespace=namespace),
            spec=helm.HelmReleaseSpec(
                interval=interval, timeout=HELM_TIMEOUT, release_name=KEDA.release_name,
                target_namespace=target, storage_namespace=target,
                chart=helm.HelmReleaseSpecChart(spec=helm.HelmReleaseSpecChartSpec(
                    chart=KEDA.chart, version=keda.version, interval=interval,
                    source_ref=helm.HelmReleaseSpecChartSpecSourceRef(
                        kind=helm.HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY,
                        name=REPOSITORY_NAME, namespace=namespace))),
                install=helm.HelmReleaseSpecInstall(
                    crds=helm.HelmReleaseSpecInstallCrds.CREATE_REPLACE,
                    remediation=helm.HelmReleaseSpecInstallRemediation(retries=REMEDIATION_RETRIES)),
                upgrade=helm.HelmReleaseSpecUpgrade(
                    crds=helm.HelmReleaseSpecUpgradeCrds.CREATE_REPLACE,
                    remediation=helm.HelmReleaseSpecUpgradeRemediation(
                        retries=REMEDIATION_RETRIES, remediate_last_failure=True,
                        strategy=helm.HelmReleaseSpecUpgradeRemediationStrategy.ROLLBACK)),
                values=KEDA.values(keda)))
