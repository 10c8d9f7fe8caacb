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
from inference_platform import istio_values
from inference_platform.description import Platform

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
    HelmReleases in install order.
    """

    def __init__(self, scope: Construct, id: str, *, platform: Platform) -> None:
        super().__init__(scope, id)
        istio = platform.istio
        gitops = platform.gitops
        self._namespace = gitops.flux_namespace
        self._interval = f"{gitops.interval_minutes}m"
        self._version = istio.version
        self._labels = {"app.kubernetes.io/part-of": platform.name, "app.kubernetes.io/managed-by": "cdk8s"}
        self.repository = source.HelmRepository(
            self, "HelmRepository",
            metadata=ApiObjectMetadata(name=REPOSITORY_NAME, namespace=self._namespace, labels=self._labels),
            spec=source.HelmRepositorySpec(url=istio.chart_repository, interval=self._interval),
        )
        base = self._release("Base", istio_values.BASE_CHART, istio_values.base_release_name(istio),
                             istio.root_namespace, istio_values.base_values(istio), depends_on=None)
        istiod = self._release("Istiod", istio_values.ISTIOD_CHART, istio_values.istiod_release_name(istio),
                               istio.root_namespace, istio_values.istiod_values(istio), depends_on=base)
        gateway = self._release("Gateway", istio_values.GATEWAY_CHART, istio_values.gateway_release_name(istio),
                                istio.gateway.namespace, istio_values.gateway_values(istio), depends_on=istiod)
        self.releases = [base, istiod, gateway]

    def _release(self, id: str, chart: str, release_name: str, target_namespace: str,
                 values: dict[str, Any], *, depends_on: helm.HelmRelease | None) -> helm.HelmRelease:
        return helm.HelmRelease(
            self, id,
            metadata=ApiObjectMetadata(name=release_name, namespace=self._namespace, labels=self._labels),
            spec=helm.HelmReleaseSpec(
                interval=self._interval,
                timeout=HELM_TIMEOUT,
                release_name=release_name,
                target_namespace=target_namespace,
                # Helm keeps its release record beside the release, as `helm install -n` would.
                storage_namespace=target_namespace,
                chart=helm.HelmReleaseSpecChart(spec=helm.HelmReleaseSpecChartSpec(
                    chart=chart,
                    version=self._version,
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
                values=values,
            ),
        )
