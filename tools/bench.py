"""`make bench [N="10 50"]`: synth, gate and `helm template` side by side on N-service platforms.

For each N, ``tools/bench_description.py`` writes a description with N services shaped like the
default ones (canaries on a third; dev + prod) and ``tools/bench_helm.py`` the values file of
``tools/bench-chart``, a Helm chart rendering the same per-service objects. Then, each in its
own process tree, as the Makefile runs them (same environment):

* **synth**: ``python -O main.py --description ... --dist <scratch>``, what ``make synth``
  runs: load, build, render, prune-guard compare against the scratch dist/ of the previous
  round (or of the previous bench run: it is kept in ``.build/bench/``), write, swap; each
  round with an empty render cache;
* **1-service change**: the same synth after one service's image changed, with the render
  cache the rounds before filled (what a developer's second ``make synth`` costs);
* **gate**: ``python -m inference_platform.gate --cache <scratch> <scratch dist>`` (schemas,
  rules, checkov), with a time limit: cold (an empty checkov results cache), then after one
  more service changed and was synthesized, with the cache the cold run filled (what a
  developer's next ``make validate`` costs);
* **helm**: ``helm template`` of ``tools/bench-chart`` with the generated values.

Before any of that, the chart is checked against the synth on services using every field
(:func:`tools.bench_helm.check_chart`); a chart that renders other objects is refused, not timed.

Reported per tool, median over rounds: CPU = user+sys of the whole process tree (the rusage
``os.wait4`` returns for the child, which includes every descendant it reaped: jsii's Node
process, checkov; the same accounting as ``getrusage(RUSAGE_CHILDREN)``), wall time, and peak
RSS of the process tree (the sum of VmRSS over the child and all its descendants, sampled from
/proc every 50 ms). Ratios are to ``helm template``; objects/s is synth objects per synth wall
second. Results are also written to ``.build/bench/results-n<N>-....json``.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tools.bench_description import generate  # noqa: E402
from tools.bench_helm import CHART, check_chart, helm_values, same_objects  # noqa: E402

import yaml  # noqa: E402

#: scratch folder (env BENCH_WORK: two benches at once must not share one)
WORK = Path(os.environ.get("BENCH_WORK") or REPO / ".build" / "bench")
PAGE = os.sysconf("SC_PAGE_SIZE")
DEFAULT_NS = (10, 50, 200, 500, 1000)


@dataclass
class Run:
    cpu: float
    wall: float
    rss_mb: float          # peak of the tree's summed RSS (sampled)
    max_proc_mb: float     # largest single process (ru_maxrss)
    status: int | None     # None: killed at the time limit


def _tree_rss(root: int) -> int:
    """Summed resident set (bytes) of ``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * PAGE
        except OSError:
            pass
    return total


def measure(cmd: list[str], *, env: dict[str, str], stdout: Path, timeout: float | None = None) -> Run:
    """Run ``cmd`` in its own session; CPU and max RSS from wait4, tree RSS sampled from /proc."""
    with open(stdout, "wb") as out, open(stdout.with_suffix(".err"), "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=err, start_new_session=True)
        peak, done, killed = [0], threading.Event(), threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peak[0] = max(peak[0], _tree_rss(proc.pid))
                if timeout is not None and time.perf_counter() - start > timeout and not killed.is_set():
                    killed.set()
                    os.killpg(proc.pid, signal.SIGKILL)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
    return Run(cpu=usage.ru_utime + usage.ru_stime, wall=wall, rss_mb=peak[0] / 2**20,
               max_proc_mb=usage.ru_maxrss / 1024, status=None if killed.is_set() else proc.returncode)


def count_objects(files: list[Path]) -> int:
    """YAML documents holding an object (``kind:``), kustomization.yaml files excluded."""
    n = 0
    for path in files:
        if path.name != "kustomization.yaml":
            n += sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("kind:"))
    return n


def median_run(runs: list[Run]) -> Run:
    if len(runs) == 1:
        return runs[0]
    return Run(cpu=statistics.median(r.cpu for r in runs), wall=statistics.median(r.wall for r in runs),
               rss_mb=statistics.median(r.rss_mb for r in runs),
               max_proc_mb=statistics.median(r.max_proc_mb for r in runs),
               status=next((r.status for r in runs if r.status != 0), 0))


def bench_one(n: int, args: argparse.Namespace, env: dict[str, str]) -> dict:
    folder = WORK / f"n{n}"
    folder.mkdir(parents=True, exist_ok=True)
    description = folder / "platform.yaml"
    data = generate(n)
    description.write_text(yaml.safe_dump(data, sort_keys=False, width=4096), encoding="utf-8")
    values = folder / "values.yaml"
    if not args.no_helm:
        values.write_text(yaml.safe_dump(helm_values(description), sort_keys=False, width=4096), encoding="utf-8")
    dist = folder / "dist"
    result: dict = {"n": n}

    synth_runs = []
    cache = folder / "render-cache"
    synth_cmd = [sys.executable, "-O", "main.py", "--dist", str(dist), "--render-cache", str(cache)]
    for i in range(args.rounds):
        shutil.rmtree(cache, ignore_errors=True)  # a full synth: no service file to reuse
        run = measure([*synth_cmd, "--description", str(description)],
                      env={**env, "ALLOW_PRUNE": "1"}, stdout=folder / "synth.out")
        if run.status != 0:
            sys.exit(f"error: synth of N={n} failed (exit {run.status}); see {folder}/synth.err")
        synth_runs.append(run)
        print(f"  N={n} synth round {i + 1}: {run.cpu:.1f} s CPU, {run.wall:.1f} s wall, {run.rss_mb:.0f} MiB",
              file=sys.stderr)
    result["synth"] = asdict(median_run(synth_runs))
    result["synth_rounds"] = [asdict(r) for r in synth_runs]
    result["objects"] = count_objects(sorted(dist.rglob("*.yaml")))
    result["files"] = len(list(dist.rglob("*.yaml")))

    if not args.no_helm:
        helm_runs = [measure([args.helm, "template", "bench", str(CHART), "-f", str(values)], env=env,
                             stdout=folder / "helm.yaml") for _ in range(args.rounds)]
        if any(r.status != 0 for r in helm_runs):
            sys.exit(f"error: helm template failed for N={n}; see {folder}/helm.err")
        result["helm"] = asdict(median_run(helm_runs))
        result["helm_objects"], differ = same_objects(folder / "helm.yaml", dist)
        result["helm_differs"] = len(differ)  # objects on one side only: the chart no longer matches AiService

    # Incremental: one service changed (a new image tag each round), every other file from the cache.
    incremental_runs = []
    changed = folder / "platform-changed.yaml"
    for i in range(args.rounds):
        data["services"][0]["image"] = data["services"][0]["image"].rsplit(":", 1)[0] + f":bench-{time.time_ns()}"
        changed.write_text(yaml.safe_dump(data, sort_keys=False, width=4096), encoding="utf-8")
        run = measure([*synth_cmd, "--description", str(changed)], env={**env, "ALLOW_PRUNE": "1"},
                      stdout=folder / "incremental.out")
        if run.status != 0:
            sys.exit(f"error: incremental synth of N={n} failed (exit {run.status}); see {folder}/incremental.err")
        incremental_runs.append(run)
        print(f"  N={n} 1-service change round {i + 1}: {run.cpu:.1f} s CPU, {run.wall:.1f} s wall", file=sys.stderr)
    result["incremental"] = asdict(median_run(incremental_runs))

    if not args.no_gate:
        # Cold: an empty results cache of the bench's own. Then what a developer's next
        # `make validate` costs: one more service changed and synthesized, the cache the cold run filled.
        gate_cache = folder / "gate-cache"
        gate_cmd = [sys.executable, "-m", "inference_platform.gate", "--cache", str(gate_cache), str(dist)]
        gate_runs, warm_runs = [], []
        for i in range(args.gate_rounds):
            shutil.rmtree(gate_cache, ignore_errors=True)
            run = measure(gate_cmd, env=env, stdout=folder / "gate.out", timeout=args.gate_timeout)
            gate_runs.append(run)
            print(f"  N={n} gate round {i + 1}: {run.cpu:.1f} s CPU, {run.wall:.1f} s wall, {run.rss_mb:.0f} MiB, "
                  f"exit {run.status}", file=sys.stderr)
            if run.status is None:
                break
            data["services"][0]["image"] = data["services"][0]["image"].rsplit(":", 1)[0] + f":bench-{time.time_ns()}"
            changed.write_text(yaml.safe_dump(data, sort_keys=False, width=4096), encoding="utf-8")
            if measure([*synth_cmd, "--description", str(changed)], env={**env, "ALLOW_PRUNE": "1"},
                       stdout=folder / "incremental.out").status != 0:
                sys.exit(f"error: incremental synth of N={n} failed; see {folder}/incremental.err")
            run = measure(gate_cmd, env=env, stdout=folder / "gate-warm.out", timeout=args.gate_timeout)
            warm_runs.append(run)
            print(f"  N={n} gate after a 1-service change, round {i + 1}: {run.cpu:.1f} s CPU, {run.wall:.1f} s wall, "
                  f"exit {run.status}", file=sys.stderr)
        result["gate"] = asdict(median_run(gate_runs))
        result["gate_rounds"] = [asdict(r) for r in gate_runs]
        if warm_runs:
            result["gate_warm"] = asdict(median_run(warm_runs))
    return result


def table(results: list[dict]) -> str:
    cols = ["N", "objects", "synth CPU", "synth wall", "helm CPU", "ratio CPU", "ratio wall", "objects/s",
            "synth tree RSS", "1-service change wall (/ helm wall)", "gate CPU", "gate wall", "gate tree RSS",
            "gate after a 1-service change: CPU, wall"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in results:
        s, h, g = r["synth"], r.get("helm"), r.get("gate")
        helm = [f"{h['cpu']:.2f} s", f"{s['cpu'] / h['cpu']:.1f}×", f"{s['wall'] / h['wall']:.1f}×"] if h else ["–"] * 3
        if g is None:
            gate = ["skipped", "", ""]
        elif g["status"] is None:
            gate = [f">{g['cpu']:.0f} s", f">{g['wall']:.0f} s (limit)", f"{g['rss_mb']:.0f} MiB"]
        else:
            gate = [f"{g['cpu']:.1f} s", f"{g['wall']:.1f} s" + ("" if g["status"] == 0 else f" (exit {g['status']})"),
                    f"{g['rss_mb']:.0f} MiB"]
        warm = r.get("gate_warm")
        gate.append(f"{warm['cpu']:.1f} s, {warm['wall']:.1f} s" if warm else "–")
        inc = r.get("incremental")
        incremental = (f"{inc['wall']:.1f} s" + (f" ({inc['wall'] / h['wall']:.1f}×)" if h else "")) if inc else "–"
        row = [str(r["n"]), str(r["objects"]), f"{s['cpu']:.1f} s", f"{s['wall']:.1f} s", *helm,
               f"{r['objects'] / s['wall']:.0f}", f"{s['rss_mb']:.0f} MiB", incremental, *gate]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", nargs="+", type=int, default=list(DEFAULT_NS), help="service counts (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")),
                        help="synth and helm rounds per N, median reported (env BENCH_ROUNDS; default 3)")
    parser.add_argument("--gate-rounds", type=int, default=1, help="gate rounds per N (default 1)")
    parser.add_argument("--gate-timeout", type=float, default=float(os.environ.get("BENCH_GATE_TIMEOUT", "900")),
                        help="seconds before a gate run is killed and reported as over the limit (default 900)")
    parser.add_argument("--no-gate", action="store_true", help="skip the gate")
    parser.add_argument("--no-helm", action="store_true", help="skip helm template")
    parser.add_argument("--helm", default=shutil.which("helm") or "helm", help="helm binary (default: from PATH)")
    args = parser.parse_args(argv)
    if not os.environ.get("JSII_NODE"):
        print("warning: JSII_NODE is not set; run through `make bench` to time what `make synth` runs", file=sys.stderr)

    env = dict(os.environ)
    WORK.mkdir(parents=True, exist_ok=True)
    if not args.no_helm:
        # The chart is timed as a chart that renders the synth's objects: first, on services using
        # every field, it must render exactly those (this check is the chart's only test).
        count, differ = check_chart(WORK / "chart-check", args.helm)
        if differ:
            sys.exit("error: tools/bench-chart no longer renders the synth's apps objects; update the chart "
                     "(templates, tools/bench_helm.py) to match inference_platform/service_objects/:\n  "
                     + "\n  ".join(differ))
        print(f"chart check: helm renders the synth's {count} apps objects of the every-field description", file=sys.stderr)
    out = WORK / f"results-n{'-'.join(map(str, args.n))}.json"
    record = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "rounds": args.rounds,
              "cpus": os.cpu_count(), "load_before": os.getloadavg(),
              "env": {k: os.environ.get(k) for k in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")},
              "results": []}
    for n in args.n:
        print(f"N={n}: ...", file=sys.stderr)
        record["results"].append(bench_one(n, args, env))
        record["load_after"] = os.getloadavg()
        out.write_text(json.dumps(record, indent=1), encoding="utf-8")  # after each N: a long run keeps what it has
    load = " / ".join(f"{x:.1f}" for x in record["load_after"])
    print(f"bench: median of {args.rounds} (gate: {args.gate_rounds}), {os.cpu_count()} CPUs, load average at the "
          f"end {load}; CPU = user+sys of the process tree; RSS = peak of the tree's summed RSS (sampled every 50 ms)")
    print(table(record["results"]))
    for r in record["results"]:
        if "helm_objects" in r:
            print(f"N={r['n']}: helm rendered {r['helm_objects']} objects; "
                  + ("the same as the synth's 50-apps layers" if not r["helm_differs"] else
                     f"{r['helm_differs']} differ from the synth's 50-apps layers (see tools/bench_helm.py)"))
    print(f"(recorded in {out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
