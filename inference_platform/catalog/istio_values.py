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

__all__ = ["BASE_CHART", "ISTIOD_CHART", "GATEWAY_CHART", "CHARTS", "GATEWAY_UID", "base_release_name",
           "istiod_release_name", "gateway_release_name", "base_values", "istiod_values",
           "gateway_security", "gateway_values"]

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


#: UID/GID of the gateway's Envoy: high (no clash with host users), and not the services' 10001. The
#: 1337 of Istio's template matters only to sidecars, whose own traffic iptables must exclude; a gateway
#: captures nothing, so any non-root UID works (OpenShift assigns arbitrary ones).
GATEWAY_UID = 11337


def gateway_security() -> tuple[dict[str, Any], dict[str, Any]]:
    """Pod and container securityContext of the gateway.

    The chart's defaults, made explicit and hardened: setting either value replaces the chart's block,
    so the pod keeps the sysctl that lets a non-root Envoy bind 80/443, and the container keeps the
    chart's restrictions. The injection template's ``runAsUser: 1337`` does not win: the webhook
    re-applies the pod's own ``istio-proxy`` container over the template (``reapplyOverwrittenContainers``
    in istio/pkg/kube/inject), so the running proxy gets this UID.
    """
    ids = {"runAsNonRoot": True, "runAsUser": GATEWAY_UID, "runAsGroup": GATEWAY_UID}
    pod = {**ids, "fsGroup": GATEWAY_UID, "seccompProfile": {"type": "RuntimeDefault"},
           "sysctls": [{"name": "net.ipv4.ip_unprivileged_port_start", "value": "0"}]}
    container = {**ids, "allowPrivilegeEscalation": False, "privileged": False, "readOnlyRootFilesystem": True,
                 "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"}}
    return pod, container


def gateway_values(istio: Istio) -> dict[str, Any]:
    """Values for the ``gateway`` chart: Service type and ports, autoscaling, revision, disruption
    budget and securityContext."""
    gw = istio.gateway
    pod_security, container_security = gateway_security()
    return {
        "name": gw.name,
        "revision": istio.revision,
        # At most one gateway pod drained at a time. The chart renders the budget only when autoscaling's
        # minReplicas > 1 (kubernetes#93476: a budget on a single pod blocks node drains), so dev's single
        # replica gets none; AlwaysAllow lets a crash-looping pod be evicted regardless.
        "podDisruptionBudget": {"maxUnavailable": 1, "unhealthyPodEvictionPolicy": "AlwaysAllow"},
        "securityContext": pod_security,
        "containerSecurityContext": container_security,
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
