"""pod_limits: the pod arithmetic the loader and the gate share, against what Kubernetes computes."""
from __future__ import annotations

from decimal import Decimal

import pytest

from inference_platform.pod_limits import memory_overflow, pod_accelerators, pod_request, rollout_pods, surge_shortfall


@pytest.mark.parametrize("strategy, replicas, expected", [
    (None, 4, (1, 1)),                                                      # 25% / 25%: surge rounds up, unavailable down
    (None, 1, (1, 0)),
    ({"type": "Recreate"}, 3, (0, 3)),
    ({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}}, 3, (0, 1)),
    ({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "50%", "maxUnavailable": "10%"}}, 3, (2, 0)),
    ({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "0%", "maxUnavailable": "10%"}}, 3, (0, 1)),  # fencepost
])
def test_rollout_pods_resolve_like_the_deployment_controller(strategy, replicas, expected):
    assert rollout_pods(strategy, replicas) == expected


def test_surge_shortfall_counts_each_accelerator_beyond_the_spare_ones():
    assert surge_shortfall({"nvidia.com/gpu": 2}, 1, 0) == {"nvidia.com/gpu": 2}
    assert surge_shortfall({"nvidia.com/gpu": 2}, 1, 2) == {}
    assert surge_shortfall({"nvidia.com/gpu": 2}, 0, 0) == {}


def test_pod_request_counts_native_sidecars_and_the_largest_init_container():
    def c(gpu, **extra):
        return {"resources": {"limits": {"nvidia.com/gpu": str(gpu), "memory": "1Gi"}}, **extra}
    spec = {"initContainers": [c(4), c(1, restartPolicy="Always")], "containers": [c(2)]}
    assert pod_request(spec, "nvidia.com/gpu") == 4          # the init container alone, before the sidecar starts
    spec["initContainers"][0] = c(1)
    assert pod_request(spec, "nvidia.com/gpu") == 3          # the server and the sidecar run together
    assert pod_accelerators(spec) == {"nvidia.com/gpu": 3}
    assert pod_request(spec, "memory", "limits") == Decimal(2 * 2**30)


def test_memory_overflow_is_zero_without_a_limit():
    assert memory_overflow(Decimal(10), None) == 0
    assert memory_overflow(Decimal(10), Decimal(4)) == 6
