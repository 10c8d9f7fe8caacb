"""Policy: checkov (framework kubernetes) over the tree, with zero failures allowed.

checkov runs from its own pinned virtualenv (``.tools/checkov``, from
``tools/checkov.requirements.txt``) as a subprocess with JSON output. The checks it skips are
listed, each with its reason, in one file: ``tools/checkov-skips.yaml``. A skip either applies
everywhere (passed to ``--skip-check``) or only to the files matching its ``files`` globs
(paths below the checked folder, e.g. ``*/layers/30-istio-gateway/*``), so a check that cannot
apply to Istio's own charts still guards the platform's services.
"""
from __future__ import annotations

import fnmatch
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from inference_platform.gate.model import PRESERVED, Finding

_REPO = Path(__file__).resolve().parents[2]
CHECKOV = _REPO / ".tools" / "checkov" / "bin" / "checkov"
SKIPS_FILE = _REPO / "tools" / "checkov-skips.yaml"
RULE_PREFIX = "checkov"


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


def _path(keys: list[str]) -> str:
    out = ""
    for key in keys[:1]:
        for part in key.split("/"):
            out += part if part.startswith("[") else (f".{part}" if out else part)
    return out


def run_checkov(root: str | Path, *, skips: list[Skip] | None = None, checkov: Path = CHECKOV) -> list[Finding]:
    """Every checkov failure below ``root`` that no skip covers, as findings."""
    root = Path(root)
    skips = load_skips() if skips is None else skips
    everywhere = sorted({s.check for s in skips if not s.files})
    scoped = [s for s in skips if s.files]
    folder = root if root.is_dir() else root.parent
    cmd = [str(checkov), "-d", ".", "--framework", "kubernetes", "-o", "json", "--quiet", "--compact",
           "--skip-download", "--skip-results-upload"]
    if everywhere:
        cmd += ["--skip-check", ",".join(everywhere)]
    for keep in PRESERVED:  # Flux's bootstrap manifests are not ours
        cmd += ["--skip-path", keep]
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"}
    proc = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, env=env, check=False)
    try:
        data: Any = json.loads(proc.stdout)
    except json.JSONDecodeError:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        return [Finding(folder.as_posix(), "", "", RULE_PREFIX, f"checkov did not produce a report (exit {proc.returncode}): "
                                                     + " | ".join(tail))]
    findings = []
    for report in data if isinstance(data, list) else [data]:
        for failed in (report.get("results") or {}).get("failed_checks") or []:
            rel = failed["file_path"].lstrip("/")
            if root.is_file() and rel != root.name:
                continue
            if any(s.covers(failed["check_id"], rel) for s in scoped):
                continue
            findings.append(Finding(f"{folder.as_posix()}/{rel}", _resource(failed.get("resource", "")),
                                    _path((failed.get("check_result") or {}).get("evaluated_keys") or []),
                                    f"{RULE_PREFIX}:{failed['check_id']}", failed.get("check_name", "")))
    return sorted(set(findings))
