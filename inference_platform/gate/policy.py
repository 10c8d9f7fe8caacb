"""Policy: checkov (framework kubernetes) over the tree, with zero failures allowed.

checkov runs from its own pinned virtualenv (``.tools/checkov``, from
``tools/checkov.requirements.txt``) as a subprocess with JSON output. The checks it skips are
listed, each with its reason, in one file: ``tools/checkov-skips.yaml``. A skip either applies
everywhere (passed to ``--skip-check``) or only to the files matching its ``files`` globs
(paths below the checked folder, e.g. ``*/layers/30-istio-gateway/*``), so a check that cannot
apply to Istio's own charts still guards the platform's services.

checkov's graph step compares every resource with every other, so one run over a whole
fleet grows with the square of its size (96 % of the gate at 1000 services). The tree is
therefore scanned in batches of files (up to :data:`BATCH_OBJECTS` objects, at least one batch
per core), several checkov processes at a time (one per core):
per-resource checks see one resource at a time, so batching changes nothing for them, and
every file holding a kind that a graph check connects (:data:`GRAPH_CHECKS`) goes into one
batch together, so those checks see the same connections as a whole-tree scan. The findings
of all batches are merged and sorted: the result equals a single run's.
"""
from __future__ import annotations

import fnmatch
import json
import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from inference_platform.gate.model import PRESERVED, Finding

_REPO = Path(__file__).resolve().parents[2]
CHECKOV = _REPO / ".tools" / "checkov" / "bin" / "checkov"
SKIPS_FILE = _REPO / "tools" / "checkov-skips.yaml"
RULE_PREFIX = "checkov"
#: checkov's Kubernetes graph checks (checkov/kubernetes/checks/graph_checks in the pinned
#: release) and the kinds each one connects; a test fails when an upgrade brings another.
_PODS = ("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob")
_RBAC = ("ClusterRoleBinding", "RoleBinding", "ClusterRole", "Role")
GRAPH_CHECKS: dict[str, tuple[str, ...]] = {
    "CKV2_K8S_1": _RBAC, "CKV2_K8S_2": _RBAC, "CKV2_K8S_3": _RBAC, "CKV2_K8S_4": _RBAC, "CKV2_K8S_5": _RBAC,
    "CKV2_K8S_6": _PODS + ("NetworkPolicy",),
}
#: Objects per checkov batch: large enough that checkov's start (~5 s CPU) stays a small share,
#: small enough that its quadratic graph step does too (it shows from ~5 000 objects).
BATCH_OBJECTS = 2000
MIN_BATCH_OBJECTS = 300
_KIND = re.compile(r"^kind:[ \t]*['\"]?([A-Za-z0-9]+)", re.MULTILINE)
_MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")  # what checkov's kubernetes runner reads


@dataclass(frozen=True)
class Skip:
    """A skipped checkov check: everywhere, or only in files matching ``files``."""

    check: str
    reason: str
    files: tuple[str, ...] = ()

    def covers(self, check: str, relpath: str) -> bool:
        return check == self.check and any(fnmatch.fnmatchcase(relpath, pattern) for pattern in self.files)


def load_skips(path: Path = SKIPS_FILE) -> list[Skip]:
    """The skip list; every entry needs a check id and a reason."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    skips, problems = [], []
    for i, entry in enumerate(data.get("skips") or []):
        entry = entry or {}
        unknown = set(entry) - {"check", "reason", "files"}
        if not entry.get("check") or not str(entry.get("reason") or "").strip() or unknown:
            problems.append(f"{path}: skips[{i}] needs 'check' and 'reason' (and optional 'files'); got {entry!r}")
            continue
        skips.append(Skip(entry["check"], entry["reason"].strip(), tuple(entry.get("files") or ())))
    if problems:
        raise ValueError("\n".join(problems))
    return skips


def _resource(name: str) -> str:
    """``Deployment.ns.name`` (checkov's resource id) → ``Deployment ns/name``."""
    kind, _, rest = name.partition(".")
    return f"{kind} {rest.replace('.', '/', 1)}" if rest else kind


def _path(keys: list[str], check_id: str) -> str:
    """The first evaluated key as a field path; graph checks list theirs from a set, so sort them."""
    out = ""
    for key in (sorted(keys) if check_id.startswith("CKV2_") else keys)[:1]:
        for part in key.split("/"):
            out += part if part.startswith("[") else (f".{part}" if out else part)
    return out


def _manifests(folder: Path) -> list[str]:
    """Files checkov would read below ``folder`` (paths relative to it), Flux's bootstrap folder excluded."""
    out = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if (path.suffix in _MANIFEST_SUFFIXES and path.is_file()
                and not any(f"/{keep}/" in f"/{rel}" for keep in PRESERVED)):
            out.append(rel)
    return out


def batches(folder: Path, files: list[str], graph_kinds: set[str], size: int = BATCH_OBJECTS) -> list[list[str]]:
    """Files grouped for separate checkov runs: all files with a graph-connected kind in one batch."""
    connected, batch, counted, out = [], [], 0, []
    for rel in files:
        kinds = _KIND.findall((folder / rel).read_text(encoding="utf-8", errors="replace"))
        if graph_kinds.intersection(kinds):
            connected.append(rel)
            continue
        batch.append(rel)
        counted += max(len(kinds), 1)
        if counted >= size:
            out.append(batch)
            batch, counted = [], 0
    if batch:
        out.append(batch)
    if connected:
        out.insert(0, connected)
    return out


def batch_size(folder: Path, files: list[str], jobs: int) -> int:
    """Objects per batch: :data:`BATCH_OBJECTS`, or fewer so that every core gets a batch (not below
    :data:`MIN_BATCH_OBJECTS`, where checkov's start would cost more than the core saves)."""
    total = sum(len(_KIND.findall((folder / rel).read_text(encoding="utf-8", errors="replace"))) for rel in files)
    return max(MIN_BATCH_OBJECTS, min(BATCH_OBJECTS, -(-total // max(jobs, 1))))


def _scan(folder: Path, files: list[str], everywhere: list[str], checkov: Path) -> tuple[Any, str]:
    """One checkov run over ``files``; its JSON report, or None and an explanation."""
    cmd = [str(checkov), "--framework", "kubernetes", "-o", "json", "--quiet", "--compact",
           "--skip-download", "--skip-results-upload"]
    for rel in files:
        cmd += ["-f", rel]
    if everywhere:
        cmd += ["--skip-check", ",".join(everywhere)]
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"}
    proc = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, env=env, check=False)
    try:
        return json.loads(proc.stdout), ""
    except json.JSONDecodeError:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        return None, f"checkov did not produce a report (exit {proc.returncode}): " + " | ".join(tail)


def run_checkov(root: str | Path, *, skips: list[Skip] | None = None, checkov: Path = CHECKOV,
                jobs: int | None = None, batch_objects: int | None = None) -> list[Finding]:
    """Every checkov failure below ``root`` that no skip covers, as findings.

    ``jobs`` checkov processes run at a time (default: one per CPU); ``batch_objects`` sizes
    the batches (default: :func:`batch_size`). The findings do not depend on either.
    """
    root = Path(root)
    skips = load_skips() if skips is None else skips
    everywhere = sorted({s.check for s in skips if not s.files})
    scoped = [s for s in skips if s.files]
    folder = root if root.is_dir() else root.parent
    files = _manifests(folder) if root.is_dir() else [root.name]
    graph_kinds = {kind for check, kinds in GRAPH_CHECKS.items() if check not in everywhere for kind in kinds}
    jobs = jobs or os.cpu_count() or 1
    groups = batches(folder, files, graph_kinds, batch_objects or batch_size(folder, files, jobs))
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(groups)))) as pool:
        reports = list(pool.map(lambda group: _scan(folder, group, everywhere, checkov), groups))
    findings = []
    for data, problem in reports:
        if data is None:
            findings.append(Finding(folder.as_posix(), "", "", RULE_PREFIX, problem))
            continue
        for report in data if isinstance(data, list) else [data]:
            for failed in (report.get("results") or {}).get("failed_checks") or []:
                rel = failed["file_path"].lstrip("/")
                if any(s.covers(failed["check_id"], rel) for s in scoped):
                    continue
                findings.append(Finding(f"{folder.as_posix()}/{rel}", _resource(failed.get("resource", "")),
                                        _path((failed.get("check_result") or {}).get("evaluated_keys") or [], failed["check_id"]),
                                        f"{RULE_PREFIX}:{failed['check_id']}", failed.get("check_name", "")))
    return sorted(set(findings))
