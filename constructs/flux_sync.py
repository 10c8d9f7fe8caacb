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
from inference_platform.build import Layer, layer_path
from inference_platform.description import Platform


def kustomization_name(platform: Platform, layer: Layer) -> str:
    """``ai-platform-apps`` for layer ``50-apps``: the numeric prefix is order, not identity."""
    return f"{platform.name}-{layer.name.split('-', 1)[1]}"


class FluxSync(Construct):
    """GitRepository plus ordered Kustomizations for environment ``env``."""

    def __init__(self, scope: Construct, id: str, *, platform: Platform, env: str, layers: Sequence[Layer]) -> None:
        super().__init__(scope, id)
        gitops = platform.gitops
        labels = {"app.kubernetes.io/part-of": platform.name, "app.kubernetes.io/managed-by": "cdk8s"}
        interval = f"{gitops.interval_minutes}m"
        self.repository = flux_src.GitRepository(
            self, "GitRepository",
            metadata=ApiObjectMetadata(name=platform.name, namespace=gitops.flux_namespace, labels=labels),
            spec=flux_src.GitRepositorySpec(
                url=gitops.repository_url, interval=interval,
                ref=flux_src.GitRepositorySpecRef(branch=gitops.branch),
                # Only this environment's manifests go into the artifact.
                ignore=f"/*\n!/{gitops.dist_path}/{env}/\n"),
        )
        previous: str | None = None
        self.kustomizations = []
        for layer in layers:
            name = kustomization_name(platform, layer)
            self.kustomizations.append(flux_ks.Kustomization(
                self, layer.name,
                metadata=ApiObjectMetadata(name=name, namespace=gitops.flux_namespace, labels=labels),
                spec=flux_ks.KustomizationSpec(
                    interval=interval,
                    retry_interval="2m",
                    timeout=f"{layer.timeout_minutes}m",
                    path=f"./{layer_path(platform, env, layer.name)}",
                    prune=True,
                    wait=True,
                    source_ref=flux_ks.KustomizationSpecSourceRef(
                        kind=flux_ks.KustomizationSpecSourceRefKind.GIT_REPOSITORY, name=platform.name),
                    depends_on=[flux_ks.KustomizationSpecDependsOn(name=previous)] if previous else None,
                ),
            ))
            previous = name
