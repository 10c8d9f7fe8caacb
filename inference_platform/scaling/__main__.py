"""Scaling what-if: replay a load curve through the autoscaling the synth generates.

  python -m inference_platform.scaling simulate --description platform.yaml --env prod \\
      --service llm-chat [--version v1] (--load LOAD.csv | --profile step) --out DIR \\
      [--duration-seconds N] [--cold-start-seconds N]
  python -m inference_platform.scaling report --description platform.yaml --out DIR

Rendered mode's local charts come from ISTIO_CHART_SOURCE / KEDA_CHART_SOURCE, as for the synth.

Exit status: 0 done; 2 bad input (description, service/version, load file), with one message.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from inference_platform.catalog.charts import chart_sources
from inference_platform.description import DescriptionError, load_file
from inference_platform.scaling.load import PROFILES, LoadError, profile, read_csv
from inference_platform.scaling.objects import (
    ConfigError, autoscaled_versions, cold_start_estimate, generated_objects, read_config)
from inference_platform.scaling.report import markdown, profile_runs, run

#: a CSV's last value is held this long past its last row, so the run shows the response to it
CSV_TAIL_SECONDS = 1800


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m inference_platform.scaling",
                                     description="Replay a load curve through the generated HPA/KEDA autoscaling.")
    sub = parser.add_subparsers(dest="command", required=True)
    sim = sub.add_parser("simulate", help="one model version under one load curve")
    sim.add_argument("--description", default=os.environ.get("PLATFORM_DESCRIPTION", "platform.yaml"))
    sim.add_argument("--env", help="environment (default: the only one)")
    sim.add_argument("--service", required=True)
    sim.add_argument("--version", help="model version (default: the service's first autoscaled version)")
    src = sim.add_mutually_exclusive_group(required=True)
    src.add_argument("--load", type=Path, help="CSV with header t_seconds,value (total signal)")
    src.add_argument("--profile", choices=PROFILES, help="built-in load profile")
    sim.add_argument("--out", type=Path, required=True)
    sim.add_argument("--duration-seconds", type=int, help="default: the profile's length, or the CSV's + 30 min")
    sim.add_argument("--cold-start-seconds", type=int,
                     help="seconds until a new pod is Ready (default: the description's cold_start_seconds, "
                          "else the startup probe's budget)")
    rep = sub.add_parser("report", help="built-in profiles for every autoscaled version of every environment")
    rep.add_argument("--description", default=os.environ.get("PLATFORM_DESCRIPTION", "platform.yaml"))
    rep.add_argument("--out", type=Path, required=True)
    return parser


def _config(description: str, env: str, service: str, version: str | None, cold_start: int | None):
    objects = generated_objects(description, env, chart_sources=chart_sources(os.environ))
    versions = [v for s, v in autoscaled_versions(objects) if s == service]
    if version is None:
        if not versions:
            known = ", ".join(sorted({s for s, _ in autoscaled_versions(objects)})) or "none"
            raise ConfigError(f"--service: {service!r} has no autoscaled version in {env!r}; autoscaled services: {known}.")
        version = versions[0]
    if cold_start is None:
        cold_start = cold_start_estimate(description, env, service)
    return read_config(objects, service, version, cold_start_seconds=cold_start)


def simulate_command(args: argparse.Namespace) -> int:
    envs = load_file(args.description).environment_names()
    env = args.env or (envs[0] if len(envs) == 1 else None)
    if env is None:
        raise ConfigError(f"--env: required, {args.description} has environments {', '.join(envs)}.")
    if args.cold_start_seconds is not None and args.cold_start_seconds < 0:
        raise ConfigError(f"--cold-start-seconds: {args.cold_start_seconds} is negative; give seconds >= 0.")
    load = read_csv(args.load) if args.load is not None else None  # a bad file fails before the synth
    config = _config(args.description, env, args.service, args.version, args.cold_start_seconds)
    if load is not None:
        duration = load.duration_seconds + CSV_TAIL_SECONDS
    else:
        load = profile(args.profile, config.primary, config.min_replicas, config.max_replicas)
        duration = load.duration_seconds
    if args.duration_seconds is not None:
        if args.duration_seconds <= 0:
            raise ConfigError(f"--duration-seconds: {args.duration_seconds} must be positive.")
        duration = args.duration_seconds
    result = run(config, load, duration, args.out, title=f"{env}: {config.name}, {load.name} load")
    print("\n".join(result.lines()))
    print(f"wrote {result.csv_path} and {result.png_path}")
    return 0


def report_command(args: argparse.Namespace) -> int:
    platform = load_file(args.description)
    results = {}
    for env in platform.environment_names():
        objects = generated_objects(args.description, env, chart_sources=chart_sources(os.environ))
        versions = []
        for service, version in autoscaled_versions(objects):
            config = read_config(objects, service, version,
                                 cold_start_seconds=cold_start_estimate(args.description, env, service))
            versions.append((config.name, profile_runs(config, args.out, env)))
        results[env] = versions
    report = args.out / "REPORT.md"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(markdown(args.description, results, args.out), encoding="utf-8")
    count = sum(len(runs) for versions in results.values() for _, runs in versions)
    print(f"wrote {report} ({count} simulations)")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return simulate_command(args) if args.command == "simulate" else report_command(args)
    except DescriptionError as err:
        print(f"error: {args.description}: {err}", file=sys.stderr)
    except (ConfigError, LoadError) as err:
        print(f"error: {err}", file=sys.stderr)
    except OSError as err:  # --out names a file, or a folder we may not write
        print(f"error: --out: cannot write {err.filename!r}: {err.strerror}.", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
