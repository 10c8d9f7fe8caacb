"""Every Helm chart this platform installs: one ChartRelease row per release, and its values.

A row says what installs the release in each mode (a Flux HelmRelease or an Argo CD Application
when ``istio.mode`` is controller-managed, ``helm template`` output in dist/ when it is
rendered), which chart from which repository, under which release name, into which namespace,
with which values, and what its controllers patch at runtime. The constructs of
:mod:`constructs.chart_install` install any row, so a third chart is a row here.

Install order is table order: Istio's ``base`` (CRDs and cluster-wide objects), then ``istiod``
(with its injection webhook), then the ingress ``gateway``, whose pods need injection; KEDA
(operator, metrics API server for ``external.metrics.k8s.io``, admission webhooks and its CRDs)
in a layer before the apps, whose ScaledObjects need the CRDs and the webhook.

The values are one source of truth for the three install paths (Flux HelmReleases, Argo CD
Applications and the rendered layers pass exactly these dicts), so switching ``istio.mode``
never changes what Istio or KEDA is configured to do. Istio's keys follow the 1.30 charts'
``values.yaml`` (top-level keys; the charts merge them over ``_internal_defaults_do_not_set``):
https://istio.io/latest/docs/setup/install/helm/,
https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/; KEDA's
https://keda.sh/docs/2.20/deploy/#helm.

Where rendered mode finds a chart: the description's ``<setting>.chart_source`` folder, or the
environment variable :data:`CHART_SOURCE_ENV` names (read by the command-line entry points,
:func:`chart_sources`), else the chart's repository.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from inference_platform import layout
from inference_platform.contract import RUN_AS
from inference_platform.description import Istio, Keda, Retries

__all__ = ["ChartRelease", "BASE", "ISTIOD", "GATEWAY", "KEDA", "ISTIO_RELEASES", "KEDA_RELEASE", "CHART_SOURCE_ENV",
           "chart_sources", "source_hint", "BASE_CHART", "ISTIOD_CHART", "GATEWAY_CHART", "CHARTS", "GATEWAY_UID",
           "base_release_name", "istiod_release_name", "gateway_release_name", "base_values", "istiod_values",
           "gateway_security", "gateway_values", "keda_values", "istio_releases", "mesh_retry_policy", "INFERENCE_EXTENSION_ENV"]

# ------------------------------------------------------------------------------ Istio

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
    if istio.gateway_api or istio.inference_extension:
        # Gateway API v1.6's standard HTTPRoute has no retry field: HTTPRoutes retry as this mesh default (routes
        # with retries of their own, the VirtualServices', keep them).
        mesh_config["defaultHttpRetryPolicy"] = mesh_retry_policy()
    values: dict[str, Any] = {
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
    if istio.inference_extension:
        # istiod programs gateways for InferencePools (and their endpoint pickers) only with this flag.
        values["env"] = {INFERENCE_EXTENSION_ENV: "true"}
    return values


def mesh_retry_policy(retries: Retries = Retries()) -> dict[str, Any]:
    """The mesh's default HTTP retry policy (``meshConfig.defaultHttpRetryPolicy``) with ``istio.routing:
    gateway-api``: the description's retry defaults, so only conditions where the request never reached the
    server are retried (what the VirtualService path writes per route)."""
    return {"attempts": retries.attempts, "retryOn": ",".join(retries.retry_on)}


#: istiod's switch for the Gateway API Inference Extension (InferencePool v1 since Istio 1.28).
INFERENCE_EXTENSION_ENV = "ENABLE_GATEWAY_API_INFERENCE_EXTENSION"

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


# ------------------------------------------------------------------------------ KEDA


def keda_values(keda: Keda) -> dict[str, Any]:
    """Values for KEDA's chart: CRDs as chart templates, pods as a high non-root UID/GID."""
    # The CRDs ship as chart templates (crds.install), so upgrades update them in every mode.
    # A high non-root UID/GID like the model servers': a container escape maps to no host user.
    ids = {"runAsNonRoot": True, "runAsUser": RUN_AS, "runAsGroup": RUN_AS, "fsGroup": RUN_AS}
    return {"crds": {"install": True},
            "podSecurityContext": {"operator": ids, "metricServer": ids, "webhooks": ids}}


# ------------------------------------------------------------------------------ the rows

#: A field a controller of the release patches at runtime: (API group, kind, jq paths Argo CD ignores).
RuntimePatch = tuple[str, str, tuple[str, ...]]


@dataclass(frozen=True)
class ChartRelease:
    """One release of a pinned chart, as this platform installs it in every mode.

    The callables take the description's settings the row reads (``setting``: its
    ``chart_repository``, ``version`` and ``chart_source`` too).
    """

    #: construct id of what installs it (``Base``, ``Istiod``, ``Gateway``, ``Keda``)
    id: str
    #: the description's settings it reads: ``istio`` or ``keda``
    setting: str
    #: chart name in its Helm repository
    chart: str
    #: name of the Flux HelmRepository the chart comes from (one per repository)
    repository: str
    #: suffix of the Argo CD Application ``<platform>-<suffix>``
    application_suffix: str
    #: Argo CD sync wave inside the app of apps: the order of the layer its rendered objects go to
    sync_wave: int
    release_name: Callable[[Any], str]
    values: Callable[[Any], dict[str, Any]]
    namespace: Callable[[Any], str]
    #: what the release's controllers patch at runtime; without these, Argo CD reports the
    #: Application OutOfSync forever and selfHeal reverts the patch
    runtime_patches: tuple[RuntimePatch, ...] = ()


#: istiod injects the caBundle into its webhooks and flips the validating webhooks'
#: failurePolicy from Ignore to Fail once it serves.
ISTIOD_WEBHOOK_PATCHES: tuple[RuntimePatch, ...] = (
    ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration",
     (".webhooks[]?.failurePolicy", ".webhooks[]?.clientConfig.caBundle")),
    ("admissionregistration.k8s.io", "MutatingWebhookConfiguration", (".webhooks[]?.clientConfig.caBundle",)),
)
#: KEDA rotates its own certificates and patches the caBundle of its APIService and webhook.
KEDA_CA_PATCHES: tuple[RuntimePatch, ...] = (
    ("apiregistration.k8s.io", "APIService", (".spec.caBundle",)),
    ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration", (".webhooks[]?.clientConfig.caBundle",)),
)

BASE = ChartRelease("Base", "istio", BASE_CHART, "istio", "istio-base", layout.ISTIO_CRDS.order, base_release_name,
                    base_values, lambda istio: istio.root_namespace, ISTIOD_WEBHOOK_PATCHES)
ISTIOD = ChartRelease("Istiod", "istio", ISTIOD_CHART, "istio", "istiod", layout.ISTIO_CONTROL_PLANE.order,
                      istiod_release_name, istiod_values, lambda istio: istio.root_namespace, ISTIOD_WEBHOOK_PATCHES)
GATEWAY = ChartRelease("Gateway", "istio", GATEWAY_CHART, "istio", "istio-gateway", layout.ISTIO_GATEWAY.order,
                       gateway_release_name, gateway_values, lambda istio: istio.gateway.namespace)
KEDA = ChartRelease("Keda", "keda", "keda", "kedacore", "keda", layout.KEDA.order, lambda keda: "keda", keda_values,
                    lambda keda: keda.namespace, KEDA_CA_PATCHES)
#: Istio's releases, in install order.
ISTIO_RELEASES = (BASE, ISTIOD, GATEWAY)


def istio_releases(istio: Istio) -> tuple[ChartRelease, ...]:
    """The Istio releases a platform installs: without the gateway chart with ``istio.routing: gateway-api``
    (istiod deploys the Gateway API Gateway's proxies itself)."""
    return (BASE, ISTIOD) if istio.gateway_api else ISTIO_RELEASES
KEDA_RELEASE = (KEDA,)

#: The environment variable that points rendered mode at a local chart folder, per setting (it wins
#: over the description's ``chart_source``).
CHART_SOURCE_ENV = {"istio": "ISTIO_CHART_SOURCE", "keda": "KEDA_CHART_SOURCE"}


def chart_sources(environ: Mapping[str, str]) -> dict[str, str]:
    """The local chart folders ``environ`` names, by setting: what an entry point passes to the synth."""
    return {setting: environ[var] for setting, var in CHART_SOURCE_ENV.items() if environ.get(var)}


def source_hint(setting: str) -> str:
    """Where a user points rendered mode at local charts for ``setting`` (for messages)."""
    return f"{setting}.chart_source (or the {CHART_SOURCE_ENV[setting]} environment variable)"
