"""Issue 23's description fields for the pod: rollout, requests and limits apart, devices, /dev/shm, a shared
cache, pod labels and annotations, Service ports, KEDA polling, partial liveness. Each is refused with its path."""
from __future__ import annotations

import pytest

from conftest import problems_of
from inference_platform.description import parse


def llm(description: dict) -> dict:
    return description["services"][0]


def only_llm(description: dict) -> dict:
    description["environments"] = {}
    return description


def test_gpu_services_default_to_a_rollout_without_surge(description):
    platform = parse(description)
    assert platform.services[0].rollout.max_surge is None  # resolved per service by the Deployment


@pytest.mark.parametrize("rollout, message", [
    ({"max_surge": 1}, "services[0].rollout.max_surge: 1 adds 1 surge pod(s) at max_replicas 4, which need 1 "
                       "nvidia.com/gpu beyond the service's own, and rollout.spare_gpus is 0: on a full GPU pool the "
                       "surge pods stay Pending and the rollout never completes; use max_surge 0 with max_unavailable "
                       "1 (the default), strategy Recreate, or state the free GPUs the pool keeps in spare_gpus"),
    ({"max_surge": "50%", "spare_gpus": 1}, "services[0].rollout.max_surge: '50%' adds 2 surge pod(s) at max_replicas "
                                            "4, which need 2 nvidia.com/gpu beyond the service's own, and "
                                            "rollout.spare_gpus is 1: on a full GPU pool the surge pods stay Pending "
                                            "and the rollout never completes; use max_surge 0 with max_unavailable 1 "
                                            "(the default), strategy Recreate, or state the free GPUs the pool keeps "
                                            "in spare_gpus"),
    ({"max_surge": 0, "max_unavailable": 0}, "services[0].rollout.max_unavailable: is 0 with max_surge 0: the rollout "
                                             "could never replace a pod (the API server refuses it); allow one "
                                             "unavailable pod or one surge pod"),
    ({"strategy": "Recreate", "max_surge": 1}, "services[0].rollout.max_surge: 1 is only used by strategy: "
                                               "RollingUpdate"),
    ({"max_surge": "150%"}, "services[0].rollout.max_surge: '150%' is not a percentage ('0%' to '100%')"),
])
def test_rollouts_a_full_gpu_pool_cannot_finish_are_refused(description, rollout, message):
    llm(only_llm(description))["rollout"] = rollout
    assert message in problems_of(description)


def test_spare_gpus_admit_the_surge_they_cover(description):
    llm(only_llm(description))["rollout"] = {"max_surge": 1, "max_unavailable": 0, "spare_gpus": 1}
    assert parse(description).services[0].rollout.spare_gpus == 1


def test_a_gpu_rollout_in_an_environment_is_refused_where_it_is_written(description):
    description["environments"]["prod"]["services"]["llm-chat"]["rollout"] = {"max_surge": 2}
    assert any(p.startswith("environments.prod.services.llm-chat.rollout.max_surge: 2 adds 2 surge pod(s) at "
                            "max_replicas 8") for p in problems_of(description))


@pytest.mark.parametrize("resources, message", [
    ({"cpu": "4", "cpu_limit": "2"}, "services[0].resources.cpu_limit: '2' is below the request cpu '4'; the API "
                                     "server refuses it"),
    ({"memory": "24Gi", "memory_limit": "16Gi"}, "services[0].resources.memory_limit: '16Gi' is below the request "
                                                 "memory '24Gi'; the API server refuses it"),
    ({"cpu_limit": "unlimited"}, "services[0].resources.cpu_limit: 'unlimited' is neither a Kubernetes quantity (e.g. "
                                 "'500m', '2') nor 'none' (no CPU limit)"),
    ({"devices": {"nvidia.com/gpu": 1}}, "services[0].resources.devices.nvidia.com/gpu: is the gpu field's resource; "
                                         "write gpu: 1 instead"),
    ({"devices": {"gpu": 1}}, "services[0].resources.devices: key 'gpu' is not an extended resource name (<domain>/<name>"),
    ({"devices": {"kubernetes.io/foo": 1}}, "services[0].resources.devices: key 'kubernetes.io/foo' is not "
                                            "an extended resource name"),
    ({"devices": {"rdma/ib": 0}}, "services[0].resources.devices.rdma/ib: 0 is out of range"),
    ({"hugepages": {"2Mi": "3Mi"}}, "services[0].resources.hugepages.2Mi: '3Mi' is not a whole number of 2Mi pages; "
                                    "the kubelet allocates whole pages: use a multiple of 2Mi"),
    ({"hugepages": {"4Mi": "4Mi"}}, "services[0].resources.hugepages: key '4Mi' is not allowed; expected one of '2Mi', '1Gi'"),
    ({"memory": "8Gi", "shm_size": "16Gi"}, "services[0].resources.shm_size: '16Gi' is more than the memory limit "
                                            "'8Gi' (memory); /dev/shm is memory charged to that limit, and the kubelet "
                                            "OOM-kills the server before it is full: raise memory or shrink shm_size"),
])
def test_resources_the_api_server_or_kubelet_would_refuse_are_refused(description, resources, message):
    llm(only_llm(description))["resources"] = {**llm(description)["resources"], **resources}
    assert any(p.startswith(message) for p in problems_of(description)), problems_of(description)


@pytest.mark.parametrize("cache, message", [
    ({"type": "shared"}, "services[0].cache.claim_name: required for type: shared (the ReadWriteMany claim)"),
    ({"type": "shared", "claim_name": "models", "size": "60Gi"},
     "services[0].cache.size: '60Gi' is not used by type: shared (the claim's own size applies); remove it"),
])
def test_a_shared_cache_needs_its_claim(description, cache, message):
    llm(only_llm(description))["cache"] = cache
    assert message in problems_of(description)


@pytest.mark.parametrize("field, key, owner", [
    ("pod_labels", "app", "the platform"),
    ("pod_labels", "version", "the platform"),
    ("pod_labels", "sidecar.istio.io/inject", "Istio"),
    ("pod_labels", "istio-injection", "Istio's sidecar injection"),
    ("pod_annotations", "sidecar.istio.io/inject", "Istio"),
    ("pod_annotations", "traffic.sidecar.istio.io/excludeInboundPorts", "Istio"),
    ("pod_annotations", "prometheus.io/port", "the platform"),
    ("pod_annotations", "inference-platform.io/server", "the platform"),
])
def test_pod_metadata_the_platform_or_istio_owns_is_refused(description, field, key, owner):
    llm(only_llm(description))[field] = {key: "false"}
    kind = "label" if field == "pod_labels" else "annotation"
    assert any(p.startswith(f"services[0].{field}.{key}: is set by {owner}") and f"a pod {kind} cannot" in p
               for p in problems_of(description)), problems_of(description)


def test_service_ports_must_differ(description):
    svc = description["services"][1]
    svc["ports"] = [{"name": "http-api", "port": 8080, "service_port": 80}, {"name": "http-admin", "port": 80}]
    assert problems_of(description) == ["services[1].ports[1].port: 80 is already the Service port of ports[0]"]


def test_polling_interval_needs_keda(description):
    description["services"][3]["autoscaling"]["polling_interval_seconds"] = 10
    assert problems_of(description) == [
        "services[3].autoscaling.polling_interval_seconds: is only used by KEDA (metric signals or min_replicas 0); "
        "this version scales with a plain HPA on cpu/memory: remove it"]


def test_a_partial_liveness_mapping_keeps_the_liveness_defaults(description):
    llm(description)["probes"]["liveness"] = {"period_seconds": 30}
    liveness = parse(description).services[0].probes.liveness
    assert (liveness.type, liveness.period_seconds, liveness.timeout_seconds, liveness.failure_threshold) == (
        "tcp", 30, 5, 6)
