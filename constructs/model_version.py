"""ModelVersion: one model version's workload: Deployment, its autoscaler, PodDisruptionBudget.

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

from constructs.model_autoscaler import ModelAutoscaler
from inference_platform.description import Probe, Prometheus, Service, Version
from inference_platform.kube_names import binary_quantity, quantity_value

__all__ = ["ModelVersion", "GPU_RESOURCE", "CACHE_PATH", "RUN_AS"]

GPU_RESOURCE = "nvidia.com/gpu"
CACHE_PATH = "/cache"
#: Non-root UID/GID above the host range (10000+), so a container escape maps to no host user.
RUN_AS = 10001
#: Size of the writable /tmp volume.
TMP_SIZE = "1Gi"


class ModelVersion(Construct):
    """Deployment, HPA and PDB ``<service>-<version>`` for one version of ``service`` in ``namespace``.

    ``labels`` are the service's own labels (``app`` and its name); the version adds
    ``version``. The Deployment has no ``replicas``: the autoscaler owns the count.
    """

    def __init__(self, scope: Construct, id: str, *, service: Service, version: Version, namespace: str,
                 labels: dict[str, str], prometheus: Prometheus = Prometheus()) -> None:
        super().__init__(scope, id)
        self._service, self._version, self._namespace = service, version, namespace
        self.name = f"{service.name}-{version.name}"
        self.labels = {**labels, "version": version.name, "app.kubernetes.io/version": version.name}
        self.selector = {"app": service.name, "version": version.name}
        self.deployment = self._deployment()
        self.autoscaler = ModelAutoscaler(self, "Autoscaler", name=self.name, namespace=namespace,
                                          labels=self.labels, autoscaling=service.autoscaling,
                                          target=self.deployment, server=service.server, prometheus=prometheus)
        self.disruption_budget = self._pdb()

    def _meta(self) -> k8s.ObjectMeta:
        return k8s.ObjectMeta(name=self.name, namespace=self._namespace, labels=self.labels)

    def _deployment(self) -> k8s.KubeDeployment:
        svc, version = self._service, self._version
        res = svc.resources
        # The kubelet counts disk-backed emptyDirs against the pod's ephemeral-storage limit and
        # evicts the pod when the sum exceeds it, so the request and limit cover the container's
        # own writes plus every disk volume at its size limit: the cache can fill up to its size
        # while weights download without the pod evicting itself.
        disk = [res.ephemeral_storage, svc.cache_size_limit, TMP_SIZE]
        quantities = {"cpu": res.cpu, "memory": res.memory,
                      "ephemeral-storage": binary_quantity(sum(quantity_value(q) for q in disk))}
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
                size_limit=k8s.Quantity.from_string(TMP_SIZE))),
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
        port = self._service.port
        action = {"http": dict(http_get=k8s.HttpGetAction(path=probe.path, port=k8s.IntOrString.from_number(port))),
                  "grpc": dict(grpc=k8s.GrpcAction(port=port)),
                  "tcp": dict(tcp_socket=k8s.TcpSocketAction(port=k8s.IntOrString.from_number(port)))}[probe.type]
        return k8s.Probe(
            **action,
            initial_delay_seconds=probe.initial_delay_seconds or None,
            period_seconds=probe.period_seconds,
            timeout_seconds=probe.timeout_seconds,
            failure_threshold=probe.failure_threshold,
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
