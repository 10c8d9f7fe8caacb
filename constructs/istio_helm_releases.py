"""IstioHelmReleases: Flux installs Istio's official charts (base → istiod → gateway).

A HelmRepository ``istio`` for ``istio.chart_repository`` and one HelmRelease per chart, each
pinned to ``istio.version`` and chained with ``dependsOn`` so helm-controller installs the
CRDs before istiod and istiod (with its injection webhook) before the gateway, whose pods
need injection. Values come from ``inference_platform.istio_values``, the same dicts the
Argo CD and rendered modes use. See https://fluxcd.io/flux/components/helm/helmreleases/
and https://istio.io/latest/docs/setup/install/helm/.
"""
from __future__ import annotations

from typing import Any

from cdk8s import ApiObjectMetadata
from constructs import Construct

from imports.flux.io.fluxcd.toolkit import helm
from imports.flux.io.fluxcd.toolkit import source
from inference_platform.description import GitOps, Istio
from inference_platform.istio_releases import RELEASES, IstioRelease

__all__ = ["IstioHelmReleases", "REPOSITORY_NAME"]

#: Name of the HelmRepository the three HelmReleases take their charts from.
REPOSITORY_NAME = "istio"
#: Failed installs/upgrades are retried this many times before the release is left failed.
REMEDIATION_RETRIES = 3
#: How long one Helm action may take; istiod and the gateway wait for their rollouts.
HELM_TIMEOUT = "10m"


class IstioHelmReleases(Construct):
    """HelmRepository ``istio`` plus HelmReleases istio-base → istiod → gateway, in the Flux namespace.

    Object names are the release names (``istio-base``, ``istiod`` or ``istiod-<revision>``,
    the gateway name), so they never depend on construct paths. ``releases`` lists the
    HelmReleases in install order (:data:`inference_platform.istio_releases.RELEASES`).
    """

    def __init__(self, scope: Construct, id: str, *, istio: Istio, gitops: GitOps) -> None:
        super().__init__(scope, id)
        self._istio = istio
        self._namespace = gitops.flux_namespace
        self._interval = f"{gitops.interval_minutes}m"
        self.repository = source.HelmRepository(
            self, "HelmRepository",
            metadata=ApiObjectMetadata(name=REPOSITORY_NAME, namespace=self._namespace),
            spec=source.HelmRepositorySpec(url=istio.chart_repository, interval=self._interval),
        )
        self.releases: list[helm.HelmRelease] = []
        for release in RELEASES:
            self.releases.append(self._release(release, depends_on=self.releases[-1] if self.releases else None))

    def _release(self, release: IstioRelease, *, depends_on: helm.HelmRelease | None) -> helm.HelmRelease:
        istio = self._istio
        release_name = release.release_name(istio)
        target_namespace = release.namespace(istio)
        return helm.HelmRelease(
            self, release.id,
            metadata=ApiObjectMetadata(name=release_name, namespace=self._namespace),
            spec=helm.HelmReleaseSpec(
                interval=self._interval,
                timeout=HELM_TIMEOUT,
                release_name=release_name,
                target_namespace=target_namespace,
                # Helm keeps its release record beside the release, as `helm install -n` would.
                storage_namespace=target_namespace,
                chart=helm.HelmReleaseSpecChart(spec=helm.HelmReleaseSpecChartSpec(
                    chart=release.chart,
                    version=istio.version,
                    interval=self._interval,
                    source_ref=helm.HelmReleaseSpecChartSpecSourceRef(
                        kind=helm.HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY,
                        name=REPOSITORY_NAME, namespace=self._namespace),
                )),
                depends_on=[helm.HelmReleaseSpecDependsOn(name=depends_on.name)] if depends_on else None,
                install=helm.HelmReleaseSpecInstall(
                    crds=helm.HelmReleaseSpecInstallCrds.CREATE_REPLACE,
                    remediation=helm.HelmReleaseSpecInstallRemediation(retries=REMEDIATION_RETRIES)),
                upgrade=helm.HelmReleaseSpecUpgrade(
                    crds=helm.HelmReleaseSpecUpgradeCrds.CREATE_REPLACE,
                    remediation=helm.HelmReleaseSpecUpgradeRemediation(
                        retries=REMEDIATION_RETRIES, remediate_last_failure=True,
                        strategy=helm.HelmReleaseSpecUpgradeRemediationStrategy.ROLLBACK)),
                values=release.values(istio),
            ),
        )
