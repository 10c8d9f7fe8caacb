"""The dist/ layout as data: its layers, their order, how each GitOps engine applies them, and paths.

A leaf module (standard library only, no cdk8s): the synth, the prune guard, the validation
gate, the e2e harness and the tests all ask it, and nobody parses ``NN-name`` folder names.

Per environment ``<env>`` (paths below ``dist/``)::

    <env>/layers/<NN>-<layer>/   one folder per layer, applied in order (see LAYERS)
    <env>/flux/sync.yaml         Flux entry: GitRepository + one Kustomization per layer
    <env>/flux/flux-system/      Flux bootstrap's own manifests (preserved, never written)
    <env>/argocd/root-app.yaml   Argo CD app-of-apps root
    <env>/argocd/apps/           AppProject + one Application per layer (sync waves)
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Layer", "LAYERS", "KEDA_LAYER", "ENGINES", "FLUX", "ARGOCD", "CONTROLLER_MANAGED", "RENDERED", "PRESERVED",
           "ENTRY_FOLDERS", "KUSTOMIZED_ENTRIES", "is_preserved",
           "layers_for", "layer_named", "layer_of_folder", "layer_path", "entry_path", "sync_unit"]

FLUX = "flux"
ARGOCD = "argocd"
ENGINES = (FLUX, ARGOCD)

CONTROLLER_MANAGED = "controller-managed"
RENDERED = "rendered"


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

    @property
    def folder(self) -> str:
        """``<NN>-<name>``: the folder below ``<env>/layers/``, sorted in apply order."""
        return f"{self.order:02d}-{self.name}"


#: KEDA's layer (by install mode): the Argo CD Application that installs its chart takes its wave.
KEDA_LAYER = {CONTROLLER_MANAGED: "keda", RENDERED: "keda-operator"}

#: Every layer there is, in apply order. Which of them an environment gets: :func:`layers_for`.
LAYERS: tuple[Layer, ...] = (
    Layer(0, "namespaces", "Namespaces, labelled for sidecar injection, never pruned", timeout_minutes=2),
    # Controller-managed Istio through Flux: a HelmRepository and HelmReleases base → istiod → gateway.
    # Argo CD installs the same charts through its own Applications instead (argocd/apps/).
    Layer(10, "istio", "Flux HelmRepository + HelmReleases for Istio's charts", timeout_minutes=15,
          custom_resources=True, server_side_apply=True, engines=(FLUX,), istio_modes=(CONTROLLER_MANAGED,)),
    Layer(10, "istio-crds", "Istio CRDs (base chart, rendered)", timeout_minutes=5, server_side_apply=True,
          istio_modes=(RENDERED,)),
    Layer(20, "istio-control-plane", "Rest of the base chart and istiod (rendered)", timeout_minutes=15,
          server_side_apply=True, istio_modes=(RENDERED,)),
    Layer(30, "istio-gateway", "The ingress gateway chart (rendered)", timeout_minutes=10, istio_modes=(RENDERED,)),
    # KEDA (operator, external-metrics API server, webhooks, CRDs) before the apps, whose
    # ScaledObjects need its CRDs and webhook. Same install modes as Istio; Argo CD installs the
    # controller-managed chart through its own Application (wave 35) instead of the Flux layer.
    Layer(35, "keda", "Flux HelmRepository + HelmRelease for KEDA's chart", timeout_minutes=10,
          custom_resources=True, engines=(FLUX,), istio_modes=(CONTROLLER_MANAGED,)),
    Layer(35, "keda-operator", "KEDA's CRDs, operator, metrics API server and webhooks (rendered)",
          timeout_minutes=10, server_side_apply=True, istio_modes=(RENDERED,)),
    Layer(40, "mesh", "PeerAuthentication STRICT and the ingress Gateway", timeout_minutes=5, custom_resources=True),
    Layer(50, "apps", "One file per AI service: workloads, autoscaling (HPA or KEDA ScaledObject, PodMonitors), "
          "traffic, authorization",
          timeout_minutes=20, custom_resources=True),
)

_BY_NAME = {layer.name: layer for layer in LAYERS}
_BY_FOLDER = {layer.folder: layer for layer in LAYERS}

#: Folders below ``<env>/`` that belong to someone else and survive a synth:
#: ``flux bootstrap --path=<dist>/<env>/flux`` commits Flux's own manifests there.
PRESERVED = ("flux/flux-system",)
#: Entry-point folders below ``<env>/`` (what a user points Flux or Argo CD at).
ENTRY_FOLDERS = {FLUX: ("flux",), ARGOCD: ("argocd", "argocd/apps")}
#: Entry folders that get a kustomization.yaml (Argo CD's root Application syncs argocd/apps/).
KUSTOMIZED_ENTRIES = ("argocd/apps",)


def layers_for(istio_mode: str, engines: tuple[str, ...] | list[str]) -> tuple[Layer, ...]:
    """The layers of an environment with this Istio mode, in apply order.

    A layer is written when some configured engine applies it (Flux-only layers are dropped
    for an Argo CD-only platform).
    """
    return tuple(layer for layer in LAYERS
                 if istio_mode in layer.istio_modes and any(e in layer.engines for e in engines))


def layer_named(name: str) -> Layer:
    return _BY_NAME[name]


def layer_of_folder(folder: str) -> Layer | None:
    """The layer written to ``layers/<folder>``, or None for a folder this project never writes."""
    return _BY_FOLDER.get(folder)


def layer_path(dist_path: str, env: str, layer: Layer) -> str:
    """Repository-relative path of a layer folder, as Flux and Argo CD reference it."""
    return f"{dist_path}/{env}/layers/{layer.folder}"


def entry_path(dist_path: str, env: str, entry: str) -> str:
    return f"{dist_path}/{env}/{entry}"


def sync_unit(relpath: str) -> str:
    """The unit a controller syncs for a file below dist/: ``<env>/layers/<folder>`` or ``<env>/<entry>``."""
    parts = relpath.split("/")
    if len(parts) > 3 and parts[1] == "layers":
        return "/".join(parts[:3])
    return "/".join(parts[:-1])


def is_preserved(relpath: str) -> bool:
    """True for files below a :data:`PRESERVED` folder (``<env>/flux/flux-system/...``)."""
    return any(f"/{keep}/" in f"/{relpath}" for keep in PRESERVED)
