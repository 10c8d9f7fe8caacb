"""model_version: each version's Deployment, HPA and PDB, checked on the fields that carry intent."""
from __future__ import annotations

from inference_platform.description.pod import ServicePort

from conftest import find, synth_service


def test_autoscaled_deployment_omits_replicas(llm):
    for deploy in find(llm, "Deployment"):
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
