"""Helm values for Istio's official charts (base, istiod, gateway), derived from the description.

One source of truth for all three install paths: Flux HelmReleases, Argo CD Applications
and the rendered (``helm template``) layers pass exactly these dicts, so switching
``istio.mode`` never changes what Istio is configured to do.

Keys follow the 1.30 charts' ``values.yaml`` (top-level keys; the charts merge them over
``_internal_defaults_do_not_set``). Reference:
https://istio.io/latest/docs/setup/install/helm/ and
https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/
"""
from __future__ import annotations

from typing import Any

from inference_platform.description import Istio

__all__ = ["BASE_CHART", "ISTIOD_CHART", "GATEWAY_CHART", "CHARTS", "base_release_name",
           "istiod_release_name", "gateway_release_name", "base_values", "istiod_values",
           "gateway_values"]

BASE_CHART = "base"
ISTIOD_CHART = "istiod"
GATEWAY_CHART = "gateway"
#: Install order: CRDs and cluster-wide base objects, then the control plane, then the gateway.
CHARTS = (BASE_CHART, ISTIOD_CHART, GATEWAY_CHART)


def base_release_name(istio: Istio) -> str:
    """Helm release name of the base chart (the name Istio's install docs use)."""
    return "istio-base"


def istiod_release_name(istio: Istio) -> str:
    """``istiod``, or ``istiod-<revision>`` so a canary control plane is its own release."""
    return f"istiod-{istio.revision}" if istio.revision else "istiod"


def gateway_release_name(istio: Istio) -> str:
    """The gateway's release name, which the chart also uses for its Deployment and Service."""
    return istio.gateway.name


def base_values(istio: Istio) -> dict[str, Any]:
    """Values for the ``base`` chart: CRDs, the istio-reader RBAC and the default-revision webhook."""
    values: dict[str, Any] = {"global": {"istioNamespace": istio.root_namespace}}
    if istio.revision:
        # The default-revision validating webhook must point at the only istiod that exists.
        values["defaultRevision"] = istio.revision
    return values


def istiod_values(istio: Istio) -> dict[str, Any]:
    """Values for the ``istiod`` chart: control-plane sizing, autoscaling and mesh config."""
    res = istio.istiod.resources
    scaling = istio.istiod.autoscaling
    mesh = istio.mesh
    mesh_config: dict[str, Any] = {
        "outboundTrafficPolicy": {"mode": mesh.outbound_traffic_policy},
        "defaultConfig": {"holdApplicationUntilProxyStarts": mesh.hold_application_until_proxy_starts},
    }
    if mesh.access_logs:
        mesh_config["accessLogFile"] = "/dev/stdout"
    return {
        "global": {"istioNamespace": istio.root_namespace},
        "revision": istio.revision,
        "autoscaleEnabled": True,
        "autoscaleMin": scaling.min_replicas,
        "autoscaleMax": scaling.max_replicas,
        "cpu": {"targetAverageUtilization": scaling.cpu_utilization},
        "resources": {
            "requests": {"cpu": res.cpu, "memory": res.memory},
            "limits": {"cpu": res.cpu_limit, "memory": res.memory},
        },
        "meshConfig": mesh_config,
    }


def gateway_values(istio: Istio) -> dict[str, Any]:
    """Values for the ``gateway`` chart: Service type and ports, autoscaling and revision."""
    gw = istio.gateway
    return {
        "name": gw.name,
        "revision": istio.revision,
        "service": {
            "type": gw.service_type,
            "ports": [{"name": p.name, "port": p.port, "protocol": p.protocol, "targetPort": p.target_port}
                      for p in gw.ports],
        },
        "autoscaling": {
            "enabled": True,
            "minReplicas": gw.autoscaling.min_replicas,
            "maxReplicas": gw.autoscaling.max_replicas,
            "targetCPUUtilizationPercentage": gw.autoscaling.cpu_utilization,
        },
    }
