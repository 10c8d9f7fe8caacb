"""KedaRendered: KEDA's chart rendered with ``helm template`` into plain manifests (rendered mode).

CRDs, operator, metrics API server, webhooks and their RBAC in one layer before the apps, so a
KEDA upgrade is a reviewable diff of dist/. Rendered like Istio's charts
(:func:`constructs.istio_rendered.render_chart`), from ``chart_source`` (a folder holding
``keda-<version>.tgz``, e.g. ``../shared/charts/keda``) or KEDA's repository.
"""
from __future__ import annotations

from constructs import Construct

from constructs.istio_rendered import render_chart
from inference_platform.description import Keda
from inference_platform.catalog.keda_release import KEDA

__all__ = ["KedaRendered"]


class KedaRendered(Construct):
    """Every object of KEDA's chart at ``keda.version`` for Kubernetes ``kube_version`` (``1.34``)."""

    def __init__(self, scope: Construct, id: str, *, keda: Keda, chart_source: str | None, kube_version: str) -> None:
        super().__init__(scope, id)
        self.rendered = render_chart(
            self, KEDA.id, chart=KEDA.chart, version=keda.version, repository=keda.chart_repository,
            chart_source=chart_source, release_name=KEDA.release_name, namespace=KEDA.namespace(keda),
            values=KEDA.values(keda), kube_version=kube_version,
            source_setting="keda.chart_source (or the KEDA_CHART_SOURCE environment variable)")
        if not self.rendered.api_objects:
            raise ValueError(f"KEDA {keda.version}'s chart rendered no objects; the KEDA layer would install nothing.")
