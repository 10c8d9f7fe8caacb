"""Policy: checkov (framework kubernetes) over the tree, with zero failures allowed.

checkov comes from its own pinned virtualenv (``.tools/checkov``, from
``tools/checkov.requirements.txt``). The checks it skips are listed, each with its reason, in
one file: ``tools/checkov-skips.yaml``. A skip either applies everywhere (checkov's skip list)
or only to the files matching its ``files`` globs (paths below the checked folder, e.g.
``*/layers/30-istio-gateway/*``), so a check that cannot apply to Istio's own charts still
guards the platform's services.

The scan grows linearly with the tree. A whole-tree ``checkov -f ...`` run does not: its graph
step compares every resource with every other (96 % of the gate at 1000 services), although
only checkov's graph checks (:data:`GRAPH_CHECKS`, RBAC and NetworkPolicy connections) read the
graph. So :mod:`inference_platform.gate.checkov_worker` runs checkov's own Kubernetes runner,
imported once per process, over the files holding a kind an enabled graph check connects
together and with the graph (what a whole-tree run gives those checks), and over every other
file on its own without it (the resource checks see one object at a time, so nothing else can
change their results). Up to one worker per core shares the files, balanced by size; the
findings of all workers are merged and sorted, and equal one whole-tree CLI run's
(``tests/gate/test_policy.py`` compares them on planted faults).

Every file is parsed once: the gate's own parse (:func:`~inference_platform.gate.model.parse_file`)
reads each manifest with checkov's line marks and hands the documents to the worker that scans
it (:class:`PolicyScan`), which checks them while the gate parses the next file; checkov's YAML
step had been half of its time.

Over 300 lines on purpose: the skip list, the split of files between graph and resource runs and
the worker pool are one mechanism whose result must equal one whole-tree run.
"""
from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from inference_platform.fast.workers import Worker
from inference_platform.gate.cache import Entries
from inference_platform.gate.model import MARKS, Finding, load_marked
from inference_platform.layout import PRESERVED

_REPO = Path(__file__).resolve().parents[2]
CHECKOV = _REPO / ".tools" / "checkov" / "bin" / "checkov"
WORKER = Path(__file__).with_name("checkov_worker.py")
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
#: Bytes of manifests per worker process before a second one pays for its start (checkov's
#: import costs ~4 s CPU; the scan ~1.5 ms per object, ~2.5 kB of YAML): ~3000 objects.
WORKER_BYTES = 8_000_000
#: a top-level ``kind:`` line (matched in "\n" + text: a literal start lets re search fast, ~7x ^ with MULTILINE)
_KIND = re.compile(r"\nkind:[ \t]*['\"]?([A-Za-z0-9]+)")
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


def _kinds(path: Path) -> list[str]:
    return _kinds_in(path.read_text(encoding="utf-8", errors="replace"))


def _kinds_in(text: str) -> list[str]:
    """The top-level kinds a manifest names."""
    return _KIND.findall("\n" + text)


def plan(folder: Path, files: list[str], graph_kinds: set[str], jobs: int,
         worker_bytes: int = WORKER_BYTES) -> list[tuple[list[str], list[str]]]:
    """Work per checkov process, as ``(graph_files, files)``: every file holding a graph-connected
    kind in the first process's ``graph_files``, scanned together; the others shared out by size
    (largest first, each to the least loaded process), each scanned alone. At most ``jobs``
    processes, and one per ``worker_bytes`` of manifests."""
    sizes = {rel: (folder / rel).stat().st_size for rel in files}
    count = max(1, min(jobs, -(-sum(sizes.values()) // max(worker_bytes, 1))))
    connected = [rel for rel in files if graph_kinds.intersection(_kinds(folder / rel))]
    loads, shares = [sum(sizes[rel] for rel in connected)] + [0] * (count - 1), [[] for _ in range(count)]
    for rel in sorted(set(files) - set(connected), key=lambda r: (-sizes[r], r)):
        i = loads.index(min(loads))
        loads[i] += sizes[rel]
        shares[i].append(rel)
    work = [(connected if i == 0 else [], sorted(share)) for i, share in enumerate(shares)]
    return [(graph, rest) for graph, rest in work if graph or rest]


class _Worker:
    """One checkov process (:mod:`~inference_platform.gate.checkov_worker`), a
    :class:`~inference_platform.fast.workers.Worker` sent its request, then each file's documents."""

    def __init__(self, folder: Path, graph_files: list[str], files: list[str], everywhere: list[str],
                 python: Path) -> None:
        self.graph_files, self.files = graph_files, files
        self._worker = Worker([str(python), "-I", str(WORKER)], cwd=folder)
        self._worker.send({"skip_checks": everywhere, "graph_files": graph_files, "files": files})

    def send(self, rel: str, documents: list[Any]) -> None:
        self._worker.send((rel, documents))

    def result(self) -> tuple[Any, str]:
        """checkov's JSON report, or None and an explanation, once every file was sent."""
        done = self._worker.result()
        try:
            return json.loads(done.stdout), ""
        except json.JSONDecodeError:
            return None, f"checkov did not produce a report (exit {done.status}): " + done.stderr_tail()

    def stop(self) -> None:
        self._worker.stop()


def _scan(folder: Path, graph_files: list[str], files: list[str], everywhere: list[str], python: Path) -> _Worker:
    """Start one worker over its files (fed their documents with :meth:`_Worker.send`)."""
    return _Worker(folder, graph_files, files, everywhere, python)


class ResultCache:
    """checkov's failed checks per file, reused while nothing that determines them changed.

    A file scanned on its own (any file without a graph-connected kind) has results that depend
    only on its path and bytes, the checks skipped everywhere, the pinned checkov
    (``tools/checkov.requirements.txt``) and the worker; the entry (:class:`~inference_platform.gate.cache.Entries`)
    is keyed by the SHA-256 of all of them.
    """

    FORMAT = "checkov-results-2"

    def __init__(self, folder: Path, everywhere: list[str]) -> None:
        self.entries = Entries(folder)
        pins = _REPO / "tools" / "checkov.requirements.txt"
        self._version = hashlib.sha256(b"\0".join(
            [self.FORMAT.encode(), pins.read_bytes() if pins.is_file() else b"", WORKER.read_bytes(),
             ",".join(everywhere).encode()])).hexdigest()

    def key(self, rel: str, data: bytes) -> str:
        return hashlib.sha256(f"{self._version}\0{rel}\0".encode() + hashlib.sha256(data).digest()).hexdigest()

    def get(self, key: str) -> list[dict] | None:
        payload = self.entries.read(key)
        try:
            failed = json.loads(payload) if payload is not None else None
        except ValueError:
            return None
        return failed if isinstance(failed, list) and all(isinstance(f, dict) for f in failed) else None

    def put(self, key: str, failed: list[dict]) -> None:
        self.entries.write(key, json.dumps(failed, sort_keys=True).encode())


class PolicyScan:
    """checkov over a folder, fed each manifest's documents as they are parsed.

    Creating it starts the workers (:func:`plan`: up to ``jobs`` processes, one per
    ``worker_bytes`` of manifests; the findings depend on neither), which import checkov
    meanwhile. :meth:`feed` hands a file's documents, parsed with checkov's line marks
    (:func:`~inference_platform.gate.model.load_marked`), to the worker that scans it; a file
    never fed is parsed by checkov itself. :meth:`result` waits for every worker. With a
    ``cache`` folder, files scanned on their own are scanned only when no valid
    :class:`ResultCache` entry holds their results. Use it as a context manager: leaving it
    early stops the workers.
    """

    def __init__(self, root: str | Path, *, skips: list[Skip] | None = None, checkov: Path = CHECKOV,
                 jobs: int | None = None, worker_bytes: int = WORKER_BYTES, cache: Path | None = None) -> None:
        root = Path(root)
        skips = load_skips() if skips is None else skips
        everywhere = sorted({s.check for s in skips if not s.files})
        self._scoped = [s for s in skips if s.files]
        self.folder = folder = root if root.is_dir() else root.parent
        files = _manifests(folder) if root.is_dir() else [root.name]
        graph_kinds = {kind for check, kinds in GRAPH_CHECKS.items() if check not in everywhere for kind in kinds}
        self._results = ResultCache(cache, everywhere) if cache is not None else None
        self._keys: dict[str, str] = {}
        self._cached: list[dict] = []
        if self._results is not None:
            hits = set()
            for rel in files:
                data = (folder / rel).read_bytes()
                if graph_kinds.intersection(_kinds_in(data.decode("utf-8", errors="replace"))):
                    continue  # scanned with the graph, together with the others of its kind: never cached
                self._keys[rel] = self._results.key(rel, data)
                hit = self._results.get(self._keys[rel])
                if hit is not None:
                    self._cached += hit
                    hits.add(rel)
            files = [rel for rel in files if rel not in hits]
        python = checkov.with_name("python")
        self._workers = [_scan(folder, graph, alone, everywhere, python)
                         for graph, alone in plan(folder, files, graph_kinds, jobs or os.cpu_count() or 1, worker_bytes)]
        self._owner = {rel: w for w in self._workers for rel in w.graph_files + w.files}

    def wants(self, rel: str) -> bool:
        """Whether a worker scans ``rel`` (not a cache hit, not outside the scan)."""
        return rel in self._owner

    def feed(self, rel: str, documents: list[Any]) -> None:
        """Hand over the documents of ``rel`` (relative to the folder), serialised before this returns."""
        worker = self._owner.pop(rel, None)
        if worker is not None:
            worker.send(rel, documents)

    def result(self) -> list[Finding]:
        """Every checkov failure that no skip covers, as sorted findings."""
        workers, self._workers = self._workers, []
        reports = [w.result() for w in workers]
        if self._results is not None:
            for alone, (data, _) in zip([w.files for w in workers], reports):
                if data is None:
                    continue
                per_file: dict[str, list[dict]] = {rel: [] for rel in alone}
                for report in data:
                    for failed in (report.get("results") or {}).get("failed_checks") or []:
                        per_file.setdefault(failed["file_path"].lstrip("/"), []).append(failed)
                for rel in alone:
                    self._results.put(self._keys[rel], per_file[rel])
            self._results.entries.save()
        return findings_of(self.folder, reports + [([{"results": {"failed_checks": self._cached}}], "")], self._scoped)

    def __enter__(self) -> "PolicyScan":
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self._workers:
            worker.stop()


def run_checkov(root: str | Path, *, skips: list[Skip] | None = None, checkov: Path = CHECKOV,
                jobs: int | None = None, worker_bytes: int = WORKER_BYTES, cache: Path | None = None) -> list[Finding]:
    """Every checkov failure below ``root`` that no skip covers, as findings (a :class:`PolicyScan`
    fed from this process's own parse of each file)."""
    with PolicyScan(root, skips=skips, checkov=checkov, jobs=jobs, worker_bytes=worker_bytes, cache=cache) as scan:
        for rel in _manifests(scan.folder) if Path(root).is_dir() else [Path(root).name]:
            if scan.wants(rel) and rel.endswith((".yaml", ".yml")):
                text = (scan.folder / rel).read_text(encoding="utf-8", errors="replace")
                if any(mark in text for mark in MARKS):
                    continue  # a file naming a mark itself: checkov's own parse
                try:
                    documents = load_marked(text)
                except yaml.YAMLError:
                    continue  # checkov's own parse decides what to make of it
                scan.feed(rel, documents)
        return scan.result()


def findings_of(folder: Path, reports: list[tuple[Any, str]], scoped: list[Skip]) -> list[Finding]:
    """checkov JSON reports (``(report, "")``, or ``(None, why)`` for a run without one) as sorted
    findings, minus what a scoped skip covers."""
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
