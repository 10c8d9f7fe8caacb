"""The releases this project pins charts, CRDs and schemas for: one table, read by the model and docs.

An ``istio.version`` outside :data:`ISTIO_RELEASES` would install charts and CRDs nobody has
checked against the bindings in ``imports/`` and the gate's CRD schemas; a
``kubernetes_version`` outside :data:`KUBERNETES_VERSIONS` is outside the pinned Istio
release's supported range (and the gate's schema set); a ``keda.version`` outside
:data:`KEDA_RELEASES` would install a chart and CRDs the ScaledObjects were never checked against.
"""
from __future__ import annotations

__all__ = ["ISTIO_RELEASES", "DEFAULT_ISTIO", "KUBERNETES_VERSIONS", "DEFAULT_KUBERNETES", "KEDA_RELEASES",
           "DEFAULT_KEDA"]

#: Istio releases with pinned charts (Makefile ISTIO_VERSION, ../shared/charts) and CRDs (imports/).
ISTIO_RELEASES: tuple[str, ...] = ("1.30.3",)
DEFAULT_ISTIO = "1.30.3"
#: Kubernetes minor versions Istio 1.30 supports (istio.io "Supported Releases").
KUBERNETES_VERSIONS: tuple[str, ...] = ("1.32", "1.33", "1.34", "1.35", "1.36")
DEFAULT_KUBERNETES = "1.34"
#: KEDA releases with pinned charts (Makefile KEDA_VERSION, ../shared/charts/keda) and CRDs the
#: ScaledObjects and chart values are checked against.
KEDA_RELEASES: tuple[str, ...] = ("2.20.2",)
DEFAULT_KEDA = "2.20.2"
