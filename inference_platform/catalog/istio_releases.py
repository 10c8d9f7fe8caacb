"""The Istio releases this platform installs: one table, read by the Flux, Argo CD and rendered paths.

Install order is table order: ``base`` (CRDs and cluster-wide objects), then ``istiod`` (with
its injection webhook), then the ingress ``gateway``, whose pods need injection. Each row says
where the chart's objects go and which values it gets (from :mod:`inference_platform.catalog.istio_values`),
so switching ``istio.mode`` never changes what Istio is configured to do.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from inference_platform.catalog import istio_values
from inference_platform.description import Istio

__all__ = ["IstioRelease", "RELEASES", "BASE", "ISTIOD", "GATEWAY"]


@dataclass(frozen=True)
class IstioRelease:
    """One of Istio's official charts as this platform installs it."""

    #: construct id of the object that installs it (``Base``, ``Istiod``, ``Gateway``)
    id: str
    #: chart name in Istio's Helm repository
    chart: str
    #: suffix of the Argo CD Application ``<platform>-<suffix>``
    application_suffix: str
    #: Argo CD sync wave inside the app of apps
    sync_wave: int
    #: the chart ships webhooks that istiod patches at runtime (Argo CD must ignore those fields)
    webhooks: bool
    release_name: Callable[[Istio], str]
    values: Callable[[Istio], dict[str, Any]]
    namespace: Callable[[Istio], str]


BASE = IstioRelease("Base", istio_values.BASE_CHART, "istio-base", 10, True,
                    istio_values.base_release_name, istio_values.base_values, lambda istio: istio.root_namespace)
ISTIOD = IstioRelease("Istiod", istio_values.ISTIOD_CHART, "istiod", 20, True,
                      istio_values.istiod_release_name, istio_values.istiod_values, lambda istio: istio.root_namespace)
GATEWAY = IstioRelease("Gateway", istio_values.GATEWAY_CHART, "istio-gateway", 30, False,
                       istio_values.gateway_release_name, istio_values.gateway_values,
                       lambda istio: istio.gateway.namespace)
#: Install order.
RELEASES = (BASE, ISTIOD, GATEWAY)
