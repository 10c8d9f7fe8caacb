"""PlatformNamespaces: every namespace the platform uses, created explicitly and never pruned."""
from __future__ import annotations

from cdk8s_plus_27 import k8s
from constructs import Construct

from inference_platform.description import Platform

#: Flux and Argo CD must never delete a namespace (and everything in it) because a
#: description change dropped it: Flux skips pruning it, Argo CD asks for confirmation.
PRUNE_PROTECTION = {
    "kustomize.toolkit.fluxcd.io/prune": "disabled",
    "argocd.argoproj.io/sync-options": "Prune=confirm",
}


def injection_labels(revision: str) -> dict[str, str]:
    """Sidecar-injection labels for an app namespace, matching the control-plane revision."""
    return {"istio.io/rev": revision} if revision else {"istio-injection": "enabled"}


class PlatformNamespaces(Construct):
    """Namespaces for Istio (root and ingress) and the applications, labelled for injection."""

    def __init__(self, scope: Construct, id: str, *, platform: Platform) -> None:
        super().__init__(scope, id)
        istio = platform.istio
        common = {"app.kubernetes.io/part-of": platform.name, "app.kubernetes.io/managed-by": "cdk8s"}
        self.names: list[str] = []
        self._add(istio.root_namespace, common)
        self._add(istio.gateway.namespace, common)
        for ns in platform.namespaces:
            self._add(ns.name, {**common, **ns.labels, **injection_labels(istio.revision)})

    def _add(self, name: str, labels: dict[str, str]) -> k8s.KubeNamespace:
        self.names.append(name)
        return k8s.KubeNamespace(self, name, metadata=k8s.ObjectMeta(
            name=name, labels=dict(sorted(labels.items())), annotations=PRUNE_PROTECTION))
