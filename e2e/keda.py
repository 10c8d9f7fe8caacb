"""KEDA's operator, metrics API server and admission webhooks as local processes against an e2e cluster.

Built from github.com/kedacore/keda/v2 (e2e/build.sh, cmd/operator, cmd/adapter and
cmd/webhooks), started
as the chart starts them but without cert-manager or KEDA's own certificate rotation
(``--enable-cert-rotation=false``): one certificate signed by the cluster CA serves the
operator's gRPC metrics service and the metrics API server and is the client certificate of
their mutual TLS (both read ``ca.crt``, ``tls.crt``, ``tls.key`` from their ``--cert-dir``).

The API server reaches ``v1beta1.external.metrics.k8s.io`` through a Service whose Endpoints
may not hold a loopback address, so the metrics API server listens on ``address``: a private
address of a network namespace the scenario creates (e2e/netns.py), and the cluster runs with
``aggregation=True`` (front-proxy certificate, ``--enable-aggregator-routing``, which also
routes admission webhooks to their Service's endpoints).

The admission webhooks (``webhooks=True``) are registered with the module's own
ValidatingWebhookConfiguration (config/webhooks, copied by e2e/build.sh), pointed at their
Service and the cluster CA, with ``failurePolicy: Fail`` instead of KEDA's default ``Ignore``:
here an unreachable webhook must fail the apply rather than admit every ScaledObject unchecked.
The cluster must run with webhook admission on (``cluster(admission_webhooks=True)``).
"""
from __future__ import annotations

import base64
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from e2e.checks import crd_index, install_crds
from e2e.cluster import Cluster, _wait_http
from e2e.kube import condition, conditions, documents
from e2e.pki import issue
from e2e.procs import free_port
from inference_platform.contract import KEDA_GROUP

NAMESPACE = "keda"
APISERVICE = "v1beta1.external.metrics.k8s.io"
SERVICE = "keda-metrics-apiserver"
WEBHOOK_SERVICE = "keda-admission-webhooks"
BINARIES = ("keda-operator", "keda-adapter", "keda-crds")
WEBHOOK_BINARIES = ("keda-webhooks", "keda-webhooks-config")


def _certs(c: Cluster, address: str) -> Path:
    folder = c.workdir / "keda-certs"
    crt, key = issue(c.pki, folder, "keda", "/CN=keda-operator",
                     "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                     "extendedKeyUsage=serverAuth,clientAuth\n"
                     f"subjectAltName=IP:127.0.0.1,IP:{address},DNS:keda-operator.{NAMESPACE}.svc,"
                     f"DNS:{SERVICE}.{NAMESPACE}.svc,DNS:{WEBHOOK_SERVICE}.{NAMESPACE}.svc\n")
    shutil.copy(crt, folder / "tls.crt")
    shutil.copy(key, folder / "tls.key")
    shutil.copy(c.pki.ca_crt, folder / "ca.crt")
    # --ca-dir: CAs the scalers trust; only certificates may be in it (the operator logs every other file)
    (folder / "ca").mkdir()
    shutil.copy(c.pki.ca_crt, folder / "ca" / "ca.crt")
    return folder


def _register(c: Cluster, address: str, port: int) -> None:
    """The APIService, and a Service without selector whose Endpoints name ``address:port``."""
    kube = c.kube
    _endpoint_service(c, SERVICE, address, port)
    kube.apply({"apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService", "metadata": {"name": APISERVICE},
                "spec": {"group": "external.metrics.k8s.io", "version": "v1beta1",
                         "service": {"name": SERVICE, "namespace": NAMESPACE, "port": 443},
                         "caBundle": base64.b64encode(c.pki.ca_crt.read_bytes()).decode(),
                         "groupPriorityMinimum": 100, "versionPriority": 100}})


def _endpoint_service(c: Cluster, name: str, address: str, port: int) -> None:
    """A Service without selector whose Endpoints name ``address:port`` (no kube-proxy here)."""
    c.kube.apply({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": NAMESPACE},
                  "spec": {"ports": [{"name": "https", "port": 443, "targetPort": port, "protocol": "TCP"}]}})
    c.kube.apply({"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": name, "namespace": NAMESPACE},
                  "subsets": [{"addresses": [{"ip": address}],
                               "ports": [{"name": "https", "port": port, "protocol": "TCP"}]}]})


def webhook_configuration(path: str | Path, ca_bundle: bytes) -> dict:
    """KEDA's ValidatingWebhookConfiguration from the module, pointed at the e2e Service and CA."""
    (doc,) = documents(Path(path).read_text())
    for hook in doc["webhooks"]:
        service = hook["clientConfig"]["service"]
        service.update({"name": WEBHOOK_SERVICE, "namespace": NAMESPACE, "port": 443})
        hook["clientConfig"]["caBundle"] = base64.b64encode(ca_bundle).decode()
        hook["failurePolicy"] = "Fail"
    return doc


def _webhooks(c: Cluster, bins: dict[str, str], certs: Path, address: str, timeout: float) -> str:
    """Start KEDA's admission webhooks and register them; returns the configuration's name."""
    port, health, metrics = free_port(), free_port(), free_port()
    c.procs.start("keda-webhooks", [
        bins["keda-webhooks"], f"--kubeconfig={c.kubeconfig}", f"--cert-dir={certs}", f"--port={port}",
        f"--health-probe-bind-address=127.0.0.1:{health}", f"--metrics-bind-address=127.0.0.1:{metrics}",
        # debug: the webhook logs each ScaledObject it admits ("scaledobject is valid"), which the scenario counts
        "--zap-log-level=debug", "--zap-encoder=console"],
        env={"POD_NAMESPACE": NAMESPACE, "KEDA_CLUSTER_OBJECT_NAMESPACE": NAMESPACE})
    _wait_http(c.procs, "keda-webhooks", f"http://127.0.0.1:{health}/readyz", timeout)
    _endpoint_service(c, WEBHOOK_SERVICE, address, port)
    config = webhook_configuration(bins["keda-webhooks-config"], c.pki.ca_crt.read_bytes())
    c.kube.apply(config)
    return f"ValidatingWebhookConfiguration/{config['metadata']['name']} → {WEBHOOK_SERVICE} at {address}:{port}"


def install_keda_crds(c: Cluster, crds_dir: str | Path, bins: dict[str, str]) -> None:
    """keda.sh CRDs from the pinned files (../shared/crds), eventing.keda.sh from the built module."""
    crds = [crd for (group, _), crd in crd_index(crds_dir).items() if group == KEDA_GROUP]
    crds += list(crd_index(bins["keda-crds"]).values())
    install_crds(c.kube, crds)


@contextmanager
def keda(c: Cluster, bins: dict[str, str], address: str, timeout: float = 120,
         webhooks: bool = False) -> Iterator[dict[str, str]]:
    """Start KEDA's operator and metrics API server (and its admission webhooks); yields once the
    APIService is Available: ``{"metrics": url, "webhooks": what was registered}``.

    Both stop with the cluster's other processes (by pid) when the cluster block ends; their
    certificates and logs are in the cluster's folder, removed with it.
    """
    certs = _certs(c, address)
    c.kube.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}})
    registered = _webhooks(c, bins, certs, address, timeout) if webhooks else ""
    env = {"WATCH_NAMESPACE": "", "POD_NAMESPACE": NAMESPACE, "KEDA_CLUSTER_OBJECT_NAMESPACE": NAMESPACE}
    grpc, health, secure, metrics = free_port(), free_port(), free_port(), free_port()
    c.procs.start("keda-operator", [
        bins["keda-operator"], f"--kubeconfig={c.kubeconfig}", "--leader-elect=false",
        "--enable-prometheus-metrics=false", f"--health-probe-bind-address=127.0.0.1:{health}",
        f"--metrics-service-bind-address=127.0.0.1:{grpc}", f"--cert-dir={certs}", "--enable-cert-rotation=false",
        "--enable-webhook-patching=false", "--enable-apiservice-patching=false", f"--ca-dir={certs / 'ca'}",
        "--zap-log-level=info", "--zap-encoder=console"], env=env)
    _wait_http(c.procs, "keda-operator", f"http://127.0.0.1:{health}/readyz", timeout)
    c.procs.start("keda-adapter", [
        bins["keda-adapter"], f"--kubeconfig={c.kubeconfig}", f"--lister-kubeconfig={c.kubeconfig}",
        f"--authentication-kubeconfig={c.kubeconfig}", f"--authorization-kubeconfig={c.kubeconfig}",
        f"--bind-address={address}", f"--secure-port={secure}", f"--cert-dir={certs}",
        f"--tls-cert-file={certs / 'tls.crt'}", f"--tls-private-key-file={certs / 'tls.key'}",
        f"--client-ca-file={certs / 'ca.crt'}", f"--metrics-service-address=127.0.0.1:{grpc}",
        f"--port={metrics}", "--zap-log-level=info", "--zap-encoder=console"], env=env)
    _register(c, address, secure)

    def available() -> bool:
        c.procs.check_alive()  # a metrics server that exited is reported with its log, not as a timeout
        return condition(c.kube.get("apiregistration.k8s.io/v1", "APIService", APISERVICE),
                         "Available").get("status") == "True"

    c.kube.wait(f"APIService/{APISERVICE} Available (served by keda-adapter at {address}:{secure})", available,
                lambda: conditions(c.kube.get("apiregistration.k8s.io/v1", "APIService", APISERVICE)), timeout, 1)
    yield {"metrics": f"https://{address}:{secure}", "webhooks": registered}
