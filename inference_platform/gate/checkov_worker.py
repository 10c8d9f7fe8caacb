"""One checkov scan process of the gate's policy step; runs with checkov's own interpreter.

``.tools/checkov/bin/python -I checkov_worker.py`` (cwd: the checked folder) reads pickled
messages from stdin: first the request ``{"skip_checks": [...], "graph_files": [...], "files":
[...]}``, then any number of ``(path, documents)`` (a file's documents as checkov's parser reads
them, line marks included, parsed by the gate), then ``None``. It writes the failed checks to
stdout as checkov's JSON report does (``[{"results": {"failed_checks": [...]}}]``, each with
``check_id``, ``check_name``, ``file_path``, ``resource`` and ``check_result.evaluated_keys``).
It imports nothing of this project: it is started by :mod:`inference_platform.gate.policy`,
which owns the batching, the parsing and the skips.

It runs checkov's own Kubernetes runner (the runner ``checkov --framework kubernetes -f ...``
uses, same checks and same filter) with three differences that change no result and remove
what made a fleet-sized scan slow:

* **one import per process** instead of one per batch (checkov takes seconds to start);
* **the graph only where a graph check looks**: ``graph_files`` (every file holding a kind
  that an enabled graph check connects) are scanned together with checkov's graph, as a whole
  run would; every other file alone and without it. The graph's edge builders compare every
  resource with every other, and only the graph checks (``CKV2_K8S_*``) read it; the resource
  checks see one parsed object at a time, so a file's results do not depend on its company;
* **no YAML parse of its own** for the files it is given documents for: checkov's loader
  (``k8_yaml.load``: the file read, its Helm-template and apiVersion/kind tests, the file's
  lines) runs as always, and only its YAML step returns the given documents, which the gate
  parsed anyway (``inference_platform.gate.model.load_marked``, compared with checkov's own
  parser in ``tests/gate/test_policy.py``). A file it is given nothing for, checkov parses.
  Files it is given are scanned as they arrive, while the gate parses the next ones.
"""
from __future__ import annotations

import json
import logging
import os
import pickle
import sys
from typing import Any

# Read when checkov's modules load: parse in this process (no fork per batch), no
# Bridgecrew id mapping and no package scan, as the gate has always run checkov.
os.environ["CHECKOV_PARALLELIZATION_TYPE"] = "none"
os.environ["BC_SKIP_MAPPING"] = "TRUE"
os.environ["CHECKOV_RUN_SCA_PACKAGE_SCAN_V2"] = "false"

from checkov.kubernetes.parser import k8_yaml  # noqa: E402
from checkov.kubernetes.runner import Runner  # noqa: E402
from checkov.runner_filter import RunnerFilter  # noqa: E402

try:  # checkov keeps every debug message in memory for an upload the gate never makes
    from checkov.logging_init import stream_handler as _upload_log
    logging.getLogger().removeHandler(_upload_log)
except ImportError:  # pragma: no cover - older layouts have no such handler
    pass
logging.getLogger().setLevel(logging.WARNING)

#: path (as checkov is given it) → documents the gate parsed
GIVEN: dict[str, list[Any]] = {}
_checkov_load, _checkov_loads = k8_yaml.load, k8_yaml.loads
_current: list[Any] | None = None


def _load(filename):  # type: ignore[no-untyped-def]
    """checkov's ``k8_yaml.load``, whose YAML step (``loads``) returns the given documents."""
    global _current
    _current = GIVEN.get(os.fspath(filename))
    try:
        return _checkov_load(filename)
    finally:
        _current = None


def _loads(content: str) -> list[Any]:
    return _current if _current is not None else _checkov_loads(content)


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
    k8_yaml.load, k8_yaml.loads = _load, _loads
    stdin = sys.stdin.buffer  # one pickle per message: each with a memo of its own
    request = pickle.load(stdin)
    skip_checks = list(request.get("skip_checks") or [])
    graph_files = list(request.get("graph_files") or [])
    waiting = set(request.get("files") or [])
    failed: list[dict] = []
    while (message := pickle.load(stdin)) is not None:
        rel, documents = message
        GIVEN[rel] = documents
        if rel in waiting:  # scanned alone: now, while the gate parses the next file
            waiting.discard(rel)
            failed += scan([rel], skip_checks, graph=False)
            del GIVEN[rel]
    failed += scan(graph_files, skip_checks, graph=True)
    for rel in sorted(waiting):  # given no documents: checkov parses them
        failed += scan([rel], skip_checks, graph=False)
    json.dump([{"check_type": "kubernetes", "results": {"failed_checks": failed}}], sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
