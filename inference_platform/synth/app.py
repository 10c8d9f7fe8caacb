"""Build the cdk8s App for a platform: per environment, its layers plus the GitOps entry points.

What goes where is :mod:`inference_platform.layout`'s; this module fills each layer's files
with constructs. Each file of the wiring layers is one cdk8s Chart, so ``Chart.to_json()``
orders and resolves its objects and a file's content never depends on its neighbours. The
``50-apps`` layer of an environment is one :class:`~constructs.manifest_chart.ManifestChart`
holding an :class:`~constructs.ai_service.AiService` per service; each service's file is a
:class:`~inference_platform.synth.render.DocumentSource` the output path renders as plain data (or
takes from the render cache) instead of a Chart rendered through jsii. Every Chart carries the
platform's shared labels (``app.kubernetes.io/part-of`` and ``managed-by``), which cdk8s puts
on every object in it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator

from cdk8s import ApiObject, App, Chart
from constructs import Construct

from constructs.ai_service import AiService
from constructs.argocd_sync import ArgoCdSync
from constructs.flux_sync import FluxSync
from constructs.chart_install import FluxChartInstall, RenderedChart, crds_only, everything, without_crds
from constructs.manifest_chart import ManifestChart
from constructs.mesh_egress import MeshEgress
from constructs.mesh_policy import MeshPolicy, ingress_principal
from constructs.platform_namespaces import PlatformNamespaces
from inference_platform.contract import MANAGED_BY_LABEL, PART_OF_LABEL
from inference_platform.description import Platform
from inference_platform import layout
from inference_platform.layout import (ARGOCD, ARGOCD_APPS, ARGOCD_ENTRY, FLUX, FLUX_ENTRY, KUSTOMIZED_ENTRIES, Layer,
                                         entry_unit, layer_unit, layers_for)
from inference_platform.catalog.charts import BASE, GATEWAY, ISTIO_RELEASES, ISTIOD, KEDA, KEDA_RELEASE
from inference_platform.synth.render import DocumentSource, Folder

__all__ = ["PlatformApp", "EnvironmentOutput"]

#: rendered mode: layer → (file stem, the chart rows it holds and which of their objects)
RENDERED_PARTS = {
    layout.ISTIO_CRDS: ("crds", ((BASE, crds_only),)),
    layout.ISTIO_CONTROL_PLANE: ("control-plane", ((BASE, without_crds), (ISTIOD, everything))),
    layout.ISTIO_GATEWAY: ("gateway", ((GATEWAY, everything),)),
    layout.KEDA_OPERATOR: ("keda", ((KEDA, everything),)),
}


@dataclass
class EnvironmentOutput:
    """One environment's files: per layer, file stem → Chart (or, in the apps layer, the service's
    DocumentSource); per entry folder, file stem → Chart."""

    name: str
    platform: Platform
    layers: dict[Layer, dict[str, Chart | DocumentSource]] = field(default_factory=dict)
    entries: dict[str, dict[str, Chart]] = field(default_factory=dict)


class PlatformApp:
    """The cdk8s App for a whole platform; ``outputs`` lists each environment's Charts."""

    def __init__(self, platform: Platform, *, chart_sources: dict[str, str] | None = None) -> None:
        self.platform = platform
        #: local chart folders by setting (``istio``, ``keda``), over the description's ``chart_source``
        self.chart_sources = dict(chart_sources or {})
        self.outputs = [self._environment(env, resolved)
                        for env, resolved in self.platform.resolved_environments().items()]

    def folders(self) -> Iterator[Folder]:
        """Every folder below dist/ with its files' documents (what ``render.render`` writes)."""
        for out in self.outputs:
            for layer, charts in out.layers.items():
                yield Folder(layer_unit(out.name, layer), _documents(charts), kustomized=True)
            for entry, charts in out.entries.items():
                yield Folder(entry_unit(out.name, entry), _documents(charts), kustomized=entry in KUSTOMIZED_ENTRIES)

    def _labels(self) -> dict[str, str]:
        return {PART_OF_LABEL: self.platform.name, MANAGED_BY_LABEL: "cdk8s"}

    def _chart(self, env: str, folder: str, stem: str, build: Callable[[Construct], object]) -> Chart:
        # One App per Chart: cdk8s resolves and validates a Chart's whole App on every
        # to_json(), so with all Charts in one App rendering grew with the square of the files.
        chart = Chart(App(), f"{env}--{folder}--{stem}", labels=self._labels(), disable_resource_name_hashes=True)
        build(chart)
        return chart

    def _environment(self, env: str, platform: Platform) -> EnvironmentOutput:
        out = EnvironmentOutput(env, platform)
        istio = platform.istio
        layers = layers_for(istio.mode, platform.gitops.engines)

        def add(layer: Layer, stem: str, build: Callable[[Construct], object]) -> None:
            if layer in layers:
                out.layers.setdefault(layer, {})[stem] = self._chart(env, layer.folder, stem, build)

        namespaces: list[PlatformNamespaces] = []
        add(layout.NAMESPACES, "namespaces", lambda c: namespaces.append(PlatformNamespaces(
            c, "Namespaces", istio_namespaces=[istio.root_namespace, istio.gateway.namespace, platform.keda.namespace],
            app_namespaces=platform.namespaces, revision=istio.revision)))
        add(layout.ISTIO, "istio", lambda c: FluxChartInstall(c, "Istio", settings=istio, releases=ISTIO_RELEASES,
                                                              gitops=platform.gitops))
        for layer, (stem, parts) in RENDERED_PARTS.items():
            setting = parts[0][0].setting
            settings = getattr(platform, setting)
            add(layer, stem, lambda c, parts=parts, settings=settings, setting=setting: RenderedChart(
                c, setting.capitalize(), settings=settings, parts=parts,
                chart_source=self.chart_sources.get(setting) or settings.chart_source,
                kube_version=platform.kubernetes_version))
        add(layout.KEDA, "keda", lambda c: FluxChartInstall(c, "Keda", settings=platform.keda, releases=KEDA_RELEASE,
                                                            gitops=platform.gitops))
        mesh: list[MeshPolicy] = []
        hosts = [(svc.namespace, host) for svc in platform.services if svc.traffic for host in svc.traffic.hosts]
        add(layout.MESH, "mesh", lambda c: mesh.append(MeshPolicy(
            c, "Mesh", istio=istio, gateway_name=f"{platform.name}-gateway", hosts=hosts,
            scrape_gateway=any(s.signal == "gateway_request_rate" for svc in platform.services
                               for s in svc.autoscaling.signals),
            prometheus=platform.observability.prometheus)))
        if istio.egress or any(svc.egress for svc in platform.services):
            add(layout.MESH, "egress", lambda c: MeshEgress(c, "Egress", istio=istio, services=platform.services))
        apps_layer = layout.APPS
        apps = ManifestChart(App(), f"{env}--{apps_layer.folder}", labels=self._labels())
        principal, gateway = ingress_principal(istio), mesh[0].gateway
        for svc in platform.services:
            AiService(apps, svc.name, service=svc, namespace=namespaces[0].namespaces[svc.namespace],
                      gateway=gateway, ingress_principal=principal, prometheus=platform.observability.prometheus,
                      gateway_workload=istio.gateway.name, gateway_namespace=istio.gateway.namespace)
        out.layers[apps_layer] = apps.files()
        self._entries(out, layers)
        return out

    def _entries(self, out: EnvironmentOutput, layers: tuple[Layer, ...]) -> None:
        env, platform = out.name, out.platform
        engines, gitops, istio = platform.gitops.engines, platform.gitops, platform.istio
        if FLUX in engines:
            out.entries[FLUX_ENTRY] = {"sync": self._chart(env, "flux", "sync", lambda c: FluxSync(
                c, "Flux", name=platform.name, env=env, gitops=gitops,
                layers=[layer for layer in layers if FLUX in layer.engines]))}
        if ARGOCD in engines:
            sync: list[ArgoCdSync] = []  # the root Application points at what the apps chart holds
            # KEDA's chart also binds a Role in kube-system (extension-apiserver-authentication-reader).
            namespaces = [istio.root_namespace, istio.gateway.namespace, platform.keda.namespace, "kube-system",
                          *(n.name for n in platform.namespaces)]
            destinations = {layer: _home_namespace(out.layers.get(layer, {}), istio.root_namespace)
                            for layer in layers if ARGOCD in layer.engines}
            apps = self._chart(env, "argocd-apps", "apps", lambda c: sync.append(ArgoCdSync(
                c, "ArgoCd", name=platform.name, env=env, gitops=gitops, istio=istio, namespaces=namespaces,
                layers=destinations, keda=platform.keda)))
            root = self._chart(env, "argocd-root", "root-app", lambda c: sync[0].add_root_application(c))
            out.entries[ARGOCD_APPS] = {"applications": apps}
            out.entries[ARGOCD_ENTRY] = {"root-app": root}


def _home_namespace(files: dict[str, Chart | DocumentSource], default: str) -> str:
    """The first namespace (alphabetically) the layer's objects live in; ``default`` for cluster-scoped layers.

    It is the Argo CD Application's destination namespace: only objects without a namespace
    would land there, and every namespaced object here names its own.
    """
    used = sorted({ns for file in files.values() for ns in _namespaces(file) if ns})
    return used[0] if used else default


def _namespaces(file: Chart | DocumentSource) -> Iterator[str]:
    if isinstance(file, Chart):
        yield from (obj.metadata.namespace for obj in file.node.find_all() if isinstance(obj, ApiObject))
    else:
        yield file.namespace


def _documents(files: dict[str, Chart | DocumentSource]) -> dict[str, list[dict] | DocumentSource]:
    """A Chart's documents now (jsii); a DocumentSource as it is, for the output path to render or reuse."""
    return {stem: file.to_json() if isinstance(file, Chart) else file for stem, file in files.items()}
