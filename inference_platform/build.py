"""Build the cdk8s App for a platform: per environment, ordered layers plus GitOps entry points.

Output plan for environment ``<env>`` (paths below ``dist/``)::

    <env>/layers/00-namespaces/          Namespaces (prune-protected)
    <env>/layers/10-istio/               controller-managed + Flux: HelmRepository + HelmReleases
    <env>/layers/10-istio-crds/          rendered: Istio CRDs (base chart)
    <env>/layers/20-istio-control-plane/ rendered: rest of base chart + istiod
    <env>/layers/30-istio-gateway/       rendered: ingress gateway chart
    <env>/layers/40-mesh/                PeerAuthentication STRICT, ingress Gateway
    <env>/layers/50-apps/                one file per AI service
    <env>/flux/                          Flux entry: GitRepository + one Kustomization per layer
    <env>/argocd/root-app.yaml           Argo CD app-of-apps root
    <env>/argocd/apps/                   AppProject + one Application per layer (sync waves)

Each file is one cdk8s Chart, so ``Chart.to_json()`` orders and resolves its objects and a
file's content never depends on its neighbours. The numeric layer prefix is the apply order,
the Argo CD sync wave and the Flux ``dependsOn`` chain.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable

from cdk8s import App, Chart
from constructs import Construct

from inference_platform.description import Platform, check


@dataclass
class Layer:
    """One folder of plain manifests that a GitOps controller applies as a unit."""

    name: str
    #: file stem → the Chart written to ``<stem>.yaml``
    files: dict[str, Chart] = field(default_factory=dict)
    #: minutes a controller waits for the layer to become healthy
    timeout_minutes: int = 10
    #: the layer holds custom resources whose CRDs an earlier layer installs
    custom_resources: bool = False
    #: the GitOps engines whose entry points apply this layer
    engines: tuple[str, ...] = ("flux", "argocd")

    @property
    def order(self) -> int:
        return int(self.name.split("-", 1)[0])


@dataclass
class EnvironmentOutput:
    name: str
    platform: Platform
    layers: list[Layer]
    #: folder below ``<env>/`` → file stem → Chart (GitOps entry points)
    entries: dict[str, dict[str, Chart]] = field(default_factory=dict)
    #: folders below ``<env>/`` that get a kustomization.yaml
    kustomized: set[str] = field(default_factory=set)


def layer_path(platform: Platform, env: str, layer: str) -> str:
    """Repository-relative path of a layer folder, as Flux and Argo CD reference it."""
    return f"{platform.gitops.dist_path}/{env}/layers/{layer}"


def entry_path(platform: Platform, env: str, entry: str) -> str:
    return f"{platform.gitops.dist_path}/{env}/{entry}"


def chart_source(platform: Platform) -> str | None:
    """Local Istio chart folder/archive directory for rendered mode (env var wins)."""
    return os.environ.get("ISTIO_CHART_SOURCE") or platform.istio.chart_source


class PlatformApp:
    """The cdk8s App for a whole platform; ``outputs`` lists what goes where."""

    def __init__(self, platform: Platform) -> None:
        self.platform = check(platform)
        self.app = App()
        self.outputs = [self._environment(env, resolved)
                        for env, resolved in self.platform.resolved_environments().items()]

    def _chart(self, env: str, layer: str, stem: str, build: Callable[[Construct], object]) -> Chart:
        chart = Chart(self.app, f"{env}--{layer}--{stem}", disable_resource_name_hashes=True)
        build(chart)
        return chart

    def _environment(self, env: str, platform: Platform) -> EnvironmentOutput:
        from constructs.ai_service import AiService, AiServiceProps
        from constructs.mesh_policy import MeshPolicy, gateway_ref, ingress_principal
        from constructs.platform_namespaces import PlatformNamespaces

        props = dict(gateway=gateway_ref(platform), ingress_principal=ingress_principal(platform),
                     part_of=platform.name)
        layers = [
            # Namespaces, labelled for sidecar injection and protected from pruning.
            self._layer(env, "00-namespaces", {
                "namespaces": lambda c: PlatformNamespaces(c, "Namespaces", platform=platform)}, timeout_minutes=2),
            *self._istio_layers(env, platform),
            # Mesh-wide mTLS (STRICT) and the ingress Gateway.
            self._layer(env, "40-mesh", {"mesh": lambda c: MeshPolicy(c, "Mesh", platform=platform)},
                        custom_resources=True, timeout_minutes=5),
            # AI inference services: workloads, autoscaling, traffic policy, authorization.
            self._layer(env, "50-apps", {
                svc.name: (lambda c, svc=svc: AiService(c, svc.name, props=AiServiceProps(service=svc, **props)))
                for svc in platform.services}, custom_resources=True, timeout_minutes=20),
        ]
        output = EnvironmentOutput(env, platform, layers)
        self._entries(output)
        return output

    def _layer(self, env: str, name: str, files: dict[str, Callable[[Construct], object]], **kw) -> Layer:
        """A layer whose every file (stem → what builds it) is a Chart of its own."""
        return Layer(name, {stem: self._chart(env, name, stem, fn) for stem, fn in files.items()}, **kw)

    def _istio_layers(self, env: str, platform: Platform) -> list[Layer]:
        from constructs.istio_helm_releases import IstioHelmReleases
        from constructs.istio_rendered import IstioRendered

        if platform.istio.mode == "controller-managed":
            if "flux" not in platform.gitops.engines:
                return []  # Argo CD installs the charts through its own Applications.
            # Istio charts installed by Flux: base → istiod → gateway. Flux HelmReleases mean
            # nothing to Argo CD, which installs Istio itself.
            return [self._layer(env, "10-istio", {"istio": lambda c: IstioHelmReleases(c, "Istio", platform=platform)},
                                timeout_minutes=15, custom_resources=True, engines=("flux",))]
        source = chart_source(platform)
        parts = [("10-istio-crds", "crds", 5),                    # Istio CRDs (base chart)
                 ("20-istio-control-plane", "control-plane", 15),  # base chart resources + istiod
                 ("30-istio-gateway", "gateway", 10)]              # the ingress gateway
        return [self._layer(env, name, {part: lambda c, part=part: IstioRendered(
                    c, "Istio", platform=platform, part=part, chart_source=source)}, timeout_minutes=timeout)
                for name, part, timeout in parts]

    def _entries(self, output: EnvironmentOutput) -> None:
        from constructs.argocd_sync import ArgoCdSync
        from constructs.flux_sync import FluxSync

        env, platform = output.name, output.platform
        engines = platform.gitops.engines

        def layers_for(engine: str) -> list[Layer]:
            return [layer for layer in output.layers if engine in layer.engines]

        if "flux" in engines:
            output.entries["flux"] = {"sync": self._chart(
                env, "flux", "sync", lambda c: FluxSync(c, "Flux", platform=platform, env=env, layers=layers_for("flux")))}
        if "argocd" in engines:
            sync: list[ArgoCdSync] = []  # the root Application points at what the apps chart holds
            apps = self._chart(env, "argocd-apps", "apps", lambda c: sync.append(
                ArgoCdSync(c, "ArgoCd", platform=platform, env=env, layers=layers_for("argocd"))))
            root = self._chart(env, "argocd-root", "root-app", lambda c: sync[0].add_root_application(c))
            output.entries["argocd/apps"] = {"applications": apps}
            output.entries["argocd"] = {"root-app": root}
            output.kustomized.add("argocd/apps")
