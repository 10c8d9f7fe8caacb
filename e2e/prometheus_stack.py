"""prometheus-operator and Prometheus as local processes against an e2e cluster.

Built from the Go module proxy (e2e/build.sh): prometheus-operator's ``cmd/operator`` and
``cmd/prometheus-config-reloader`` at ``PROMETHEUS_OPERATOR_VERSION`` and Prometheus'
``cmd/prometheus`` at ``PROMETHEUS_VERSION``. What runs is what a cluster runs, minus the
container runtime:

1. the operator reconciles a ``Prometheus`` resource (``monitoring/e2e``) whose
   ``podMonitorSelector`` and ``serviceMonitorSelector`` are the description's
   ``observability.prometheus.monitor_labels`` (in every namespace: the pods' PodMonitors and
   the endpoint pickers' ServiceMonitors) and whose ``apiserverConfig`` points at the e2e API
   server, and writes the generated configuration (Secret ``prometheus-e2e``,
   ``prometheus.yaml.gz``) and the StatefulSet;
2. the harness plays the kubelet for that StatefulSet's pod (:class:`PodVolumes`): each secret,
   configMap, projected and emptyDir volume becomes a local folder, kept in sync with the API
   server every ``SYNC_SECONDS`` (a kubelet does it within about a minute) the way the kubelet
   writes them (a ``..data`` symlink swapped to a new folder: what the config-reloader watches);
3. the pod's own containers run with the StatefulSet's own arguments and environment, mount
   paths mapped to those folders: the ``init-config-reloader`` once, then ``prometheus`` and
   the ``config-reloader``, which decompresses and substitutes the configuration and POSTs
   ``/-/reload``, as in the pod (one flag added: it re-reads every 2 s instead of 3 min,
   ``RELOADER_WATCH_INTERVAL``). ``listenLocal: true`` keeps Prometheus on 127.0.0.1:9090.

Prometheus discovers pods through the real API server (``kubernetes_sd_configs`` with the
``apiserverConfig``'s address and the harness' client certificate) and scrapes them at their
pod IPs, which the stand-ins (e2e/standins.py) serve inside the scenario's network namespace.

Just over 300 lines: the operator, the kubelet's part for its pod and the two processes it runs
are one lifecycle, started and stopped together.
"""
from __future__ import annotations

import base64
import gzip
import json
import shutil
import threading
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from e2e.checks import crd_index, install_crds
from e2e.cluster import Cluster, _wait_http
from e2e.kube import ApiError, conditions
from e2e.procs import free_port

NAMESPACE = "monitoring"
NAME = "e2e"
#: ``listenLocal: true``: the operator passes --web.listen-address=127.0.0.1:9090
PORT = 9090
URL = f"http://127.0.0.1:{PORT}"
BINARIES = ("prometheus-operator", "prometheus-config-reloader", "prometheus-operator-crds", "prometheus")
#: how often the harness copies the pod's Secrets and ConfigMaps into its volume folders
SYNC_SECONDS = 1.0
#: the config-reloader's re-read period here (its default, which the operator keeps, is 3 min):
#: the reloader counts the file events of a ``..data`` swap but applies on its re-read period
#: (measured with v0.85.0), so a new PodMonitor would take up to 3 min to be scraped
RELOADER_WATCH_INTERVAL = "--watch-interval=2s"


def install_operator_crds(c: Cluster, bins: dict[str, str]) -> list[str]:
    """The monitoring.coreos.com CRDs of the operator release that runs (not ../shared/crds')."""
    crds = list(crd_index(bins["prometheus-operator-crds"]).values())
    install_crds(c.kube, crds)
    return sorted(crd["spec"]["names"]["kind"] for crd in crds)


def prometheus_resource(c: Cluster, monitor_labels: dict[str, str], version: str) -> dict:
    """The platform team's Prometheus: PodMonitors and ServiceMonitors with ``monitor_labels`` in every namespace."""
    pki = c.pki
    return {
        "apiVersion": "monitoring.coreos.com/v1", "kind": "Prometheus",
        "metadata": {"name": NAME, "namespace": NAMESPACE},
        "spec": {
            "version": version, "replicas": 1, "listenLocal": True,
            "podMonitorSelector": {"matchLabels": dict(monitor_labels)},
            "podMonitorNamespaceSelector": {},
            "serviceMonitorSelector": {"matchLabels": dict(monitor_labels)},
            "serviceMonitorNamespaceSelector": {},
            "scrapeInterval": "15s", "evaluationInterval": "15s",
            # Prometheus runs outside the cluster: discovery talks to the e2e API server directly.
            "apiserverConfig": {"host": c.kube.server, "tlsConfig": {
                "caFile": str(pki.ca_crt), "certFile": str(pki.admin_crt), "keyFile": str(pki.admin_key)}},
        }}


class PodVolumes:
    """The kubelet's part for one pod template: its volumes as local folders, kept in sync."""

    def __init__(self, c: Cluster, namespace: str, template: dict, root: Path):
        self.c, self.namespace, self.root = c, namespace, root
        self.volumes = {v["name"]: v for v in template["spec"].get("volumes") or []}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._written: dict[str, dict[str, bytes]] = {}
        self._generation = 0
        self.errors: list[str] = []
        for name, vol in self.volumes.items():
            (root / name).mkdir(parents=True, exist_ok=True)
            if not any(k in vol for k in ("secret", "configMap", "projected", "emptyDir")):
                raise RuntimeError(f"the operator's pod has a {sorted(vol)} volume {name!r} the harness cannot provide")
        self.sync()

    def _data(self, kind: str, name: str, optional: bool) -> dict[str, bytes] | None:
        obj = self.c.kube.get("v1", kind, name, self.namespace)
        if obj is None:
            if optional:
                return {}
            return None
        if kind == "Secret":
            return {k: base64.b64decode(v) for k, v in (obj.get("data") or {}).items()}
        return {k: v.encode() for k, v in (obj.get("data") or {}).items()}

    def _write(self, volume: str, files: dict[str, bytes]) -> None:
        """The kubelet's atomic writer: the files in a new ``..<n>`` folder, ``..data`` swapped to it,
        each name a symlink through ``..data`` (the config-reloader's file watch sees the swap)."""
        folder = self.root / volume
        if self._written.get(volume) == files:
            return
        self._generation += 1
        fresh = folder / f"..{self._generation}"
        for rel, content in files.items():
            (fresh / rel).parent.mkdir(parents=True, exist_ok=True)
            (fresh / rel).write_bytes(content)
        fresh.mkdir(exist_ok=True)
        link = folder / "..data_tmp"
        link.unlink(missing_ok=True)
        link.symlink_to(fresh.name)
        old = (folder / "..data").resolve() if (folder / "..data").is_symlink() else None
        link.replace(folder / "..data")
        for top in {rel.split("/", 1)[0] for rel in files}:
            if not (folder / top).is_symlink():
                (folder / top).symlink_to(f"..data/{top}")
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        self._written[volume] = files

    def sync(self) -> bool:
        """Copy every Secret/ConfigMap volume; False while one the pod needs does not exist yet."""
        complete = True
        for name, vol in self.volumes.items():
            sources = []
            if "secret" in vol:
                sources.append(("Secret", vol["secret"]))
            elif "configMap" in vol:
                sources.append(("ConfigMap", vol["configMap"]))
            elif "projected" in vol:
                for src in vol["projected"].get("sources") or []:
                    if "secret" in src:
                        sources.append(("Secret", src["secret"]))
                    elif "configMap" in src:
                        sources.append(("ConfigMap", src["configMap"]))
            files: dict[str, bytes] = {}
            for kind, ref in sources:
                data = self._data(kind, ref.get("secretName") or ref.get("name"), bool(ref.get("optional")))
                if data is None:
                    complete = False
                    continue
                if ref.get("items"):
                    data = {i["path"]: data[i["key"]] for i in ref["items"] if i["key"] in data}
                files.update(data)
            if sources:
                self._write(name, files)
        return complete

    def mount_map(self, container: dict) -> list[tuple[str, Path]]:
        """(mountPath, local folder) of a container, longest path first (for rewriting arguments)."""
        out = []
        for m in container.get("volumeMounts") or []:
            local = self.root / m["name"]
            if m.get("subPath"):
                local = local / m["subPath"]
            out.append((m["mountPath"].rstrip("/"), local))
        return sorted(out, key=lambda pair: -len(pair[0]))

    def _loop(self) -> None:
        while not self._stop.wait(SYNC_SECONDS):
            try:
                self.sync()
            except (ApiError, OSError) as err:  # reported if the pipeline then fails
                self.errors.append(str(err))

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def _argv(binary: str, container: dict, mounts: list[tuple[str, Path]]) -> list[str]:
    """The container's command line with paths under a mount replaced by the local folder."""
    out = []
    for arg in container.get("args") or []:
        flag, eq, value = arg.partition("=")
        for mount, local in mounts:
            if eq and (value == mount or value.startswith(mount + "/")):
                arg = f"{flag}={local}{value[len(mount):]}"
                break
        out.append(arg)
    return [binary, *out]


def _env(container: dict, pod_name: str) -> dict[str, str]:
    env = {}
    for e in container.get("env") or []:
        if "value" in e:
            env[e["name"]] = e["value"]
        elif ((e.get("valueFrom") or {}).get("fieldRef") or {}).get("fieldPath") == "metadata.name":
            env[e["name"]] = pod_name
        elif ((e.get("valueFrom") or {}).get("fieldRef") or {}).get("fieldPath") == "spec.nodeName":
            env[e["name"]] = "e2e-node"
    return env


class PrometheusApi:
    """The HTTP API KEDA and the checks read: /api/v1/query, /api/v1/targets."""

    def __init__(self, url: str = URL):
        self.url = url

    def get(self, path: str, **params: str) -> dict:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        with urllib.request.urlopen(f"{self.url}{path}{query}", timeout=10) as resp:
            body = json.loads(resp.read())
        if body.get("status") != "success":
            raise RuntimeError(f"Prometheus {path} {params}: {body.get('error')}")
        return body["data"]

    def query(self, promql: str) -> list[dict]:
        data = self.get("/api/v1/query", query=promql)
        if data["resultType"] == "scalar":
            return [{"metric": {}, "value": data["result"]}]
        return data["result"]

    def targets(self) -> list[dict]:
        return self.get("/api/v1/targets", state="active")["activeTargets"]

    def build_version(self) -> str:
        return self.get("/api/v1/status/buildinfo").get("version", "")


@contextmanager
def prometheus_stack(c: Cluster, bins: dict[str, str], monitor_labels: dict[str, str], prometheus_version: str,
                     timeout: float = 120) -> Iterator[PrometheusApi]:
    """Run prometheus-operator, reconcile the Prometheus resource, run its pod's containers.

    Yields the Prometheus API once Prometheus is ready. Every process stops with the cluster's
    others (by pid); the volume folders are in the cluster's folder, removed with it. The
    operator's CRDs must be installed first (:func:`install_operator_crds`, before any other
    monitoring.coreos.com CRD file could be).
    """
    kube = c.kube
    kube.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}})
    health = free_port()
    c.procs.start("prometheus-operator", [
        bins["prometheus-operator"], f"--apiserver={kube.server}", f"--ca-file={c.pki.ca_crt}",
        f"--cert-file={c.pki.admin_crt}", f"--key-file={c.pki.admin_key}",
        f"--web.listen-address=127.0.0.1:{health}", "--log-level=info"])
    _wait_http(c.procs, "prometheus-operator", f"http://127.0.0.1:{health}/healthz", timeout)
    kube.apply(prometheus_resource(c, monitor_labels, prometheus_version))

    sts_name = f"prometheus-{NAME}"
    sts = kube.wait(f"StatefulSet/{NAMESPACE}/{sts_name} written by prometheus-operator",
                    lambda: kube.get("apps/v1", "StatefulSet", sts_name, NAMESPACE),
                    lambda: "Prometheus: " + conditions(kube.get("monitoring.coreos.com/v1", "Prometheus",
                                                                 NAME, NAMESPACE)), timeout, 0.5)
    template = sts["spec"]["template"]
    pod_name = f"{sts_name}-0"
    volumes = PodVolumes(c, NAMESPACE, template, c.workdir / "prometheus-pod")
    kube.wait(f"the Secrets and ConfigMaps of {sts_name}'s volumes", volumes.sync,
              lambda: "some are still missing", timeout, 0.5)
    volumes.start()
    try:
        programs = {"prometheus": bins["prometheus"], "config-reloader": bins["prometheus-config-reloader"],
                    "init-config-reloader": bins["prometheus-config-reloader"]}
        for init in template["spec"].get("initContainers") or []:
            if init["name"] not in programs:
                raise RuntimeError(f"{sts_name} has an init container {init['name']!r} the harness does not run")
            proc = c.procs.start(init["name"], _argv(programs[init["name"]], init, volumes.mount_map(init)),
                                 env=_env(init, pod_name))
            if proc.wait(timeout=60) != 0:
                raise RuntimeError(f"{init['name']} exited {proc.returncode}:\n{c.procs.tail(init['name'])}")
            c.procs.stop(init["name"])  # done, as an init container is: no longer watched as running
        for container in template["spec"]["containers"]:
            if container["name"] not in programs:
                raise RuntimeError(f"{sts_name} has a container {container['name']!r} the harness does not run")
            argv = _argv(programs[container["name"]], container, volumes.mount_map(container))
            if container["name"] == "config-reloader":
                argv = [a for a in argv if not a.startswith("--watch-interval=")] + [RELOADER_WATCH_INTERVAL]
            c.procs.start(container["name"], argv, env=_env(container, pod_name))
        _wait_http(c.procs, "prometheus", f"{URL}/-/ready", timeout)
        yield PrometheusApi()
    finally:
        volumes.stop()  # the pod's processes stop with the cluster's, the folders go with its folder


def scrape_config(c: Cluster) -> str:
    """The configuration the operator generated (for failure messages)."""
    secret = c.kube.get("v1", "Secret", f"prometheus-{NAME}", NAMESPACE) or {}
    raw = (secret.get("data") or {}).get("prometheus.yaml.gz")
    return gzip.decompress(base64.b64decode(raw)).decode() if raw else ""


def wait_for_jobs(c: Cluster, prom: PrometheusApi, jobs: list[str], timeout: float) -> None:
    """Until Prometheus runs a scrape pool for each of ``jobs`` (``podMonitor/<ns>/<name>/<i>``, ``serviceMonitor/...``)."""
    def loaded() -> bool:
        pools = set(prom.get("/api/v1/scrape_pools").get("scrapePools") or [])
        return set(jobs) <= pools

    c.kube.wait("Prometheus runs the operator's scrape pool of every monitor", loaded,
                lambda: f"pools: {sorted(prom.get('/api/v1/scrape_pools').get('scrapePools') or [])}; "
                        f"wanted {sorted(jobs)}", timeout, 1)
