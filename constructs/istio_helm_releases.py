"""IstioHelmReleases: Flux installs Istio's official charts (base → istiod → gateway).

A HelmRepository ``istio`` for ``istio.chart_repository`` and one HelmRelease per chart
(install policy: :mod:`constructs.flux_helm_release`), each
pinned to ``istio.version`` and chained with ``dependsOn`` so helm-controller installs the
CRDs before istiod and istiod (with its injection webhook) before the gateway, whose pods
need injection. Values come from ``inference_platform.catalog.istio_values``, the same dicts the
Argo CD and rendered modes use. See https://fluxcd.io/flux/components/helm/helmreleases/
and https://istio.io/latest/docs/setup/install/helm/.
"""
from __future__ import annotations

from constructs import Construct

from constructs.flux_helm_release import flux_helm_release, flux_helm_repository
from imports.flux.io.fluxcd.toolkit import helm
from inference_platform.description import GitOps, Istio
from inference_platform.catalog.istio_releases import RELEASES, IstioRelease

__all__ = ["IstioHelmReleases", "REPOSITORY_NAME"]

#: Name of the HelmRepository the three HelmReleases take their charts from.
REPOSITORY_NAME = "istio"


class IstioHelmReleases(Construct):
    """HelmRepository ``istio`` plus HelmReleases istio-base → istiod → gateway, in the Flux namespace.

    Object names are the release names (``istio-base``, ``istiod`` or ``istiod-<revision>``,
    the gateway name), so they never depend on construct paths. ``releases`` lists the
    HelmReleases in install order (:data:`inference_platform.catalog.istio_releases.RELEASES`).
    """

    def __init__(self, scope: Construct, id: str, *, istio: Istio, gitops: GitOps) -> None:
        super().__init__(scope, id)
        self._istio = istio
        self._namespace = gitops.flux_namespace
        self._interval = f"{gitops.interval_minutes}m"
        self.repository = flux_helm_repository(self, "HelmRepository", name=REPOSITORY_NAME,
                                               namespace=self._namespace, url=istio.chart_repository,
                                               interval=self._interval)
        self.releases: list[helm.HelmRelease] = []
        for release in RELEASES:
            self.releases.append(self._release(release, depends_on=self.releases[-1] if self.releases else None))

    def _release(self, release: IstioRelease, *, depends_on: helm.HelmRelease | None) -> helm.HelmRelease:
        istio = self._istio
        return flux_helm_release(
            self, release.id, name=release.release_name(istio), namespace=self._namespace, interval=self._interval,
            target_namespace=release.namespace(istio), chart=release.chart, version=istio.version,
            repository=REPOSITORY_NAME, values=release.values(istio),
            depends_on=depends_on.name if depends_on else None)
