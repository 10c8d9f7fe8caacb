"""The endpoint picker against the API server: the reference picker sees exactly the version's kwok pods.

What runs (inside a network namespace the scenario creates, see e2e/netns.py, because the picker
binds its gRPC, health and metrics servers on every interface and has no flag to bind loopback):
etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok, and the Gateway API Inference
Extension's lightweight reference picker ``lwepp`` (``sigs.k8s.io/gateway-api-inference-extension/cmd/lwepp``,
built by e2e/build.sh from the Go module proxy), as a process with the cluster's kubeconfig.

For each environment of the committed dist/ that has InferencePools, the namespaces layer and the
apps layer (every service file: the model Deployments, the pools, the pickers' objects) are
applied and every Deployment becomes Available (kwok runs the pods). Then, for every pool, lwepp
runs for that pool (``--pool-name``/``--pool-namespace``), and the pods it reports adding to its
datastore must be exactly the Ready pods of the pool's version (the pods its selector should
pick) and none of another version's: the proof that the generated selector and target port make
the picker see the right endpoints. lwepp only round-robins (it reads no metrics), so this checks
the pool's wiring, not the scoring of the production picker (registry.k8s.io/...epp), which needs
real model servers.

``python -m e2e`` calls :func:`check_pickers`, which starts ``python -m e2e.picker_scenario``
as the first process of a new network namespace and reads its JSON result.
"""
from __future__ import annotations

import re
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from e2e import netns
from e2e.checks import Refused, apply_layer, crd_index, crds_needed, install_crds, wait_available
from e2e.cluster import CONTROL_PLANE, DEFAULT_NODES, binaries, cluster
from e2e.kube import ApiError, WaitTimeout
from e2e.procs import Processes, free_port
from e2e.report import Report, Table
from e2e.variants import build_folder, variants_of
from e2e import preconditions
from inference_platform import layout
from inference_platform.contract import INFERENCE_API, INFERENCE_GROUP

#: lwepp logs ``Pod added`` / ``Pod already exists`` at its DEFAULT verbosity (2).
LOG_LEVEL = "--zap-log-level=4"
SETTLE_SECONDS = 6.0
#: Pods per pooled version while lwepp runs.
REPLICAS = 2
PICKER_TIMEOUT = 60.0


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def _ready(pod: dict) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (pod.get("status") or {}).get("conditions") or [])


def _seen(log: str, names: list[str]) -> set[str]:
    """The pods among ``names`` that lwepp's log says it added to (or already had in) its datastore."""
    seen = set()
    for line in log.splitlines():
        if "Pod added" in line or "Pod already exists" in line:
            seen |= {n for n in names if re.search(rf"\b{re.escape(n)}\b", line)}
    return seen


def _pool_check(c, bins: dict, pool: dict, procs: Processes) -> Check:
    ns, name = pool["metadata"]["namespace"], pool["metadata"]["name"]
    match = pool["spec"]["selector"]["matchLabels"]
    pods = c.kube.list("v1", "Pod", ns)
    expected = sorted(p["metadata"]["name"] for p in pods
                      if all((p["metadata"].get("labels") or {}).get(k) == v for k, v in match.items()) and _ready(p))
    others = sorted(p["metadata"]["name"] for p in pods if p["metadata"]["name"] not in expected)
    if not expected:
        return Check(f"lwepp · {ns}/{name}", False, f"no Ready pod matches the pool's selector {match}")
    proc_name = f"lwepp-{name}"
    procs.start(proc_name, [
        bins["lwepp"], "--pool-name", name, "--pool-namespace", ns, "--pool-group", INFERENCE_GROUP,
        "--grpc-port", str(free_port()), "--grpc-health-port", str(free_port()), "--metrics-port", str(free_port()),
        LOG_LEVEL], env={"KUBECONFIG": str(c.kubeconfig)})
    log_path = procs.logdir / f"{proc_name}.log"
    deadline = time.monotonic() + PICKER_TIMEOUT
    seen: set[str] = set()
    try:
        while time.monotonic() < deadline:
            procs.check_alive()
            seen = _seen(log_path.read_text(errors="replace") if log_path.exists() else "", expected + others)
            if set(expected) <= seen:
                break
            time.sleep(0.5)
        time.sleep(SETTLE_SECONDS)  # anything else it would add shows up in this time
        seen = _seen(log_path.read_text(errors="replace"), expected + others)
    finally:
        procs.stop(proc_name)
    missing, extra = sorted(set(expected) - seen), sorted(seen - set(expected))
    version = match.get("version", "every version")
    ok = not missing and not extra
    detail = (f"sees exactly the {len(expected)} Ready pod(s) of {version} ({', '.join(expected)}); "
              f"none of the {len(others)} other pod(s) in {ns}" if ok else
              f"expected the pods of {version} {expected}; missing {missing}, unexpected {extra}")
    return Check(f"lwepp · {ns}/{name}", ok, detail)


def run_inside(dist: str, crds: str, host_netns: str) -> dict:
    """The scenario, in the namespace ``e2e.netns.command`` started: returns the result for the parent."""
    netns.setup_inside(host_netns)
    result: dict = {"namespace": netns.current(), "interfaces": netns.interfaces(), "checks": []}
    checks: list[Check] = []
    bins = binaries(CONTROL_PLANE + ("lwepp",))
    index = crd_index(crds)
    try:
        for variant in variants_of(Path(dist), committed=True):
            if not variant.layer_dir(layout.APPS).is_dir():
                continue
            namespaces = build_folder(variant.layer_dir(layout.NAMESPACES))
            apps = build_folder(variant.layer_dir(layout.APPS))
            pools = [d for d in apps if d["kind"] == "InferencePool" and d["apiVersion"] == INFERENCE_API]
            if not pools:
                continue
            every = namespaces + apps
            with cluster(bins, nodes=DEFAULT_NODES + preconditions.node_pools(every)) as c:
                install_crds(c.kube, crds_needed(c.kube, every, every, index))
                preconditions.provide(c.kube, every)
                apply_layer(c.kube, namespaces)
                apply_layer(c.kube, apps)
                # No KEDA here: each pool's version gets REPLICAS pods (what an autoscaler would set), so
                # "exactly these pods" is tested on more than one.
                models = [d for d in apps if d["kind"] == "Deployment" and any(
                    all(((d["spec"]["template"]["metadata"].get("labels")) or {}).get(k) == v
                        for k, v in p["spec"]["selector"]["matchLabels"].items()) for p in pools)]
                for dep in models:
                    c.kube.merge_patch(dep, {"spec": {"replicas": REPLICAS}})
                workloads = wait_available(c.kube, apps)
                checks.append(Check(f"{variant.env}: apps layer", True,
                                    f"applied; {workloads}; the pools' versions at {REPLICAS} replicas"))
                procs = Processes(c.workdir)
                try:
                    for pool in pools:
                        check = _pool_check(c, bins, pool, procs)
                        check.name = f"{variant.env}: {check.name}"
                        checks.append(check)
                finally:
                    procs.stop_all()
    except (WaitTimeout, ApiError, Refused, RuntimeError, OSError, ValueError) as err:
        checks.append(Check("scenario", False, f"{type(err).__name__}: {err}"))
    result["checks"] = [asdict(ch) for ch in checks]
    return result


def main(argv: list[str] | None = None) -> int:
    return netns.child_main("python -m e2e.picker_scenario", __doc__.splitlines()[0], run_inside, argv,
                            options=(("dist", "the committed dist/"),
                                     ("crds", "folder of pinned CRD files (../shared/crds)")))


# ---------------------------------------------------------------------------------------------- outside

COLUMNS = ("result",)
TITLE = "endpoint picker · lwepp v1.6.2 against the API server for every generated InferencePool (own network namespace)"


def check_pickers(report: Report, dist: str, crds: str, timeout: float = 900) -> Table:
    """Run the scenario in a new network namespace; its checks into ``report``."""
    table = report.table(TITLE, COLUMNS)
    try:
        netns.check_available()
    except netns.Unavailable as err:
        table.set("scenario", "result", "NOT RUN")
        table.notes.append(f"not run, not passed: {err}. lwepp binds every interface (no flag for loopback), so it "
                           "runs only in a network namespace the test creates.")
        return table
    result, _ = netns.run_child(report, table, "e2e.picker_scenario", ["--dist", str(dist), "--crds", str(crds)],
                                timeout)
    if result is None:
        return table
    if not result["checks"]:
        table.set("scenario", "result", "no InferencePool in dist/")
    for ch in result["checks"]:
        (report.ok if ch["ok"] else report.fail)(table, ch["name"], "result", ch["detail"])
    netns.check_removed(report, table, result)
    table.notes.append("lwepp round-robins and reads no metrics: this proves the pools' selectors and target "
                       "ports (the endpoints a picker gets), not the production picker's scoring")
    return table


if __name__ == "__main__":
    sys.exit(main())
