"""The dist/ layout as data: its layers, their order, how each GitOps engine applies them, and paths.

A leaf module (standard library only, no cdk8s): the synth, the prune guard, the validation
gate, the e2e harness, the bench and the tests all ask it; nobody else formats or parses a path
below dist/. Layers are named objects (``layout.APPS``, ``layout.MESH``, ...), never strings;
:func:`unit_of` and :func:`sync_unit` read a file's path back, :func:`prune_key` is how
``allow_prune`` names a unit.

Per environment ``<env>`` (paths below ``dist/``)::

    <env>/layers/<NN>-<layer>/   one folder per layer, applied in order (see LAYERS)
    <env>/flux/sync.yaml         Flux entry: GitRepository + one Kustomization per layer
    <env>/flux/flux-system/      Flux bootstrap's own manifests (preserved, never written)
    <env>/argocd/root-app.yaml   Argo CD app-of-apps root
    <env>/argocd/apps/           AppProject + one Application per layer (sync waves)
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Layer", "LAYERS", "LAYERS_DIR", "NAMESPACES", "ISTIO", "ISTIO_CRDS", "ISTIO_CONTROL_PLANE", "ISTIO_GATEWAY",
           "KEDA", "KEDA_OPERATOR", "MESH", "APPS", "GATEWAY_API_CRDS", "VIRTUALSERVICE", "GATEWAY_API", "CLASSIC_INGRESS", "ENGINES", "FLUX", "ARGOCD", "CONTROLLER_MANAGED",
           "RENDERED", "PRESERVED", "FLUX_ENTRY", "ARGOCD_ENTRY", "ARGOCD_APPS", "ENTRY_FOLDERS", "KUSTOMIZED_ENTRIES",
           "is_preserved", "layers_for", "layer_of_folder", "layer_unit", "entry_unit", "layer_path", "entry_path",
           "unit_of", "sync_unit", "engine_of", "unit_order", "prune_key", "prune_keys", "prune_folders"]

FLUX = "flux"
ARGOCD = "argocd"
ENGINES = (FLUX, ARGOCD)

CONTROLLER_MANAGED = "controller-managed"
RENDERED = "rendered"

#: ``istio.routing``: Istio's classic Gateway + VirtualServices, or Gateway API Gateways + routes.
VIRTUALSERVICE, GATEWAY_API = "virtualservice", "gateway-api"
#: What a layer may need besides an Istio mode and an engine (:attr:`Layer.needs`): the gateway chart's
#: classic ingress, or the Gateway API (its CRDs: a Gateway API Gateway or an InferencePool exists).
CLASSIC_INGRESS = "classic-ingress"


@dataclass(frozen=True)
class Layer:
    """One folder of plain manifests that a GitOps controller applies as a unit."""

    #: apply order; also the Argo CD sync wave and the Flux ``dependsOn`` chain
    order: int
    #: identity: the Flux Kustomization / Argo CD Application is ``<platform>-<name>``
    name: str
    #: what the layer holds (documentation for the README and the tree)
    summary: str
    #: minutes a controller waits for the layer to become healthy
    timeout_minutes: int = 10
    #: holds custom resources whose CRDs an earlier layer installs (Argo CD skips the dry run)
    custom_resources: bool = False
    #: objects too large for client-side apply's last-applied annotation (CRDs, webhooks)
    server_side_apply: bool = False
    #: the GitOps engines whose entry points apply this layer
    engines: tuple[str, ...] = ENGINES
    #: the Istio install modes that have this layer
    istio_modes: tuple[str, ...] = (CONTROLLER_MANAGED, RENDERED)
    #: written only when the environment needs this (:data:`CLASSIC_INGRESS` or :data:`GATEWAY_API`); None: always
    needs: str | None = None

    @property
    def folder(self) -> str:
        """``<NN>-<name>``: the folder below ``<env>/layers/``, sorted in apply order."""
        return f"{self.order:02d}-{self.name}"


#: The folder below ``<env>/`` that holds the layer folders.
LAYERS_DIR = "layers"

NAMESPACES = Layer(0, "namespaces", "Namespaces, labelled for sidecar injection, never pruned", timeout_minutes=2)
# The Gateway API's standard CRDs and the Inference Extension's InferencePool CRD, before istiod (which
# watches them) and the mesh and apps layers (which hold Gateways, routes and pools).
GATEWAY_API_CRDS = Layer(5, "gateway-api-crds", "Gateway API and Inference Extension CRDs (pinned releases)",
                         timeout_minutes=5, server_side_apply=True, needs=GATEWAY_API)
# Controller-managed Istio through Flux: a HelmRepository and HelmReleases base → istiod → gateway.
# Argo CD installs the same charts through its own Applications instead (argocd/apps/).
ISTIO = Layer(10, "istio", "Flux HelmRepository + HelmReleases for Istio's charts", timeout_minutes=15,
              custom_resources=True, server_side_apply=True, engines=(FLUX,), istio_modes=(CONTROLLER_MANAGED,))
ISTIO_CRDS = Layer(10, "istio-crds", "Istio CRDs (base chart, rendered)", timeout_minutes=5, server_side_apply=True,
                   istio_modes=(RENDERED,))
ISTIO_CONTROL_PLANE = Layer(20, "istio-control-plane", "Rest of the base chart and istiod (rendered)",
                            timeout_minutes=15, server_side_apply=True, istio_modes=(RENDERED,))
ISTIO_GATEWAY = Layer(30, "istio-gateway", "The ingress gateway chart (rendered)", timeout_minutes=10,
                      istio_modes=(RENDERED,), needs=CLASSIC_INGRESS)
# KEDA (operator, external-metrics API server, webhooks, CRDs) before the apps, whose
# ScaledObjects need its CRDs and webhook. Same install modes as Istio; Argo CD installs the
# controller-managed chart through its own Application (wave 35) instead of the Flux layer.
KEDA = Layer(35, "keda", "Flux HelmRepository + HelmRelease for KEDA's chart", timeout_minutes=10,
             custom_resources=True, engines=(FLUX,), istio_modes=(CONTROLLER_MANAGED,))
KEDA_OPERATOR = Layer(35, "keda-operator", "KEDA's CRDs, operator, metrics API server and webhooks (rendered)",
                      timeout_minutes=10, server_side_apply=True, istio_modes=(RENDERED,))
MESH = Layer(40, "mesh", "PeerAuthentication STRICT and the ingress Gateway", timeout_minutes=5, custom_resources=True)
APPS = Layer(50, "apps", "One file per AI service: workloads, autoscaling (HPA or KEDA ScaledObject, PodMonitors), "
             "traffic, authorization", timeout_minutes=20, custom_resources=True)

#: Every layer there is, in apply order. Which of them an environment gets: :func:`layers_for`.
LAYERS: tuple[Layer, ...] = (NAMESPACES, GATEWAY_API_CRDS, ISTIO, ISTIO_CRDS, ISTIO_CONTROL_PLANE, ISTIO_GATEWAY, KEDA, KEDA_OPERATOR,
                             MESH, APPS)

_BY_FOLDER = {layer.folder: layer for layer in LAYERS}

#: Folders below ``<env>/`` that belong to someone else and survive a synth:
#: ``flux bootstrap --path=<dist>/<env>/flux`` commits Flux's own manifests there.
PRESERVED = ("flux/flux-system",)
#: Entry-point folders below ``<env>/`` (what a user points Flux or Argo CD at).
FLUX_ENTRY, ARGOCD_ENTRY, ARGOCD_APPS = "flux", "argocd", "argocd/apps"
ENTRY_FOLDERS = {FLUX: (FLUX_ENTRY,), ARGOCD: (ARGOCD_ENTRY, ARGOCD_APPS)}
_ENTRIES = {entry: engine for engine, entries in ENTRY_FOLDERS.items() for entry in entries}
#: Entry folders that get a kustomization.yaml (Argo CD's root Application syncs argocd/apps/).
KUSTOMIZED_ENTRIES = (ARGOCD_APPS,)


def layers_for(istio_mode: str, engines: tuple[str, ...] | list[str],
               needs: frozenset[str] | set[str] | None = None) -> tuple[Layer, ...]:
    """The layers of an environment with this Istio mode, in apply order.

    A layer is written when some configured engine applies it (Flux-only layers are dropped
    for an Argo CD-only platform) and, if it has :attr:`Layer.needs`, when the environment needs
    that (``needs``: what it needs; None: every layer the mode may have).
    """
    return tuple(layer for layer in LAYERS
                 if istio_mode in layer.istio_modes and any(e in layer.engines for e in engines)
                 and (needs is None or layer.needs is None or layer.needs in needs))


def layer_of_folder(folder: str) -> Layer | None:
    """The layer written to ``layers/<folder>``, or None for a folder this project never writes."""
    return _BY_FOLDER.get(folder)


# ---------------------------------------------------------------- paths below dist/ (sync units)


def layer_unit(env: str, layer: Layer) -> str:
    """``<env>/layers/<NN>-<name>``: the folder below dist/ a controller syncs as the layer."""
    return f"{env}/{LAYERS_DIR}/{layer.folder}"


def entry_unit(env: str, entry: str) -> str:
    """``<env>/<entry>`` for an entry folder (:data:`ENTRY_FOLDERS`)."""
    return f"{env}/{entry}"


def layer_path(dist_path: str, env: str, layer: Layer) -> str:
    """Repository-relative path of a layer folder, as Flux and Argo CD reference it."""
    return f"{dist_path}/{layer_unit(env, layer)}"


def entry_path(dist_path: str, env: str, entry: str) -> str:
    return f"{dist_path}/{entry_unit(env, entry)}"


def unit_of(path: str) -> str:
    """What a controller syncs a file with, below its environment folder: ``layers/<folder>``, an
    entry folder (``flux``, ``argocd``, ``argocd/apps``), or ``""`` for a file in neither.

    Read from the file's own folder, so ``path`` may start anywhere above ``<env>/`` (the gate
    names files below the folder it was given) or be one environment's tree (``layers/...``).
    """
    parts = path.split("/")[:-1]
    if len(parts) >= 2 and parts[-2] == LAYERS_DIR:
        return f"{LAYERS_DIR}/{parts[-1]}"
    for depth in (2, 1):
        folder = "/".join(parts[-depth:])
        if len(parts) >= depth and folder in _ENTRIES:
            return folder
    return ""


def sync_unit(relpath: str) -> str:
    """The unit of a file below dist/ with its environment: ``<env>/layers/<folder>`` or ``<env>/<entry>``
    (:func:`unit_of`); for a file in neither, its folder."""
    unit = unit_of(relpath)
    if unit and relpath.count("/") == unit.count("/") + 2:
        return f"{relpath.split('/', 1)[0]}/{unit}"
    return relpath.rpartition("/")[0]


def engine_of(unit: str) -> str | None:
    """The GitOps engine whose entry folder ``unit`` (:func:`unit_of`) is; None for layers."""
    return _ENTRIES.get(unit)


def unit_order(unit: str) -> int | None:
    """Apply order of a ``layers/<folder>`` unit: its layer's, or for a folder this project never
    writes the ``<NN>`` its name starts with (the :attr:`Layer.folder` grammar); None otherwise."""
    area, _, folder = unit.partition("/")
    if area != LAYERS_DIR or not folder:
        return None
    layer = layer_of_folder(folder)
    if layer is not None:
        return layer.order
    digits, dash, _ = folder.partition("-")
    return int(digits) if dash and digits.isdigit() else None


# ---------------------------------------------------------------- the prune guard's keys


def prune_key(unit: str) -> str:
    """How ``allow_prune`` names a sync unit (:func:`sync_unit`): ``<env>/<folder>`` for a layer,
    ``<env>/<entry>`` for an entry folder."""
    return unit.replace(f"/{LAYERS_DIR}/", "/", 1)


def prune_folders() -> list[str]:
    """The folders an ``allow_prune`` entry may name after ``<env>/``: every layer's, then the entry folders."""
    return [layer.folder for layer in LAYERS] + [f for entries in ENTRY_FOLDERS.values() for f in entries]


def prune_keys(envs: list[str] | tuple[str, ...]) -> set[str]:
    """Every ``allow_prune`` entry that names a unit of ``envs``: ``<env>/<folder>``, and a layer's unit itself."""
    return ({f"{env}/{folder}" for env in envs for folder in prune_folders()}
            | {layer_unit(env, layer) for env in envs for layer in LAYERS})


def is_preserved(relpath: str) -> bool:
    """True for files below a :data:`PRESERVED` folder (``<env>/flux/flux-system/...``)."""
    return any(f"/{keep}/" in f"/{relpath}" for keep in PRESERVED)
