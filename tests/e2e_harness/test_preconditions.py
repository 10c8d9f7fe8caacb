"""e2e/preconditions.py: what the pods in dist/ assume a GPU cluster provides, read from the documents."""
from __future__ import annotations

from pathlib import Path

from e2e import preconditions, rollout_scenario
from e2e.variants import read_documents


def _deployment(spec: dict, namespace: str = "ai-vision") -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "vision", "namespace": namespace},
            "spec": {"template": {"spec": spec}}}


TRITON = {
    "nodeSelector": {"node-pool": "gpu-a100"},
    "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchExpressions": [{"key": "nvidia.com/gpu.product", "operator": "In",
                               "values": ["NVIDIA-A100-SXM4-80GB", "NVIDIA-H100-80GB-HBM3"]}]}]}}},
    "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"},
                    {"key": "node-pool", "operator": "Equal", "value": "gpu-a100", "effect": "NoSchedule"}],
    "runtimeClassName": "nvidia",
    "containers": [{"name": "server", "resources": {"limits": {"nvidia.com/gpu": "2"}},
                    "volumeMounts": [{"name": "models", "mountPath": "/models", "readOnly": True}]}],
    "volumes": [{"name": "models", "persistentVolumeClaim": {"claimName": "triton-models"}}],
}


def test_a_gpu_pool_per_distinct_placement_with_its_labels_and_taint():
    pools = preconditions.node_pools([_deployment(TRITON), _deployment(TRITON, "other")])
    assert [s.zone for s in pools] == ["zone-a", "zone-b", "zone-c"]
    assert {s.gpus for s in pools} == {8}
    assert dict(pools[0].labels) == {"node-pool": "gpu-a100", "nvidia.com/gpu.product": "NVIDIA-A100-SXM4-80GB"}
    assert pools[0].taints == (("node-pool", "gpu-a100", "NoSchedule"),)


def test_pods_without_placement_need_no_pool():
    assert preconditions.node_pools([_deployment({"containers": [{"name": "app"}]})]) == ()


def test_a_placement_every_default_node_satisfies_needs_no_pool():
    linux = {"nodeSelector": {"kubernetes.io/os": "linux"}, "containers": [{"name": "istiod"}]}
    assert preconditions.node_pools([_deployment(linux)]) == ()


def test_runtime_class_and_a_pre_bound_read_only_claim():
    objs = {(o["kind"], o["metadata"]["name"]): o for o in preconditions.cluster_objects([_deployment(TRITON)])}
    assert objs[("RuntimeClass", "nvidia")]["handler"] == "nvidia"
    pvc = objs[("PersistentVolumeClaim", "triton-models")]
    pv = objs[("PersistentVolume", pvc["spec"]["volumeName"])]
    assert pvc["metadata"]["namespace"] == "ai-vision"
    assert pvc["spec"]["accessModes"] == pv["spec"]["accessModes"] == ["ReadOnlyMany"]
    assert pv["spec"]["claimRef"] == {"namespace": "ai-vision", "name": "triton-models"}


def test_objects_the_output_defines_are_not_provided():
    ours = [{"apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass", "metadata": {"name": "nvidia"}},
            {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
             "metadata": {"name": "triton-models", "namespace": "ai-vision"}}]
    assert preconditions.cluster_objects([_deployment(TRITON), *ours]) == []


def test_committed_dist_vision_service_is_covered():
    docs = [d for f in sorted(Path("dist/prod/layers").rglob("*.yaml")) for d in read_documents(f)]
    kinds = {o["kind"] for o in preconditions.cluster_objects(docs)}
    assert {"RuntimeClass", "PersistentVolume", "PersistentVolumeClaim"} <= kinds
    assert preconditions.node_pools(docs)


def test_the_rollout_scenarios_pool_holds_exactly_the_replicas_gpus():
    pool = rollout_scenario._pool(TRITON, 2)
    assert len(pool) == rollout_scenario.REPLICAS and {s.gpus for s in pool} == {2}
    assert dict(pool[0].labels) == {"node-pool": "gpu-a100", "nvidia.com/gpu.product": "NVIDIA-A100-SXM4-80GB"}
    assert pool[0].taints == (("node-pool", "gpu-a100", "NoSchedule"),)
