"""The validation gate over dist/: schemas, cross-object rules and the policy scanner.

``python -m inference_platform.gate dist`` (``make validate``) checks every manifest:

* **schema** – core kinds strictly against the target Kubernetes version, custom resources
  against the served version of their pinned CRD; unknown fields and unknown kinds fail
  (:mod:`inference_platform.gate.schemas`);
* **cross-object rules** per environment (``dist/<env>/``), each with a stable id
  (:data:`inference_platform.gate.rules.RULES`);
* **kustomization** files are valid and list exactly their folder's manifests;
* **policy** – checkov (framework kubernetes) with zero failures; skipped checks and their
  reasons live in ``tools/checkov-skips.yaml`` (:mod:`inference_platform.gate.policy`).

Python API: :func:`check_tree` (a folder), :func:`check_files` (relative path → text, e.g.
``inference_platform.synth.render.render``), :func:`check_documents` (one environment's objects).
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any, Callable, Iterable

from inference_platform.gate.cache import DocumentCache
from inference_platform.gate.kustomizations import check_kustomization
from inference_platform.gate.model import Document, Environment, Finding, environments_of, read_files
from inference_platform.gate.policy import PolicyScan
from inference_platform.gate.rules import RULES, check_rules
from inference_platform.gate.schemas import (DEFAULT_VERSION, SUPPORTED_VERSIONS, CrdIndex, check_schema,
                                             load_crds)

__all__ = ["Finding", "Document", "Report", "RULES", "DEFAULT_VERSION", "SUPPORTED_VERSIONS",
           "check_tree", "check_files", "check_documents", "check_schema", "check_rules", "load_crds"]


class Report(list):
    """The findings of a run (a list of :class:`Finding`) with what was looked at."""

    files: int = 0
    documents: int = 0

    def summary(self) -> str:
        status = "passed" if not self else "failed"
        return (f"validation gate {status}: {self.files} files, {self.documents} documents, "
                f"{len(self)} error{'s' if len(self) != 1 else ''}")


def check_documents(docs: Iterable[Document | dict[str, Any]], *, kubernetes_version: str = DEFAULT_VERSION,
                    crds: CrdIndex | None = None, schema: bool = True, rules: bool = True) -> list[Finding]:
    """Schema and cross-object findings for one environment's objects (documents or plain dicts)."""
    docs = [d if isinstance(d, Document) else Document("<memory>", i, d) for i, d in enumerate(docs)]
    findings: list[Finding] = []
    if schema:
        index = (crds if crds is not None else load_crds()).with_documents(docs)
        for doc in docs:
            findings.extend(check_schema(doc, kubernetes_version=kubernetes_version, crds=index))
    if rules:
        findings.extend(check_rules(docs))
    return findings


def _check_environments(envs: list[Environment], **kw: Any) -> Report:
    report = Report()
    for env in envs:
        report.files += len(env.files)
        report.documents += len(env.documents)
        report.extend(env.findings)
        for file, doc in env.kustomizations.items():
            report.extend(check_kustomization(file, doc, env.files))
        report.extend(check_documents(env.documents, **kw))
    report.sort(key=lambda f: (f.file, f.object, f.path, f.rule))
    return report


def check_files(files: dict[str, str], *, display_root: str = "", kubernetes_version: str = DEFAULT_VERSION,
                crds: CrdIndex | None = None, schema: bool = True, rules: bool = True) -> Report:
    """Findings for rendered files (path below dist/ → text), one environment per top folder."""
    return _check_environments(environments_of(files, display_root), kubernetes_version=kubernetes_version,
                               crds=crds, schema=schema, rules=rules)


def check_tree(path: str | Path, *, kubernetes_version: str = DEFAULT_VERSION,
               crds: CrdIndex | Callable[[], CrdIndex] | None = None, schema: bool = True, rules: bool = True,
               policy: bool = False, cache: Path | None = None) -> Report:
    """Findings for a dist/ folder (``<env>/...`` below it, or one environment's folder).

    ``policy=True`` also runs checkov, as the CLI does by default. Its workers start first and
    import checkov while this process parses; each file, parsed once, goes to checkov as soon as
    it is read, and this process checks schemas and rules while checkov finishes. Since this
    process keeps one core busy, checkov gets the others (at least one). ``crds`` may be a
    function returning the index: it is called once the files are parsed, so that parsing the
    CRD files overlaps checkov's work instead of delaying its start. With a ``cache`` folder
    (:mod:`~inference_platform.gate.cache`), a file whose bytes did not change is neither parsed
    nor scanned by checkov again.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{str(path)!r} does not exist; run `make synth` first")
    display_root = (path.parent if path.is_file() else path).as_posix()
    documents = DocumentCache(cache / "documents") if cache is not None else None
    with contextlib.ExitStack() as stack:
        scan = stack.enter_context(PolicyScan(path, cache=cache / "checkov" if cache is not None else None,
                                              jobs=max(1, (os.cpu_count() or 1) - 1))) if policy else None
        envs = environments_of(read_files(path), display_root, marked=scan, cache=documents)
        report = _check_environments(envs, kubernetes_version=kubernetes_version,
                                     crds=crds() if callable(crds) else crds, schema=schema, rules=rules)
        if scan is not None:
            report.extend(scan.result())
    if documents is not None:
        documents.entries.save()
    return report
