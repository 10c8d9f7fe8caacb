"""ArgoCdSync: the Argo CD entry point of one environment (app of apps).

``root-app.yaml`` is the one object a user applies; it syncs ``argocd/apps/``, which holds an
AppProject restricted to this repository (and Istio's chart repository in controller-managed
mode), the namespaces the platform uses and the cluster-scoped kinds Istio needs, plus one
Application per layer. Sync waves follow the layer order, so Argo CD applies namespaces,
then Istio, then mesh policy, then the apps. Waves wait for Application health only when
Argo CD assesses Application health (see README.md, "Pointing Argo CD at dist/").
"""
from __future__ import annotations

from typing import Mapping, Sequence

from cdk8s import ApiObjectMetadata
from constructs import Construct

import imports.argocd.io.argoproj as argo
from constructs.argocd_application import IN_CLUSTER, ArgoCdApplication
from constructs.chart_install import ArgoChartInstall
from inference_platform.catalog.charts import KEDA_RELEASE, istio_releases
from inference_platform.contract import SYNC_WAVE_ANNOTATION
from inference_platform.description import GitOps, Istio, Keda
from inference_platform.layout import APPS, ARGOCD_APPS, CONTROLLER_MANAGED, Layer, entry_path, layer_path

__all__ = ["ArgoCdSync", "CLUSTER_KINDS"]

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
    ("apiregistration.k8s.io", "APIService"),  # KEDA's external.metrics.k8s.io server
)
#: The autoscaler (HPA or KEDA's) owns a model Deployment's replica count; the manifests leave it out.
AUTOSCALED_IGNORE_DIFFERENCES = (
    argo.ApplicationSpecIgnoreDifferences(group="apps", kind="Deployment", json_pointers=["/spec/replicas"]),
)


class ArgoCdSync(Construct):
    """AppProject ``<name>`` and one Application ``<name>-<layer>`` per layer for environment ``env``.

    ``namespaces`` are every namespace the layers write to (the AppProject's destinations);
    ``layers`` maps each layer to its destination namespace, one of ``namespaces``: Argo CD
    refuses an Application whose destination (server and namespace) the project does not
    list, even when every object names its own namespace.
    """

    def __init__(self, scope: Construct, id: str, *, name: str, env: str, gitops: GitOps, istio: Istio,
                 namespaces: Sequence[str], layers: Mapping[Layer, str], keda: Keda = Keda()) -> None:
        super().__init__(scope, id)
        self._name, self._env, self._gitops = name, env, gitops
        managed = istio.mode == CONTROLLER_MANAGED
        argo.AppProject(
            self, "AppProject",
            metadata=ApiObjectMetadata(name=name, namespace=gitops.argocd_namespace,
                                       annotations={SYNC_WAVE_ANNOTATION: "-1"}),
            spec=argo.AppProjectSpec(
                description=f"{name} ({env}): layers synthesized into {gitops.dist_path}/{env}",
                source_repos=[gitops.repository_url] + ([istio.chart_repository, keda.chart_repository]
                                                        if managed else []),
                destinations=[argo.AppProjectSpecDestinations(server=IN_CLUSTER, namespace=ns) for ns in namespaces],
                cluster_resource_whitelist=[argo.AppProjectSpecClusterResourceWhitelist(group=g, kind=k)
                                            for g, k in CLUSTER_KINDS],
            ),
        )
        if managed:
            # Argo CD installs the charts the Flux-only layers hold, in those layers' waves.
            for chart_id, settings, releases in (("Istio", istio, istio_releases(istio)), ("Keda", keda, KEDA_RELEASE)):
                ArgoChartInstall(self, chart_id, settings=settings, releases=releases, prefix=name,
                                 namespace=gitops.argocd_namespace, project=name)
        for layer, destination in layers.items():
            if destination not in namespaces:
                raise ValueError(f"ArgoCdSync: layer {layer.name!r} targets namespace {destination!r}, "
                                 f"which the AppProject does not admit ({', '.join(namespaces)}).")
            options = []
            if layer.server_side_apply:
                options.append("ServerSideApply=true")  # CRDs and webhooks exceed client-side apply limits
            if layer.custom_resources:
                options.append("SkipDryRunOnMissingResource=true")  # CRDs come from an earlier wave
            ArgoCdApplication(
                self, layer.folder,
                name=f"{name}-{layer.name}", namespace=gitops.argocd_namespace, project=name,
                repo_url=gitops.repository_url, target_revision=gitops.branch,
                path=layer_path(gitops.dist_path, env, layer), destination_namespace=destination,
                sync_wave=layer.order, sync_options=options,
                ignore_differences=AUTOSCALED_IGNORE_DIFFERENCES if layer == APPS else ())

    def add_root_application(self, scope: Construct) -> ArgoCdApplication:
        """The app-of-apps root (in the ``default`` project, since it creates the AppProject)."""
        gitops = self._gitops
        return ArgoCdApplication(
            scope, "Root", name=f"{self._name}-root", namespace=gitops.argocd_namespace, project="default",
            repo_url=gitops.repository_url, target_revision=gitops.branch,
            path=entry_path(gitops.dist_path, self._env, ARGOCD_APPS),
            destination_namespace=gitops.argocd_namespace)
