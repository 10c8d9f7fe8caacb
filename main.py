#!/usr/bin/env python
"""Synthesize dist/ from the platform description (run by `cdk8s synth`, see cdk8s.yaml).

Every environment variable the synth honours is read here: the options below, and the local
chart folders for rendered mode (ISTIO_CHART_SOURCE, KEDA_CHART_SOURCE: they win over the
description's istio.chart_source and keda.chart_source), and the folder of pinned CRD files the
Gateway API CRD layer copies (PLATFORM_CRDS_DIR, default ../shared/crds).

Exit status: 0 written; 2 invalid description; 3 refused by the prune guard; 1 any other
failure. dist/ is replaced only after everything succeeded.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from inference_platform.description import DescriptionError, load_file
from inference_platform.synth.app import PlatformApp
from inference_platform.catalog.charts import chart_sources
from inference_platform.catalog.crds import crds_dir
from inference_platform.synth.prune_guard import compare
from inference_platform.synth.render import render_with_inventory
from inference_platform.synth.write import materialize, read_tree, write_tree
from inference_platform.synth.render_cache import RenderCache


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--description", default=os.environ.get("PLATFORM_DESCRIPTION", "platform.yaml"),
                        help="platform description file (env PLATFORM_DESCRIPTION; default platform.yaml)")
    parser.add_argument("--dist", default=os.environ.get("PLATFORM_DIST", "dist"),
                        help="output folder (env PLATFORM_DIST; default dist)")
    parser.add_argument("--allow-prune", action="store_true", default=os.environ.get("ALLOW_PRUNE") == "1",
                        help="let layers lose most of their objects (env ALLOW_PRUNE=1)")
    parser.add_argument("--render-cache", default=os.environ.get("PLATFORM_RENDER_CACHE"),
                        help="folder of rendered service files reused while their inputs and the code are unchanged "
                             "(env PLATFORM_RENDER_CACHE; default .build/render-cache beside the output folder; "
                             "'off' renders every file)")
    args = parser.parse_args(argv)

    dist = Path(args.dist)
    cache = None
    try:
        if args.render_cache != "off":
            cache = RenderCache(Path(args.render_cache) if args.render_cache
                                else dist.resolve().parent / ".build" / "render-cache")
        platform = load_file(args.description)
        files, inventory = render_with_inventory(PlatformApp(platform, chart_sources=chart_sources(os.environ),
                                                              crds_dir=crds_dir(os.environ)),
                                                  cache=cache)
    except DescriptionError as err:
        print(f"error: {args.description}: {err}", file=sys.stderr)
        return 2
    except Exception as err:  # a construct or helm failed: report it, keep dist/ as it was
        if os.environ.get("PLATFORM_DEBUG"):
            raise
        print(f"error: synth failed, {args.dist}/ left unchanged: {type(err).__name__}: {err}\n"
              "(set PLATFORM_DEBUG=1 for a traceback)", file=sys.stderr)
        return 1

    diff = compare(read_tree(dist), files, set(platform.allow_prune), args.allow_prune, new_inventory=inventory)
    for line in diff.lines():
        print(line)
    if diff.refused:
        print("error: prune guard: dist/ left unchanged:", file=sys.stderr)
        for line in diff.refused:
            print(f"  - {line}", file=sys.stderr)
        return 3
    if os.environ.get("CDK8S_OUTDIR"):
        materialize(files, Path(os.environ["CDK8S_OUTDIR"]))
    write_tree(files, dist)
    reused = ""
    if cache is not None:
        cache.prune()
        reused = f" ({cache.hits} service files reused from {args.render_cache or '.build/render-cache'}"
        reused += f", {cache.ignored} invalid cache entries ignored)" if cache.ignored else ")"
    print(f"wrote {len(files)} files to {dist}/{reused}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
