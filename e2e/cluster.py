"""A throwaway Kubernetes control plane on 127.0.0.1: ``with cluster(binaries()) as c: c.kube...``.

etcd, kube-apiserver, kube-controller-manager (Deployments, ReplicaSets, HPAs, garbage
collection, namespaces), kube-scheduler and kwok (fake nodes whose pods become Ready through
kwok's Stage objects). Every port is a free loopback port; every process is stopped by pid and
the working folder removed when the block ends, also on an exception or Ctrl-C.

What it is not: no kubelet, no container runtime, no kube-proxy, no DNS. By default the API
server does not call admission webhooks (``--disable-admission-plugins``): the webhook servers
the dist/ layers configure are Istio's, and there is no istiod process to answer them. The
autoscaling scenario turns them on (``admission_webhooks=True``) for KEDA's, which it runs.
Schemas, CEL rules, ValidatingAdmissionPolicies and built-in admission always run.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping, Sequence

import yaml

from e2e.kube import Kube, WaitTimeout, conditions, documents
from e2e.pki import Pki, issue, make_pki, write_kubeconfig
from e2e.procs import Processes, free_port, pause
from inference_platform.contract import GPU_RESOURCE

REPO = Path(__file__).resolve().parent.parent
BUILD_SCRIPT = REPO / "e2e" / "build.sh"
SERVICE_CIDR = "10.96.0.0/16"
POD_CIDR = "10.244.0.1/16"
FAKE_NODE = {"kwok.x-k8s.io/node": "fake"}


CONTROL_PLANE = ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok", "kwok-stages")


def binaries(needed: tuple[str, ...] | None = None) -> dict[str, str]:
    """Paths of the pinned binaries (``e2e/build.sh --paths``); raises when a needed one is missing
    (default: all of them; ``CONTROL_PLANE`` for a cluster without Flux)."""
    out = subprocess.run([str(BUILD_SCRIPT), "--paths"], check=True, capture_output=True, text=True).stdout
    paths = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    # ``<name>-version`` lines are versions (kube-version, prometheus-version, ...), not paths
    missing = [name for name, path in paths.items()
               if not name.endswith("-version") and (needed is None or name in needed) and not Path(path).exists()]
    if missing:
        raise FileNotFoundError(f"e2e binaries not built: {', '.join(missing)}; run e2e/build.sh "
                                "(make e2e does) to build them into the cache")
    return paths


@dataclass(frozen=True)
class NodeShape:
    """A fake node: what it advertises. GPU nodes are tainted like a real GPU pool."""
    name: str
    zone: str
    cpu: str
    memory: str
    gpus: int = 0
    labels: tuple[tuple[str, str], ...] = ()  # a pool's own labels (e2e/preconditions.py)
    taints: tuple[tuple[str, str, str], ...] = ()  # (key, value, effect) of a dedicated pool


#: Labels every fake node carries (besides its hostname and zone).
BASE_LABELS = {"kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", "type": "kwok"}

#: Enough capacity for every environment's minimum replicas with room for a rolling update.
DEFAULT_NODES = tuple(
    [NodeShape(f"cpu-{z}", f"zone-{z}", "32", "128Gi") for z in "abc"]
    + [NodeShape(f"gpu-{z}", f"zone-{z}", "64", "512Gi", gpus=8) for z in "abc"])


@dataclass
class Cluster:
    kube: Kube
    kubeconfig: Path
    workdir: Path
    procs: Processes
    pki: Pki
    kube_version: str


def _node(shape: NodeShape, kube_version: str) -> dict:
    resources = {"cpu": shape.cpu, "memory": shape.memory, "ephemeral-storage": "500Gi", "pods": "110"}
    labels = {"kubernetes.io/hostname": shape.name, "topology.kubernetes.io/zone": shape.zone, **BASE_LABELS}
    labels.update(dict(shape.labels))
    taints = [{"key": k, "value": v, "effect": e} for k, v, e in shape.taints]
    if shape.gpus:
        resources[GPU_RESOURCE] = str(shape.gpus)
        labels["nvidia.com/gpu.present"] = "true"
        taints.append({"key": GPU_RESOURCE, "value": "present", "effect": "NoSchedule"})
    return {"apiVersion": "v1", "kind": "Node",
            "metadata": {"name": shape.name, "labels": labels, "annotations": dict(FAKE_NODE)},
            "spec": {"taints": taints},
            "status": {"capacity": resources, "allocatable": resources, "phase": "Running",
                       "nodeInfo": {"kubeletVersion": kube_version, "architecture": "amd64",
                                    "operatingSystem": "linux"}}}


def _wait_http(procs: Processes, what: str, url: str, timeout: float, ssl_context=None) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        procs.check_alive()
        try:
            with urllib.request.urlopen(url, timeout=2, context=ssl_context) as resp:
                if resp.status == 200:
                    return
        except Exception as err:  # not up yet: connection refused, 500 while post-start hooks run
            last = str(err)
        pause(0.2)
    raise WaitTimeout(f"{what} not healthy after {timeout:.0f} s ({url}: {last})")


def _aggregation_args(pki: Pki, folder: Path) -> list[str]:
    """kube-apiserver flags that let it proxy to an aggregated API server (external metrics): a
    front-proxy client certificate the extension server trusts through the request-header CA, and
    routing straight to the Service's endpoint (no kube-proxy here)."""
    crt, key = issue(pki, folder, "front-proxy-client", "/CN=front-proxy-client",
                     "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                     "extendedKeyUsage=clientAuth\n")
    return [f"--requestheader-client-ca-file={pki.ca_crt}", "--requestheader-allowed-names=front-proxy-client",
            "--requestheader-username-headers=X-Remote-User", "--requestheader-group-headers=X-Remote-Group",
            "--requestheader-extra-headers-prefix=X-Remote-Extra-", f"--proxy-client-cert-file={crt}",
            f"--proxy-client-key-file={key}", "--enable-aggregator-routing=true"]


@contextmanager
def cluster(bins: dict[str, str] | None = None, nodes: tuple[NodeShape, ...] = DEFAULT_NODES,
            keep: bool = bool(os.environ.get("E2E_KEEP")), aggregation: bool = False,
            admission_webhooks: bool = False, extra_args: Mapping[str, Sequence[str]] | None = None) -> Iterator[Cluster]:
    """Start a control plane with fake nodes; stop it and remove its folder afterwards.

    ``keep=True`` (or E2E_KEEP=1) leaves the folder (logs, certificates) for debugging; the
    processes still stop. ``aggregation=True``: the API server can proxy to aggregated APIs
    (e2e/keda.py registers KEDA's external metrics API). ``admission_webhooks=True``: the API
    server calls the registered admission webhooks (KEDA's). ``extra_args``: more flags per process
    name, e.g. ``{"kube-controller-manager": ["--horizontal-pod-autoscaler-sync-period=5s"]}``.
    """
    extra = {name: list(args) for name, args in (extra_args or {}).items()}
    bins = bins or binaries(CONTROL_PLANE)
    workdir = Path(tempfile.mkdtemp(prefix="e2e-cluster-"))
    procs = Processes(workdir)
    try:
        pki = make_pki(workdir / "pki")
        etcd_port, peer_port, api_port = free_port(), free_port(), free_port()
        etcd_url = f"http://127.0.0.1:{etcd_port}"
        procs.start("etcd", [
            bins["etcd"], "--name=e2e", f"--data-dir={workdir / 'etcd'}", f"--listen-client-urls={etcd_url}",
            f"--advertise-client-urls={etcd_url}", f"--listen-peer-urls=http://127.0.0.1:{peer_port}",
            f"--initial-advertise-peer-urls=http://127.0.0.1:{peer_port}",
            f"--initial-cluster=e2e=http://127.0.0.1:{peer_port}", "--unsafe-no-fsync=true",
            "--log-level=warn"])
        _wait_http(procs, "etcd", f"{etcd_url}/health", 30)

        server = f"https://127.0.0.1:{api_port}"
        procs.start("kube-apiserver", [
            bins["kube-apiserver"], f"--etcd-servers={etcd_url}", "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1", f"--secure-port={api_port}",
            f"--tls-cert-file={pki.server_crt}", f"--tls-private-key-file={pki.server_key}",
            f"--client-ca-file={pki.ca_crt}", f"--service-account-key-file={pki.sa_pub}",
            f"--service-account-signing-key-file={pki.sa_key}",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            f"--service-cluster-ip-range={SERVICE_CIDR}", "--authorization-mode=RBAC",
            # no kubelet or kube-proxy answers for the apiserver's own endpoints on loopback
            "--endpoint-reconciler-type=none",
            *(() if admission_webhooks else
              ("--disable-admission-plugins=MutatingAdmissionWebhook,ValidatingAdmissionWebhook",)),
            "--allow-privileged=true", f"--cert-dir={workdir / 'apiserver'}", "--profiling=false",
            *(_aggregation_args(pki, workdir / "pki") if aggregation else ()), *extra.get("kube-apiserver", ())])
        kube = Kube(server, pki)
        _wait_http(procs, "kube-apiserver", f"{server}/readyz", 90, kube._ssl)
        kubeconfig = write_kubeconfig(workdir / "kubeconfig", server, pki)

        common = [f"--kubeconfig={kubeconfig}", f"--authentication-kubeconfig={kubeconfig}",
                  f"--authorization-kubeconfig={kubeconfig}", "--leader-elect=false", "--bind-address=127.0.0.1"]
        procs.start("kube-controller-manager", [
            bins["kube-controller-manager"], *common, f"--secure-port={free_port()}",
            f"--service-account-private-key-file={pki.sa_key}", f"--root-ca-file={pki.ca_crt}",
            f"--service-cluster-ip-range={SERVICE_CIDR}", "--use-service-account-credentials=false",
            "--concurrent-deployment-syncs=10", "--concurrent-replicaset-syncs=10",
            # the volume binder binds the harness's pre-bound claims on its periodic sync (15 s by default)
            "--pvclaimbinder-sync-period=1s",
            *extra.get("kube-controller-manager", ())])
        procs.start("kube-scheduler", [bins["kube-scheduler"], *common, f"--secure-port={free_port()}",
                                       *extra.get("kube-scheduler", ())])

        stages = workdir / "kwok-stages.yaml"
        stage_docs = [d for p in sorted(Path(bins["kwok-stages"]).glob("*.yaml"))
                      for d in documents(p.read_text()) if d.get("kind") == "Stage"]
        stages.write_text(yaml.safe_dump_all(stage_docs))
        procs.start("kwok", [
            bins["kwok"], f"--kubeconfig={kubeconfig}", f"--config={stages}", "--manage-all-nodes=false",
            "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake", f"--cidr={POD_CIDR}",
            "--node-ip=127.0.0.1", *extra.get("kwok", ())])

        for shape in nodes:
            kube.apply(_node(shape, bins["kube-version"]))
        for shape in nodes:
            kube.wait(f"Node/{shape.name} Ready (kwok)",
                      lambda n=shape.name: _ready(kube.get("v1", "Node", n)),
                      lambda n=shape.name: conditions(kube.get("v1", "Node", n)), 60)
        # The service-account controller creates `default` in each namespace; pods need it.
        kube.wait("ServiceAccount/default/default", lambda: kube.get("v1", "ServiceAccount", "default", "default"),
                  lambda: "the controller-manager's service-account controller did not create it", 60)
        procs.check_alive()
        yield Cluster(kube, kubeconfig, workdir, procs, pki, bins["kube-version"])
    except Exception:
        for name, _ in procs.running:
            if procs.tail(name, 1).strip():
                print(f"--- {name} log (last lines) ---\n{procs.tail(name, 8)}")
        raise
    finally:
        procs.stop_all()
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def _ready(node: dict | None) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in ((node or {}).get("status") or {}).get("conditions") or [])
