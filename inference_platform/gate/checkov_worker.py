"""One checkov scan process of the gate's policy step; runs with checkov's own interpreter.

``.tools/checkov/bin/python -I checkov_worker.py`` (cwd: the checked folder) reads a request
from stdin, ``{"skip_checks": [...], "graph_files": [...], "files": [...]}``, and writes the
failed checks to stdout as checkov's JSON report does (``[{"results": {"failed_checks":
[...]}}]``, each with ``check_id``, ``check_name``, ``file_path``, ``resource`` and
``check_result.evaluated_keys``). It imports nothing of this project: it is started by
:mod:`inference_platform.gate.policy`, which owns the batching and the skips.

It runs checkov's own Kubernetes runner (the runner ``checkov --framework kubernetes -f ...``
uses, same checks and same filter) with three differences that change no result and remove
what made a fleet-sized scan slow:

* **one import per process** instead of one per batch (checkov takes seconds to start);
* **the graph only where a graph check looks**: ``graph_files`` (every file holding a kind
  that an enabled graph check connects) are scanned together with checkov's graph, as a whole
  run would; every other file alone and without it. The graph's edge builders compare every
  resource with every other, and only the graph checks (``CKV2_K8S_*``) read it; the resource
  checks see one parsed object at a time, so a file's results do not depend on its company;
* **libyaml's parser** under checkov's own line-numbering constructor: the same documents,
  values and ``__startline__``/``__endline__`` as checkov's pure-Python parse at a seventh of
  its cost (``tests/test_gate_policy.py`` compares the two on the committed tree).
"""
from __future__ import annotations

import json
import logging
import os
import sys

# Read when checkov's modules load: parse in this process (no fork per batch), no
# Bridgecrew id mapping and no package scan, as the gate has always run checkov.
os.environ["CHECKOV_PARALLELIZATION_TYPE"] = "none"
os.environ["BC_SKIP_MAPPING"] = "TRUE"
os.environ["CHECKOV_RUN_SCA_PACKAGE_SCAN_V2"] = "false"

import yaml  # noqa: E402
from checkov.kubernetes.parser import k8_yaml  # noqa: E402
from checkov.kubernetes.runner import Runner  # noqa: E402
from checkov.runner_filter import RunnerFilter  # noqa: E402

try:  # checkov keeps every debug message in memory for an upload the gate never makes
    from checkov.logging_init import stream_handler as _upload_log
    logging.getLogger().removeHandler(_upload_log)
except ImportError:  # pragma: no cover - older layouts have no such handler
    pass
logging.getLogger().setLevel(logging.WARNING)


class CLineLoader(yaml.CSafeLoader):
    """checkov's ``SafeLineLoader`` (k8_yaml) on libyaml's parser: the same constructor and marks."""

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__startline__"] = node.start_mark.line + 1  # as k8_yaml.SafeLineLoader numbers them
        mapping["__endline__"] = node.end_mark.line + 1
        return mapping


def scan(files: list[str], skip_checks: list[str], *, graph: bool) -> list[dict]:
    """checkov's Kubernetes runner over ``files`` (paths relative to the cwd); its failed checks."""
    if not files:
        return []
    runner = Runner()
    if not graph:
        runner.graph_manager = None  # the runner then skips building the graph and the graph checks
    runner_filter = RunnerFilter(framework=["kubernetes"], skip_checks=skip_checks, show_progress_bar=False)
    reports = runner.run(None, files=files, runner_filter=runner_filter)
    out = []
    for report in reports if isinstance(reports, list) else [reports]:
        for record in report.failed_checks:
            out.append({"check_id": record.check_id, "check_name": record.check_name, "file_path": record.file_path,
                        "resource": record.resource,
                        "check_result": {"evaluated_keys": list((record.check_result or {}).get("evaluated_keys") or [])}})
    return out


def main() -> int:
    request = json.load(sys.stdin)
    k8_yaml.SafeLineLoader = CLineLoader
    skip_checks = list(request.get("skip_checks") or [])
    failed = scan(list(request.get("graph_files") or []), skip_checks, graph=True)
    for rel in request.get("files") or []:
        failed += scan([rel], skip_checks, graph=False)
    json.dump([{"check_type": "kubernetes", "results": {"failed_checks": failed}}], sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
