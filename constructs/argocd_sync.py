"""ArgoCdSync: the Argo CD entry point of one environment (app of apps).

``root-app.yaml`` is the one object a user applies; it syncs ``argocd/apps/``, which holds an
AppProject restricted to this repository (and Istio's chart repository in controller-managed
mode), the namespaces the platform uses and the cluster-scoped kinds Istio needs, plus one
Application per layer. Sync waves follow the layer numbers, so Argo CD applies namespaces,
then Istio, then mesh policy, then the apps. Waves wait for Application health only when
Argo CD assesses Application health (see README, "Argo CD").
"""
from __future__ import annotations

from typing import Sequence

from cdk8s import ApiObjectMetadata
from constructs import Construct

import imports.argocd.io.argoproj as argo
from inference_platform.build import Layer, entry_path, layer_path
from inference_platform.description import Platform

IN_CLUSTER = "https://kubernetes.default.svc"
#: Cluster-scoped kinds the layers create (namespaces, Istio's CRDs, RBAC and webhooks).
CLUSTER_KINDS = (
    ("", "Namespace"),
    ("apiextensions.k8s.io", "CustomResourceDefinition"),
    ("rbac.authorization.k8s.io", "ClusterRole"),
    ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
    ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"),
    ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"),
)


def application_name(platform: Platform, layer: Layer) -> str:
    return f"{platform.name}-{layer.name.split('-', 1)[1]}"


def sync_policy(*options: str) -> argo.ApplicationSpecSyncPolicy:
    """Automated sync with prune and self-heal, bounded retries, namespaces never auto-created."""
    return argo.ApplicationSpecSyncPolicy(
        automated=argo.ApplicationSpecSyncPolicyAutomated(prune=True, self_heal=True),
        sync_options=["CreateNamespace=false", *options],
        retry=argo.ApplicationSpecSyncPolicyRetry(
            limit=5, backoff=argo.ApplicationSpecSyncPolicyRetryBackoff(duration="10s", factor=2, max_duration="3m")),
    )


class ArgoCdSync(Construct):
    """AppProject and one Application per layer for environment ``env``."""

    def __init__(self, scope: Construct, id: str, *, platform: Platform, env: str, layers: Sequence[Layer]) -> None:
        super().__init__(scope, id)
        self.platform, self.env = platform, env
        gitops, istio = platform.gitops, platform.istio
        self.labels = {"app.kubernetes.io/part-of": platform.name, "app.kubernetes.io/managed-by": "cdk8s"}
        self.project_name = platform.name
        managed = istio.mode == "controller-managed"
        namespaces = [istio.root_namespace, istio.gateway.namespace, *(n.name for n in platform.namespaces)]
        argo.AppProject(
            self, "AppProject",
            metadata=self._meta(self.project_name, wave=-1),
            spec=argo.AppProjectSpec(
                description=f"{platform.name} ({env}): layers synthesized into {gitops.dist_path}/{env}",
                source_repos=[gitops.repository_url] + ([istio.chart_repository] if managed else []),
                destinations=[argo.AppProjectSpecDestinations(server=IN_CLUSTER, namespace=ns) for ns in namespaces],
                cluster_resource_whitelist=[argo.AppProjectSpecClusterResourceWhitelist(group=g, kind=k)
                                            for g, k in CLUSTER_KINDS],
            ),
        )
        if managed:
            from constructs.istio_argo_applications import IstioArgoApplications
            IstioArgoApplications(self, "Istio", platform=platform, project=self.project_name)
        for layer in layers:
            options = []
            if layer.name.startswith(("10-istio", "20-istio")):
                options.append("ServerSideApply=true")  # CRDs and webhooks exceed client-side apply limits
            if layer.custom_resources:
                options.append("SkipDryRunOnMissingResource=true")  # CRDs come from an earlier wave
            argo.Application(
                self, layer.name,
                metadata=self._meta(application_name(platform, layer), wave=layer.order),
                spec=argo.ApplicationSpec(
                    project=self.project_name,
                    source=argo.ApplicationSpecSource(
                        repo_url=gitops.repository_url, target_revision=gitops.branch,
                        path=layer_path(platform, env, layer.name)),
                    destination=argo.ApplicationSpecDestination(server=IN_CLUSTER),
                    sync_policy=sync_policy(*options),
                ),
            )

    def _meta(self, name: str, wave: int | None = None) -> ApiObjectMetadata:
        annotations = {"argocd.argoproj.io/sync-wave": str(wave)} if wave is not None else None
        return ApiObjectMetadata(name=name, namespace=self.platform.gitops.argocd_namespace,
                                 labels=self.labels, annotations=annotations)

    def add_root_application(self, scope: Construct) -> argo.Application:
        """The app-of-apps root (in the ``default`` project, since it creates the AppProject)."""
        gitops = self.platform.gitops
        return argo.Application(
            scope, "Root",
            metadata=self._meta(f"{self.platform.name}-root"),
            spec=argo.ApplicationSpec(
                project="default",
                source=argo.ApplicationSpecSource(
                    repo_url=gitops.repository_url, target_revision=gitops.branch,
                    path=entry_path(self.platform, self.env, "argocd/apps")),
                destination=argo.ApplicationSpecDestination(server=IN_CLUSTER, namespace=gitops.argocd_namespace),
                sync_policy=sync_policy(),
            ),
        )
