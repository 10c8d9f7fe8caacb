"""One PNG per simulated version: signal against target above, replicas below.

A light, opaque background with mid-tone colours, so the image reads the same in a dark or a
light viewer (a transparent PNG would put black lines on a black page).
"""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display in CI; must precede pyplot
import matplotlib.pyplot as plt  # noqa: E402

from inference_platform.scaling.model import ScalingConfig, Step, fmt_num  # noqa: E402

BACKGROUND = "#f7f7f5"
LOAD, METRIC, TARGET = "#4c72b0", "#dd8452", "#55a868"
DESIRED, READY, LAG = "#8172b3", "#c44e52", "#e6b422"


def plot(config: ScalingConfig, steps: list[Step], path: Path, title: str) -> Path:
    minutes = [s.t_seconds / 60 for s in steps]
    metric = config.primary
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(10, 6.5), dpi=100,
                                      gridspec_kw={"height_ratios": [3, 2]}, facecolor=BACKGROUND)
    for ax in (top, bottom):
        ax.set_facecolor("white")
        ax.grid(True, color="#d9d9d9", linewidth=0.6)
        ax.tick_params(colors="#333333")
        for spine in ax.spines.values():
            spine.set_color("#888888")
    top.step(minutes, [s.load for s in steps], where="post", color=LOAD, linewidth=1.6,
             label="load (total)" if metric.per_pod else "load = metric value (Value target)")
    if metric.per_pod:  # a Value target compares the total itself: no second line
        top.step(minutes, [s.metric_per_pod for s in steps], where="post", color=METRIC, linewidth=1.6,
                 label="per Ready pod")
    top.axhline(metric.target, color=TARGET, linestyle="--", linewidth=1.4, label=f"target {fmt_num(metric.target)}")
    top.set_ylabel(metric.name, color="#333333")
    top.set_ylim(bottom=0)
    top.legend(loc="upper right", fontsize=8, framealpha=0.9)
    top.set_title(title, color="#222222", fontsize=11)

    bottom.step(minutes, [s.desired_replicas for s in steps], where="post", color=DESIRED, linewidth=1.8,
                label="desired replicas")
    bottom.step(minutes, [s.ready_replicas for s in steps], where="post", color=READY, linewidth=1.8,
                label="Ready replicas")
    # Shade where pods exist but are still loading: the cold-start lag.
    lag = [s.pods > s.ready_replicas for s in steps]
    bottom.fill_between(minutes, 0, [s.pods for s in steps], where=lag, step="post", color=LAG, alpha=0.3,
                        label=f"cold start ({config.cold_start_seconds} s)")
    top.fill_between(minutes, 0, 1, where=lag, step="post", color=LAG, alpha=0.12,
                     transform=top.get_xaxis_transform())
    bottom.axhline(config.max_replicas, color="#999999", linestyle=":", linewidth=1, label=f"max {config.max_replicas}")
    bottom.set_ylim(0, config.max_replicas + 1)
    bottom.set_ylabel("replicas", color="#333333")
    bottom.set_xlabel("minutes", color="#333333")
    bottom.legend(loc="upper right", fontsize=8, framealpha=0.9)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, facecolor=BACKGROUND)
    plt.close(fig)
    return path
