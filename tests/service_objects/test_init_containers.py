"""Init containers, native sidecars, environment from the pod and bypass ports in a service's objects."""
from __future__ import annotations

from conftest import find, one, run_synth, synth_service, tree_hash
from inference_platform.description import Service, load_file, parse


def vision_with(**changes) -> Service:
    """The default platform's Triton service (a read-only model claim, two GPUs) with ``changes``."""
    data = load_file("platform.yaml").model_dump(mode="json", exclude_unset=True)
    svc = next(s for s in data["services"] if s["name"] == "vision")
    svc.update(changes)
    return next(s for s in parse(data).services if s.name == "vision")


def pod_spec(service: Service) -> dict:
    return one(synth_service(service), "Deployment", f"{service.name}-v1")["spec"]["template"]["spec"]


def test_environment_reads_the_pod_and_its_containers():
    spec = pod_spec(vision_with(env={"POD_IP": {"field": "status.podIP"}, "SA": {"field": "spec.serviceAccountName"},
                                     "MEM": {"resource": "limits.memory", "divisor": "1Mi"},
                                     "SIDECAR_CPU": {"resource": "requests.cpu", "container": "sync"}},
                                init_containers=[{"name": "sync", "image": "busybox:1.36", "sidecar": True,
                                                  "env": {"NODE": {"field": "spec.nodeName"}}}]))
    env = {e["name"]: e.get("valueFrom") for e in spec["containers"][0]["env"]}
    assert env["POD_IP"] == {"fieldRef": {"fieldPath": "status.podIP"}}
    assert env["SA"] == {"fieldRef": {"fieldPath": "spec.serviceAccountName"}}
    assert env["MEM"] == {"resourceFieldRef": {"divisor": "1Mi", "resource": "limits.memory"}}
    assert env["SIDECAR_CPU"] == {"resourceFieldRef": {"containerName": "sync", "resource": "requests.cpu"}}
    assert spec["initContainers"][0]["env"] == [{"name": "NODE", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}]


def test_init_containers_run_hardened_in_order_with_their_own_resources():
    spec = pod_spec(vision_with(init_containers=[
        {"name": "warm", "image": "busybox:1.36", "command": ["sh", "-c", "ls /models"],
         "mounts": [{"volume": "models"}, {"volume": "cache", "path": "/scratch"}]},
        {"name": "proxy", "image": "envoyproxy/envoy:v1.34.1", "sidecar": True, "run_as_user": 20001,
         "resources": {"cpu": "500m", "memory": "128Mi", "ephemeral_storage": "2Gi"}}]))
    warm, proxy = spec["initContainers"]
    assert [warm["name"], proxy["name"]] == ["warm", "proxy"]
    assert "restartPolicy" not in warm and proxy["restartPolicy"] == "Always"
    # The claim the server mounts read-only is read-only here too, at the server's path unless given one.
    assert warm["volumeMounts"] == [{"mountPath": "/tmp", "name": "tmp"},
                                    {"mountPath": "/models", "name": "models", "readOnly": True},
                                    {"mountPath": "/scratch", "name": "cache"}]
    assert warm["resources"] == {"limits": {"cpu": "250m", "ephemeral-storage": "1Gi", "memory": "256Mi"},
                                 "requests": {"cpu": "250m", "ephemeral-storage": "1Gi", "memory": "256Mi"}}
    assert proxy["resources"]["limits"] == {"cpu": "500m", "ephemeral-storage": "2Gi", "memory": "128Mi"}
    for container, uid in ((warm, 10001), (proxy, 20001)):
        sc = container["securityContext"]
        assert sc == {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}, "privileged": False,
                      "readOnlyRootFilesystem": True, "runAsGroup": uid, "runAsNonRoot": True, "runAsUser": uid,
                      "seccompProfile": {"type": "RuntimeDefault"}}
        assert container["imagePullPolicy"] == "IfNotPresent"


def test_a_sidecars_ports_are_served_admitted_and_fenced_like_the_servers():
    svc = vision_with(init_containers=[{"name": "router", "image": "envoyproxy/envoy:v1.34.1", "sidecar": True,
                                        "ports": [{"name": "http-route", "port": 9000}]}])
    docs = synth_service(svc)
    assert {"name": "http-route", "port": 9000, "protocol": "TCP", "appProtocol": "http",
            "targetPort": "http-route"} in one(docs, "Service", "vision")["spec"]["ports"]
    rules = one(docs, "AuthorizationPolicy", "vision")["spec"]["rules"]
    assert rules[0]["to"][0]["operation"]["ports"] == ["8000", "8001", "9000"]
    fenced = one(docs, "NetworkPolicy", "vision")["spec"]["ingress"][0]["ports"]
    assert {"port": 9000, "protocol": "TCP"} in fenced
    # The server's probes stay on the server's ports.
    server = pod_spec(svc)["containers"][0]
    assert server["readinessProbe"]["httpGet"]["port"] == "http-api"


def test_a_bypass_port_without_peers_admits_the_services_own_pods():
    svc = vision_with(ports=[{"name": "http-api", "port": 8000}, {"name": "grpc-api", "port": 8001, "protocol": "grpc"},
                             {"name": "http-metrics", "port": 8002},
                             {"name": "tcp-nccl", "port": 29500, "protocol": "tcp", "mesh": "bypass"}])
    docs = synth_service(svc)
    annotations = one(docs, "Deployment", "vision-v1")["spec"]["template"]["metadata"]["annotations"]
    assert annotations["traffic.sidecar.istio.io/excludeInboundPorts"] == "29500"
    assert annotations["traffic.sidecar.istio.io/excludeOutboundPorts"] == "29500"
    assert one(docs, "NetworkPolicy", "vision")["spec"]["ingress"][-1] == {
        "from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ai-vision"}},
                  "podSelector": {"matchLabels": {"app": "vision"}}}],
        "ports": [{"port": 29500, "protocol": "TCP"}]}
    assert 29500 not in [p["port"] for p in one(docs, "Service", "vision")["spec"]["ports"]]
    for vs in find(docs, "VirtualService"):
        assert "29500" not in str(vs["spec"])


def test_a_mount_of_a_volume_the_pod_lacks_is_refused_by_the_synth(tmp_path, description, synth_env, capsys):
    dist = tmp_path / "dist"
    assert run_synth(description, dist) == 0
    before = tree_hash(dist)
    svc = description["services"][1]  # embeddings: no model claim, no GPU
    svc["init_containers"] = [{"name": "warm", "image": "busybox:1.36",
                               "mounts": [{"volume": "models"}, {"volume": "cache"}, {"volume": "dshm"}]}]
    assert run_synth(description, dist) == 2
    err = capsys.readouterr().err
    assert "services[1].init_containers[0].mounts[0].volume: 'models' is not a volume of this service's pods; " \
           "volumes: cache, tmp" in err
    assert "services[1].init_containers[0].mounts[2].volume: 'dshm' is not a volume" in err
    assert "Traceback" not in err
    assert tree_hash(dist) == before
