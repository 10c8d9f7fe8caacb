"""PlatformNamespaces: every namespace the platform uses, created explicitly and never pruned."""
from __future__ import annotations

from typing import Sequence

from cdk8s_plus_27 import k8s
from constructs import Construct

from inference_platform.description import Namespace
from inference_platform.kube_names import INJECTION_LABEL, REVISION_LABEL

__all__ = ["PlatformNamespaces", "PRUNE_PROTECTION", "injection_labels"]

#: Flux and Argo CD must never delete a namespace (and everything in it) because a
#: description change dropped it: Flux skips pruning it, Argo CD asks for confirmation.
PRUNE_PROTECTION = {
    "kustomize.toolkit.fluxcd.io/prune": "disabled",
    "argocd.argoproj.io/sync-options": "Prune=confirm",
}


def injection_labels(revision: str) -> dict[str, str]:
    """Sidecar-injection labels for an app namespace, matching the control-plane revision."""
    return {REVISION_LABEL: revision} if revision else {INJECTION_LABEL: "enabled"}


class PlatformNamespaces(Construct):
    """Istio's namespaces (``istio_namespaces``, unlabelled) and the application namespaces.

    Application namespaces carry their own labels plus the sidecar-injection label for
    ``revision``. ``namespaces`` maps each name to its KubeNamespace, in creation order.
    """

    def __init__(self, scope: Construct, id: str, *, istio_namespaces: Sequence[str],
                 app_namespaces: Sequence[Namespace], revision: str) -> None:
        super().__init__(scope, id)
        self.namespaces: dict[str, k8s.KubeNamespace] = {}
        for name in dict.fromkeys(istio_namespaces):  # the gateway may share Istio's root namespace
            self._add(name, {})
        for ns in app_namespaces:
            self._add(ns.name, {**ns.labels, **injection_labels(revision)})

    def _add(self, name: str, labels: dict[str, str]) -> None:
        self.namespaces[name] = k8s.KubeNamespace(self, name, metadata=k8s.ObjectMeta(
            name=name, labels=labels or None, annotations=PRUNE_PROTECTION))
