"""``python -m e2e``: dist/ on a real control plane and real Flux controllers, every environment, both modes.

Besides those: the examples, the GPU rollout on a full pool (e2e/rollout_scenario.py) and the
endpoint pickers (e2e/picker_scenario.py). Each of these checks starts clusters of its own; they
run ``--jobs`` at a time (default 2: most of a check is waiting on controllers) and their tables
print in a fixed order. Then, alone, the autoscaling scenario (e2e/keda_scenario.py): KEDA and the
real HPA controller scale kwok pods on a real metrics pipeline, in a network namespace of its own
(reported as not run where network namespaces cannot be created).

Exit status 0 when every check passed, 1 when one failed, 2 when the harness could not start
(binaries missing: run e2e/build.sh, as ``make e2e`` does).
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from e2e.checks import crd_index
from e2e.cluster import binaries
from e2e.keda_scenario import check_autoscaling
from e2e.picker_scenario import check_pickers
from e2e.procs import CANCELLED
from e2e.report import Report, Table
from e2e.rollout_scenario import DEPLOYMENT, ENV, check_rollout
from e2e.run import check_variant
from e2e.variants import E2E_EXAMPLES, REPO, Variant, example_variants, other_modes, synthesize, variants_of


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _timed(job: Callable[[], list[Table]]) -> list[Table]:
    """Run one job (a worker thread); its first table's title gets the seconds it took."""
    t0 = time.monotonic()
    tables = job()
    tables[0].title += f"  [{time.monotonic() - t0:.0f} s]"
    return tables


def _env_of(dist: Path, env: str) -> Variant:
    """Environment ``env`` of a synthesized dist."""
    found = [v for v in variants_of(dist, committed=False) if v.env == env]
    if not found:
        raise RuntimeError(f"the synthesized {dist} has no environment {env!r} (the committed dist/ has)")
    return found[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m e2e", description=__doc__.splitlines()[0])
    parser.add_argument("--dist", default=str(REPO / "dist"), help="committed dist/ (default: the checkout's)")
    parser.add_argument("--description", default=str(REPO / "platform.yaml"),
                        help="description the other Istio mode is synthesized from")
    parser.add_argument("--crds", default=os.environ.get("PLATFORM_CRDS_DIR"),
                        help="folder of pinned CRD files (env PLATFORM_CRDS_DIR, i.e. ../shared/crds)")
    parser.add_argument("--charts", default=os.environ.get("PLATFORM_ISTIO_CHARTS"),
                        help="Helm repository folder of Istio's charts (env PLATFORM_ISTIO_CHARTS)")
    parser.add_argument("--only", default="",
                        help="comma-separated env or env/mode filters, e.g. dev/rendered; 'autoscaling', 'rollout', "
                             "'picker' or 'examples' for those")
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("E2E_JOBS", "2")),
                        help="checks run at once, each on clusters of its own (env E2E_JOBS, default 2); the "
                             "autoscaling scenario always runs alone, after them")
    parser.add_argument("--no-scenarios", action="store_true", help="skip the prune and broken-object commits")
    parser.add_argument("--no-autoscaling", action="store_true", help="skip the KEDA/HPA autoscaling scenario")
    parser.add_argument("--no-rollout", action="store_true", help="skip the GPU rollout on a full pool")
    parser.add_argument("--no-examples", action="store_true",
                        help=f"skip the examples applied besides dist/ ({', '.join(E2E_EXAMPLES)})")
    args = parser.parse_args(argv)

    if not args.crds or not Path(args.crds).is_dir():
        print("error: --crds / PLATFORM_CRDS_DIR must name the folder of pinned CRD files "
              f"(got {args.crds!r}); `make e2e` sets it", file=sys.stderr)
        return 2
    try:
        bins = binaries()
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2

    # A CI timeout or `kill` sends SIGTERM: unwind like Ctrl-C so every cluster stops by pid.
    signal.signal(signal.SIGTERM, _interrupt)
    start = time.monotonic()
    report = Report()
    scratch = Path(tempfile.mkdtemp(prefix="e2e-dist-"))
    pool = ThreadPoolExecutor(max_workers=max(1, args.jobs), thread_name_prefix="e2e")
    synth = ThreadPoolExecutor(max_workers=1, thread_name_prefix="e2e-synth")  # scratch dists, beside the checks
    try:
        index = crd_index(args.crds)
        wanted = [w for w in args.only.split(",") if w]
        charts = Path(args.charts) if args.charts else None
        committed = variants_of(Path(args.dist), committed=True)

        def keep(env: str, mode: str) -> bool:
            return not wanted or env in wanted or f"{env}/{mode}" in wanted

        def check(variant: Variant) -> Table:
            return check_variant(report, variant, bins, index, charts,
                                 scenarios=not args.no_scenarios and not variant.source)

        # committed dist/ first: its checks run while the other mode and the examples are synthesized
        jobs: list[Callable[[], list[Table]]] = [lambda v=v: [check(v)] for v in committed if keep(v.env, v.mode)]
        for mode in other_modes(committed):
            envs = [v.env for v in committed if keep(v.env, mode)]
            if envs:
                dist = synth.submit(synthesize, Path(args.description), mode, scratch, args.charts)
                jobs += [lambda d=dist, e=env: [check(_env_of(d.result(), e))] for env in envs]
        examples = {}
        if not args.no_examples and (not wanted or "examples" in wanted):
            for name in E2E_EXAMPLES:
                examples[name] = synth.submit(example_variants, scratch / "examples", args.charts, name)
                jobs.append(lambda f=examples[name]: [check(v) for v in f.result()])
        if not args.no_rollout and (not wanted or "rollout" in wanted):
            # dist/'s GPU service, then the first example's (the tensor-parallel model) when the examples run
            jobs.append(lambda: [check_rollout(report, Path(args.dist), ENV, DEPLOYMENT, "dist/")])
            if E2E_EXAMPLES[0] in examples:
                first = examples[E2E_EXAMPLES[0]]
                jobs.append(lambda: [check_rollout(report, first.result()[0].dist, first.result()[0].env, None,
                                                   f"examples/{E2E_EXAMPLES[0]}.yaml")])
        if not wanted or "picker" in wanted:
            jobs.append(lambda: [check_pickers(report, args.dist, args.crds)])
        print(f"make e2e: kube-apiserver {bins['kube-version']}, {len(jobs)} checks {args.jobs} at a time, "
              f"everything on 127.0.0.1 (the picker and autoscaling scenarios: in network namespaces of their own)",
              flush=True)
        # each job starts clusters of its own; their tables print in this order as they finish
        for future in [pool.submit(_timed, job) for job in jobs]:
            for table in future.result():
                print("\n" + table.render(), flush=True)
        if not args.no_autoscaling and (not wanted or "autoscaling" in wanted):
            # alone: its trajectory is compared second by second with the simulator
            t0 = time.monotonic()
            tables, text = check_autoscaling(report, args.crds)
            tables[0].title += f"  [{time.monotonic() - t0:.0f} s]"
            for table in tables:
                print("\n" + table.render(), flush=True)
            if text:
                print("  trajectory (t from the metric's rise; current = Deployment spec.replicas set by the HPA "
                      "controller; simulator = inference_platform.scaling on the same script):\n" + text, flush=True)
    except KeyboardInterrupt:
        CANCELLED.set()  # every worker raises Cancelled at its next wait and stops its clusters
        synth.shutdown(wait=True, cancel_futures=True)
        pool.shutdown(wait=True, cancel_futures=True)
        print("\ninterrupted: clusters stopped, temporary folders removed", file=sys.stderr)
        return 130
    finally:
        synth.shutdown(wait=True, cancel_futures=True)
        pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\n{report.summary()} ({time.monotonic() - start:.0f} s)")
    return 0 if report.failed == 0 and report.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
