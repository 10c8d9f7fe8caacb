"""Autoscaling with real controllers: KEDA and the kube-controller-manager HPA controller move kwok pods.

What runs (all inside a network namespace the scenario creates, see e2e/netns.py): etcd,
kube-apiserver (aggregation and admission webhooks on), kube-controller-manager (HPA sync every
``SYNC_SECONDS``), kube-scheduler, kwok, KEDA's operator, metrics API server and admission webhooks
built from github.com/kedacore/keda/v2, prometheus-operator and Prometheus (e2e/prometheus_stack.py),
and the model-server stand-ins at the kwok pods' addresses (e2e/standins.py).

The description is ``e2e/autoscaling-platform.yaml`` (one service per signal type), synthesized
into a scratch dist (as e2e/variants.py does for the other Istio mode); its namespaces, Gateway API
CRDs (the InferencePool's), mesh and apps layers are applied (KEDA itself runs from the pinned
binaries instead of layer 35's HelmRelease, which only a helm-controller could install).
Then the script: the stand-ins serve ``HIGH`` in total for ``SERVICE`` from t = 0 and ``LOW`` from
``DOWN_AT``; the Deployment's replicas and the HPA's status are sampled every ``POLL_SECONDS`` and
checked by e2e/trajectory.py (policies, stabilization window, the scaling simulator). Every other
signal's service is checked through the chain (e2e/pipeline_checks.py: targets up, one series equal
to the stand-ins' total, KEDA reads it, replicas as simulated), and planted defects must fail with
messages that name them.

``python -m e2e`` calls :func:`check_autoscaling`, which starts ``python -m e2e.keda_scenario``
as the first process of a new network namespace and reads its JSON result.

Over 300 lines because it is one scenario end to end, in the order it runs: the plan per service,
the drive that samples it, the per-signal rows, the planted defects and the runner outside the
namespace share the plan and the cluster; what stands alone is in trajectory.py (the trajectory
checks), pipeline_checks.py (targets, queries), standins.py and prometheus_stack.py.
"""
from __future__ import annotations

import copy
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from e2e import netns
from e2e.checks import Refused, apply_layer, crd_index, crds_needed, install_crds
from e2e.cluster import CONTROL_PLANE, binaries, cluster
from e2e.keda import APISERVICE, BINARIES as KEDA_BINARIES, WEBHOOK_BINARIES, install_keda_crds, keda
from e2e.kube import ApiError, WaitTimeout
from e2e.pipeline_checks import Check, check_query, check_targets, scrape_pool, selectors
from e2e.prometheus_stack import (BINARIES as PROMETHEUS_BINARIES, NAME as STACK_NAME, NAMESPACE as STACK_NAMESPACE,
                                  URL as PROMETHEUS_URL, PrometheusApi, install_operator_crds, prometheus_stack,
                                  wait_for_jobs)
from e2e.report import Report, Table
from e2e.standins import PICKER_READS, StandIns, inject_sidecar
from e2e.trajectory import SYNC_SECONDS, Sample, check_fall, check_rise, compare, trajectory
from e2e.variants import REPO, build_folder, synthesize, variants_of
from inference_platform import layout
from inference_platform.catalog.picker import engine_entry
from inference_platform.catalog.servers import PRESETS
from inference_platform.catalog.signals import ENVOY_STATS_PORT, ENVOY_STATS_PORT_NAME
from inference_platform.contract import POD_SERVER_ANNOTATION, picker_name, service_host
from inference_platform.description import IngressGateway
from inference_platform.description.mesh import gateway_selector_label
from inference_platform.kube_names import quantity_value
from inference_platform.scaling import Load, simulate

DESCRIPTION = REPO / "e2e" / "autoscaling-platform.yaml"
SERVICE, VERSION = "chat", "v1"
HIGH, LOW = 40.0, 0.0
DOWN_AT, END_AT = 50.0, 125.0
POLL_SECONDS = 0.5


# ---------------------------------------------------------------------------------------------- inside

@dataclass(frozen=True)
class Plan:
    """One autoscaled service of the description: its signal and the total the stand-ins serve."""

    service: str
    signal: str
    query: str
    total: float  # what the generated query must return (the trajectory's HIGH for SERVICE)
    so: dict
    deployment: dict

    @property
    def row(self) -> str:
        return f"{self.signal} · {self.service}"


#: the totals the steady services get (each asks for 3 replicas at its target). A new signal type
#: gets a service in e2e/autoscaling-platform.yaml, its total here, and, if its source is neither a
#: model server, Envoy nor the endpoint picker, a stand-in role in e2e/standins.py;
#: tests/e2e_harness/test_keda_scenario.py fails until every METRIC_SIGNALS entry is covered.
TOTALS = {"kv": 1.2, "batch": 10.0, "embed": 25.0, "vision": 5.0, "rerank": 25.0, "proxy": 25.0, "gate": 25.0,
          "pool-queue": 12.0, "pool-running": 12.0}
#: how long after the metric's rise the steady services must have reached the simulator's replicas
STEADY_BY = END_AT


def _synthesize(url: str, scratch: Path):
    data = yaml.safe_load(DESCRIPTION.read_text())
    data["observability"]["prometheus"]["url"] = url
    copy = scratch / "autoscaling-platform.yaml"
    copy.write_text(yaml.safe_dump(data, sort_keys=False))
    (variant,) = variants_of(synthesize(copy, data["istio"]["mode"], scratch, None), committed=False)
    return variant, data


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


def _plans(apps: list[dict], description: dict) -> list[Plan]:
    deployments = {d["metadata"]["name"]: d for d in apps if d["kind"] == "Deployment"}
    out = []
    for so in (d for d in apps if d["kind"] == "ScaledObject"):
        (trigger,) = [t for t in so["spec"]["triggers"] if t["type"] == "prometheus"]
        dep = deployments[so["spec"]["scaleTargetRef"]["name"]]
        service = dep["metadata"]["labels"]["app"]
        out.append(Plan(service, trigger["name"], trigger["metadata"]["query"],
                        HIGH if service == SERVICE else TOTALS[service], so, dep))
    missing = {s["name"] for s in description["services"]} - {p.service for p in out}
    if missing:
        raise RuntimeError(f"no ScaledObject generated for {sorted(missing)}")
    return out


def _serve(standins: StandIns, plan: Plan, total: float) -> None:
    """The stand-ins serve ``total`` for the plan's signal (a gauge, a rate at the sidecars or at the gateway;
    a picker signal as the servers' gauge the pool's picker averages)."""
    meta = plan.deployment["metadata"]
    ns, app, version = meta["namespace"], meta["labels"]["app"], meta["labels"]["version"]
    if plan.signal == "gateway_request_rate":
        standins.set_gateway_rate(service_host(app, ns), total)
    elif plan.signal == "request_rate":
        standins.set_rate(ns, meta["name"], total)
    elif plan.signal in PICKER_READS:
        server = PRESETS[plan.deployment["spec"]["template"]["metadata"]["annotations"][POD_SERVER_ANNOTATION]]
        standins.set_gauge(ns, app, version, engine_entry(server)[PICKER_READS[plan.signal]], total)
    else:
        (metric, _), *_ = selectors(plan.query)
        standins.set_gauge(ns, app, version, metric, total)


def _gateway_deployment(gateway: IngressGateway) -> dict:
    """The ingress gateway's pods as Istio's gateway chart makes them (the layer's HelmRelease is not
    installed here): labels ``app``/``istio``, the istio-proxy container declaring http-envoy-prom."""
    labels = {"app": gateway.name, "istio": gateway_selector_label(gateway.name)}
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": gateway.name, "namespace": gateway.namespace, "labels": labels},
            "spec": {"replicas": 1, "selector": {"matchLabels": labels},
                     "template": {"metadata": {"labels": labels}, "spec": {"containers": [
                         {"name": "istio-proxy", "image": "docker.io/istio/proxyv2", "args": ["proxy", "router"],
                          "ports": [{"containerPort": 15021, "protocol": "TCP", "name": "status-port"},
                                    {"containerPort": ENVOY_STATS_PORT, "protocol": "TCP",
                                     "name": ENVOY_STATS_PORT_NAME}]}]}}}}


def _injected(namespaces: list[dict], apps: list[dict]) -> list[dict]:
    """The apps layer as Istio's injector admits it: istio-proxy in the pods of injected namespaces."""
    injected = {d["metadata"]["name"] for d in namespaces if d["kind"] == "Namespace"
                and ((d["metadata"].get("labels") or {}).get("istio-injection") == "enabled"
                     or "istio.io/rev" in (d["metadata"].get("labels") or {}))}
    return [inject_sidecar(copy.deepcopy(d)) if d["kind"] == "Deployment" and d["metadata"]["namespace"] in injected
            else d for d in apps]


def _external_value(kube, so: dict) -> float | None:
    """What KEDA's metrics API server answers for the ScaledObject's trigger (the HPA's source)."""
    hpa = _hpa_of(kube, so)
    if hpa is None:
        return None
    ext = next((m["external"] for m in hpa["spec"].get("metrics") or [] if m.get("type") == "External"), None)
    if ext is None:
        return None
    ns, metric = so["metadata"]["namespace"], ext["metric"]["name"]
    selector = ",".join(f"{k}={v}" for k, v in (ext["metric"].get("selector") or {}).get("matchLabels", {}).items())
    items = kube.request("GET", f"/apis/external.metrics.k8s.io/v1beta1/namespaces/{ns}/{metric}",
                         query={"labelSelector": selector} if selector else None).get("items") or []
    return sum(float(quantity_value(str(i["value"]))) for i in items) if items else None


def _replicas(kube, dep: dict) -> tuple[int, int]:
    live = kube.get_like(dep) or {}
    return int((live.get("spec") or {}).get("replicas", 0)), int((live.get("status") or {}).get("readyReplicas", 0))


def _pods_of(kube, dep: dict) -> list[dict]:
    meta = dep["metadata"]
    return kube.list("v1", "Pod", meta["namespace"],
                     ",".join(f"{k}={v}" for k, v in dep["spec"]["selector"]["matchLabels"].items()))


@dataclass
class Watch:
    """What the drive saw of one plan."""

    first_match: Check | None = None  # the first time the query returned its total
    last: Check | None = None
    seen_at: float | None = None  # when Prometheus first returned the total
    keda: float | None = None  # what KEDA's metrics API server answered (the first answer equal to the total)
    keda_error: str = ""  # its last refusal while it had not answered the total yet
    replicas: list[tuple[float, int]] = field(default_factory=list)
    pods_when_served: int = -1  # gate: pods when the gateway's rate was set
    served_at: float | None = None  # gate: when the gateway's rate was set
    first_pod_at: float | None = None


def _drive(c, prom: PrometheusApi, standins: StandIns, plans: list[Plan], monitors: list[dict],
           finals: dict[str, int]) -> tuple[list[Sample], dict, dict[str, Check], float]:
    """Run the script from the apply on; returns chat's samples (t from when Prometheus first
    returned HIGH), per-plan watches, the targets' checks and when Prometheus first returned LOW.

    The steady totals are served at once; a scale-from-zero plan's only once KEDA has scaled its
    Deployment to 0 and no pod of it is left. The drive ends ``END_AT`` after chat's rise was
    visible, once every steady plan is at its simulated replicas (``finals``), or 120 s later.
    """
    chat = next(p for p in plans if p.service == SERVICE)
    watches = {p.service: Watch() for p in plans}
    waiting = [p for p in plans if p.signal == "gateway_request_rate"]
    for p in plans:
        if p not in waiting:
            _serve(standins, p, p.total)
    start = time.monotonic()
    samples: list[Sample] = []
    targets: dict[str, Check] = {}
    seen_high = seen_low = None
    set_low_at = None
    served = HIGH
    tick = 0
    while True:
        now = time.monotonic() - start
        rel = now - seen_high if seen_high is not None else None
        settled = all(w.replicas and w.replicas[-1][1] == finals[s] for s, w in watches.items() if s in finals)
        if rel is not None and rel >= END_AT and (settled or rel >= END_AT + 120):
            break
        if now > END_AT + 120 and seen_high is None:
            raise WaitTimeout(f"Prometheus never returned {HIGH:g} for {chat.query} (scrape of the stand-ins)")
        if rel is not None and set_low_at is None and rel >= DOWN_AT:
            _serve(standins, chat, LOW)
            set_low_at, served = now, LOW
        tick += 1
        for p in list(waiting):
            if tick % 2 == 0 and _replicas(c.kube, p.deployment)[0] == 0 and not _pods_of(c.kube, p.deployment):
                watches[p.service].pods_when_served, watches[p.service].served_at = 0, now
                _serve(standins, p, p.total)
                waiting.remove(p)
        if tick % 6 == 1 and not (targets and all(t.ok for t in targets.values())):
            pods, services, found = c.kube.list("v1", "Pod"), c.kube.list("v1", "Service"), prom.targets()
            targets = {f"{m['metadata']['namespace']}/{m['metadata']['name']}": check_targets(m, pods, found, services)
                       for m in monitors}
        for p in plans if tick % 2 else (chat,):
            result = prom.query(p.query)
            w = watches[p.service]
            total = served if p is chat else p.total if p not in waiting else 0.0
            check = check_query(f"{p.row} query", p.query, result, total, prom.query)
            w.last = check
            if check.ok and p is chat and served == HIGH and seen_high is None:
                seen_high = now
            if check.ok and p is chat and served == LOW and seen_low is None:
                seen_low = now
            if check.ok and w.first_match is None and total:
                w.first_match, w.seen_at = check, now
            if check.ok and w.first_match is not None and not _keda_matches(w.keda, p.total) and total == p.total:
                # KEDA queries Prometheus at `now` truncated to the second, so right after the first scrape it
                # can still see no series: it refuses (or, past the failure threshold, answers its fallback,
                # replicas × target) until its next query. Read again until it answers the total.
                try:
                    w.keda = _external_value(c.kube, p.so)
                except ApiError as err:
                    w.keda_error = str(err)
            if p is not chat:
                spec, _ = _replicas(c.kube, p.deployment)
                w.replicas.append((now, spec))
                if spec > 0 and w.served_at is not None and w.first_pod_at is None:
                    w.first_pod_at = now
        if seen_high is not None:
            live = c.kube.get_like(chat.deployment) or {}
            hpa = _hpa_of(c.kube, chat.so)
            samples.append(Sample(round(now - seen_high, 2), HIGH if seen_low is None else LOW, _reading(hpa),
                                  int(((hpa or {}).get("status") or {}).get("desiredReplicas", 0)),
                                  int((live.get("spec") or {}).get("replicas", 0)),
                                  int((live.get("status") or {}).get("readyReplicas", 0))))
        c.procs.check_alive()
        time.sleep(max(0.0, POLL_SECONDS - (time.monotonic() - start - now)))
    for p in waiting:
        watches[p.service].last = Check(f"{p.row} query", False, "KEDA never scaled the Deployment to 0, so the "
                                        "gateway's rate was never served")
    down_at = (seen_low - seen_high) if seen_low is not None else DOWN_AT
    return samples, watches, targets, down_at


def _keda_matches(value: float | None, total: float) -> bool:
    """KEDA's reading equals the served total (within 5 %: rates move between its query and ours)."""
    return value is not None and abs(value - total) <= max(0.05 * total, 1e-3)


def _simulated(plan: Plan, config) -> tuple[int, int]:
    """(initial, final) replicas the simulator predicts for the plan's constant total."""
    initial = 0 if plan.signal == "gateway_request_rate" else config.min_replicas
    steps = simulate(config, Load(((0.0, plan.total),), int(STEADY_BY)), int(STEADY_BY), SYNC_SECONDS,
                     initial_replicas=initial)
    return initial, steps[-1].desired_replicas


def _monitors_of(plan: Plan, names: list[str]) -> list[str]:
    """The monitors (``<ns>/<name>``) behind a plan's row: its version's PodMonitors, the ingress gateway's
    for the gateway's rate, and the ServiceMonitor of its pool's picker for a picker signal."""
    pools = [value for _, matchers in selectors(plan.query) for label, op, value in matchers
             if plan.signal in PICKER_READS and label == "name" and op == "="]
    return [name for name in names if name.split("/")[-1].startswith(plan.deployment["metadata"]["name"])
            or (plan.signal == "gateway_request_rate" and "ingress" in name)
            or name.split("/")[-1] in {picker_name(pool) for pool in pools}]


def _signal_rows(c, plans: list[Plan], watches: dict, targets: dict[str, Check], configs: dict) -> list[dict]:
    """Per signal: targets up, series (the query's check), value, KEDA's reading, replicas vs simulator."""
    rows = []
    for p in plans:
        w = watches[p.service]
        row = {"row": p.row, "cells": {}}
        monitors = _monitors_of(p, list(targets))
        bad = [targets[m] for m in monitors if not targets[m].ok]
        row["cells"]["targets up"] = ((False, "; ".join(b.detail for b in bad)) if bad else
                                      (True, " + ".join(targets[m].detail.split(" with ")[0] for m in monitors)))
        check = w.first_match or w.last
        row["cells"]["series"] = (check.ok, check.detail if not check.ok else "1")
        row["cells"]["value"] = (check.ok, f"{p.total:g}" if check.ok else check.detail)
        ok_keda = _keda_matches(w.keda, p.total)
        row["cells"]["KEDA reads"] = (ok_keda, f"{w.keda:g}" if ok_keda else
                                      (f"{w.keda:g} (not the total)" if w.keda is not None else "no value")
                                      + f" from the external metrics API for {p.so['metadata']['name']}"
                                      + (f"; its last refusal: {w.keda_error}" if w.keda_error else ""))
        if p.service == SERVICE:
            row["cells"]["replicas"] = (True, "trajectory below")
        else:
            config = configs[p.service]
            initial, want = _simulated(p, config)
            final = w.replicas[-1][1] if w.replicas else -1
            top = max((r for _, r in w.replicas), default=-1)
            ok = final == want and top <= config.max_replicas
            detail = f"{initial} → {final} (simulator {want})"
            if p.signal == "gateway_request_rate":
                from_zero = w.pods_when_served == 0 and w.first_pod_at is not None
                ok = ok and from_zero
                detail += (f"; first pod {w.first_pod_at - w.served_at:.0f} s after the gateway's rate was served "
                           f"(in Prometheus after {(w.seen_at or w.first_pod_at) - w.served_at:.0f} s), none ran "
                           f"before" if from_zero else
                           f"; not from zero: {w.pods_when_served} pods when the rate was set, first scale at "
                           f"{w.first_pod_at}")
            row["cells"]["replicas"] = (ok, detail)
        rows.append(row)
    return rows


def _webhook_validations(c, names: list[str]) -> list[str]:
    """ScaledObjects KEDA's webhook logged as valid (its debug log line ``scaledobject is valid``)."""
    log = (c.workdir / "keda-webhooks.log").read_text(errors="replace")
    valid = [line for line in log.splitlines() if "scaledobject is valid" in line]
    return [n for n in names if any(f'"name": "{n}"' in line for line in valid)]


def _planted(c, prom: PrometheusApi, plans: list[Plan], monitors: list[dict]) -> list[Check]:
    """The defects the pipeline must catch, each planted into the live cluster or query."""
    out = []
    chat = next(p for p in plans if p.service == SERVICE)
    batch = next(p for p in plans if p.service == "batch")
    # 1. a PodMonitor whose port the pods do not declare: prometheus-operator generates the job,
    #    Prometheus keeps no target
    monitor = copy.deepcopy(next(m for m in monitors if m["metadata"]["name"] == chat.deployment["metadata"]["name"]))
    monitor["metadata"]["name"] += "-planted-port"
    monitor["spec"]["podMetricsEndpoints"][0]["port"] = "http-metricz"
    monitor["metadata"].pop("resourceVersion", None)
    c.kube.apply(monitor)
    wait_for_jobs(c, prom, [scrape_pool(monitor)], 60)
    found = check_targets(monitor, c.kube.list("v1", "Pod"), prom.targets())
    out.append(Check("planted: PodMonitor port the pods do not declare",
                     not found.ok and "'http-metricz'" in found.detail, found.detail))
    c.kube.delete(monitor)
    # 2. a query selecting on a label the scrape does not carry
    query = chat.query.replace('app="', 'service="')
    found = check_query("planted label", query, prom.query(query), HIGH, prom.query)
    out.append(Check("planted: query label the scrape does not carry",
                     not found.ok and "'service' is not carried" in found.detail, found.detail))
    # 3. a query returning one series per pod (the generated sum(...) dropped)
    query = batch.query.removeprefix("sum(").removesuffix(")")
    found = check_query("planted series", query, prom.query(query), batch.total, prom.query)
    out.append(Check("planted: query returning one series per pod",
                     not found.ok and "series, not one total" in found.detail, found.detail))
    return out


def _dist_scaled_objects(c) -> Check:
    """Every ScaledObject of the committed dist/ (each environment) through KEDA's webhook, as a
    server-side dry run in its namespace (KEDA skips only the live Deployment lookup on dry runs)."""
    name = "committed dist/: every ScaledObject admitted by KEDA's webhook (dry run)"
    seen, refused = [], []
    for variant in variants_of(REPO / "dist", committed=True):
        for so in (d for d in build_folder(variant.layer_dir(layout.APPS)) if d["kind"] == "ScaledObject"):
            ns = so["metadata"]["namespace"]
            c.kube.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
            try:
                c.kube.apply(so, dry_run=True)
                seen.append(f"{variant.env}:{ns}/{so['metadata']['name']}")
            except ApiError as err:
                refused.append(f"{variant.env}: ScaledObject {ns}/{so['metadata']['name']}: {err}")
    if refused:
        return Check(name, False, "; ".join(refused))
    return Check(name, bool(seen), f"{len(seen)} admitted: {', '.join(seen)}" if seen else "no ScaledObject in dist/")


def _planted_scaled_object(c, plans: list[Plan]) -> Check:
    """A second ScaledObject on chat's Deployment: KEDA's webhook must refuse it with its own message."""
    chat = next(p for p in plans if p.service == SERVICE)
    so = copy.deepcopy(chat.so)
    so["metadata"] = {"name": f"{chat.so['metadata']['name']}-second", "namespace": chat.so["metadata"]["namespace"]}
    name = "planted: second ScaledObject on one Deployment refused by KEDA's webhook"
    try:
        c.kube.apply(so)
    except ApiError as err:
        # KEDA runs its ScaledObject validators from a Go map, in random order: the HPA check or the
        # ScaledObject check refuses first (apis/keda/v1alpha1/scaledobject_webhook.go), each with its message.
        ok = any(f"is already managed by the {owner}" in str(err)
                 for owner in ("ScaledObject", f"hpa 'keda-hpa-{chat.so['metadata']['name']}'"))
        return Check(name, ok, str(err))
    c.kube.delete(so)
    return Check(name, False, f"ScaledObject {so['metadata']['name']} was admitted")


def _prometheus_semver(module_version: str) -> str:
    """Prometheus 3.x's module version v0.3MM.P is release v3.MM.P."""
    major_minor, patch = module_version.removeprefix("v0.").split(".")
    return f"v{int(major_minor[0])}.{int(major_minor[1:])}.{patch}"


def run_inside(crds: str, host_netns: str) -> dict:
    """The scenario, in the namespace ``e2e.netns.command`` started: returns the result for the parent."""
    # objects.py loads cdk8s and its Node.js runtime: only this process (the scenario) needs it,
    # not `python -m e2e`, which imports this module for check_autoscaling.
    from inference_platform.scaling.objects import read_config

    netns.setup_inside(host_netns)
    result: dict = {"namespace": netns.current(), "interfaces": netns.interfaces(), "checks": [], "trajectory": "",
                    "signals": []}
    checks: list[Check] = []
    bins = binaries(CONTROL_PLANE + KEDA_BINARIES + WEBHOOK_BINARIES + PROMETHEUS_BINARIES)
    scratch = Path(tempfile.mkdtemp(prefix="e2e-autoscaling-dist-"))
    try:
        variant, data = _synthesize(PROMETHEUS_URL, scratch)
        namespaces = build_folder(variant.layer_dir(layout.NAMESPACES))
        # the Gateway API and InferencePool CRDs, as the tree installs them (services with inference)
        gateway_crds = (build_folder(variant.layer_dir(layout.GATEWAY_API_CRDS))
                        if variant.layer_dir(layout.GATEWAY_API_CRDS).is_dir() else [])
        mesh = build_folder(variant.layer_dir(layout.MESH))
        apps = _injected(namespaces, build_folder(variant.layer_dir(layout.APPS)))
        plans = _plans(apps, data)
        # the simulator reads the very objects the cluster gets; kwok pods are Ready at once
        configs = {p.service: read_config(apps, p.service, p.deployment["metadata"]["labels"]["version"],
                                          cold_start_seconds=0) for p in plans}
        gateway = IngressGateway(**(data["istio"].get("gateway") or {}))
        monitors = [d for d in mesh + apps if d["kind"] in ("PodMonitor", "ServiceMonitor")]
        labels = (data["observability"]["prometheus"].get("monitor_labels") or {})
        kcm = [f"--horizontal-pod-autoscaler-sync-period={SYNC_SECONDS}s"]
        with cluster(bins, aggregation=True, admission_webhooks=True, extra_args={"kube-controller-manager": kcm}) as c:
            install_keda_crds(c, crds, bins)
            kinds = install_operator_crds(c, bins)
            every = namespaces + gateway_crds + mesh + apps
            install_crds(c.kube, crds_needed(c.kube, every, every, crd_index(crds)))
            apply_layer(c.kube, namespaces)
            apply_layer(c.kube, gateway_crds)
            with keda(c, bins, netns.ADDRESS, webhooks=True) as served:
                checks.append(Check("KEDA operator + metrics API server + admission webhooks", True,
                                    f"{APISERVICE} Available at {served['metrics']} (Endpoints {netns.ADDRESS}); "
                                    f"{served['webhooks']}"))
                prom_version = _prometheus_semver(bins["prometheus-version"])
                with prometheus_stack(c, bins, labels, prom_version) as prom, \
                        StandIns(c.kube, host_netns, gateway_selector_label(gateway.name), gateway.namespace) as standins:
                    build = prom.build_version()
                    checks.append(Check("prometheus-operator → Prometheus", True,
                                        f"prometheus-operator {bins['prometheus-operator-version']} reconciled "
                                        f"Prometheus {STACK_NAMESPACE}/{STACK_NAME} (CRDs {', '.join(kinds)}); "
                                        f"Prometheus {build} runs its configuration through the config-reloader"))
                    c.kube.apply(_gateway_deployment(gateway))
                    apply_layer(c.kube, mesh)
                    apply_layer(c.kube, apps)
                    names = [p.so["metadata"]["name"] for p in plans]
                    valid = _webhook_validations(c, names)
                    checks.append(Check("every generated ScaledObject validated by KEDA's webhook",
                                        valid == names, f"{len(valid)}/{len(names)} admitted by "
                                        f"vscaledobject.kb.io" + ("" if valid == names else
                                                                  f"; not seen: {sorted(set(names) - set(valid))}")))
                    finals = {p.service: _simulated(p, configs[p.service])[1] for p in plans
                              if p.service != SERVICE}
                    samples, watches, targets, down_at = _drive(c, prom, standins, plans, monitors, finals)
                    result["signals"] = _signal_rows(c, plans, watches, targets, configs)
                    checks += _planted(c, prom, plans, monitors)
                    checks.append(_planted_scaled_object(c, plans))
                    checks.append(_dist_scaled_objects(c))
                    if standins.errors:
                        checks.append(Check("stand-ins", False, "; ".join(standins.errors[:5])))
        config = configs[SERVICE]
        steps = simulate(config, Load(((0.0, HIGH), (down_at, LOW)), int(END_AT)), int(END_AT), SYNC_SECONDS)
        checks += [check_rise(samples, config, down_at), check_fall(samples, config, down_at), compare(samples, steps)]
        result["trajectory"] = trajectory(samples, steps)
        result["script"] = (f"{SERVICE}: metric {HIGH:g} (queue depth, target {config.primary.target:g}/pod) from 0 s "
                            f"(when Prometheus first returned it), {LOW:g} from {down_at:.1f} s; HPA sync {SYNC_SECONDS} s; "
                            f"{config.behavior.scale_up.describe()} up, window "
                            f"{config.behavior.scale_down.stabilization_window_seconds} s and "
                            f"{config.behavior.scale_down.describe()} down; the others: constant totals "
                            + ", ".join(f"{k} {v:g}" for k, v in TOTALS.items()))
    except (WaitTimeout, ApiError, Refused, RuntimeError, OSError, ValueError) as err:
        checks.append(Check("scenario", False, f"{type(err).__name__}: {err}"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result["checks"] = [asdict(ch) for ch in checks]
    return result


def main(argv: list[str] | None = None) -> int:
    return netns.child_main("python -m e2e.keda_scenario", __doc__.splitlines()[0], run_inside, argv,
                            options=(("crds", "folder of pinned CRD files (../shared/crds)"),))


# ---------------------------------------------------------------------------------------------- outside

COLUMNS = ("result",)
TITLE = ("autoscaling · prometheus-operator → Prometheus → KEDA → kube-controller-manager HPA on kwok pods "
         "(own network namespace)")
SIGNAL_COLUMNS = ("targets up", "series", "value", "KEDA reads", "replicas")
SIGNAL_TITLE = "autoscaling · per signal: PodMonitor/ServiceMonitor targets, generated query on Prometheus, KEDA, HPA"


def check_autoscaling(report: Report, crds: str, timeout: float = 1200) -> tuple[list[Table], str]:
    """Run the scenario in a new network namespace; its checks into ``report`` (the scenario's table,
    then the per-signal table), and the trajectory text."""
    table = report.table(TITLE, COLUMNS)
    signals = report.table(SIGNAL_TITLE, SIGNAL_COLUMNS, row_header="signal · service")
    try:
        netns.check_available()
    except netns.Unavailable as err:
        table.set("scenario", "result", "NOT RUN")
        table.notes.append(f"not run, not passed: {err}. The API server refuses loopback Endpoints, so the "
                           "external metrics API needs an address of a namespace the test creates.")
        return [table], ""
    result, log = netns.run_child(report, table, "e2e.keda_scenario", ["--crds", str(crds)], timeout)
    if result is None:
        return [table], ""
    for ch in result["checks"]:
        if ch["ok"]:
            report.ok(table, ch["name"], "result", ch["detail"])
        else:
            report.fail(table, ch["name"], "result", ch["detail"])
    for row in result.get("signals") or []:
        for column, (ok, detail) in row["cells"].items():
            if ok:
                report.ok(signals, row["row"], column, detail)
            else:
                report.fail(signals, row["row"], column, detail)
    if any(not ch["ok"] for ch in result["checks"]):
        table.notes.append("scenario log (last lines):\n" + log)
    netns.check_removed(report, table, result)
    if result.get("script"):
        table.notes.append(f"script: {result['script']}")
    table.notes.append("KEDA, prometheus-operator and Prometheus run from the pinned binaries (e2e/build.sh), "
                       "not from layer 35's HelmRelease or a platform team's install")
    signals.notes.append("targets: Prometheus' /api/v1/targets for every PodMonitor of the service (and the "
                         "ServiceMonitor of its pool's endpoint picker for a picker signal); series/value: "
                         "the ScaledObject's query on Prometheus, against the total the stand-ins serve; KEDA "
                         "reads: external.metrics.k8s.io for the ScaledObject; replicas: the Deployment's at the "
                         "end vs inference_platform.scaling on the same total")
    return [table, signals] if result.get("signals") else [table], result.get("trajectory", "")


if __name__ == "__main__":
    sys.exit(main())
