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
from inference_platform.description import Prometheus, Service, Version
from inference_platform.description.pod import MODELS_PATH, TOPOLOGY_KEYS
from inference_platform.description.service import CACHE_PATH, RUN_AS
from inference_platform.kube_names import binary_quantity, quantity_value

__all__ = ["ModelVersion", "GPU_RESOURCE", "CACHE_PATH", "RUN_AS", "SERVER_ANNOTATION"]

GPU_RESOURCE = "nvidia.com/gpu"
#: Pod annotation naming the model server (its preset), read by the validation gate.
SERVER_ANNOTATION = "inference-platform.io/server"
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
        res, cache = svc.resources, svc.cache
        # The kubelet counts disk-backed emptyDirs against the pod's ephemeral-storage limit and
        # evicts the pod when the sum exceeds it, so the request and limit cover the container's
        # own writes plus every disk emptyDir at its size limit: the cache can fill up to its size
        # while weights download without the pod evicting itself. A generic ephemeral volume is a
        # claim of its own and does not count.
        disk = [res.ephemeral_storage, TMP_SIZE] + ([cache.size] if cache.type != "ephemeral" else [])
        quantities = {"cpu": res.cpu, "memory": res.memory,
                      "ephemeral-storage": binary_quantity(sum(quantity_value(q) for q in disk))}
        if res.gpu:
            quantities[GPU_RESOURCE] = str(res.gpu)
        resources = {k: k8s.Quantity.from_string(v) for k, v in quantities.items()}
        mounts, volumes = self._volumes()
        container = k8s.Container(
            name="server",
            image=version.image or svc.image,
            image_pull_policy="IfNotPresent",
            args=list(svc.args) or None,
            env=self._env() or None,
            ports=[k8s.ContainerPort(name=p.name, container_port=p.port, protocol="TCP") for p in svc.port_list],
            resources=k8s.ResourceRequirements(requests=resources, limits=resources),
            startup_probe=self._probe("startup"),
            readiness_probe=self._probe("readiness"),
            liveness_probe=self._probe("liveness"),
            security_context=k8s.SecurityContext(
                allow_privilege_escalation=False,
                privileged=False,
                read_only_root_filesystem=svc.read_only_root_filesystem,
                run_as_non_root=True,
                run_as_user=svc.run_as_user,
                run_as_group=svc.run_as_user,
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
                    metadata=k8s.ObjectMeta(labels={**Chart.of(self).labels, **self.labels},
                                            annotations=self._annotations()),
                    spec=k8s.PodSpec(
                        service_account_name=svc.name,
                        automount_service_account_token=False,
                        enable_service_links=False,
                        termination_grace_period_seconds=60,
                        security_context=k8s.PodSecurityContext(
                            run_as_non_root=True, run_as_user=svc.run_as_user, run_as_group=svc.run_as_user,
                            fs_group=svc.fs_group,
                            seccomp_profile=k8s.SeccompProfile(type="RuntimeDefault")),
                        image_pull_secrets=[k8s.LocalObjectReference(name=s) for s in svc.image_pull_secrets] or None,
                        containers=[container],
                        volumes=volumes,
                        node_selector=dict(svc.node_selector) or None,
                        affinity=self._affinity(),
                        tolerations=self._tolerations(),
                        topology_spread_constraints=[k8s.TopologySpreadConstraint(
                            topology_key=TOPOLOGY_KEYS[t.over], max_skew=t.max_skew,
                            when_unsatisfiable=t.when_unsatisfiable,
                            label_selector=k8s.LabelSelector(match_labels=self.selector))
                            for t in svc.topology_spread] or None,
                        runtime_class_name=svc.runtime_class_name,
                        priority_class_name=svc.priority_class_name,
                    ),
                ),
            ),
        )

    def _annotations(self) -> dict[str, str]:
        svc = self._service
        # The server names the preset the validation gate checks the cache environment against.
        out = {SERVER_ANNOTATION: svc.server}
        metrics = svc.metrics_port
        if metrics is not None:
            # Istio's metrics merging: the sidecar scrapes this port and path inside the pod and
            # serves them with its own on :15020, so Prometheus needs no mTLS to the server.
            out.update({"prometheus.io/scrape": "true", "prometheus.io/port": str(metrics.port),
                        "prometheus.io/path": svc.metrics_path})
        return out

    def _env(self) -> list[k8s.EnvVar]:
        svc = self._service
        ports = {p.name: p.port for p in svc.port_list}
        # Lowest precedence first: the server's port variables, its cache environment, then the description.
        env: dict = {var: str(ports[name]) for name, var in svc.server_preset.port_env.items() if name in ports}
        env.update(svc.cache_env)
        env.update(svc.env)
        env.update(self._version.env)
        out = []
        for name, value in sorted(env.items()):
            if isinstance(value, str):
                out.append(k8s.EnvVar(name=name, value=value))
            elif value.secret is not None:
                out.append(k8s.EnvVar(name=name, value_from=k8s.EnvVarSource(secret_key_ref=k8s.SecretKeySelector(
                    name=value.secret, key=value.key, optional=value.optional or None))))
            else:
                out.append(k8s.EnvVar(name=name, value_from=k8s.EnvVarSource(
                    config_map_key_ref=k8s.ConfigMapKeySelector(name=value.config_map, key=value.key,
                                                                optional=value.optional or None))))
        return out

    def _volumes(self) -> tuple[list[k8s.VolumeMount], list[k8s.Volume]]:
        svc = self._service
        cache, size = svc.cache, k8s.Quantity.from_string(svc.cache.size)
        mounts = [k8s.VolumeMount(name="cache", mount_path=CACHE_PATH),
                  k8s.VolumeMount(name="tmp", mount_path="/tmp")]
        if cache.type == "ephemeral":
            cache_volume = k8s.Volume(name="cache", ephemeral=k8s.EphemeralVolumeSource(
                volume_claim_template=k8s.PersistentVolumeClaimTemplate(spec=k8s.PersistentVolumeClaimSpec(
                    access_modes=["ReadWriteOnce"], storage_class_name=cache.storage_class,
                    resources=k8s.ResourceRequirements(requests={"storage": size})))))
        else:
            cache_volume = k8s.Volume(name="cache", empty_dir=k8s.EmptyDirVolumeSource(size_limit=size))
        volumes = [cache_volume, k8s.Volume(name="tmp", empty_dir=k8s.EmptyDirVolumeSource(
            size_limit=k8s.Quantity.from_string(TMP_SIZE)))]
        if cache.type == "pvc":
            # Pre-downloaded weights, shared by every pod: read-only in the volume and the mount.
            mounts.append(k8s.VolumeMount(name="models", mount_path=MODELS_PATH, read_only=True))
            volumes.append(k8s.Volume(name="models", persistent_volume_claim=k8s.PersistentVolumeClaimVolumeSource(
                claim_name=cache.claim_name, read_only=True)))
        if svc.resources.gpu and (svc.server_preset.needs_shm or svc.server == "generic"):
            # Tensor-parallel workers share memory through /dev/shm; the default 64Mi is too small.
            mounts.append(k8s.VolumeMount(name="dshm", mount_path="/dev/shm"))
            volumes.append(k8s.Volume(name="dshm", empty_dir=k8s.EmptyDirVolumeSource(
                medium="Memory", size_limit=k8s.Quantity.from_string("8Gi"))))
        return mounts, volumes

    def _affinity(self) -> k8s.Affinity | None:
        svc = self._service
        node = None
        if svc.node_affinity:
            node = k8s.NodeAffinity(required_during_scheduling_ignored_during_execution=k8s.NodeSelector(
                node_selector_terms=[k8s.NodeSelectorTerm(match_expressions=[k8s.NodeSelectorRequirement(
                    key=r.key, operator=r.operator, values=list(r.values) or None) for r in svc.node_affinity])]))
        pods = None
        # The service's pods (every version) on different nodes: a node failure takes one replica.
        term = k8s.PodAffinityTerm(topology_key=TOPOLOGY_KEYS["host"],
                                   label_selector=k8s.LabelSelector(match_labels={"app": svc.name}))
        if svc.spread_pods == "required":
            pods = k8s.PodAntiAffinity(required_during_scheduling_ignored_during_execution=[term])
        elif svc.spread_pods == "preferred":
            pods = k8s.PodAntiAffinity(preferred_during_scheduling_ignored_during_execution=[
                k8s.WeightedPodAffinityTerm(weight=100, pod_affinity_term=term)])
        return k8s.Affinity(node_affinity=node, pod_anti_affinity=pods) if node or pods else None

    def _tolerations(self) -> list[k8s.Toleration] | None:
        svc = self._service
        out = [k8s.Toleration(key=GPU_RESOURCE, operator="Exists", effect="NoSchedule")] if svc.resources.gpu else []
        out += [k8s.Toleration(key=t.key, operator=t.operator, value=t.value, effect=t.effect) for t in svc.tolerations]
        return out or None

    def _probe(self, kind: str) -> k8s.Probe | None:
        svc = self._service
        probe = getattr(svc.probes, kind)
        if probe is None:
            return None
        port = svc.probe_port(probe)
        action = {"http": dict(http_get=k8s.HttpGetAction(path=svc.probe_path(kind),
                                                          port=k8s.IntOrString.from_string(port.name))),
                  # gRPC probes take a port number only (no names in GRPCAction).
                  "grpc": dict(grpc=k8s.GrpcAction(port=port.port)),
                  "tcp": dict(tcp_socket=k8s.TcpSocketAction(port=k8s.IntOrString.from_string(port.name)))}[probe.type]
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
