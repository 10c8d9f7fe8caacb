"""``python -m inference_platform.gate [options] DIST``: the validation gate (``make validate``).

Exit status: 0 no errors (one summary line); 1 errors (each on its own line, then the
summary); 2 bad usage (unsupported Kubernetes version, missing folder or CRDs).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from inference_platform.gate import DEFAULT_VERSION, SUPPORTED_VERSIONS, check_tree, load_crds
from inference_platform.gate.cache import CACHE_ROOT, DocumentCache
from inference_platform.gate.rules import RULES
from inference_platform.gate.schemas import CrdIndex


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m inference_platform.gate",
                                     description="Validate generated manifests: schemas, cross-object rules, policy.")
    parser.add_argument("paths", nargs="*", default=["dist"], help="dist/ folder(s) or files (default: dist)")
    parser.add_argument("--kubernetes-version", default=DEFAULT_VERSION, choices=SUPPORTED_VERSIONS,
                        help=f"target cluster version for core schemas (default {DEFAULT_VERSION})")
    parser.add_argument("--crds", default=None, metavar="DIR",
                        help="folder of CRD files (default: env PLATFORM_CRDS_DIR or ../shared/crds)")
    parser.add_argument("--no-policy", action="store_true", help="skip checkov (schemas and rules only)")
    parser.add_argument("--cache", default=str(CACHE_ROOT), metavar="DIR",
                        help="folder of per-file results kept between runs: parsed documents, checkov's findings "
                             f"(default {CACHE_ROOT.relative_to(CACHE_ROOT.parents[1])}/)")
    parser.add_argument("--no-cache", action="store_true", help="parse and scan every file, ignoring --cache")
    parser.add_argument("--list-rules", action="store_true", help="print the cross-object rule ids and exit")
    args = parser.parse_args(argv)

    if args.list_rules:
        for rule_id, (_, summary) in RULES.items():
            print(f"{rule_id}: {summary}")
        return 0
    started = time.monotonic()
    try:
        cache = None if args.no_cache else Path(args.cache)
        crd_cache = DocumentCache(cache / "crds") if cache is not None else None

        def crds() -> CrdIndex:  # loaded while checkov works (check_tree calls it once the files are parsed)
            return load_crds(args.crds, cache=crd_cache)

        reports = [check_tree(p, kubernetes_version=args.kubernetes_version, crds=crds, policy=not args.no_policy,
                              cache=cache)
                   for p in args.paths]
        if crd_cache is not None:
            crd_cache.entries.save()
    except (FileNotFoundError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    report = reports[0]
    for extra in reports[1:]:
        report.extend(extra)
        report.files += extra.files
        report.documents += extra.documents
    for finding in report:
        print(finding)
    policy = "" if args.no_policy else ", checkov"
    print(f"{report.summary()} (Kubernetes {args.kubernetes_version}, {len(crds())} CRDs{policy}; "
          f"{time.monotonic() - started:.1f}s)")
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
