"""FluxHelmRelease: one Flux HelmRelease of a pinned chart, with the platform's install policy.

The one owner of how the platform asks helm-controller to install a chart (Istio's three
releases, KEDA's): the chart pinned to a version from a HelmRepository in the Flux namespace,
the release and its Helm storage in the target namespace (as ``helm install -n`` would), CRDs
created and replaced on install and upgrade, failed installs retried, failed upgrades retried
and then rolled back. See https://fluxcd.io/flux/components/helm/helmreleases/.
"""
from __future__ import annotations

from typing import Any

from cdk8s import ApiObjectMetadata
from constructs import Construct

from imports.flux.io.fluxcd.toolkit import helm
from imports.flux.io.fluxcd.toolkit import source

__all__ = ["flux_helm_repository", "flux_helm_release", "REMEDIATION_RETRIES", "HELM_TIMEOUT"]

#: Failed installs/upgrades are retried this many times before the release is left failed.
REMEDIATION_RETRIES = 3
#: How long one Helm action may take; charts with Deployments wait for their rollouts.
HELM_TIMEOUT = "10m"


def flux_helm_repository(scope: Construct, id: str, *, name: str, namespace: str, url: str,
                         interval: str) -> source.HelmRepository:
    """The HelmRepository ``name`` in the Flux namespace ``namespace``."""
    return source.HelmRepository(scope, id, metadata=ApiObjectMetadata(name=name, namespace=namespace),
                                 spec=source.HelmRepositorySpec(url=url, interval=interval))


def flux_helm_release(scope: Construct, id: str, *, name: str, namespace: str, interval: str,
                      target_namespace: str, chart: str, version: str, repository: str,
                      values: Any, depends_on: str | None = None) -> helm.HelmRelease:
    """HelmRelease ``name`` (release name too) of ``chart`` at ``version`` from HelmRepository ``repository``."""
    return helm.HelmRelease(
        scope, id,
        metadata=ApiObjectMetadata(name=name, namespace=namespace),
        spec=helm.HelmReleaseSpec(
            interval=interval,
            timeout=HELM_TIMEOUT,
            release_name=name,
            target_namespace=target_namespace,
            # Helm keeps its release record beside the release, as `helm install -n` would.
            storage_namespace=target_namespace,
            chart=helm.HelmReleaseSpecChart(spec=helm.HelmReleaseSpecChartSpec(
                chart=chart, version=version, interval=interval,
                source_ref=helm.HelmReleaseSpecChartSpecSourceRef(
                    kind=helm.HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY,
                    name=repository, namespace=namespace))),
            depends_on=[helm.HelmReleaseSpecDependsOn(name=depends_on)] if depends_on else None,
            install=helm.HelmReleaseSpecInstall(
                crds=helm.HelmReleaseSpecInstallCrds.CREATE_REPLACE,
                remediation=helm.HelmReleaseSpecInstallRemediation(retries=REMEDIATION_RETRIES)),
            upgrade=helm.HelmReleaseSpecUpgrade(
                crds=helm.HelmReleaseSpecUpgradeCrds.CREATE_REPLACE,
                remediation=helm.HelmReleaseSpecUpgradeRemediation(
                    retries=REMEDIATION_RETRIES, remediate_last_failure=True,
                    strategy=helm.HelmReleaseSpecUpgradeRemediationStrategy.ROLLBACK)),
            values=values,
        ))
