"""KEDA as this platform installs it: one row read by the Flux, Argo CD and rendered paths.

KEDA (operator, metrics API server for ``external.metrics.k8s.io``, admission webhooks and
its CRDs) comes from KEDA's own chart at ``keda.version``, installed the way ``istio.mode``
installs Istio: a Flux HelmRelease or an Argo CD Application (controller-managed), or
``helm template`` output written into dist/ (rendered, from ``keda.chart_source`` or the
``KEDA_CHART_SOURCE`` folder offline). Its layer comes before the apps, whose ScaledObjects
need the CRDs and the webhook. See https://keda.sh/docs/2.20/deploy/#helm.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from inference_platform.contract import RUN_AS
from inference_platform.description import Keda

__all__ = ["KedaRelease", "KEDA", "chart_source", "CHART", "RELEASE_NAME"]

CHART = "keda"
RELEASE_NAME = "keda"


@dataclass(frozen=True)
class KedaRelease:
    """KEDA's chart as this platform installs it."""

    #: construct id of the object that installs it
    id: str = "Keda"
    chart: str = CHART
    release_name: str = RELEASE_NAME
    #: suffix of the Argo CD Application ``<platform>-<suffix>``
    application_suffix: str = "keda"

    def values(self, keda: Keda) -> dict[str, Any]:
        # The CRDs ship as chart templates (crds.install), so upgrades update them in every mode.
        # A high non-root UID/GID like the model servers': a container escape maps to no host user.
        ids = {"runAsNonRoot": True, "runAsUser": RUN_AS, "runAsGroup": RUN_AS, "fsGroup": RUN_AS}
        return {"crds": {"install": True},
                "podSecurityContext": {"operator": ids, "metricServer": ids, "webhooks": ids}}

    def namespace(self, keda: Keda) -> str:
        return keda.namespace


KEDA = KedaRelease()


def chart_source(keda: Keda) -> str | None:
    """Local KEDA chart folder for rendered mode (the environment variable wins); None: KEDA's repository."""
    return os.environ.get("KEDA_CHART_SOURCE") or keda.chart_source
