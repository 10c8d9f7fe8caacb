"""FluxSync: the Flux entry point of one environment (what `flux bootstrap --path` points at).

A GitRepository for this repository, narrowed with ``ignore`` to the environment's own
dist/ folder, and one Kustomization per layer. Each Kustomization ``dependsOn`` the layer
before it and ``wait``s for its objects to become healthy, so Flux applies the layers in
order and never starts the apps before the mesh they need.
See https://fluxcd.io/flux/components/kustomize/kustomizations/.
"""
from __future__ import annotations

from typing import Sequence

from cdk8s import ApiObjectMetadata
from constructs import Construct

from imports.flux.io.fluxcd.toolkit import kustomize as flux_ks
from imports.flux.io.fluxcd.toolkit import source as flux_src
from inference_platform.catalog.health import FLUX_HEALTH_CHECKS
from inference_platform.description import GitOps
from inference_platform.layout import APPS, MESH, Layer, layer_path

__all__ = ["FluxSync"]


class FluxSync(Construct):
    """GitRepository ``<name>`` plus Kustomizations ``<name>-<layer>`` for environment ``env``.

    With ``gateway_api`` (the environment has Gateway API Gateways, routes or InferencePools) the mesh
    and apps Kustomizations check those objects' health by their status
    (:data:`inference_platform.catalog.health.FLUX_HEALTH_CHECKS`).
    """

    def __init__(self, scope: Construct, id: str, *, name: str, env: str, gitops: GitOps,
                 layers: Sequence[Layer], gateway_api: bool = False) -> None:
        super().__init__(scope, id)
        interval = f"{gitops.interval_minutes}m"
        self.repository = flux_src.GitRepository(
            self, "GitRepository",
            metadata=ApiObjectMetadata(name=name, namespace=gitops.flux_namespace),
            spec=flux_src.GitRepositorySpec(
                url=gitops.repository_url, interval=interval,
                ref=flux_src.GitRepositorySpecRef(branch=gitops.branch),
                # Only this environment's manifests go into the artifact.
                ignore=f"/*\n!/{gitops.dist_path}/{env}/\n"),
        )
        previous: str | None = None
        self.kustomizations = []
        for layer in layers:
            ks_name = f"{name}-{layer.name}"
            self.kustomizations.append(flux_ks.Kustomization(
                self, layer.folder,
                metadata=ApiObjectMetadata(name=ks_name, namespace=gitops.flux_namespace),
                spec=flux_ks.KustomizationSpec(
                    interval=interval,
                    retry_interval="2m",
                    timeout=f"{layer.timeout_minutes}m",
                    path=f"./{layer_path(gitops.dist_path, env, layer)}",
                    prune=True,
                    wait=True,
                    source_ref=flux_ks.KustomizationSpecSourceRef(
                        kind=flux_ks.KustomizationSpecSourceRefKind.GIT_REPOSITORY, name=name),
                    depends_on=[flux_ks.KustomizationSpecDependsOn(name=previous)] if previous else None,
                    health_check_exprs=[dict(check) for check in FLUX_HEALTH_CHECKS]
                    if gateway_api and layer in (MESH, APPS) else None,
                ),
            ))
            previous = ks_name
