"""model_version: each version's Deployment, HPA and PDB, checked on the fields that carry intent."""
from __future__ import annotations

from inference_platform.description.pod import ServicePort

from conftest import find, synth_service


def model_servers(docs: list[dict]) -> list[dict]:
    """The model versions' Deployments (not an endpoint picker's)."""
    return [d for d in find(docs, "Deployment") if not d["metadata"]["name"].endswith("-epp")]


def test_autoscaled_deployment_omits_replicas(llm):
    for deploy in model_servers(llm):
        assert "replicas" not in deploy["spec"]


def test_deployment_runs_hardened(llm):
    pod = find(llm, "Deployment", "llm-chat-v1")[0]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    sc = container["securityContext"]
    assert sc["runAsNonRoot"] is True and sc["readOnlyRootFilesystem"] is True
    assert sc["allowPrivilegeEscalation"] is False and sc["capabilities"] == {"drop": ["ALL"]}
    assert sc["seccompProfile"] == {"type": "RuntimeDefault"}
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert sc["runAsUser"] >= 10000 and pod["securityContext"]["runAsUser"] >= 10000
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    assert mounts["/cache"] == "cache"
    cache = next(v for v in pod["volumes"] if v["name"] == "cache")
    assert cache["emptyDir"] == {"sizeLimit": "60Gi"}


def test_ephemeral_storage_covers_the_cache_and_tmp_volumes(llm, embeddings):
    # The kubelet evicts a pod whose disk emptyDirs outgrow its ephemeral-storage limit: 2Gi of
    # the container's own writes + a 60Gi cache + 1Gi /tmp must all fit.
    pod = find(llm, "Deployment", "llm-chat-v1")[0]["spec"]["template"]["spec"]
    res = pod["containers"][0]["resources"]
    assert res["requests"]["ephemeral-storage"] == res["limits"]["ephemeral-storage"] == "63Gi"
    cpu_pod = find(embeddings, "Deployment")[0]["spec"]["template"]["spec"]
    assert cpu_pod["containers"][0]["resources"]["limits"]["ephemeral-storage"] == "7Gi"  # 1Gi + 5Gi + 1Gi


def test_liveness_asks_only_whether_the_process_is_alive(llm, embeddings):
    for docs in (llm, embeddings):
        container = find(docs, "Deployment")[0]["spec"]["template"]["spec"]["containers"][0]
        live, ready = container["livenessProbe"], container["readinessProbe"]
        assert "tcpSocket" in live and "httpGet" in ready
        assert live["periodSeconds"] * live["failureThreshold"] >= 3 * ready["periodSeconds"] * ready["failureThreshold"]


def test_grpc_probes_use_the_grpc_health_protocol(platform):
    grpc = platform.services[1].model_copy(update={
        "ports": (ServicePort(name="grpc-api", port=8080, protocol="grpc"),),
        "probes": platform.services[1].probes.model_copy(update={
            "startup": None, "readiness": platform.services[1].probes.readiness.model_copy(update={"type": "grpc"})})})
    container = find(synth_service(grpc), "Deployment")[0]["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["grpc"] == {"port": 8080}
    assert "httpGet" not in container["readinessProbe"]


def test_gpu_service_requests_gpu_and_tolerates_gpu_nodes(llm, embeddings):
    pod = find(llm, "Deployment", "llm-chat-v1")[0]["spec"]["template"]["spec"]
    res = pod["containers"][0]["resources"]
    assert res["limits"]["nvidia.com/gpu"] == "1" and res["requests"]["nvidia.com/gpu"] == "1"
    assert pod["tolerations"] == [{"effect": "NoSchedule", "key": "nvidia.com/gpu", "operator": "Exists"}]
    cpu_pod = find(embeddings, "Deployment")[0]["spec"]["template"]["spec"]
    assert "nvidia.com/gpu" not in cpu_pod["containers"][0]["resources"]["limits"]
    assert "tolerations" not in cpu_pod


def test_startup_probe_allows_minutes_of_model_loading(llm):
    container = find(llm, "Deployment", "llm-chat-v1")[0]["spec"]["template"]["spec"]["containers"][0]
    probe = container["startupProbe"]
    assert probe["periodSeconds"] * probe["failureThreshold"] == 900
    assert probe["httpGet"] == {"path": "/health", "port": "http-api"}


def test_versions_get_their_model_env(llm):
    def env(name):
        c = find(llm, "Deployment", name)[0]["spec"]["template"]["spec"]["containers"][0]
        return {e["name"]: e.get("value", e.get("valueFrom")) for e in c["env"]}
    assert env("llm-chat-v1")["MODEL_ID"] == "meta-llama/Llama-3.1-8B-Instruct"
    assert env("llm-chat-v2")["MODEL_ID"] == "Qwen/Qwen2.5-7B-Instruct"
    assert env("llm-chat-v2")["HF_HOME"] == "/cache/hf"  # from the vllm preset


def test_pdb_keeps_one_fewer_than_the_hpa_minimum(platform, embeddings, llm):
    (pdb,) = find(embeddings, "PodDisruptionBudget")
    assert pdb["spec"]["minAvailable"] == 1  # min_replicas 2
    for pdb in find(llm, "PodDisruptionBudget"):  # min_replicas 1: one pod may always go
        assert pdb["spec"]["maxUnavailable"] == 1 and "minAvailable" not in pdb["spec"]


# ------------------------------------------------------------------ issue 23: rollouts, resources, pod metadata


def pod_of(docs, name=None):
    return find(docs, "Deployment", name)[0]["spec"]["template"]["spec"]


def with_changes(service, **changes):
    """``service`` with description changes, validated the way the loader validates them."""
    data = service.model_dump(exclude_unset=True)
    data.update(changes)
    return type(service).model_validate(data)


def test_gpu_versions_roll_out_without_a_surge_pod_and_cpu_versions_with_one(llm, embeddings):
    for deploy in model_servers(llm):
        assert deploy["spec"]["strategy"] == {"type": "RollingUpdate",
                                              "rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}}
        assert "annotations" not in deploy["metadata"]
    assert find(embeddings, "Deployment")[0]["spec"]["strategy"]["rollingUpdate"] == {"maxSurge": 1,
                                                                                    "maxUnavailable": 0}


def test_rollout_strategy_and_spare_gpus_reach_the_deployment(platform):
    recreate = synth_service(with_changes(platform.services[0], rollout={"strategy": "Recreate"}))
    assert find(recreate, "Deployment")[0]["spec"]["strategy"] == {"type": "Recreate"}
    spare = synth_service(with_changes(platform.services[0], rollout={"max_surge": 1, "max_unavailable": 0,
                                                                      "spare_gpus": 1}))
    deploy = find(spare, "Deployment")[0]
    assert deploy["spec"]["strategy"]["rollingUpdate"] == {"maxSurge": 1, "maxUnavailable": 0}
    assert deploy["metadata"]["annotations"] == {"inference-platform.io/rollout-spare-gpus": "1"}


def test_limits_apart_from_requests(platform):
    svc = with_changes(platform.services[1], resources={"cpu": "2", "cpu_limit": "none", "memory": "4Gi",
                                                        "memory_limit": "6Gi"})
    res = pod_of(synth_service(svc))["containers"][0]["resources"]
    assert res["requests"] == {"cpu": "2", "memory": "4Gi", "ephemeral-storage": "7Gi"}
    assert res["limits"] == {"memory": "6Gi", "ephemeral-storage": "7Gi"}  # no cpu: never throttled (Burstable)


def test_devices_and_hugepages_request_what_they_limit_and_accelerators_are_tolerated(platform):
    svc = with_changes(platform.services[0], resources={
        "cpu": "4", "memory": "24Gi", "gpu": 0, "devices": {"amd.com/gpu": 2, "rdma/ib": 1},
        "hugepages": {"2Mi": "1Gi"}})
    pod = pod_of(synth_service(svc))
    res = pod["containers"][0]["resources"]
    for kind in ("requests", "limits"):
        assert {k: res[kind][k] for k in ("amd.com/gpu", "rdma/ib", "hugepages-2Mi")} == {
            "amd.com/gpu": "2", "rdma/ib": "1", "hugepages-2Mi": "1Gi"}
    assert "nvidia.com/gpu" not in res["limits"]
    assert pod["tolerations"] == [{"effect": "NoSchedule", "key": "amd.com/gpu", "operator": "Exists"}]
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert volumes["hugepages-2mi"]["emptyDir"] == {"medium": "HugePages-2Mi"}
    assert volumes["dshm"]["emptyDir"] == {"medium": "Memory", "sizeLimit": "8Gi"}  # an accelerator: /dev/shm
    assert pod["affinity"]["podAntiAffinity"]  # spread like GPU pods
    assert find(synth_service(svc), "Deployment")[0]["spec"]["strategy"]["rollingUpdate"]["maxSurge"] == 0


def test_shm_size_is_the_descriptions_and_defaults_to_at_most_half_the_memory_limit(platform):
    def shm(**resources):
        svc = with_changes(platform.services[0], resources=resources)
        return next((v["emptyDir"] for v in pod_of(synth_service(svc))["volumes"] if v["name"] == "dshm"), None)
    assert shm(gpu=1, memory="24Gi") == {"medium": "Memory", "sizeLimit": "8Gi"}
    assert shm(gpu=1, memory="6Gi") == {"medium": "Memory", "sizeLimit": "3Gi"}
    assert shm(gpu=1, memory="24Gi", memory_limit="64Gi", shm_size="20Gi") == {"medium": "Memory", "sizeLimit": "20Gi"}
    assert shm(gpu=0, memory="4Gi") is None
    assert shm(gpu=0, memory="4Gi", shm_size="1Gi") == {"medium": "Memory", "sizeLimit": "1Gi"}


def test_a_shared_cache_is_the_claim_mounted_writable_at_cache(platform):
    svc = with_changes(platform.services[0], cache={"type": "shared", "claim_name": "llm-models"})
    pod = pod_of(synth_service(svc))
    cache = next(v for v in pod["volumes"] if v["name"] == "cache")
    assert cache == {"name": "cache", "persistentVolumeClaim": {"claimName": "llm-models"}}
    assert {"mountPath": "/cache", "name": "cache"} in pod["containers"][0]["volumeMounts"]
    assert pod["securityContext"]["fsGroupChangePolicy"] == "OnRootMismatch"
    # the claim is not the pod's disk: only the container's own writes and /tmp count
    assert pod["containers"][0]["resources"]["limits"]["ephemeral-storage"] == "3Gi"


def test_pod_labels_and_annotations_reach_the_pods_only(platform):
    svc = with_changes(platform.services[1], pod_labels={"team": "search"},
                       pod_annotations={"cluster-autoscaler.kubernetes.io/safe-to-evict": "false"})
    deploy = find(synth_service(svc), "Deployment")[0]
    meta = deploy["spec"]["template"]["metadata"]
    assert meta["labels"]["team"] == "search" and meta["labels"]["app"] == "embeddings"
    assert meta["annotations"]["cluster-autoscaler.kubernetes.io/safe-to-evict"] == "false"
    assert "team" not in deploy["spec"]["selector"]["matchLabels"] and "team" not in deploy["metadata"]["labels"]


def test_a_service_port_apart_from_the_container_port(platform):
    svc = with_changes(platform.services[1], ports=[{"name": "http-api", "port": 8080, "service_port": 80}])
    docs = synth_service(svc)
    (kube_svc,) = find(docs, "Service")
    assert kube_svc["spec"]["ports"][0] | {} == {"name": "http-api", "port": 80, "protocol": "TCP",
                                                 "appProtocol": "http", "targetPort": "http-api"}
    assert pod_of(docs)["containers"][0]["ports"][0]["containerPort"] == 8080
    for vs in find(docs, "VirtualService"):
        for route in vs["spec"]["http"]:
            assert {d["destination"]["port"]["number"] for d in route["route"]} == {80}
    # the policies admit the pod's port, which is what Istio and the CNI see
    (authz,) = [a for a in find(docs, "AuthorizationPolicy") if a["metadata"]["name"] == "embeddings"]
    assert "8080" in str(authz["spec"]) and "'80'" not in str(authz["spec"])


def test_keda_polling_interval_reaches_the_scaled_object(platform):
    svc = with_changes(platform.services[0], autoscaling={**platform.services[0].autoscaling.model_dump(
        exclude_unset=True), "polling_interval_seconds": 10})
    assert {so["spec"]["pollingInterval"] for so in find(synth_service(svc), "ScaledObject")} == {10}
    assert all("pollingInterval" not in so["spec"] for so in find(synth_service(platform.services[0]), "ScaledObject"))


def test_a_partial_liveness_mapping_is_probed_with_the_liveness_defaults(platform):
    svc = with_changes(platform.services[1], probes={"liveness": {"failure_threshold": 10}})
    live = pod_of(synth_service(svc))["containers"][0]["livenessProbe"]
    assert live == {"tcpSocket": {"port": "http-api"}, "periodSeconds": 20, "timeoutSeconds": 5, "failureThreshold": 10}
