"""Autoscaling with real controllers: KEDA and the kube-controller-manager HPA controller move kwok pods.

What runs (all inside a network namespace the scenario creates, see e2e/netns.py): etcd,
kube-apiserver (aggregation on), kube-controller-manager (HPA sync every ``SYNC_SECONDS``),
kube-scheduler, kwok, KEDA's operator and metrics API server built from
github.com/kedacore/keda/v2, and the Prometheus HTTP API test double (e2e/autoscaling.py).

The description is ``e2e/autoscaling-platform.yaml`` with the double's address as
``observability.prometheus.url``, synthesized into a scratch dist (as e2e/variants.py does for
the other Istio mode); its namespaces and apps layers are applied (KEDA itself runs from the
pinned binaries instead of layer 35's HelmRelease, which only a helm-controller could install).
Then the script: the generated query answers ``HIGH`` from t = 0 and ``LOW`` from ``DOWN_AT``;
the Deployment's replicas and the HPA's status are sampled every ``POLL_SECONDS``.

Checks: the HPA reads the metric through KEDA; metric up → replicas rise to max no faster than
the scale-up policy allows; metric down → no decrease before the stabilization window has
passed, then down to min no faster than the scale-down policy; and every sample is within one
replica of the scaling simulator (inference_platform.scaling) run on the same script, within one
sync period.

``python -m e2e`` calls :func:`check_autoscaling`, which starts ``python -m e2e.keda_scenario``
as the first process of a new network namespace and reads its JSON result.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from e2e import netns
from e2e.autoscaling import PrometheusDouble, scaled_object_queries
from e2e.checks import Refused, apply_layer, crd_index, crds_needed, install_crds, wait_available
from e2e.cluster import CONTROL_PLANE, binaries, cluster
from e2e.keda import APISERVICE, BINARIES as KEDA_BINARIES, install_keda_crds, keda
from e2e.kube import ApiError, WaitTimeout, condition, conditions
from e2e.procs import Processes
from e2e.report import Report, Table
from e2e.variants import REPO, build_folder, synthesize, variants_of
from inference_platform import layout
from inference_platform.scaling import Load, simulate

DESCRIPTION = REPO / "e2e" / "autoscaling-platform.yaml"
SERVICE, VERSION = "chat", "v1"
#: kube-controller-manager --horizontal-pod-autoscaler-sync-period (default 15 s), and the simulator's
SYNC_SECONDS = 5
HIGH, LOW = 40.0, 0.0
DOWN_AT, END_AT = 60.0, 140.0
POLL_SECONDS = 0.5
#: a sample's time is when its GET was sent; the state it shows is at most this much later
READ_SLACK = 1.0


@dataclass
class Sample:
    t: float
    metric: float  # what the double answers for the generated query (the total queue depth)
    observed: str  # the HPA's status.currentMetrics average per pod ("" before its first read)
    desired: int  # HPA status.desiredReplicas
    replicas: int  # Deployment spec.replicas (what the HPA set)
    ready: int  # Deployment status.readyReplicas (kwok pods)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


# ---------------------------------------------------------------------------------------------- checks

def _policy(rules, direction: str) -> tuple[int, int]:
    """(pods, period_seconds) of the one Pods policy the scenario's description sets per direction."""
    pods = [p for p in rules.policies if p.type == "Pods"]
    if len(rules.policies) != 1 or not pods:
        raise ValueError(f"the scenario checks one Pods policy per direction; {direction} has {rules.describe()!r}")
    return pods[0].value, pods[0].period_seconds


def _rate_violations(samples: list[Sample], value: int, period: int, sign: int) -> list[str]:
    """Pairs of samples closer than ``period`` whose replicas moved by more than ``value`` (in ``sign``)."""
    out = []
    for i, a in enumerate(samples):
        for b in samples[i + 1:]:
            if b.t - a.t >= period - READ_SLACK:
                break
            if sign * (b.replicas - a.replicas) > value:
                out.append(f"{a.replicas} at {a.t:.1f} s → {b.replicas} at {b.t:.1f} s")
    return out


def check_rise(samples: list[Sample], config, down_at: float) -> Check:
    """Metric up: replicas reach max before the metric falls, at most ``value`` pods per ``period``."""
    name = "metric up → replicas rise to max"
    value, period = _policy(config.behavior.scale_up, "scaleUp")
    up = [s for s in samples if s.t < down_at]
    top = next((s for s in up if s.replicas >= config.max_replicas), None)
    fast = _rate_violations(up, value, period, +1)
    if fast:
        return Check(name, False, f"faster than the scale-up policy ({value} pod / {period} s): {'; '.join(fast[:3])}")
    if top is None:
        best = max((s.replicas for s in up), default=0)
        return Check(name, False, f"reached {best}, not max {config.max_replicas}, in the {down_at:.0f} s the metric "
                                  f"was {HIGH:g}")
    first = next(s for s in up if s.replicas > config.min_replicas)
    return Check(name, True, f"{config.min_replicas} → {config.max_replicas} from {first.t:.0f} s to {top.t:.0f} s, "
                             f"never more than {value} pod per {period} s (scaleUp policy)")


def check_fall(samples: list[Sample], config, down_at: float) -> Check:
    """Metric down: nothing before the stabilization window passed, then to min at the policy's rate."""
    name = "metric down → replicas fall after the window"
    window = config.behavior.scale_down.stabilization_window_seconds
    value, period = _policy(config.behavior.scale_down, "scaleDown")
    before = [s for s in samples if s.t < down_at]
    peak = before[-1].replicas if before else 0
    after = [s for s in samples if s.t >= down_at]
    # The last sync that saw the high metric was at most one sync period before the drop, and its
    # recommendation holds for `window` seconds after that sync. Syncs drift later than the nominal
    # period on a busy machine (the controller requeues after processing): half a period allowed.
    # Without the window the first decrease would come at the first sync after the drop.
    earliest = down_at + window - SYNC_SECONDS - SYNC_SECONDS / 2
    early = next((s for s in after if s.replicas < peak and s.t < earliest), None)
    if early is not None:
        return Check(name, False, f"{peak} → {early.replicas} at {early.t:.1f} s, {early.t - down_at:.1f} s after the "
                                  f"drop: before the {window} s stabilization window could pass")
    slow = _rate_violations(after, value, period, -1)
    if slow:
        return Check(name, False, f"faster than the scale-down policy ({value} pod / {period} s): {'; '.join(slow[:3])}")
    first = next((s for s in after if s.replicas < peak), None)
    bottom = next((s for s in after if s.replicas <= config.min_replicas), None)
    if first is None or bottom is None:
        last = after[-1].replicas if after else peak
        return Check(name, False, f"still {last} replicas {after[-1].t - down_at if after else 0:.0f} s after the drop "
                                  f"(min {config.min_replicas})")
    return Check(name, True, f"held {peak} for {first.t - down_at:.0f} s after the drop (window {window} s), "
                             f"{config.min_replicas} at {bottom.t:.0f} s, never more than {value} pod per {period} s")


def simulated_at(steps, t: float) -> int:
    """The simulator's replicas at time ``t``: the last sync at or before it."""
    current = steps[0].desired_replicas
    for step in steps:
        if step.t_seconds > t:
            break
        current = step.desired_replicas
    return current


def compare(samples: list[Sample], steps, sync: int = SYNC_SECONDS) -> Check:
    """Every sample within one replica of the simulator at some time within one sync period of it."""
    name = "simulator agrees (±1 replica, ±1 sync)"
    off = []
    for s in samples:
        window = [step.desired_replicas for step in steps if abs(step.t_seconds - s.t) <= sync]
        window.append(simulated_at(steps, s.t))
        if min(abs(r - s.replicas) for r in window) > 1:
            off.append(f"{s.replicas} at {s.t:.1f} s vs simulator {sorted(set(window))}")
    if off:
        return Check(name, False, f"{len(off)} of {len(samples)} samples differ: {'; '.join(off[:3])}")
    same = sum(1 for s in samples if simulated_at(steps, s.t) == s.replicas)
    return Check(name, True, f"{len(samples)} samples; {same} equal to the simulator at the same instant")


def trajectory(samples: list[Sample], steps) -> str:
    """The rows where something changed: time, metric, HPA's reading, desired/current, simulator."""
    lines = [f"  {'t (s)':>6}  {'metric':>6}  {'HPA reads/pod':>13}  {'desired':>7}  {'current':>7}  {'ready':>5}  "
             f"{'simulator':>9}"]
    last = None
    for s in samples:
        sim = simulated_at(steps, s.t)
        key = (s.metric, s.observed, s.desired, s.replicas, s.ready, sim)
        if key != last:
            lines.append(f"  {s.t:6.1f}  {s.metric:6g}  {s.observed or '-':>13}  {s.desired:7d}  {s.replicas:7d}  "
                         f"{s.ready:5d}  {sim:9d}")
            last = key
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- inside

def _synthesize(url: str, scratch: Path):
    data = yaml.safe_load(DESCRIPTION.read_text())
    data["observability"]["prometheus"]["url"] = url
    copy = scratch / "autoscaling-platform.yaml"
    copy.write_text(yaml.safe_dump(data, sort_keys=False))
    (variant,) = variants_of(synthesize(copy, data["istio"]["mode"], scratch, None), committed=False)
    return variant


def _hpa_of(kube, so: dict) -> dict | None:
    live = kube.get_like(so) or {}
    name = (live.get("status") or {}).get("hpaName")
    return kube.get("autoscaling/v2", "HorizontalPodAutoscaler", name, so["metadata"]["namespace"]) if name else None


def _reading(hpa: dict | None) -> str:
    for m in ((hpa or {}).get("status") or {}).get("currentMetrics") or []:
        current = (m.get("external") or {}).get("current") or {}
        if "averageValue" in current:
            return str(current["averageValue"])
    return ""


def _drive(c, prom: PrometheusDouble, query: str, dep: dict, so: dict) -> tuple[list[Sample], float]:
    samples: list[Sample] = []
    prom.set(query, HIGH)
    t0 = time.monotonic()
    down_at = None
    metric = HIGH
    while (t := time.monotonic() - t0) <= END_AT:
        if down_at is None and t >= DOWN_AT:
            prom.set(query, LOW)
            down_at, metric = t, LOW
            continue
        live = c.kube.get_like(dep) or {}
        hpa = _hpa_of(c.kube, so)
        samples.append(Sample(round(t, 2), metric, _reading(hpa),
                              int(((hpa or {}).get("status") or {}).get("desiredReplicas", 0)),
                              int((live.get("spec") or {}).get("replicas", 0)),
                              int((live.get("status") or {}).get("readyReplicas", 0))))
        c.procs.check_alive()
        time.sleep(max(0.0, POLL_SECONDS - (time.monotonic() - t0 - t)))
    return samples, down_at if down_at is not None else DOWN_AT


def run_inside(crds: str, host_netns: str) -> dict:
    """The scenario, in the namespace ``e2e.netns.command`` started: returns the result for the parent."""
    # objects.py loads cdk8s and its Node.js runtime: only this process (the scenario) needs it,
    # not `python -m e2e`, which imports this module for check_autoscaling.
    from inference_platform.scaling.objects import read_config

    netns.setup_inside(host_netns)
    result: dict = {"namespace": netns.current(), "interfaces": netns.interfaces(), "checks": [], "trajectory": ""}
    checks: list[Check] = []
    bins = binaries(CONTROL_PLANE + KEDA_BINARIES)
    scratch = Path(tempfile.mkdtemp(prefix="e2e-autoscaling-dist-"))
    try:
        with PrometheusDouble() as prom:
            variant = _synthesize(prom.url, scratch)
            namespaces = build_folder(variant.layer_dir(layout.NAMESPACES))
            apps = build_folder(variant.layer_dir(layout.APPS))
            so = next(d for d in apps if d["kind"] == "ScaledObject")
            dep = next(d for d in apps if d["kind"] == "Deployment" and d["metadata"]["name"] == f"{SERVICE}-{VERSION}")
            (query,) = scaled_object_queries([so])[f"{so['metadata']['namespace']}/{so['metadata']['name']}"]
            prom.set(query, LOW)
            # the simulator reads the very objects the cluster gets (the generated ones, built by kustomize)
            config = read_config(apps, SERVICE, VERSION)
            kcm = [f"--horizontal-pod-autoscaler-sync-period={SYNC_SECONDS}s"]
            with cluster(bins, aggregation=True, extra_args={"kube-controller-manager": kcm}) as c:
                install_keda_crds(c, crds, bins)
                every = namespaces + apps
                install_crds(c.kube, crds_needed(c.kube, every, every, crd_index(crds)))
                apply_layer(c.kube, namespaces)
                with keda(c, bins, netns.ADDRESS) as served:
                    checks.append(Check("KEDA operator + metrics API server", True,
                                        f"{APISERVICE} Available, served at {served} (Endpoints {netns.ADDRESS})"))
                    apply_layer(c.kube, apps)
                    wait_available(c.kube, apps)

                    def active() -> bool:
                        hpa = _hpa_of(c.kube, so)
                        return condition(hpa, "ScalingActive").get("status") == "True" and bool(_reading(hpa))

                    c.kube.wait("KEDA's HPA reads the metric (ScalingActive)", active,
                                lambda: f"ScaledObject: {conditions(c.kube.get_like(so))}; "
                                        f"HPA: {conditions(_hpa_of(c.kube, so))}", 120, 1)
                    hpa_name = _hpa_of(c.kube, so)["metadata"]["name"]
                    samples, down_at = _drive(c, prom, query, dep, so)
                    asked = set(prom.asked)
                    ok = asked == {query}
                    checks.append(Check("HPA reads the generated query through KEDA", ok,
                                        f"HPA {hpa_name} ScalingActive; KEDA asked the double "
                                        + (f"only the ScaledObject's query ({len(prom.asked)} times)" if ok else
                                           f"other queries too: {sorted(asked - {query})}")))
        steps = simulate(config, Load(((0.0, HIGH), (down_at, LOW)), int(END_AT)), int(END_AT), SYNC_SECONDS)
        checks += [check_rise(samples, config, down_at), check_fall(samples, config, down_at), compare(samples, steps)]
        result["trajectory"] = trajectory(samples, steps)
        result["script"] = (f"metric {HIGH:g} (queue depth, target {config.primary.target:g}/pod) from 0 s, "
                            f"{LOW:g} from {down_at:.1f} s; HPA sync {SYNC_SECONDS} s; {config.behavior.scale_up.describe()} "
                            f"up, window {config.behavior.scale_down.stabilization_window_seconds} s and "
                            f"{config.behavior.scale_down.describe()} down")
    except (WaitTimeout, ApiError, Refused, RuntimeError, OSError, ValueError) as err:
        checks.append(Check("scenario", False, f"{type(err).__name__}: {err}"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result["checks"] = [asdict(ch) for ch in checks]
    return result


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m e2e.keda_scenario", description=__doc__.splitlines()[0])
    parser.add_argument("--crds", required=True, help="folder of pinned CRD files (../shared/crds)")
    parser.add_argument("--host-netns", required=True, help="the parent's network namespace (must differ)")
    parser.add_argument("--result", required=True, help="where to write the JSON result")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)  # the parent stops us by pid: unwind, stop every process
    try:
        result = run_inside(args.crds, args.host_netns)
    except Exception:
        result = {"checks": [{"name": "scenario", "ok": False, "detail": traceback.format_exc(limit=4)}]}
    Path(args.result).write_text(json.dumps(result))
    return 0


# ---------------------------------------------------------------------------------------------- outside

COLUMNS = ("result",)
TITLE = "autoscaling · KEDA + kube-controller-manager HPA on kwok pods (own network namespace)"


def check_autoscaling(report: Report, crds: str, timeout: float = 1200) -> tuple[Table, str]:
    """Run the scenario in a new network namespace; its checks into ``report``, and the trajectory text."""
    table = report.table(TITLE, COLUMNS)
    try:
        netns.check_available()
    except netns.Unavailable as err:
        table.set("scenario", "result", "NOT RUN")
        table.notes.append(f"not run, not passed: {err}. The API server refuses loopback Endpoints, so the "
                           "external metrics API needs an address of a namespace the test creates.")
        return table, ""
    folder = Path(tempfile.mkdtemp(prefix="e2e-autoscaling-"))
    procs = Processes(folder)
    out = folder / "result.json"
    try:
        proc = procs.start("keda-scenario", netns.command(
            [sys.executable, "-m", "e2e.keda_scenario", "--crds", str(crds), "--host-netns", netns.current(),
             "--result", str(out)]), env={"PYTHONPATH": str(REPO)}, cwd=REPO)
        deadline = time.monotonic() + timeout
        while proc.poll() is None and time.monotonic() < deadline:
            time.sleep(1)
        if proc.poll() is None:
            report.fail(table, "scenario", "result", f"no result after {timeout:.0f} s; stopped.\n{procs.tail('keda-scenario')}")
            return table, ""
        procs.stop_all()
        if not out.exists():
            report.fail(table, "scenario", "result", f"exited {proc.returncode} without a result:\n"
                                                     f"{procs.tail('keda-scenario')}")
            return table, ""
        result = json.loads(out.read_text())
        for ch in result["checks"]:
            if ch["ok"]:
                report.ok(table, ch["name"], "result", ch["detail"])
            else:
                report.fail(table, ch["name"], "result", ch["detail"])
        if any(not ch["ok"] for ch in result["checks"]):
            table.notes.append("scenario log (last lines):\n" + procs.tail("keda-scenario", 15))
        ns = result.get("namespace")
        if ns:
            left = netns.holders(ns)
            if left:
                report.fail(table, "network namespace removed", "result", f"{ns} still held by pids {left}")
            else:
                report.ok(table, "network namespace removed", "result",
                          f"{ns} ({', '.join(result.get('interfaces', []))}) gone with its last process")
        if result.get("script"):
            table.notes.append(f"script: {result['script']}")
        table.notes.append("KEDA runs from the pinned binaries (e2e/build.sh), not from layer 35's HelmRelease")
        return table, result.get("trajectory", "")
    finally:
        procs.stop_all()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
