"""Capacity rules of the gate (issue 23): rollouts that need no GPU the pool lacks, /dev/shm within the memory
limit. One broken set per case, one that passes, and the loader refusing the same cause in the description."""
from __future__ import annotations

import pytest

from conftest import problems_of, synth_service
from inference_platform.description import load_file
from inference_platform.description.rollout import Rollout

from test_rules import by_kind, minimal
from test_rules_platform import apps_layer, findings, rules_of


def gpu_deployment(strategy: dict | None, *, gpus: int = 2, max_replicas: int = 4, spare: str | None = None):
    docs = minimal()
    deploy = by_kind(docs, "Deployment")
    deploy["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"] = {"nvidia.com/gpu": str(gpus)}
    if strategy is not None:
        deploy["spec"]["strategy"] = strategy
    if spare is not None:
        deploy["metadata"]["annotations"] = {"inference-platform.io/rollout-spare-gpus": spare}
    by_kind(docs, "HorizontalPodAutoscaler")["spec"]["maxReplicas"] = max_replicas
    return docs


def test_fails_when_a_gpu_rollout_needs_a_surge_pod_the_pool_has_no_gpus_for(tmp_path):
    assert findings(tmp_path, apps_layer(gpu_deployment(None))) == [(
        "Deployment apps/chat-v1", "spec.strategy", "rollout-fits-gpus",
        "the rollout adds 1 surge pod(s) at 4 replicas, which need 2 nvidia.com/gpu beyond what the Deployment's pods "
        "hold, and the pool keeps 0 free (inference-platform.io/rollout-spare-gpus); on a full GPU pool the surge pods "
        "stay Pending and the rollout never completes: set maxSurge 0 with maxUnavailable 1, or strategy Recreate")]


def test_percent_surges_count_at_the_autoscalers_maximum(tmp_path):
    docs = gpu_deployment({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "50%", "maxUnavailable": 0}},
                          gpus=1, spare="1")
    assert rules_of(findings(tmp_path, apps_layer(docs))) == ["rollout-fits-gpus"]  # 2 surge pods, 1 spare GPU


@pytest.mark.parametrize("strategy, spare", [
    ({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}}, None),
    ({"type": "Recreate"}, None),
    ({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}, "2"),
])
def test_gpu_rollouts_within_the_pool_pass(tmp_path, strategy, spare):
    assert findings(tmp_path, apps_layer(gpu_deployment(strategy, spare=spare))) == []


def with_shm(memory_limit: str | None, size: str) -> list[dict]:
    docs = minimal()
    spec = by_kind(docs, "Deployment")["spec"]["template"]["spec"]
    if memory_limit:
        spec["containers"][0]["resources"]["limits"] = {"memory": memory_limit}
    spec["volumes"] = [{"name": "dshm", "emptyDir": {"medium": "Memory", "sizeLimit": size}}]
    return docs


def test_fails_when_shared_memory_exceeds_the_memory_limit(tmp_path):
    assert findings(tmp_path, apps_layer(with_shm("4Gi", "8Gi"))) == [(
        "Deployment apps/chat-v1", "spec.template.spec.volumes", "memory-volumes-fit",
        "memory-backed emptyDir volumes may hold 8Gi (dshm 8Gi) but the pod's memory limit is 4Gi; tmpfs pages "
        "count against it and the container is OOM-killed before the volumes are full: raise the memory limit or "
        "shrink the volumes")]


@pytest.mark.parametrize("memory_limit, size", [("24Gi", "8Gi"), (None, "64Gi")])
def test_shared_memory_within_the_limit_passes(tmp_path, memory_limit, size):
    assert findings(tmp_path, apps_layer(with_shm(memory_limit, size))) == []


# --------------------------------------------------------------------------- one rule, both sides


@pytest.fixture(scope="module")
def llm_service():
    return load_file("platform.yaml").services[0]


def gate_rules(tmp_path, docs: list[dict]) -> list[str]:
    return sorted({rule for rule in rules_of(findings(tmp_path, apps_layer(docs)))
                   if rule in ("rollout-fits-gpus", "memory-volumes-fit")})


def test_what_the_loader_accepts_the_gate_accepts(tmp_path, llm_service):
    assert gate_rules(tmp_path, synth_service(llm_service)) == []


def test_a_surge_the_loader_refuses_is_what_the_gate_refuses(tmp_path, llm_service, description):
    # model_copy skips validation: the Deployment the synth would write if the loader let it through
    unchecked = llm_service.model_copy(update={"rollout": Rollout(max_surge=1, max_unavailable=0)})
    assert gate_rules(tmp_path, synth_service(unchecked)) == ["rollout-fits-gpus"]
    description["services"][0]["rollout"] = {"max_surge": 1, "max_unavailable": 0}
    assert any(".rollout.max_surge: 1 adds 1 surge pod(s)" in p for p in problems_of(description))


def test_shm_the_loader_refuses_is_what_the_gate_refuses(tmp_path, llm_service, description):
    resources = llm_service.resources.model_copy(update={"shm_size": "32Gi"})
    unchecked = llm_service.model_copy(update={"resources": resources})
    assert gate_rules(tmp_path, synth_service(unchecked)) == ["memory-volumes-fit"]
    description["services"][0]["resources"]["shm_size"] = "32Gi"
    assert any(".resources.shm_size: '32Gi' is more than the memory limit" in p for p in problems_of(description))
