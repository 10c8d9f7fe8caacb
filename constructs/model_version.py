"""ModelVersion: one model version's workload: Deployment, HorizontalPodAutoscaler, PodDisruptionBudget.

Each version of a service scales and drains on its own, so a canary never borrows the stable
version's capacity. Names are ``<service>-<version>``, from the description.

Why raw ``k8s`` objects and not cdk8s-plus L2 constructs: cdk8s-plus-27's Deployment selects its
pods by a label derived from the construct path unless told otherwise, and a Deployment's
selector is immutable, so moving code would force a delete-and-recreate of a serving model; and
it has no GPU resources (``nvidia.com/gpu``), no seccomp profile and no PodDisruptionBudget.
"""
from __future__ import annotations

from cdk8s import Chart
from cdk8s_plus_27 import k8s
from constructs import Construct

from inference_platform.description import Metric, Probe, ScalingRules, Service, Version

__all__ = ["ModelVersion", "GPU_RESOURCE", "CACHE_PATH", "RUN_AS"]

GPU_RESOURCE = "nvidia.com/gpu"
CACHE_PATH = "/cache"
#: Non-root UID/GID above the host range (10000+), so a container escape maps to no host user.
RUN_AS = 10001


class ModelVersion(Construct):
    """Deployment, HPA and PDB ``<service>-<version>`` for one version of ``service`` in ``namespace``.

    ``labels`` are the service's own labels (``app`` and its name); the version adds
    ``version``. The Deployment has no ``replicas``: the autoscaler owns the count.
    """

    def __init__(self, scope: Construct, id: str, *, service: Service, version: Version, namespace: str,
                 labels: dict[str, str]) -> None:
        super().__init__(scope, id)
        self._service, self._version, self._namespace = service, version, namespace
        self.name = f"{service.name}-{version.name}"
        self.labels = {**labels, "version": version.name, "app.kubernetes.io/version": version.name}
        self.selector = {"app": service.name, "version": version.name}
        self.deployment = self._deployment()
        self.autoscaler = self._hpa()
        self.disruption_budget = self._pdb()

    def _meta(self) -> k8s.ObjectMeta:
        return k8s.ObjectMeta(name=self.name, namespace=self._namespace, labels=self.labels)

    def _deployment(self) -> k8s.KubeDeployment:
        svc, version = self._service, self._version
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
        return k8s.KubeDeployment(
            self, "Deployment",
            metadata=self._meta(),
            spec=k8s.DeploymentSpec(
                # No replicas: the HorizontalPodAutoscaler owns the count, and a GitOps
                # controller re-applying a fixed number would fight it.
                selector=k8s.LabelSelector(match_labels=self.selector),
                revision_history_limit=5,
                progress_deadline_seconds=600 + loading_budget,
                strategy=k8s.DeploymentStrategy(
                    type="RollingUpdate",
                    rolling_update=k8s.RollingUpdateDeployment(
                        max_surge=k8s.IntOrString.from_number(1),
                        max_unavailable=k8s.IntOrString.from_number(0))),
                template=k8s.PodTemplateSpec(
                    # Chart labels reach only top-level metadata; the pods carry them too.
                    metadata=k8s.ObjectMeta(labels={**Chart.of(self).labels, **self.labels}),
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
            http_get=k8s.HttpGetAction(path=probe.path, port=k8s.IntOrString.from_number(self._service.port)),
            initial_delay_seconds=probe.initial_delay_seconds or None,
            period_seconds=probe.period_seconds,
            timeout_seconds=probe.timeout_seconds,
            failure_threshold=probe.failure_threshold,
        )

    def _hpa(self) -> k8s.KubeHorizontalPodAutoscalerV2:
        scaling = self._service.autoscaling
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
        return k8s.KubeHorizontalPodAutoscalerV2(
            self, "HorizontalPodAutoscaler",
            metadata=self._meta(),
            spec=k8s.HorizontalPodAutoscalerSpecV2(
                scale_target_ref=k8s.CrossVersionObjectReferenceV2(
                    api_version="apps/v1", kind="Deployment", name=self.deployment.name),
                min_replicas=scaling.min_replicas, max_replicas=scaling.max_replicas,
                metrics=metrics, behavior=behavior),
        )

    def _pdb(self) -> k8s.KubePodDisruptionBudget:
        minimum = self._service.autoscaling.min_replicas
        # Keep one pod fewer than the HPA minimum available, so a drain never blocks on a
        # service sitting at its minimum; a single replica may always be evicted.
        budget = (dict(min_available=k8s.IntOrString.from_number(minimum - 1)) if minimum > 1
                  else dict(max_unavailable=k8s.IntOrString.from_number(1)))
        return k8s.KubePodDisruptionBudget(
            self, "PodDisruptionBudget",
            metadata=self._meta(),
            spec=k8s.PodDisruptionBudgetSpec(selector=k8s.LabelSelector(match_labels=self.selector), **budget),
        )


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
