"""Checks of the metrics pipeline: PodMonitor / ServiceMonitor → Prometheus targets → generated query → one total.

Pure functions over what the API server and Prometheus' HTTP API answer, so the planted defects
are tested offline too (tests/e2e_harness/test_metrics_pipeline.py). Each failure names the
defect the way an SRE would look for it:

- a PodMonitor endpoint whose ``port`` the selected pods do not declare, or a ServiceMonitor
  endpoint whose ``port`` the selected Services do not name (Prometheus keeps no target: the
  scrape silently never happens);
- a target down, or missing a label the queries select on (``namespace``, ``pod``, for a
  ServiceMonitor ``service``, and every ``podTargetLabels`` entry, with the pod's own value);
- a query that returns no series because it selects on a label no scraped series carries (or
  on a value none has): the label and the labels that are there are named;
- a query that returns one series per pod instead of one total (it does not aggregate);
- a value different from the total the stand-ins serve.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

__all__ = ["Check", "expected_pods", "selected_services", "check_targets", "check_query", "selectors", "diagnose",
           "scrape_pool"]

SELECTOR = re.compile(r"([A-Za-z_:][A-Za-z0-9_:]*)\s*\{([^}]*)\}")
MATCHER = re.compile(r'([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"')
#: a rate over counters read at scrape times is within this of the served rate once the window is full
RATE_TOLERANCE = 0.03


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


#: scrape-pool prefix and endpoint list of each monitor kind prometheus-operator reads
_KINDS = {"PodMonitor": ("podMonitor", "podMetricsEndpoints"), "ServiceMonitor": ("serviceMonitor", "endpoints")}


def scrape_pool(monitor: dict, index: int = 0) -> str:
    """The scrape job prometheus-operator generates for endpoint ``index`` of a PodMonitor or ServiceMonitor."""
    meta = monitor["metadata"]
    return f"{_KINDS[monitor['kind']][0]}/{meta['namespace']}/{meta['name']}/{index}"


def _ref(monitor: dict) -> str:
    return f"{monitor['kind']} {monitor['metadata']['namespace']}/{monitor['metadata']['name']}"


def _matches(obj: dict, match: dict) -> bool:
    return all((obj["metadata"].get("labels") or {}).get(k) == v for k, v in match.items())


def selected_services(monitor: dict, services: list[dict]) -> list[dict]:
    """The Services in a ServiceMonitor's namespace matching its ``selector.matchLabels`` (none for a PodMonitor)."""
    if monitor["kind"] != "ServiceMonitor":
        return []
    match = ((monitor.get("spec") or {}).get("selector") or {}).get("matchLabels") or {}
    ns = monitor["metadata"]["namespace"]
    return [s for s in services if s["metadata"]["namespace"] == ns and _matches(s, match)]


def expected_pods(monitor: dict, pods: list[dict], services: list[dict] = ()) -> list[dict]:
    """Running pods in the monitor's namespace it scrapes: a PodMonitor's ``selector.matchLabels``, or the
    pods of the Services a ServiceMonitor selects (each Service's ``spec.selector``)."""
    ns = monitor["metadata"]["namespace"]
    if monitor["kind"] == "ServiceMonitor":
        matches = [s["spec"]["selector"] for s in selected_services(monitor, list(services))
                   if (s.get("spec") or {}).get("selector")]
    else:
        matches = [((monitor.get("spec") or {}).get("selector") or {}).get("matchLabels") or {}]
    return [p for p in pods if p["metadata"]["namespace"] == ns and any(_matches(p, m) for m in matches)
            and (p.get("status") or {}).get("phase") == "Running" and not p["metadata"].get("deletionTimestamp")]


def _declared(pod: dict) -> list[str]:
    return [port["name"] for c in pod["spec"]["containers"] for port in c.get("ports") or [] if port.get("name")]


def check_targets(monitor: dict, pods: list[dict], targets: list[dict], services: list[dict] = ()) -> Check:
    """Every pod the monitor selects (for a ServiceMonitor: through ``services``) is an up target of its
    scrape pool, with the expected labels."""
    name = f"{_ref(monitor)} targets"
    selected = expected_pods(monitor, pods, services)
    if not selected:
        via = (f"Services {[s['metadata']['name'] for s in selected_services(monitor, list(services))]}"
               if monitor["kind"] == "ServiceMonitor" else "")
        return Check(name, False, f"{_ref(monitor)} selects no running pod "
                                  f"(selector {monitor['spec'].get('selector')}{', through ' + via if via else ''})")
    carry = list(monitor["spec"].get("podTargetLabels") or [])
    by_service = monitor["kind"] == "ServiceMonitor"
    svcs = selected_services(monitor, list(services))
    problems, summary = [], []
    for i, endpoint in enumerate(monitor["spec"].get(_KINDS[monitor["kind"]][1]) or []):
        pool = [t for t in targets if t.get("scrapePool") == scrape_pool(monitor, i)]
        by_pod = {(t.get("labels") or {}).get("pod"): t for t in pool}
        missing = [p["metadata"]["name"] for p in selected if p["metadata"]["name"] not in by_pod]
        if missing:
            port = endpoint.get("port")
            if by_service:
                declared = sorted({p["name"] for s in svcs for p in s["spec"].get("ports") or [] if p.get("name")})
                owner = "the selected Services name"
            else:
                declared, owner = sorted({n for p in selected for n in _declared(p)}), "the selected pods declare"
            why = (f"its port {port!r} is not a port {owner} "
                   f"(they {'name' if by_service else 'declare'}: {', '.join(declared) or 'no named port'})"
                   if port is not None and port not in declared
                   else f"targets: {sorted(k for k in by_pod if k) or 'none'}")
            problems.append(f"endpoint {i}: Prometheus has no target for {', '.join(missing)} in "
                            f"{scrape_pool(monitor, i)}: {why}")
            continue
        for pod in selected:
            pname = pod["metadata"]["name"]
            target = by_pod[pname]
            if target.get("health") != "up":
                problems.append(f"endpoint {i}: {target.get('scrapeUrl')} (pod {pname}) is {target.get('health')}: "
                                f"{target.get('lastError') or 'not scraped yet'}")
                continue
            labels = target.get("labels") or {}
            want = {"namespace": pod["metadata"]["namespace"], "pod": pname}
            if by_service:
                want["service"] = next(s["metadata"]["name"] for s in svcs
                                       if s["spec"].get("selector") and _matches(pod, s["spec"]["selector"]))
            want.update({k: (pod["metadata"].get("labels") or {}).get(k) for k in carry})
            wrong = {k: labels.get(k) for k, v in want.items() if labels.get(k) != v}
            if wrong:
                problems.append(f"endpoint {i}: target {target.get('scrapeUrl')} (pod {pname}) carries "
                                + ", ".join(f"{k}={v!r} (pod: {want[k]!r})" for k, v in wrong.items()))
        if not problems:
            url = pool[0].get("scrapeUrl", "")
            hostport, _, path = url.split("//", 1)[-1].partition("/")
            summary.append(f"{len(selected)}/{len(selected)} up on :{hostport.rsplit(':', 1)[-1]}/{path} with "
                           f"{', '.join(['namespace', 'pod', *(['service'] if by_service else []), *carry])}")
    if problems:
        return Check(name, False, f"{_ref(monitor)}: " + "; ".join(problems))
    return Check(name, True, "; ".join(summary))


def selectors(query: str) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(metric, [(label, op, value)]) of each ``metric{...}`` selector in a PromQL query."""
    return [(m.group(1), MATCHER.findall(m.group(2))) for m in SELECTOR.finditer(query)]


def diagnose(query: str, series_of: Callable[[str], list[dict]]) -> str:
    """Why ``query`` finds nothing: per selector, the metric missing, or a label no series carries."""
    reasons = []
    for metric, matchers in selectors(query):
        series = [s.get("metric") or {} for s in series_of(metric)]
        if not series:
            reasons.append(f"no series named {metric} is scraped")
            continue
        carried = sorted({k for s in series for k in s} - {"__name__"})
        for label, op, value in matchers:
            if op != "=":
                continue
            if all(label not in s for s in series):
                reasons.append(f"label {label!r} is not carried by any scraped series of {metric} "
                               f"(they carry: {', '.join(carried)})")
            elif all(s.get(label) != value for s in series):
                seen = sorted({s[label] for s in series if label in s})
                reasons.append(f"no series of {metric} has {label}={value!r} (values: {', '.join(seen)})")
    return "; ".join(reasons)


def check_query(name: str, query: str, result: list[dict], total: float,
                series_of: Callable[[str], list[dict]]) -> Check:
    """The query returns exactly one series whose value is ``total`` (rates within RATE_TOLERANCE)."""
    if len(result) > 1:
        varying = sorted({k for s in result for k, v in (s.get("metric") or {}).items()
                          if any((o.get("metric") or {}).get(k) != v for o in result)})
        return Check(name, False, f"returns {len(result)} series, not one total: they differ in "
                                  f"{', '.join(varying) or 'nothing'} (one series per pod: the query does not "
                                  f"aggregate, e.g. sum(...)); query {query}")
    if not result:
        why = diagnose(query, series_of)
        return Check(name, False, f"returns no series: {why or 'every selected series exists'}; query {query}")
    value = float(result[0]["value"][1])
    tolerance = RATE_TOLERANCE * abs(total) if "rate(" in query else 1e-9 + 1e-9 * abs(total)
    if math.isnan(value) or abs(value - total) > tolerance:
        why = diagnose(query, series_of)
        return Check(name, False, f"returns {value:g}, the stand-ins serve {total:g} in total"
                                  + (f": {why}" if why else "") + f"; query {query}")
    return Check(name, True, f"1 series = {value:.4g} (served total {total:g})")
