"""AiService: everything one AI inference service needs in the cluster and the mesh.

Per service: ServiceAccount, Service, DestinationRule, VirtualService (when it has ingress
traffic) and AuthorizationPolicy. Per model version: Deployment, HorizontalPodAutoscaler and
PodDisruptionBudget, so a canary version scales and drains on its own.

Names come from the description (``<service>`` and ``<service>-<version>``), never from
construct paths, so moving code never renames a cluster object.
"""
from __future__ import annotations

from dataclasses import dataclass

from cdk8s import ApiObjectMetadata
from cdk8s_plus_27 import k8s
from constructs import Construct

from imports.istio.io.istio import networking as istio_net
from imports.istio.io.istio import security as istio_sec
from inference_platform.description import Metric, Probe, ScalingRules, Service, Version

GPU_RESOURCE = "nvidia.com/gpu"
CACHE_PATH = "/cache"
#: Non-root UID/GID above the host range (10000+), so a container escape maps to no host user.
RUN_AS = 10001


@dataclass(frozen=True)
class AiServiceProps:
    """What an AiService needs besides its own description."""

    service: Service
    #: ``<namespace>/<name>`` of the Istio Gateway the VirtualService binds to.
    gateway: str
    #: SPIFFE principal of the ingress gateway, always admitted by the AuthorizationPolicy.
    ingress_principal: str
    #: ``app.kubernetes.io/part-of`` label value.
    part_of: str
    trust_domain: str = "cluster.local"


class AiService(Construct):
    """One AI inference service: workloads, autoscaling, traffic policy and authorization."""

    def __init__(self, scope: Construct, id: str, *, props: AiServiceProps) -> None:
        super().__init__(scope, id)
        self.props = props
        svc = props.service
        self.host = f"{svc.name}.{svc.namespace}.svc.cluster.local"
        self._service_account()
        for version in svc.versions:
            self._deployment(version)
            self._hpa(version)
            self._pdb(version)
        self._service()
        self._destination_rule()
        if svc.traffic is not None:
            self._virtual_service()
        self._authorization_policy()

    # ------------------------------------------------------------------ helpers

    def _labels(self, version: Version | None = None) -> dict[str, str]:
        svc = self.props.service
        labels = {
            "app": svc.name,
            "app.kubernetes.io/name": svc.name,
            "app.kubernetes.io/part-of": self.props.part_of,
            "app.kubernetes.io/managed-by": "cdk8s",
        }
        if version is not None:
            labels["version"] = version.name
            labels["app.kubernetes.io/version"] = version.name
        return labels

    def _meta(self, name: str, version: Version | None = None) -> k8s.ObjectMeta:
        """Metadata for core kinds (the typed Kubernetes bindings' ObjectMeta)."""
        return k8s.ObjectMeta(name=name, namespace=self.props.service.namespace, labels=self._labels(version))

    def _crd_meta(self, name: str) -> ApiObjectMetadata:
        """Metadata for Istio custom resources (cdk8s ApiObjectMetadata)."""
        return ApiObjectMetadata(name=name, namespace=self.props.service.namespace, labels=self._labels())

    def _selector(self, version: Version) -> dict[str, str]:
        return {"app": self.props.service.name, "version": version.name}

    # ------------------------------------------------------------------ core objects

    def _service_account(self) -> None:
        svc = self.props.service
        k8s.KubeServiceAccount(self, "ServiceAccount", metadata=self._meta(svc.name),
                               automount_service_account_token=False)

    def _deployment(self, version: Version) -> None:
        svc = self.props.service
        res = svc.resources
        quantities = {"cpu": res.cpu, "memory": res.memory, "ephemeral-storage": res.ephemeral_storage}
        if res.gpu:
            quantities[GPU_RESOURCE] = str(res.gpu)
        resources = {k: k8s.Quantity.from_string(v) for k, v in quantities.items()}
        env = {**svc.env, **version.env}
        mounts = [k8s.VolumeMount(name="cache", mount_path=CACHE_PATH),
                  k8s.VolumeMount(name="tmp", mount_path="/tmp")]
        volumes = [
            k8s.Volume(name="cache", empty_dir=k8s.EmptyDirVolumeSource(
                size_limit=k8s.Quantity.from_string(svc.cache_size_limit))),
            k8s.Volume(name="tmp", empty_dir=k8s.EmptyDirVolumeSource(
                size_limit=k8s.Quantity.from_string("1Gi"))),
        ]
        if res.gpu:
            # Tensor-parallel workers share memory through /dev/shm; the default 64Mi is too small.
            mounts.append(k8s.VolumeMount(name="dshm", mount_path="/dev/shm"))
            volumes.append(k8s.Volume(name="dshm", empty_dir=k8s.EmptyDirVolumeSource(
                medium="Memory", size_limit=k8s.Quantity.from_string("8Gi"))))
        container = k8s.Container(
            name="server",
            image=version.image or svc.image,
            image_pull_policy="IfNotPresent",
            args=list(svc.args) or None,
            env=[k8s.EnvVar(name=k, value=v) for k, v in sorted(env.items())] or None,
            ports=[k8s.ContainerPort(name=svc.protocol, container_port=svc.port, protocol="TCP")],
            resources=k8s.ResourceRequirements(requests=resources, limits=resources),
            startup_probe=self._probe(svc.probes.startup),
            readiness_probe=self._probe(svc.probes.readiness),
            liveness_probe=self._probe(svc.probes.liveness),
            security_context=k8s.SecurityContext(
                allow_privilege_escalation=False,
                privileged=False,
                read_only_root_filesystem=True,
                run_as_non_root=True,
                run_as_user=RUN_AS,
                run_as_group=RUN_AS,
                capabilities=k8s.Capabilities(drop=["ALL"]),
                seccomp_profile=k8s.SeccompProfile(type="RuntimeDefault"),
            ),
            volume_mounts=mounts,
        )
        startup = svc.probes.startup
        loading_budget = startup.period_seconds * startup.failure_threshold if startup else 0
        k8s.KubeDeployment(
            self, f"Deployment-{version.name}",
            metadata=self._meta(f"{svc.name}-{version.name}", version),
            spec=k8s.DeploymentSpec(
                # No replicas: the HorizontalPodAutoscaler owns the count, and a GitOps
                # controller re-applying a fixed number would fight it.
                selector=k8s.LabelSelector(match_labels=self._selector(version)),
                revision_history_limit=5,
                progress_deadline_seconds=600 + loading_budget,
                strategy=k8s.DeploymentStrategy(
                    type="RollingUpdate",
                    rolling_update=k8s.RollingUpdateDeployment(
                        max_surge=k8s.IntOrString.from_number(1),
                        max_unavailable=k8s.IntOrString.from_number(0))),
                template=k8s.PodTemplateSpec(
                    metadata=k8s.ObjectMeta(labels=self._labels(version)),
                    spec=k8s.PodSpec(
                        service_account_name=svc.name,
                        automount_service_account_token=False,
                        enable_service_links=False,
                        termination_grace_period_seconds=60,
                        security_context=k8s.PodSecurityContext(
                            run_as_non_root=True, run_as_user=RUN_AS, run_as_group=RUN_AS,
                            fs_group=RUN_AS,
                            seccomp_profile=k8s.SeccompProfile(type="RuntimeDefault")),
                        containers=[container],
                        volumes=volumes,
                        tolerations=[k8s.Toleration(key=GPU_RESOURCE, operator="Exists",
                                                    effect="NoSchedule")] if res.gpu else None,
                    ),
                ),
            ),
        )

    def _probe(self, probe: Probe | None) -> k8s.Probe | None:
        if probe is None:
            return None
        return k8s.Probe(
            http_get=k8s.HttpGetAction(path=probe.path,
                                       port=k8s.IntOrString.from_number(self.props.service.port)),
            initial_delay_seconds=probe.initial_delay_seconds or None,
            period_seconds=probe.period_seconds,
            timeout_seconds=probe.timeout_seconds,
            failure_threshold=probe.failure_threshold,
        )

    def _service(self) -> None:
        svc = self.props.service
        k8s.KubeService(
            self, "Service", metadata=self._meta(svc.name),
            spec=k8s.ServiceSpec(
                type="ClusterIP",
                selector={"app": svc.name},
                ports=[k8s.ServicePort(
                    # Istio picks the protocol from the name prefix; appProtocol says it again
                    # for Kubernetes and Gateway API consumers.
                    name=f"{svc.protocol}-api", port=svc.port, protocol="TCP",
                    app_protocol=svc.protocol,
                    target_port=k8s.IntOrString.from_string(svc.protocol))],
            ),
        )

    def _pdb(self, version: Version) -> None:
        svc = self.props.service
        minimum = svc.autoscaling.min_replicas
        # Keep one pod fewer than the HPA minimum available, so a drain never blocks on a
        # service sitting at its minimum; a single replica may always be evicted.
        budget = (dict(min_available=k8s.IntOrString.from_number(minimum - 1)) if minimum > 1
                  else dict(max_unavailable=k8s.IntOrString.from_number(1)))
        k8s.KubePodDisruptionBudget(
            self, f"PodDisruptionBudget-{version.name}",
            metadata=self._meta(f"{svc.name}-{version.name}", version),
            spec=k8s.PodDisruptionBudgetSpec(
                selector=k8s.LabelSelector(match_labels=self._selector(version)), **budget),
        )

    def _hpa(self, version: Version) -> None:
        svc = self.props.service
        scaling = svc.autoscaling
        metrics = []
        for resource, target in (("cpu", scaling.cpu_utilization), ("memory", scaling.memory_utilization)):
            if target is not None:
                metrics.append(k8s.MetricSpecV2(type="Resource", resource=k8s.ResourceMetricSourceV2(
                    name=resource, target=k8s.MetricTargetV2(type="Utilization", average_utilization=target))))
        metrics.extend(_metric(m) for m in scaling.metrics)
        behavior = None
        if scaling.behavior is not None:
            behavior = k8s.HorizontalPodAutoscalerBehaviorV2(
                scale_up=_rules(scaling.behavior.scale_up), scale_down=_rules(scaling.behavior.scale_down))
        name = f"{svc.name}-{version.name}"
        k8s.KubeHorizontalPodAutoscalerV2(
            self, f"HorizontalPodAutoscaler-{version.name}",
            metadata=self._meta(name, version),
            spec=k8s.HorizontalPodAutoscalerSpecV2(
                scale_target_ref=k8s.CrossVersionObjectReferenceV2(api_version="apps/v1", kind="Deployment", name=name),
                min_replicas=scaling.min_replicas, max_replicas=scaling.max_replicas,
                metrics=metrics, behavior=behavior),
        )

    # ------------------------------------------------------------------ Istio

    def _destination_rule(self) -> None:
        svc = self.props.service
        traffic = svc.traffic
        pool = traffic.connection_pool if traffic else None
        outlier = traffic.outlier_detection if traffic else None
        policy = None
        if traffic is not None:
            policy = istio_net.DestinationRuleSpecTrafficPolicy(
                load_balancer=istio_net.DestinationRuleSpecTrafficPolicyLoadBalancer(
                    simple=_enum(istio_net.DestinationRuleSpecTrafficPolicyLoadBalancerSimple, traffic.load_balancer)),
                connection_pool=istio_net.DestinationRuleSpecTrafficPolicyConnectionPool(
                    tcp=istio_net.DestinationRuleSpecTrafficPolicyConnectionPoolTcp(max_connections=pool.max_connections),
                    http=istio_net.DestinationRuleSpecTrafficPolicyConnectionPoolHttp(
                        http1_max_pending_requests=pool.http1_max_pending_requests,
                        http2_max_requests=pool.http2_max_requests,
                        max_requests_per_connection=pool.max_requests_per_connection or None,
                        idle_timeout=f"{pool.idle_timeout_seconds}s")),
                outlier_detection=istio_net.DestinationRuleSpecTrafficPolicyOutlierDetection(
                    consecutive5_xx_errors=outlier.consecutive_5xx_errors,
                    interval=f"{outlier.interval_seconds}s",
                    base_ejection_time=f"{outlier.base_ejection_time_seconds}s",
                    max_ejection_percent=outlier.max_ejection_percent),
            )
        else:
            policy = istio_net.DestinationRuleSpecTrafficPolicy(
                load_balancer=istio_net.DestinationRuleSpecTrafficPolicyLoadBalancer(
                    simple=istio_net.DestinationRuleSpecTrafficPolicyLoadBalancerSimple.LEAST_UNDERSCORE_REQUEST))
        istio_net.DestinationRule(
            self, "DestinationRule", metadata=self._crd_meta(svc.name),
            spec=istio_net.DestinationRuleSpec(
                host=self.host,
                traffic_policy=policy,
                subsets=[istio_net.DestinationRuleSpecSubsets(name=v.name, labels={"version": v.name})
                         for v in svc.versions]),
        )

    def _virtual_service(self) -> None:
        svc = self.props.service
        traffic = svc.traffic
        matches = []
        for m in traffic.matches:
            uri = None
            if m.uri_prefix is not None or m.uri_exact is not None:
                uri = istio_net.VirtualServiceSpecHttpMatchUri(prefix=m.uri_prefix, exact=m.uri_exact)
            headers = {k: istio_net.VirtualServiceSpecHttpMatchHeaders(exact=v) for k, v in m.headers.items()} or None
            matches.append(istio_net.VirtualServiceSpecHttpMatch(uri=uri, headers=headers))
        retries = traffic.retries
        istio_net.VirtualService(
            self, "VirtualService", metadata=self._crd_meta(svc.name),
            spec=istio_net.VirtualServiceSpec(
                hosts=list(traffic.hosts),
                gateways=[self.props.gateway],
                http=[istio_net.VirtualServiceSpecHttp(
                    name=svc.name,
                    match=matches,
                    route=[istio_net.VirtualServiceSpecHttpRoute(
                        destination=istio_net.VirtualServiceSpecHttpRouteDestination(
                            host=self.host, subset=v.name,
                            port=istio_net.VirtualServiceSpecHttpRouteDestinationPort(number=svc.port)),
                        weight=v.weight) for v in svc.versions],
                    timeout=f"{traffic.timeout_seconds}s",
                    retries=istio_net.VirtualServiceSpecHttpRetries(
                        attempts=retries.attempts,
                        per_try_timeout=f"{retries.per_try_timeout_seconds}s" if retries.attempts else None,
                        retry_on=",".join(retries.retry_on) if retries.attempts else None),
                )],
            ),
        )

    def _authorization_policy(self) -> None:
        svc = self.props.service
        td = self.props.trust_domain
        principals = [self.props.ingress_principal] + [
            f"{td}/ns/{c.namespace}/sa/{c.service_account}" for c in svc.callers]
        istio_sec.AuthorizationPolicy(
            self, "AuthorizationPolicy", metadata=self._crd_meta(svc.name),
            spec=istio_sec.AuthorizationPolicySpec(
                selector=istio_sec.AuthorizationPolicySpecSelector(match_labels={"app": svc.name}),
                action=istio_sec.AuthorizationPolicySpecAction.ALLOW,
                rules=[istio_sec.AuthorizationPolicySpecRules(
                    from_=[istio_sec.AuthorizationPolicySpecRulesFrom(
                        source=istio_sec.AuthorizationPolicySpecRulesFromSource(principals=principals))],
                    to=[istio_sec.AuthorizationPolicySpecRulesTo(
                        operation=istio_sec.AuthorizationPolicySpecRulesToOperation(ports=[str(svc.port)]))],
                )],
            ),
        )


def _enum(enum_cls, value: str):
    """Map an Istio enum value to the binding member (``LEAST_REQUEST`` → ``LEAST_UNDERSCORE_REQUEST``)."""
    return getattr(enum_cls, value.replace("_", "_UNDERSCORE_"))


def _metric(m: Metric) -> k8s.MetricSpecV2:
    target = (k8s.MetricTargetV2(type="AverageValue", average_value=k8s.Quantity.from_string(m.target_average_value))
              if m.target_average_value is not None
              else k8s.MetricTargetV2(type="Value", value=k8s.Quantity.from_string(m.target_value)))
    ident = k8s.MetricIdentifierV2(name=m.name, selector=k8s.LabelSelector(match_labels=m.selector) if m.selector else None)
    if m.type == "Pods":
        return k8s.MetricSpecV2(type="Pods", pods=k8s.PodsMetricSourceV2(metric=ident, target=target))
    if m.type == "Object":
        ref = m.described_object
        return k8s.MetricSpecV2(type="Object", object=k8s.ObjectMetricSourceV2(
            metric=ident, target=target,
            described_object=k8s.CrossVersionObjectReferenceV2(api_version=ref.api_version, kind=ref.kind, name=ref.name)))
    return k8s.MetricSpecV2(type="External", external=k8s.ExternalMetricSourceV2(metric=ident, target=target))


def _rules(rules: ScalingRules | None) -> k8s.HpaScalingRulesV2 | None:
    if rules is None:
        return None
    return k8s.HpaScalingRulesV2(
        stabilization_window_seconds=rules.stabilization_window_seconds,
        select_policy=rules.select_policy,
        policies=[k8s.HpaScalingPolicyV2(type=p.type, value=p.value, period_seconds=p.period_seconds)
                  for p in rules.policies] or None,
    )


__all__ = ["AiService", "AiServiceProps"]
