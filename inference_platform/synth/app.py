"""The cdk8s App of a platform: per environment, each layer's files and the GitOps entry points.

What goes where is :mod:`inference_platform.layout`'s; :data:`FILLERS` says, per layer, which
constructs fill its files, and every environment gets the fillers of its layers
(:func:`~inference_platform.layout.layers_for`), in apply order. Each file of the wiring layers
is one cdk8s Chart, so ``Chart.to_json()`` orders and resolves its objects and a file's content
never depends on its neighbours. The ``50-apps`` layer of an environment is one
:class:`~constructs.manifest_chart.ManifestChart` holding an :class:`~constructs.ai_service.AiService`
per service; each service's file is its
:class:`~inference_platform.service_objects.ai_service.ServiceInputs`, which
:mod:`~inference_platform.synth.render` renders as plain data (or takes from the render cache)
instead of a Chart rendered through jsii. Every Chart carries the platform's shared labels
(``app.kubernetes.io/part-of`` and ``managed-by``), which cdk8s puts on every object in it.

Over 300 lines on purpose: :data:`FILLERS` and the filler of each layer stay beside each other, so
what fills a layer is read in one place.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from cdk8s import ApiObject, App, Chart
from constructs import Construct

from constructs.ai_service import AiService
from constructs.argocd_sync import ArgoCdSync
from constructs.chart_install import FluxChartInstall, RenderedChart, crds_only, everything, without_crds
from constructs.flux_sync import FluxSync
from constructs.manifest_chart import ManifestChart
from constructs.mesh_egress import MeshEgress
from constructs.manifest_chart import add_api_object
from constructs.mesh_policy import MeshPolicy, ingress_principal
from constructs.platform_namespaces import PlatformNamespaces
from inference_platform import layout
from inference_platform.catalog.charts import BASE, GATEWAY, ISTIOD, KEDA, KEDA_RELEASE, ChartRelease, istio_releases
from inference_platform.catalog.crds import crds_dir, gateway_api_crds
from inference_platform.contract import MANAGED_BY_LABEL, PART_OF_LABEL
from inference_platform.description import DescriptionError, Platform
from inference_platform.description.errors import Loc
from inference_platform.gate import check_files
from inference_platform.layout import (ARGOCD, ARGOCD_APPS, ARGOCD_ENTRY, FLUX, FLUX_ENTRY, KUSTOMIZED_ENTRIES, Layer,
                                       entry_unit, layer_unit, layers_for)
from inference_platform.service_objects.ai_service import ServiceInputs, generated
from inference_platform.synth import preflight
from inference_platform.synth.render import Folder, render

__all__ = ["PlatformApp", "EnvironmentOutput", "FILLERS", "RENDERED_PARTS"]

#: A file of a layer: a Chart, or (apps layer) a service's inputs.
File = Chart | ServiceInputs


@dataclass
class EnvironmentOutput:
    """One environment's files: per layer, file stem → Chart (or, in the apps layer, the service's
    ServiceInputs); per entry folder, file stem → Chart."""

    name: str
    platform: Platform
    layers: dict[Layer, dict[str, File]] = field(default_factory=dict)
    entries: dict[str, dict[str, Chart]] = field(default_factory=dict)


@dataclass
class _Environment:
    """What one environment's fillers share: its platform, how to make a Chart, and the constructs
    a later layer refers to (the namespaces layer's Namespaces, the mesh layer's Gateway)."""

    app: "PlatformApp"
    name: str
    platform: Platform
    namespaces: PlatformNamespaces | None = None
    mesh: MeshPolicy | None = None

    def chart(self, layer: Layer, stem: str, build: Callable[[Construct], object]) -> Chart:
        return self.app._chart(self.name, layer.folder, stem, build)


# ---------------------------------------------------------------------- what fills each layer


def _namespaces(e: _Environment) -> dict[str, File]:
    istio, platform = e.platform.istio, e.platform

    def build(c: Construct) -> None:
        e.namespaces = PlatformNamespaces(
            c, "Namespaces", istio_namespaces=[istio.root_namespace, istio.gateway.namespace, platform.keda.namespace],
            app_namespaces=platform.namespaces, revision=istio.revision)
    return {"namespaces": e.chart(layout.NAMESPACES, "namespaces", build)}


def _flux_charts(layer: Layer, stem: str, construct_id: str, setting: str,
                 releases: Callable[[object], tuple[ChartRelease, ...]]) -> Callable[[_Environment], dict[str, File]]:
    """A Flux layer installing the ``releases`` of the description's ``setting`` (controller-managed mode)."""
    def fill(e: _Environment) -> dict[str, File]:
        settings = e.platform.settings(setting)
        return {stem: e.chart(layer, stem, lambda c: FluxChartInstall(
            c, construct_id, settings=settings, releases=releases(settings), gitops=e.platform.gitops))}
    return fill


def _gateway_api_crds(e: _Environment) -> dict[str, File]:
    """The pinned Gateway API and Inference Extension CRDs, verbatim (:mod:`inference_platform.catalog.crds`)."""
    def build(c: Construct) -> None:
        for crd in gateway_api_crds(e.app.crds_dir):
            add_api_object(c, crd["metadata"]["name"], crd)
    return {"crds": e.chart(layout.GATEWAY_API_CRDS, "crds", build)}


#: Rendered mode: layer → (file stem, the chart rows it holds and which of their objects, in render order).
RENDERED_PARTS: dict[Layer, tuple[str, tuple[tuple[ChartRelease, Callable[[ApiObject], bool]], ...]]] = {
    layout.ISTIO_CRDS: ("crds", ((BASE, crds_only),)),
    layout.ISTIO_CONTROL_PLANE: ("control-plane", ((BASE, without_crds), (ISTIOD, everything))),
    layout.ISTIO_GATEWAY: ("gateway", ((GATEWAY, everything),)),
    layout.KEDA_OPERATOR: ("keda", ((KEDA, everything),)),
}


def _rendered(layer: Layer) -> Callable[[_Environment], dict[str, File]]:
    """A rendered layer: its :data:`RENDERED_PARTS` through ``helm template``."""
    stem, parts = RENDERED_PARTS[layer]
    setting = parts[0][0].setting

    def fill(e: _Environment) -> dict[str, File]:
        settings = e.platform.settings(setting)
        source = e.app.chart_sources.get(setting) or settings.chart_source
        return {stem: e.chart(layer, stem, lambda c: RenderedChart(
            c, setting.capitalize(), settings=settings, parts=parts, chart_source=source,
            kube_version=e.platform.kubernetes_version))}
    return fill


def _mesh(e: _Environment) -> dict[str, File]:
    platform, istio = e.platform, e.platform.istio
    # With virtualservice routing, the InferencePool services' hosts go to a Gateway API Gateway beside the classic one.
    beside = not istio.gateway_api
    hosts = [(svc.namespace, host) for svc in platform.services if svc.traffic and not (beside and svc.inference)
             for host in svc.traffic.hosts]
    inference_hosts = [(svc.namespace, host) for svc in platform.services if svc.traffic and beside and svc.inference
                       for host in svc.traffic.hosts]

    def scrapes(inference: bool) -> bool:
        """Whether a service behind that gateway scales on its request rate (gateway_request_rate)."""
        return any(s.signal == "gateway_request_rate" for svc in platform.services
                   if (beside and svc.inference is not None) == inference for s in svc.autoscaling.signals)

    def build(c: Construct) -> None:
        e.mesh = MeshPolicy(c, "Mesh", istio=istio, gateway_name=f"{platform.name}-gateway", hosts=hosts,
                            inference_hosts=inference_hosts,
                            scrape_gateway=scrapes(False), scrape_inference_gateway=scrapes(True),
                            prometheus=platform.observability.prometheus)
    files: dict[str, File] = {"mesh": e.chart(layout.MESH, "mesh", build)}
    if istio.egress or any(svc.egress for svc in platform.services):
        files["egress"] = e.chart(layout.MESH, "egress", lambda c: MeshEgress(c, "Egress", istio=istio,
                                                                              services=platform.services))
    return files


def _apps(e: _Environment) -> dict[str, File]:
    """One file per service: its inputs (after the namespaces and mesh layers, whose objects it refers to)."""
    platform, istio = e.platform, e.platform.istio
    assert e.namespaces is not None and e.mesh is not None, "the apps layer comes after namespaces and mesh"
    apps = ManifestChart(App(), f"{e.name}--{layout.APPS.folder}", labels=e.app._labels())
    for svc in platform.services:
        inference = svc.inference is not None
        # A service with InferencePools binds its public route to a Gateway API Gateway in either routing mode.
        AiService(apps, svc.name, service=svc, namespace=e.namespaces.namespaces[svc.namespace],
                  gateway=e.mesh.inference_gateway if inference and not istio.gateway_api else e.mesh.gateway,
                  ingress_principal=ingress_principal(istio, inference=inference),
                  prometheus=platform.observability.prometheus, gateway_workload=istio.ingress_workload(inference),
                  gateway_namespace=istio.gateway.namespace, routing=istio.routing,
                  gateway_tls=istio.gateway.tls_credential_name is not None,
                  ingress_pods=istio.ingress_pod_labels(inference))
    return apps.files()


#: What fills each layer's files (file stem → Chart or ServiceInputs), for every layer there is.
FILLERS: dict[Layer, Callable[[_Environment], dict[str, File]]] = {
    layout.NAMESPACES: _namespaces,
    layout.GATEWAY_API_CRDS: _gateway_api_crds,
    layout.ISTIO: _flux_charts(layout.ISTIO, "istio", "Istio", "istio", istio_releases),
    layout.ISTIO_CRDS: _rendered(layout.ISTIO_CRDS),
    layout.ISTIO_CONTROL_PLANE: _rendered(layout.ISTIO_CONTROL_PLANE),
    layout.ISTIO_GATEWAY: _rendered(layout.ISTIO_GATEWAY),
    layout.KEDA: _flux_charts(layout.KEDA, "keda", "Keda", "keda", lambda keda: KEDA_RELEASE),
    layout.KEDA_OPERATOR: _rendered(layout.KEDA_OPERATOR),
    layout.MESH: _mesh,
    layout.APPS: _apps,
}


# ---------------------------------------------------------------------- the App


class PlatformApp:
    """The cdk8s App for a whole platform; ``outputs`` lists each environment's files.

    ``chart_sources`` are local chart folders by setting (``istio``, ``keda``) that rendered mode
    uses over the description's ``chart_source`` (an entry point reads them from the environment:
    :func:`inference_platform.catalog.charts.chart_sources`); ``crds_dir`` the folder of pinned CRD
    files the Gateway API CRD layer copies (default: ``../shared/crds``; an entry point passes
    :func:`inference_platform.catalog.crds.crds_dir` of its environment).
    """

    def __init__(self, platform: Platform, *, chart_sources: dict[str, str] | None = None,
                 crds_dir: Path | None = None) -> None:
        preflight.check(platform)
        self.platform = platform
        self.chart_sources = dict(chart_sources or {})
        self.crds_dir = crds_dir if crds_dir is not None else _default_crds_dir()
        self.outputs = [self._environment(env, resolved)
                        for env, resolved in self.platform.resolved_environments().items()]
        self._check_patches()

    def folders(self) -> Iterator[Folder]:
        """Every folder below dist/ with its files' documents (what ``render.render`` writes)."""
        for out in self.outputs:
            for layer, charts in out.layers.items():
                yield Folder(layer_unit(out.name, layer), _documents(charts), kustomized=True)
            for entry, charts in out.entries.items():
                yield Folder(entry_unit(out.name, entry), _documents(charts), kustomized=entry in KUSTOMIZED_ENTRIES)

    def _check_patches(self) -> None:
        """Refuse, before anything is rendered, every service patch that matches nothing, fails to apply or
        changes what the platform owns: at the top-level service when its patches come from there, else
        where the environment writes them."""
        problems: list = []
        for out in self.outputs:
            overrides = (self.platform.environments.get(out.name) or {}).get("services")
            patched: dict[str, Loc] = {}  # file below dist/ → where its service's patches are written
            for i, svc in enumerate(out.platform.services):
                inputs = out.layers.get(layout.APPS, {}).get(svc.name)
                if not isinstance(inputs, ServiceInputs) or not svc.patches:
                    continue
                own = isinstance(overrides, list) or "patches" in ((overrides or {}).get(svc.name) or {}) \
                    or svc.name not in [s.name for s in self.platform.services]
                where = (self.platform.as_written(out.name, ("services", i, "patches")) if own
                         else ("services", [s.name for s in self.platform.services].index(svc.name), "patches"))
                patched[f"{layer_unit(out.name, layout.APPS)}/{svc.name}.yaml"] = where
                for loc, text in inputs.patch_problems():
                    if ((*where, *loc), text) not in problems:
                        problems.append(((*where, *loc), text))
            if patched and not problems:
                problems += [p for p in self._gate_on_patches(out, patched) if p not in problems]
        if problems:
            raise DescriptionError.of(problems)

    def _gate_on_patches(self, out: EnvironmentOutput, patched: dict[str, Loc]) -> list:
        """What the validation gate (schemas and cross-object rules) finds in environment ``out`` with its services'
        patches and not without them, at the patches that cause it: the synth refuses what `make validate` would."""
        folders = [folder for folder in self.folders() if folder.path.startswith(f"{out.name}/")]
        plain = [Folder(f.path, {stem: generated(s) if isinstance(s, ServiceInputs) else s
                                 for stem, s in f.files.items()}, f.kustomized) for f in folders]
        schema = crds_dir().is_dir()
        before = {(f.file, f.object, f.path, f.rule, f.message)
                  for f in check_files(render(_Folders(plain)), schema=schema)}
        found = []
        for f in check_files(render(_Folders(folders)), schema=schema):
            if (f.file, f.object, f.path, f.rule, f.message) in before:
                continue
            where = patched.get(f.file.removeprefix("/"))
            text = (f"with these patches, `make validate` finds in {f.object}"
                    f"{' ' + f.path if f.path else ''}: {f.message} ({f.rule})")
            found.append((where or ("services",), text))
        return found

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
        layers = layers_for(platform.istio.mode, platform.gitops.engines, platform.layer_needs)
        shared = _Environment(self, env, platform)
        for layer in layers:
            out.layers[layer] = FILLERS[layer](shared)
        self._entries(out, layers)
        return out

    def _entries(self, out: EnvironmentOutput, layers: tuple[Layer, ...]) -> None:
        env, platform = out.name, out.platform
        engines, gitops, istio = platform.gitops.engines, platform.gitops, platform.settings("istio")
        if FLUX in engines:
            out.entries[FLUX_ENTRY] = {"sync": self._chart(env, "flux", "sync", lambda c: FluxSync(
                c, "Flux", name=platform.name, env=env, gitops=gitops,
                layers=[layer for layer in layers if FLUX in layer.engines],
                gateway_api=layout.GATEWAY_API in platform.layer_needs))}
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


@dataclass
class _Folders:
    """Some folders of the synth, as :func:`~inference_platform.synth.render.render` takes them."""

    items: list[Folder]

    def folders(self) -> list[Folder]:
        return self.items


def _home_namespace(files: dict[str, File], default: str) -> str:
    """The first namespace (alphabetically) the layer's objects live in; ``default`` for cluster-scoped layers.

    It is the Argo CD Application's destination namespace: only objects without a namespace
    would land there, and every namespaced object here names its own.
    """
    used = sorted({ns for file in files.values() for ns in _namespaces(file) if ns})
    return used[0] if used else default


def _namespaces(file: File) -> Iterator[str]:
    if isinstance(file, Chart):
        yield from (obj.metadata.namespace for obj in file.node.find_all() if isinstance(obj, ApiObject))
    else:
        yield file.namespace


def _documents(files: dict[str, File]) -> dict[str, list[dict] | ServiceInputs]:
    """A Chart's documents now (jsii); a ServiceInputs as it is, for render to render or take from its cache."""
    return {stem: file.to_json() if isinstance(file, Chart) else file for stem, file in files.items()}


def _default_crds_dir() -> Path:
    return crds_dir({})
