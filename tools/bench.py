"""`make bench`: how long a synth takes and how much memory it needs (run with python -O).

Measures, in one process, the phases of a synth of the default description: loading the
description, building the cdk8s App (constructs, via jsii) and rendering YAML, repeated
ROUNDS times; reports min/median per phase, the file/object counts and peak RSS.
"""
from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from pathlib import Path

START = time.perf_counter()

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inference_platform.build import PlatformApp  # noqa: E402
from inference_platform.description import load_file  # noqa: E402
from inference_platform.output import render  # noqa: E402

IMPORTED = time.perf_counter()

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))


def main() -> None:
    phases: dict[str, list[float]] = {"load": [], "build": [], "render": [], "total": []}
    files: dict[str, str] = {}
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        platform = load_file(os.environ.get("PLATFORM_DESCRIPTION", "platform.yaml"))
        t1 = time.perf_counter()
        papp = PlatformApp(platform)
        t2 = time.perf_counter()
        files = render(papp)
        t3 = time.perf_counter()
        for name, value in zip(phases, (t1 - t0, t2 - t1, t3 - t2, t3 - t0)):
            phases[name].append(value)
    objects = sum(text.count("\n---\n") + text.startswith("---\n") for text in files.values())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"synth benchmark: {ROUNDS} rounds, python {'-O ' if not __debug__ else ''}{sys.version.split()[0]}, "
          f"{len(files)} files, ~{objects} objects")
    print(f"{'phase':8} {'min s':>8} {'median s':>9}")
    for name, values in phases.items():
        print(f"{name:8} {min(values):8.3f} {statistics.median(values):9.3f}")
    print(f"cold: imports (jsii + bindings) {IMPORTED - START:.3f} s, first synth {phases['total'][0]:.3f} s")
    print(f"peak RSS of this process: {peak_mb:.0f} MiB (the jsii Node process is separate)")


if __name__ == "__main__":
    main()
