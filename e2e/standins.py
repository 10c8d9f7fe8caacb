"""Model-server, sidecar and gateway stand-ins at the kwok pods' own addresses.

kwok gives every pod an IP (``--cidr``) but runs nothing. Inside the autoscaling scenario's
network namespace (e2e/netns.py) :class:`StandIns` watches the pods and, for each running pod,
puts its IP on ``lo`` and serves what the real containers would serve there, on the ports and
paths they use, so Prometheus' pod discovery reaches them exactly as in a cluster:

- the model server (the pod's ``inference-platform.io/server`` preset, e2e: catalog/servers.py):
  its metric names, with the labels the server itself adds (vLLM ``model_name``, Triton
  ``model`` and ``version``), on the port the server serves metrics on: the API port for vLLM
  and TGI (the pod's first container port), the ``metrics_port`` by name for TEI and Triton (or
  the preset's default number when the pod does not declare it: the server listens anyway);
- the Istio sidecar (a container named ``istio-proxy``, see :func:`inject_sidecar`): Envoy's
  ``istio_requests_total`` as the destination reporter on :15090 ``/stats/prometheus``, and
  pilot-agent's merged endpoint on :15020 ``/stats/prometheus``, which, like pilot-agent,
  fetches the app's metrics from the pod's ``prometheus.io/port`` and ``prometheus.io/path``
  and appends Envoy's;
- the ingress gateway (pods labelled ``istio: <selector>``): ``istio_requests_total`` as the
  source reporter on :15090, per destination service host;
- the endpoint picker (a container running ``catalog.picker.IMAGE``): on its ``--metrics-port``
  ``/metrics``, the per-pool gauges the EPP exports (``POOL_METRICS``, label ``name``: the pool),
  computed as the EPP computes them. It reads what it is configured to read: its InferencePool
  (``--pool-name``/``--pool-namespace``, from the API: selector and target port, or
  ``--model-server-metrics-port``) and its EndpointPickerConfig (the ConfigMap mounted at
  ``--config-file``: the metrics path and the engine's metric names, per pod by the engine
  label). For each Ready pod of the pool it reads what the model-server stand-in serves at that
  port and path, and exports the averages over the ready pods and their count. So the pool's
  total is set like a server gauge (``set_gauge`` of the metric the picker reads, see
  ``PICKER_READS``), and a config naming another metric, port or path exports 0.

The scenario sets TOTALS per model version (``set_gauge``, ``set_rate``) and per host at the
gateway (``set_gateway_rate``). One pod carries the total, the version's oldest (the harness
gives it ``controller.kubernetes.io/pod-deletion-cost`` so scaling down keeps it); the other
pods serve the same series at 0. So the sum over the pods is the total whatever the replica
count, and a query that forgets to aggregate returns one series per pod. Rates are counters
that grow at the rate set (``rate(...[1m])`` over them is that rate).

Over 300 lines on purpose: one table of roles (model servers, sidecar, merged endpoint, gateway,
endpoint picker) and the one server that serves them all at the pods' addresses.
"""
from __future__ import annotations

import threading
import time
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import yaml

from e2e import netns
from e2e.kube import ApiError, Kube
from inference_platform.catalog import picker
from inference_platform.catalog.servers import PRESETS
from inference_platform.catalog.signals import ENVOY_STATS_PATH, ENVOY_STATS_PORT, MERGED_STATS_PORT
from inference_platform.contract import INFERENCE_API, POD_SERVER_ANNOTATION, service_host

__all__ = ["StandIns", "inject_sidecar", "SIDECAR", "DELETION_COST", "PICKER_READS", "PICKER_METRICS_PATH"]

#: What Istio's sidecar injector adds to a pod that matters to scraping: the istio-proxy
#: container declaring Envoy's Prometheus port (istiod chart files/injection-template.yaml).
SIDECAR = {"name": "istio-proxy", "image": "docker.io/istio/proxyv2", "args": ["proxy", "sidecar"],
           "ports": [{"containerPort": ENVOY_STATS_PORT, "protocol": "TCP", "name": "http-envoy-prom"}]}
DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"
POLL_SECONDS = 0.5
#: picker signal -> the field of the picker's engine config (``core-metrics-extractor``
#: ``engineConfigs``) naming the model server's gauge it averages into the signal's pool metric
PICKER_READS = {"picker_queue_depth": "queuedRequestsSpec", "picker_running_requests": "runningRequestsSpec"}
#: where the EPP serves its own metrics (on ``--metrics-port``)
PICKER_METRICS_PATH = "/metrics"


def inject_sidecar(deployment: dict) -> dict:
    """The Deployment as Istio's injector makes its pods: istio-proxy appended (unless opted out)."""
    template = deployment["spec"]["template"]
    annotations = (template.get("metadata") or {}).get("annotations") or {}
    if annotations.get("sidecar.istio.io/inject") == "false":
        return deployment
    containers = template["spec"]["containers"]
    if not any(c.get("name") == SIDECAR["name"] for c in containers):
        containers.append({**SIDECAR, "ports": [dict(p) for p in SIDECAR["ports"]]})
    return deployment


@dataclass
class _Counter:
    rate: float = 0.0
    total: float = 0.0
    since: float = field(default_factory=time.time)

    def value(self, now: float) -> float:
        return self.total + self.rate * (now - self.since)

    def set(self, rate: float) -> None:
        now = time.time()
        self.total, self.since, self.rate = self.value(now), now, rate


def _labels(**labels: str) -> str:
    return "{" + ",".join(f'{k}="{v}"' for k, v in labels.items()) + "}" if labels else ""


def _arg(container: dict, flag: str) -> str | None:
    """The value of ``flag`` in the container's args (``--flag value`` or ``--flag=value``)."""
    args = container.get("args") or []
    for i, arg in enumerate(args):
        if arg == flag and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(flag + "="):
            return arg.split("=", 1)[1]
    return None


def _gauges(page: str) -> dict[str, float]:
    """``metric -> value`` of the unlabelled-or-labelled samples of a text exposition (last sample wins)."""
    out = {}
    for line in page.splitlines():
        if line and not line.startswith("#"):
            name_labels, _, value = line.rpartition(" ")
            out[name_labels.split("{", 1)[0]] = float(value)
    return out


def _ready(pod: dict) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (pod.get("status") or {}).get("conditions") or [])


def _workload(pod: dict) -> str:
    """Istio's workload name: the owning ReplicaSet's name without the pod-template hash."""
    meta = pod["metadata"]
    owner = next((o["name"] for o in meta.get("ownerReferences") or [] if o.get("kind") == "ReplicaSet"), "")
    hash_ = (meta.get("labels") or {}).get("pod-template-hash", "")
    return owner.removesuffix(f"-{hash_}") if owner and hash_ else owner or meta["name"]


class StandIns:
    """Watch the cluster's pods and serve each one's metrics at its IP (inside the namespace only)."""

    def __init__(self, kube: Kube, host_netns: str, gateway_selector: str, gateway_namespace: str):
        if netns.current() == host_netns:
            raise RuntimeError("stand-ins serve pod IPs only inside the scenario's own network namespace")
        self.kube = kube
        self.gateway = (gateway_namespace, gateway_selector)
        self._lock = threading.Lock()
        self._gauges: dict[tuple[str, str, str], dict[str, float]] = {}  # (ns, app, version) -> metric -> total
        self._rates: dict[tuple[str, str], _Counter] = {}  # (ns, workload) -> destination requests
        self._gateway: dict[str, _Counter] = {}  # destination host -> requests at the gateway
        self._pods: dict[str, dict] = {}  # uid -> pod
        self._servers: dict[tuple[str, int], tuple[str, ThreadingHTTPServer]] = {}  # (ip, port) -> (uid, server)
        self._carrier: dict[tuple, str] = {}  # (ns, app, version) or gateway key -> uid carrying the total
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self.errors: list[str] = []
        self.scrapes: dict[tuple[str, int, str], int] = {}  # (pod name, port, path) -> requests served

    # -- what the scenario sets -------------------------------------------------------------------
    def set_gauge(self, namespace: str, app: str, version: str, metric: str, total: float) -> None:
        with self._lock:
            self._gauges.setdefault((namespace, app, version), {})[metric] = float(total)

    def set_rate(self, namespace: str, workload: str, per_second: float) -> None:
        with self._lock:
            self._rates.setdefault((namespace, workload), _Counter()).set(float(per_second))

    def set_gateway_rate(self, host: str, per_second: float) -> None:
        with self._lock:
            self._gateway.setdefault(host, _Counter()).set(float(per_second))

    # -- lifecycle --------------------------------------------------------------------------------
    def __enter__(self) -> "StandIns":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        for ip, port in list(self._servers):
            self._close(ip, port)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._sync()
            except Exception as err:  # noqa: BLE001 - reported by the scenario, never a dead thread
                self.errors.append(f"{type(err).__name__}: {err}")
            self._stop.wait(POLL_SECONDS)

    def _sync(self) -> None:
        pods = {p["metadata"]["uid"]: p for p in self.kube.list("v1", "Pod")
                if (p.get("status") or {}).get("podIP") and (p.get("status") or {}).get("phase") == "Running"
                and not p["metadata"].get("deletionTimestamp") and p["metadata"]["namespace"] != "monitoring"}
        with self._lock:
            self._pods = pods
        wanted: dict[tuple[str, int], str] = {}
        for uid, pod in pods.items():
            for port in self._ports(pod):
                wanted[(pod["status"]["podIP"], port)] = uid
        for key, (uid, _) in list(self._servers.items()):
            if wanted.get(key) != uid:
                self._close(*key)
        for (ip, port), uid in wanted.items():
            if (ip, port) not in self._servers:
                self._open(ip, port, uid)
        self._choose_carriers(pods)

    def _choose_carriers(self, pods: dict[str, dict]) -> None:
        groups: dict[tuple, list[dict]] = {}
        for pod in pods.values():
            groups.setdefault(self._group(pod), []).append(pod)
        for key, members in groups.items():
            if key is None:
                continue
            current = self._carrier.get(key)
            if current in pods:
                continue
            oldest = min(members, key=lambda p: (p["metadata"]["creationTimestamp"], p["metadata"]["name"]))
            with self._lock:
                self._carrier[key] = oldest["metadata"]["uid"]
            try:
                self.kube.merge_patch({"apiVersion": "v1", "kind": "Pod", "metadata": oldest["metadata"]},
                                      {"metadata": {"annotations": {DELETION_COST: "1000"}}})
            except ApiError as err:
                if err.status != 404:
                    raise

    def _group(self, pod: dict) -> tuple | None:
        labels = pod["metadata"].get("labels") or {}
        if self._is_gateway(pod):
            return ("gateway",)
        if "app" in labels and "version" in labels:
            return (pod["metadata"]["namespace"], labels["app"], labels["version"])
        return None

    def _is_gateway(self, pod: dict) -> bool:
        ns, selector = self.gateway
        return pod["metadata"]["namespace"] == ns and (pod["metadata"].get("labels") or {}).get("istio") == selector

    @staticmethod
    def _server(pod: dict):
        name = ((pod["metadata"].get("annotations") or {}).get(POD_SERVER_ANNOTATION))
        return PRESETS.get(name) if name else None

    def _server_port(self, pod: dict) -> int | None:
        preset = self._server(pod)
        if preset is None or preset.metrics_port is None:
            return None
        declared = [p for p in pod["spec"]["containers"][0].get("ports") or []]
        if preset.ports and preset.metrics_port == preset.ports[0].name:  # metrics on the API port
            return int(declared[0]["containerPort"]) if declared else preset.ports[0].port
        named = next((p for p in declared if p.get("name") == preset.metrics_port), None)
        default = next(p.port for p in preset.ports if p.name == preset.metrics_port)
        return int(named["containerPort"]) if named else default

    def _has_sidecar(self, pod: dict) -> bool:
        return any(c.get("name") == SIDECAR["name"] for c in pod["spec"]["containers"])

    @staticmethod
    def _picker(pod: dict) -> dict | None:
        """The pod's endpoint-picker container (the pinned EPP image), if it runs one."""
        return next((c for c in pod["spec"]["containers"] if c.get("image") == picker.IMAGE), None)

    def _picker_port(self, pod: dict) -> int | None:
        epp = self._picker(pod)
        return None if epp is None else int(_arg(epp, "--metrics-port") or picker.METRICS_PORT)

    def _ports(self, pod: dict) -> list[int]:
        if self._is_gateway(pod):
            return [ENVOY_STATS_PORT]
        if self._picker(pod) is not None:
            return [self._picker_port(pod)]
        ports = []
        server = self._server_port(pod)
        if server is not None:
            ports.append(server)
        if self._has_sidecar(pod):
            ports += [ENVOY_STATS_PORT, MERGED_STATS_PORT]
        return ports

    # -- serving ----------------------------------------------------------------------------------
    def _open(self, ip: str, port: int, uid: str) -> None:
        if not any(k[0] == ip for k in self._servers):
            netns.add_address(ip)
        standins = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                body = standins._page(uid, port, self.path.split("?")[0])
                if body is None:
                    self.send_error(404)
                    return
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; version=0.0.4")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                return

        server = ThreadingHTTPServer((ip, port), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self._servers[(ip, port)] = (uid, server)

    def _close(self, ip: str, port: int) -> None:
        _, server = self._servers.pop((ip, port))
        server.shutdown()
        server.server_close()
        if not any(k[0] == ip for k in self._servers):
            netns.remove_address(ip)

    def _page(self, uid: str, port: int, path: str) -> str | None:
        with self._lock:
            pod = self._pods.get(uid)
        if pod is None:
            return None
        name = pod["metadata"]["name"]
        self.scrapes[(name, port, path)] = self.scrapes.get((name, port, path), 0) + 1
        if self._is_gateway(pod):
            return self._gateway_stats(pod) if path == ENVOY_STATS_PATH else None
        if self._picker(pod) is not None:
            return self._picker_metrics(pod) if port == self._picker_port(pod) and path == PICKER_METRICS_PATH else None
        if port == self._server_port(pod):
            return self._server_metrics(pod) if path == self._server(pod).metrics_path else None
        if port == ENVOY_STATS_PORT:
            return self._envoy_stats(pod) if path == ENVOY_STATS_PATH else None
        if port == MERGED_STATS_PORT and path == ENVOY_STATS_PATH:
            return self._merged(pod)
        return None

    def _carries(self, pod: dict, key: tuple) -> bool:
        with self._lock:
            return self._carrier.get(key) == pod["metadata"]["uid"]

    def _server_metrics(self, pod: dict) -> str:
        preset = self._server(pod)
        labels = pod["metadata"].get("labels") or {}
        key = (pod["metadata"]["namespace"], labels.get("app"), labels.get("version"))
        carries = self._carries(pod, key)
        with self._lock:
            totals = dict(self._gauges.get(key, {}))
        own = {"vllm": {"engine": "0", "model_name": "e2e/model"}, "triton": {"model": "e2e", "version": "1"}}
        lines = []
        for metric in sorted(set(preset.metrics.values()) | set(totals)):
            lines.append(f"# TYPE {metric} gauge")
            lines.append(f"{metric}{_labels(**own.get(preset.name, {}))} {totals.get(metric, 0.0) if carries else 0.0}")
        return "\n".join(lines) + "\n"

    def _envoy_stats(self, pod: dict) -> str:
        labels = pod["metadata"].get("labels") or {}
        ns, workload = pod["metadata"]["namespace"], _workload(pod)
        carries = self._carries(pod, (ns, labels.get("app"), labels.get("version")))
        with self._lock:
            counter = self._rates.get((ns, workload))
            value = counter.value(time.time()) if counter and carries else 0.0
        series = _labels(reporter="destination", source_workload="unknown", source_workload_namespace="unknown",
                         destination_workload=workload, destination_workload_namespace=ns,
                         destination_app=labels.get("app", "unknown"),
                         destination_version=labels.get("version", "unknown"),
                         destination_service=service_host(labels.get("app", "unknown"), ns),
                         destination_service_name=labels.get("app", "unknown"), destination_service_namespace=ns,
                         request_protocol="http", response_code="200", response_flags="-",
                         connection_security_policy="mutual_tls")
        return f"# TYPE istio_requests_total counter\nistio_requests_total{series} {value}\n"

    def _gateway_stats(self, pod: dict) -> str:
        carries = self._carries(pod, ("gateway",))
        workload, ns = _workload(pod), pod["metadata"]["namespace"]
        with self._lock:
            counters = {host: c.value(time.time()) for host, c in self._gateway.items()}
        lines = ["# TYPE istio_requests_total counter"]
        for host, value in sorted(counters.items()):
            name = host.split(".")[0]
            series = _labels(reporter="source", source_workload=workload, source_workload_namespace=ns,
                             destination_service=host, destination_service_name=name,
                             destination_service_namespace="unknown", destination_workload="unknown",
                             destination_workload_namespace="unknown", destination_version="unknown",
                             request_protocol="http", response_code="503", response_flags="UH")
            lines.append(f"istio_requests_total{series} {value if carries else 0.0}")
        return "\n".join(lines) + "\n"

    def _picker_config(self, pod: dict, epp: dict) -> dict:
        """The EndpointPickerConfig the picker reads: the ConfigMap mounted where ``--config-file`` points."""
        path = _arg(epp, "--config-file") or ""
        folder, _, file = path.rpartition("/")
        mount = next((m for m in epp.get("volumeMounts") or [] if m["mountPath"].rstrip("/") == folder), None)
        volume = next((v for v in pod["spec"].get("volumes") or [] if mount and v["name"] == mount["name"]), None)
        if volume is None or "configMap" not in volume:
            raise ValueError(f"--config-file {path!r} is not in a ConfigMap volume of the pod")
        ns = pod["metadata"]["namespace"]
        cm = self.kube.get("v1", "ConfigMap", volume["configMap"]["name"], ns)
        if cm is None or file not in (cm.get("data") or {}):
            raise ValueError(f"ConfigMap {ns}/{volume['configMap']['name']} has no {file!r}")
        return yaml.safe_load(cm["data"][file])

    def _picker_metrics(self, pod: dict) -> str:
        """The EPP's per-pool gauges: averages over the pool's Ready pods of what their servers serve."""
        epp = self._picker(pod)
        ns = _arg(epp, "--pool-namespace") or pod["metadata"]["namespace"]
        name = _arg(epp, "--pool-name")
        averages = {signal: 0.0 for signal in PICKER_READS}
        ready: list[dict] = []
        try:
            pool = self.kube.get(INFERENCE_API, "InferencePool", name, ns)
            if pool is None:
                raise ValueError(f"InferencePool {ns}/{name} not found")
            plugins = {p["type"]: p.get("parameters") or {} for p in self._picker_config(pod, epp)["plugins"]}
            path = plugins["metrics-data-source"]["path"]
            extractor = plugins["core-metrics-extractor"]
            engines = {e["name"]: e for e in extractor.get("engineConfigs") or []}
            port = int(_arg(epp, "--model-server-metrics-port") or pool["spec"]["targetPorts"][0]["number"])
            match = pool["spec"]["selector"]["matchLabels"]
            with self._lock:
                pods = list(self._pods.values())
            ready = [p for p in pods if p["metadata"]["namespace"] == ns and _ready(p)
                     and all((p["metadata"].get("labels") or {}).get(k) == v for k, v in match.items())]
            for member in ready:
                labels = member["metadata"].get("labels") or {}
                engine = engines[labels.get(extractor["engineLabelKey"], extractor["defaultEngine"])]
                page = self._page(member["metadata"]["uid"], port, path)
                if page is None:
                    raise ValueError(f"pod {member['metadata']['name']} serves nothing at :{port}{path}")
                served = _gauges(page)
                for signal, spec in PICKER_READS.items():
                    averages[signal] += served.get(engine[spec], 0.0) / len(ready)
        except (ValueError, KeyError, ApiError) as err:  # the EPP logs and exports what it has
            self.errors.append(f"picker {pod['metadata']['name']}: {type(err).__name__}: {err}")
            ready = []
        lines = []
        for signal in PICKER_READS:
            metric = picker.POOL_METRICS[signal]
            lines += [f"# TYPE {metric} gauge", f"{metric}{_labels(name=name)} {averages[signal] if ready else 0.0}"]
        metric = picker.POOL_METRICS["ready_pods"]
        lines += [f"# TYPE {metric} gauge", f"{metric}{_labels(name=name)} {float(len(ready))}"]
        return "\n".join(lines) + "\n"

    def _merged(self, pod: dict) -> str:
        """pilot-agent's merge: the app's metrics (prometheus.io/port + path), then Envoy's."""
        annotations = pod["metadata"].get("annotations") or {}
        parts = []
        if annotations.get("prometheus.io/scrape") == "true" and annotations.get("prometheus.io/port"):
            url = (f"http://{pod['status']['podIP']}:{annotations['prometheus.io/port']}"
                   f"{annotations.get('prometheus.io/path', '/metrics')}")
            try:
                with urllib.request.urlopen(url, timeout=3) as resp:
                    parts.append(resp.read().decode())
            except OSError as err:  # pilot-agent logs and serves the rest
                self.errors.append(f"merged metrics of {pod['metadata']['name']}: {url}: {err}")
        parts.append(self._envoy_stats(pod))
        return "".join(parts)

