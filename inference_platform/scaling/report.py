"""Run one simulation into a folder (trajectory.csv + PNG), and the Markdown report over many."""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from inference_platform.scaling.hpa import LoadFn, simulate
from inference_platform.scaling.load import PROFILES, profile
from inference_platform.scaling.model import SYNC_PERIOD_SECONDS, ScalingConfig, Step, fmt_num
from inference_platform.scaling.plot import plot
from inference_platform.scaling.summary import Summary, lines, summarize

TRAJECTORY_HEADER = ["t_seconds", "load", "metric_per_pod", "desired_replicas", "ready_replicas"]


@dataclass
class Run:
    config: ScalingConfig
    steps: list[Step]
    summary: Summary
    csv_path: Path
    png_path: Path

    def lines(self) -> list[str]:
        return lines(self.config, self.summary)


def write_trajectory(steps: list[Step], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(TRAJECTORY_HEADER)
        for s in steps:
            per_pod = "" if math.isnan(s.metric_per_pod) else round(s.metric_per_pod, 4)
            out.writerow([s.t_seconds, round(s.load, 4), per_pod, s.desired_replicas, s.ready_replicas])
    return path


def run(config: ScalingConfig, load: LoadFn, duration: int, out: Path, *, title: str,
        png_name: str | None = None, csv_name: str = "trajectory.csv") -> Run:
    """Simulate, write ``out/trajectory.csv`` and ``out/<service>-<version>.png``, summarize."""
    steps = simulate(config, load, duration, SYNC_PERIOD_SECONDS)
    csv_path = write_trajectory(steps, out / csv_name)
    png_path = plot(config, steps, out / (png_name or f"{config.name}.png"), title)
    return Run(config, steps, summarize(config, steps, SYNC_PERIOD_SECONDS), csv_path, png_path)


def profile_runs(config: ScalingConfig, out: Path, env: str) -> list[tuple[str, Run]]:
    """Every built-in profile for one version, into ``out/<env>/<name>-<profile>.{png,csv}``."""
    runs = []
    for name in PROFILES:
        load = profile(name, config.primary, config.min_replicas, config.max_replicas)
        runs.append((name, run(config, load, load.duration_seconds, out / env, title=f"{env}: {config.name}, {name} load",
                               png_name=f"{config.name}-{name}.png", csv_name=f"{config.name}-{name}.csv")))
    return runs


def _row(prof: str, r: Run) -> str:
    eps = r.summary.episodes
    if not eps:
        cover = "at once"
    elif any(e.covered_after is None for e in eps):
        cover = "**not within the run**"
    else:
        worst = max(eps, key=lambda e: e.covered_after)
        cover = f"{worst.covered_after / 60:.1f} min" + (" (load fell first)" if worst.load_fell_first else "")
    peak = r.summary.peak_metric
    peak_text = "∞ (no Ready pod)" if math.isinf(peak) else f"{fmt_num(peak)} ({peak / r.summary.target:.1f}x)"
    cost = f"{r.summary.replica_minutes:.0f}"
    if r.config.gpu_per_pod:
        cost += f" ({r.summary.gpu_minutes:.0f} GPU)"
    return f"| {prof} | {cover} | {peak_text} | {cost} | {'; '.join(r.summary.warnings) or '-'} |"


def markdown(description: str, results: dict[str, list[tuple[str, list[tuple[str, Run]]]]], out: Path) -> str:
    """REPORT.md: per environment a table of every version × profile, then each plot and summary."""
    text = [f"# Scaling what-if: {description}", "",
            "What the generated autoscaling does under the built-in load profiles (step, ramp, spike, "
            "diurnal), replayed through the Kubernetes HPA algorithm every 15 s. Pods become Ready "
            "after the cold start; each Ready pod carries load / Ready pods. *Covered after*: the longest "
            "time from a rise in load until Ready pods carried it within the HPA tolerance. Regenerate "
            "with `make scaling-report`; replay your own load with "
            "`python -m inference_platform.scaling simulate ... --load LOAD.csv`.", ""]
    for env, versions in results.items():
        text += [f"## {env}", ""]
        if not versions:
            text += ["No autoscaled model version.", ""]
            continue
        for name, runs in versions:
            first = runs[0][1].config
            text += [f"### {name}", "", f"{first.source}: {first.primary.describe()}, replicas "
                     f"{first.min_replicas}..{first.max_replicas}, cold start {first.cold_start_seconds} s.", "",
                     "| profile | covered after | peak per pod vs target | replica-minutes | warnings |",
                     "| --- | --- | --- | --- | --- |", *(_row(p, r) for p, r in runs), ""]
            for prof, r in runs:
                rel = r.png_path.relative_to(out).as_posix()
                text += ["<details>", f"<summary>{name}: {prof}</summary>", "", f"![{name} {prof}]({rel})", "",
                         "```", *r.lines(), "```", "", "</details>", ""]
    return "\n".join(text)
